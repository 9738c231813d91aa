#pragma once
// Grouped exact sums of decimal columns by one or more key columns, in a partition-friendly form.
//
//   table totals = group_sum(lines, {"service"}, {"cost"});   // one pass
//
//   grouped_sum partial({"service"}, {"cost"});                // the same, chunk by chunk
//   partial.update(chunk_a, 0);  other.update(chunk_b, rows_in_a);
//   partial.combine(other);      table totals = partial.finalize();
//
// The split follows DuckDB's aggregate functions (update / combine / finalize), so the same code
// runs per file chunk, per thread or per Spark partition. Results are identical whatever the order
// of combining: sums are exact integers, and groups come out in order of their first row, where a
// chunk's rows are numbered from the `first_row` given to update() (a partial that updates chunks in
// sequence numbers them itself). The result has the key columns (their types, nulls forming a group
// of their own, as in SQL's GROUP BY) and one decimal column per summed column; nulls in a summed
// column are skipped, so a group of nulls sums to 0.
//
// Sums are kept in 192 bits, so a partial never overflows on the way; a final sum beyond 10^38 - 1
// in magnitude throws std::overflow_error in finalize(), naming the column and the group.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/table/table.hpp"

namespace costmodel::table {

// A signed integer of 192 bits: hi * 2^128 + lo, with lo unsigned. Enough for 2^63 additions of
// any 128-bit value without overflow.
struct wide_sum {
    unsigned __int128 lo = 0;
    std::int64_t hi = 0;

    void add(__int128 value) noexcept {
        const auto before = lo;
        lo += static_cast<unsigned __int128>(value);
        hi += (lo < before ? 1 : 0) + (value < 0 ? -1 : 0);
    }
    void add(const wide_sum& other) noexcept {
        const auto before = lo;
        lo += other.lo;
        hi += other.hi + (lo < before ? 1 : 0);
    }
    // The value, when it fits Decimal's range.
    [[nodiscard]] bool fits() const noexcept {
        if (hi == 0) return lo <= Decimal::max_units;
        if (hi == -1) return lo >= static_cast<unsigned __int128>(0) - Decimal::max_units;
        return false;
    }
    [[nodiscard]] __int128 value() const noexcept { return static_cast<__int128>(lo); }
};

class grouped_sum {
public:
    grouped_sum(std::vector<std::string> keys, std::vector<std::string> sums)
        : key_names_(std::move(keys)), sum_names_(std::move(sums)) {}

    [[nodiscard]] const std::vector<std::string>& keys() const noexcept { return key_names_; }
    [[nodiscard]] const std::vector<std::string>& sums() const noexcept { return sum_names_; }
    [[nodiscard]] std::size_t num_groups() const noexcept { return first_row_.size(); }

    // Adds the rows of `chunk`, numbered from `first_row` for the order of groups.
    void update(const table& chunk, std::int64_t first_row) {
        chunk.validate();
        std::vector<const column*> keys, values;
        for (const auto& name : key_names_) keys.push_back(&chunk[name]);
        for (const auto& name : sum_names_) {
            const column& c = chunk[name];
            if (c.type() != column_type::decimal)
                throw std::invalid_argument("grouped_sum: column '" + name + "' is " + std::string(to_string(c.type())) +
                                            ", not decimal");
            values.push_back(&c);
        }
        adopt_types(keys);
        // Strings are compared as codes: each chunk code is mapped to this partial's code once.
        std::vector<std::vector<std::int32_t>> code_maps(keys.size());
        for (std::size_t k = 0; k < keys.size(); ++k)
            if (keys[k]->type() == column_type::string) code_maps[k].assign(keys[k]->dictionary().size(), -1);

        std::vector<__int128> slots(keys.size());
        std::vector<std::uint8_t> nulls(keys.size());
        const std::size_t rows = chunk.num_rows();
        for (std::size_t row = 0; row < rows; ++row) {
            for (std::size_t k = 0; k < keys.size(); ++k) {
                const column& c = *keys[k];
                nulls[k] = c.is_null(row);
                if (nulls[k]) {
                    slots[k] = 0;
                } else if (c.type() == column_type::string) {
                    const auto code = static_cast<std::size_t>(c.value_buffer().as<std::int32_t>()[row]);
                    auto& mapped = code_maps[k][code];
                    if (mapped < 0) mapped = dictionaries_[k].intern(c.dictionary()[static_cast<std::int32_t>(code)]);
                    slots[k] = mapped;
                } else {
                    slots[k] = slot_of(c, row);
                }
            }
            const std::size_t group = find_or_add(slots, nulls, first_row + static_cast<std::int64_t>(row));
            wide_sum* sums = &sums_[group * sum_names_.size()];
            for (std::size_t v = 0; v < values.size(); ++v)
                if (values[v]->is_valid(row)) sums[v].add(values[v]->value_buffer().as<__int128>()[row]);
        }
        rows_seen_ = std::max(rows_seen_, first_row + static_cast<std::int64_t>(rows));
    }
    // Adds the rows of `chunk` after the rows this partial has seen.
    void update(const table& chunk) { update(chunk, rows_seen_); }

    // Merges another partial of the same keys and sums into this one.
    void combine(const grouped_sum& other) {
        if (other.key_names_ != key_names_ || other.sum_names_ != sum_names_)
            throw std::invalid_argument("grouped_sum: combining partials of different keys or sums");
        if (!other.typed_) return;
        if (!typed_) {
            key_types_ = other.key_types_;
            key_nullable_ = other.key_nullable_;
            dictionaries_.assign(key_names_.size(), dictionary{});
            typed_ = true;
        } else if (other.key_types_ != key_types_) {
            throw std::invalid_argument("grouped_sum: combining partials whose key columns differ in type");
        }
        for (std::size_t k = 0; k < key_names_.size(); ++k) key_nullable_[k] = key_nullable_[k] || other.key_nullable_[k];
        const std::size_t nk = key_names_.size(), ns = sum_names_.size();
        std::vector<__int128> slots(nk);
        std::vector<std::uint8_t> nulls(nk);
        for (std::size_t g = 0; g < other.num_groups(); ++g) {
            for (std::size_t k = 0; k < nk; ++k) {
                nulls[k] = other.key_nulls_[g * nk + k];
                slots[k] = other.key_slots_[g * nk + k];
                if (key_types_[k] == column_type::string && !nulls[k])
                    slots[k] = dictionaries_[k].intern(other.dictionaries_[k][static_cast<std::int32_t>(slots[k])]);
            }
            const std::size_t group = find_or_add(slots, nulls, other.first_row_[g]);
            for (std::size_t v = 0; v < ns; ++v) sums_[group * ns + v].add(other.sums_[g * ns + v]);
        }
        rows_seen_ = std::max(rows_seen_, other.rows_seen_);
    }

    // The keys and sums, groups in order of first row.
    [[nodiscard]] table finalize() const {
        const std::size_t nk = key_names_.size(), ns = sum_names_.size();
        std::vector<std::size_t> order(num_groups());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (first_row_[a] != first_row_[b]) return first_row_[a] < first_row_[b];
            return key_less(a, b);  // only partials given overlapping row numbers tie
        });
        table result;
        for (std::size_t k = 0; k < nk; ++k) {
            const column_type type = typed_ ? key_types_[k] : column_type::string;
            column& c = result.add_column(key_names_[k], type, typed_ && key_nullable_[k]);
            c.reserve(order.size());
            for (const std::size_t g : order) append_key(c, k, g);
        }
        for (std::size_t v = 0; v < ns; ++v) {
            auto& c = result.add_decimal(sum_names_[v]);
            c.reserve(order.size());
            for (const std::size_t g : order) {
                const wide_sum& s = sums_[g * ns + v];
                if (!s.fits())
                    throw std::overflow_error("grouped_sum: the sum of '" + sum_names_[v] + "' for group " + group_text(g) +
                                              " is outside the Decimal range (magnitude 10^38 - 1 units of 10^-10)");
                c.append_units(s.value());
            }
        }
        return result;
    }

private:
    std::vector<std::string> key_names_;
    std::vector<std::string> sum_names_;
    bool typed_ = false;
    std::vector<column_type> key_types_;
    std::vector<bool> key_nullable_;
    std::vector<dictionary> dictionaries_;   // per key; used by string keys
    std::vector<__int128> key_slots_;        // groups x keys: the value, or the code in dictionaries_
    std::vector<std::uint8_t> key_nulls_;    // groups x keys
    std::vector<wide_sum> sums_;             // groups x sums
    std::vector<std::int64_t> first_row_;    // groups
    std::vector<std::size_t> hashes_;        // groups
    std::vector<std::int32_t> index_;        // open addressing over groups, -1 = empty
    std::int64_t rows_seen_ = 0;

    void adopt_types(const std::vector<const column*>& keys) {
        if (!typed_) {
            for (const column* c : keys) {
                key_types_.push_back(c->type());
                key_nullable_.push_back(c->nullable());
            }
            dictionaries_.assign(keys.size(), dictionary{});
            typed_ = true;
            return;
        }
        for (std::size_t k = 0; k < keys.size(); ++k) {
            if (keys[k]->type() != key_types_[k])
                throw std::invalid_argument("grouped_sum: key column '" + key_names_[k] + "' is " +
                                            std::string(to_string(keys[k]->type())) + " in this chunk, " +
                                            std::string(to_string(key_types_[k])) + " before");
            key_nullable_[k] = key_nullable_[k] || keys[k]->nullable();
        }
    }

    static __int128 slot_of(const column& c, std::size_t row) noexcept {
        const auto& values = c.value_buffer();
        switch (c.type()) {
            case column_type::decimal: return values.as<__int128>()[row];
            case column_type::int64:
            case column_type::timestamp: return values.as<std::int64_t>()[row];
            case column_type::int32:
            case column_type::date:
            case column_type::string: return values.as<std::int32_t>()[row];
            case column_type::boolean: return c.boolean_bits()[row];
        }
        return 0;
    }

    static std::size_t mix(std::uint64_t x) noexcept {  // splitmix64's finaliser
        x += 0x9e3779b97f4a7c15ULL;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<std::size_t>(x ^ (x >> 31));
    }

    std::size_t find_or_add(const std::vector<__int128>& slots, const std::vector<std::uint8_t>& nulls, std::int64_t row) {
        const std::size_t nk = slots.size();
        std::size_t hash = 0x84222325ULL;
        for (std::size_t k = 0; k < nk; ++k) {
            const auto u = static_cast<unsigned __int128>(slots[k]);
            hash = mix(hash ^ static_cast<std::uint64_t>(u) ^ mix(static_cast<std::uint64_t>(u >> 64) + nulls[k]));
        }
        if ((num_groups() + 1) * 2 > index_.size()) rehash(index_.empty() ? 64 : index_.size() * 2);
        const std::size_t mask = index_.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const std::int32_t g = index_[slot];
            if (g < 0) {
                const std::size_t group = num_groups();
                index_[slot] = static_cast<std::int32_t>(group);
                hashes_.push_back(hash);
                first_row_.push_back(row);
                key_slots_.insert(key_slots_.end(), slots.begin(), slots.end());
                key_nulls_.insert(key_nulls_.end(), nulls.begin(), nulls.end());
                sums_.resize(sums_.size() + sum_names_.size());
                return group;
            }
            const auto group = static_cast<std::size_t>(g);
            if (hashes_[group] == hash && std::equal(slots.begin(), slots.end(), key_slots_.begin() + group * nk) &&
                std::equal(nulls.begin(), nulls.end(), key_nulls_.begin() + group * nk)) {
                first_row_[group] = std::min(first_row_[group], row);
                return group;
            }
        }
    }

    void rehash(std::size_t size) {
        index_.assign(size, -1);
        const std::size_t mask = size - 1;
        for (std::size_t g = 0; g < hashes_.size(); ++g) {
            std::size_t slot = hashes_[g] & mask;
            while (index_[slot] >= 0) slot = (slot + 1) & mask;
            index_[slot] = static_cast<std::int32_t>(g);
        }
    }

    [[nodiscard]] bool key_less(std::size_t a, std::size_t b) const {
        const std::size_t nk = key_names_.size();
        for (std::size_t k = 0; k < nk; ++k) {
            const bool na = key_nulls_[a * nk + k], nb = key_nulls_[b * nk + k];
            if (na != nb) return nb;
            if (na) continue;
            const __int128 x = key_slots_[a * nk + k], y = key_slots_[b * nk + k];
            if (key_types_[k] == column_type::string) {
                const auto tx = dictionaries_[k][static_cast<std::int32_t>(x)], ty = dictionaries_[k][static_cast<std::int32_t>(y)];
                if (tx != ty) return tx < ty;
            } else if (x != y) {
                return x < y;
            }
        }
        return false;
    }

    void append_key(column& c, std::size_t k, std::size_t g) const {
        const std::size_t nk = key_names_.size();
        if (key_nulls_[g * nk + k]) {
            c.append_null();
            return;
        }
        const __int128 v = key_slots_[g * nk + k];
        switch (c.type()) {
            case column_type::decimal: static_cast<decimal_column&>(c).append_units(v); break;
            case column_type::string:
                static_cast<string_column&>(c).append(dictionaries_[k][static_cast<std::int32_t>(v)]);
                break;
            case column_type::int64: static_cast<int64_column&>(c).append(static_cast<std::int64_t>(v)); break;
            case column_type::timestamp: static_cast<timestamp_column&>(c).append(static_cast<std::int64_t>(v)); break;
            case column_type::int32: static_cast<int32_column&>(c).append(static_cast<std::int32_t>(v)); break;
            case column_type::date: static_cast<date_column&>(c).append(static_cast<std::int32_t>(v)); break;
            case column_type::boolean: static_cast<boolean_column&>(c).append(v != 0); break;
        }
    }

    [[nodiscard]] std::string group_text(std::size_t g) const {
        const std::size_t nk = key_names_.size();
        std::string text = "(";
        for (std::size_t k = 0; k < nk; ++k) {
            if (k) text += ", ";
            text += key_names_[k] + "=";
            if (key_nulls_[g * nk + k]) {
                text += "null";
                continue;
            }
            const __int128 v = key_slots_[g * nk + k];
            if (key_types_[k] == column_type::string) text += std::string(dictionaries_[k][static_cast<std::int32_t>(v)]);
            else if (key_types_[k] == column_type::decimal) text += Decimal::from_units(v).to_string();
            else text += std::to_string(static_cast<long long>(v));
        }
        return text + ")";
    }
};

// Grouped exact sums in one pass: the key columns and one decimal sum per column in `sums`.
[[nodiscard]] inline table group_sum(const table& source, std::vector<std::string> keys, std::vector<std::string> sums) {
    grouped_sum partial(std::move(keys), std::move(sums));
    partial.update(source, 0);
    return partial.finalize();
}

}  // namespace costmodel::table
