#pragma once
// costmodel::table::column — one typed column of a line table, stored the way Arrow and DuckDB
// store it: contiguous fixed-width values, bit-packed booleans, dictionary-encoded strings and an
// optional validity bitmap.
//
//   type       values                                   Arrow (export)
//   decimal    __int128 counts of 10^-10 (Decimal)      d:38,10
//   string     int32 codes into a dictionary            dictionary<int32, utf8>
//   int64      int64_t                                  l
//   int32      int32_t                                  i
//   boolean    bits, least significant first            b
//   date       int32_t days since 1970-01-01            tdD
//   timestamp  int64_t microseconds since the epoch, UTC  tsu:UTC
//
// A column is nullable or not, fixed when it is made. The validity bitmap (1 = valid) exists only
// once a null has been appended, so a column without nulls costs nothing for it; a null slot holds
// a zero value (code 0 for strings, with the empty string interned so the code is valid).
//
// Appending is the hot path of every stage that builds a table (millions of lines per second): each
// append is a capacity check and a store, with no allocation except when a buffer doubles. Spans
// returned by the accessors are invalidated by appends, as with std::vector.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/table/bitmap.hpp"
#include "costmodel/table/buffer.hpp"
#include "costmodel/table/dictionary.hpp"

namespace costmodel::table {

enum class column_type : std::uint8_t { decimal, string, int64, int32, boolean, date, timestamp };

[[nodiscard]] constexpr std::string_view to_string(column_type type) noexcept {
    switch (type) {
        case column_type::decimal: return "decimal";
        case column_type::string: return "string";
        case column_type::int64: return "int64";
        case column_type::int32: return "int32";
        case column_type::boolean: return "boolean";
        case column_type::date: return "date";
        case column_type::timestamp: return "timestamp";
    }
    return "unknown";
}

// Bytes per value in the values buffer; booleans are bit-packed (0 here).
[[nodiscard]] constexpr std::size_t value_width(column_type type) noexcept {
    switch (type) {
        case column_type::decimal: return 16;
        case column_type::int64:
        case column_type::timestamp: return 8;
        case column_type::string:
        case column_type::int32:
        case column_type::date: return 4;
        case column_type::boolean: return 0;
    }
    return 0;
}

class column {
public:
    explicit column(column_type type, bool nullable = false) : type_(type), nullable_(nullable) {
        if (type == column_type::string) dictionary_ = std::make_shared<table::dictionary>();
    }
    virtual ~column() = default;
    column(const column&) = default;
    column(column&&) noexcept = default;
    column& operator=(const column&) = default;
    column& operator=(column&&) noexcept = default;

    [[nodiscard]] column_type type() const noexcept { return type_; }
    [[nodiscard]] bool nullable() const noexcept { return nullable_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] std::size_t null_count() const noexcept { return null_count_; }
    [[nodiscard]] bool is_null(std::size_t row) const noexcept { return !validity_.empty() && !validity_[row]; }
    [[nodiscard]] bool is_valid(std::size_t row) const noexcept { return !is_null(row); }
    // The validity bitmap (1 = valid), or nullptr while the column holds no null.
    [[nodiscard]] const bitmap* validity() const noexcept { return validity_.empty() ? nullptr : &validity_; }

    // Fixed-width values (every type but boolean), bit-packed booleans, a string column's dictionary.
    [[nodiscard]] const buffer& value_buffer() const noexcept { return values_; }
    [[nodiscard]] const bitmap& boolean_bits() const noexcept { return bits_; }
    [[nodiscard]] const table::dictionary& dictionary() const {
        require(column_type::string);
        return *dictionary_;
    }
    // The dictionary as a shared reference (exports hold one; a column shares it until it interns).
    [[nodiscard]] std::shared_ptr<const table::dictionary> shared_dictionary() const noexcept { return dictionary_; }

    void reserve(std::size_t rows) {
        if (type_ == column_type::boolean) bits_.reserve(rows);
        else values_.reserve(rows * value_width(type_));
        if (!validity_.empty()) validity_.reserve(rows);
    }

    // Appends a null; std::invalid_argument if the column is not nullable.
    void append_null() {
        if (!nullable_) throw std::invalid_argument("column: a null appended to a column that is not nullable");
        if (validity_.empty()) validity_.append(size_, true);
        validity_.push_back(false);
        ++null_count_;
        switch (type_) {
            case column_type::boolean: bits_.push_back(false); break;
            case column_type::string: values_.push_back(empty_code()); break;
            default: values_.resize(values_.size() + value_width(type_)); break;
        }
        ++size_;
    }

    // Keeps the first `rows` rows (no more than size()): a reader that must read a part again drops
    // what it appended. A string column keeps its dictionary whole.
    void truncate(std::size_t rows) {
        if (rows > size_) throw std::out_of_range("column: truncate beyond the column");
        if (!validity_.empty()) {
            for (std::size_t row = rows; row < size_; ++row) null_count_ -= validity_[row] ? 0 : 1;
            validity_.truncate(rows);
        }
        if (type_ == column_type::boolean) bits_.truncate(rows);
        else values_.resize(rows * value_width(type_));
        size_ = rows;
    }

    // Appends rows [offset, offset + count) of a column of the same type (strings by their text).
    void append_range(const column& source, std::size_t offset, std::size_t count) {
        check_source(source);
        if (offset > source.size_ || count > source.size_ - offset) throw std::out_of_range("column: range beyond the column");
        append_validity_range(source, offset, count);
        if (type_ == column_type::boolean) {
            bits_.append_bits(source.bits_.data(), offset, count);
        } else if (type_ == column_type::string && source.dictionary_ != dictionary_) {
            code_map map(source);
            const auto* codes = source.values_.as<std::int32_t>() + offset;
            values_.reserve(values_.size() + count * 4);
            for (std::size_t i = 0; i < count; ++i) values_.push_back(map(*this, codes[i]));
        } else {
            const std::size_t width = value_width(type_);
            values_.append(source.values_.data() + offset * width, count * width);
        }
        size_ += count;
    }

    // Appends the given rows of a column of the same type, in the order given (a gather).
    template <class Index>
    void append_rows(const column& source, std::span<const Index> rows) {
        static_assert(std::is_integral_v<Index>);
        check_source(source);
        for (const Index row : rows)
            if (row < 0 || static_cast<std::size_t>(row) >= source.size_) throw std::out_of_range("column: row index beyond the column");
        if (source.validity_.empty() && !validity_.empty()) {
            validity_.append(rows.size(), true);
        } else if (!source.validity_.empty()) {
            if (validity_.empty()) validity_.append(size_, true);
            for (const Index row : rows) {
                const bool valid = source.validity_[static_cast<std::size_t>(row)];
                validity_.push_back(valid);
                null_count_ += !valid;
            }
        }
        switch (type_) {
            case column_type::boolean:
                bits_.reserve(bits_.size() + rows.size());
                for (const Index row : rows) bits_.push_back(source.bits_[static_cast<std::size_t>(row)]);
                break;
            case column_type::string:
                if (source.dictionary_ != dictionary_) {
                    code_map map(source);
                    const auto* codes = source.values_.as<std::int32_t>();
                    values_.reserve(values_.size() + rows.size() * 4);
                    for (const Index row : rows) values_.push_back(map(*this, codes[row]));
                    break;
                }
                gather<std::int32_t>(source, rows);
                break;
            case column_type::int32:
            case column_type::date: gather<std::int32_t>(source, rows); break;
            case column_type::int64:
            case column_type::timestamp: gather<std::int64_t>(source, rows); break;
            case column_type::decimal: gather<__int128>(source, rows); break;
        }
        size_ += rows.size();
    }

    // An empty column of the same type, nullability and (for strings) dictionary.
    [[nodiscard]] column empty_like() const {
        column result(type_, nullable_);
        result.dictionary_ = dictionary_;
        return result;
    }

    // Bytes held: the capacity of the values, bits and validity, and a dictionary this column alone
    // holds (a shared one is counted by neither column, so sums over tables never count it twice).
    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        std::size_t bytes = values_.capacity() + bits_.bytes().capacity() + validity_.bytes().capacity();
        if (dictionary_ && dictionary_.use_count() == 1)
            bytes += dictionary_->offsets().capacity() + dictionary_->chars().capacity() + dictionary_->index_bytes();
        return bytes;
    }

    // Same type, length, nulls and values (strings compared by text, null slots ignored).
    [[nodiscard]] bool equals(const column& other) const {
        if (type_ != other.type_ || size_ != other.size_ || null_count_ != other.null_count_) return false;
        for (std::size_t row = 0; row < size_; ++row) {
            if (is_null(row) != other.is_null(row)) return false;
            if (is_null(row)) continue;
            if (!value_equals(row, other, row)) return false;
        }
        return true;
    }

    // The value of `row` as text: a Decimal's canonical text, a string, "true"/"false", an ISO date
    // (1970-01-01), an ISO timestamp with microseconds and Z; "null" for a null.
    [[nodiscard]] std::string value_text(std::size_t row) const;

protected:
    column_type type_;
    bool nullable_;
    std::size_t size_ = 0;
    std::size_t null_count_ = 0;
    buffer values_;
    bitmap bits_;
    bitmap validity_;
    std::shared_ptr<table::dictionary> dictionary_;

    void require(column_type type) const {
        if (type_ != type)
            throw std::invalid_argument("column: a " + std::string(to_string(type_)) + " column used as " +
                                        std::string(to_string(type)));
    }

    void appended_valid() {
        if (!validity_.empty()) validity_.push_back(true);
        ++size_;
    }

    // Interning changes the dictionary; one shared with another column or an export is copied first.
    table::dictionary& own_dictionary() {
        if (dictionary_.use_count() > 1) dictionary_ = std::make_shared<table::dictionary>(*dictionary_);
        return *dictionary_;
    }

    std::int32_t empty_code() { return own_dictionary().intern({}); }

private:
    template <class T, class Index>
    void gather(const column& source, std::span<const Index> rows) {
        const std::size_t start = values_.size();
        values_.resize(start + rows.size() * sizeof(T));
        const T* in = source.values_.as<T>();
        T* out = reinterpret_cast<T*>(values_.data() + start);
        for (std::size_t i = 0; i < rows.size(); ++i) out[i] = in[rows[i]];
    }

    void check_source(const column& source) const {
        if (source.type_ != type_)
            throw std::invalid_argument("column: cannot append a " + std::string(to_string(source.type_)) + " column to a " +
                                        std::string(to_string(type_)) + " column");
        if (source.null_count_ != 0 && !nullable_)
            throw std::invalid_argument("column: cannot append nulls to a column that is not nullable");
    }

    void append_validity_range(const column& source, std::size_t offset, std::size_t count) {
        if (source.validity_.empty()) {
            if (!validity_.empty()) validity_.append(count, true);
            return;
        }
        if (validity_.empty()) validity_.append(size_, true);
        const std::size_t before = validity_.size();
        validity_.append_bits(source.validity_.data(), offset, count);
        std::size_t valid = 0;
        for (std::size_t i = before; i < validity_.size(); ++i) valid += validity_[i];
        null_count_ += count - valid;
    }

    // Codes of another dictionary mapped into this column's, each interned once, on first use.
    struct code_map {
        const column& source;
        std::vector<std::int32_t> codes;
        explicit code_map(const column& s) : source(s), codes(s.dictionary_->size(), -1) {}
        std::int32_t operator()(column& target, std::int32_t code) {
            auto& mapped = codes[static_cast<std::size_t>(code)];
            if (mapped < 0) mapped = target.own_dictionary().intern((*source.dictionary_)[code]);
            return mapped;
        }
    };

    [[nodiscard]] bool value_equals(std::size_t row, const column& other, std::size_t other_row) const {
        switch (type_) {
            case column_type::boolean: return bits_[row] == other.bits_[other_row];
            case column_type::string:
                return (*dictionary_)[values_.as<std::int32_t>()[row]] ==
                       (*other.dictionary_)[other.values_.as<std::int32_t>()[other_row]];
            default: {
                const std::size_t width = value_width(type_);
                return std::memcmp(values_.data() + row * width, other.values_.data() + other_row * width, width) == 0;
            }
        }
    }
};

// Fixed-width integer columns: int64, int32, date (days since 1970-01-01), timestamp (µs, UTC).
template <column_type Type, class T>
class primitive_column : public column {
public:
    using value_type = T;
    static constexpr column_type static_type = Type;

    explicit primitive_column(bool nullable = false) : column(Type, nullable) {}
    explicit primitive_column(column&& base) : column(std::move(base)) { require(Type); }

    void append(T value) {
        values_.push_back(value);
        appended_valid();
    }
    [[nodiscard]] std::span<const T> values() const noexcept { return {values_.as<T>(), size_}; }
    [[nodiscard]] T operator[](std::size_t row) const noexcept { return values_.as<T>()[row]; }
};

using int64_column = primitive_column<column_type::int64, std::int64_t>;
using int32_column = primitive_column<column_type::int32, std::int32_t>;
using date_column = primitive_column<column_type::date, std::int32_t>;
using timestamp_column = primitive_column<column_type::timestamp, std::int64_t>;

class decimal_column : public column {
public:
    using value_type = Decimal;
    static constexpr column_type static_type = column_type::decimal;

    explicit decimal_column(bool nullable = false) : column(column_type::decimal, nullable) {}
    explicit decimal_column(column&& base) : column(std::move(base)) { require(column_type::decimal); }

    void append(Decimal value) { append_units(value.units()); }
    // A raw count of 10^-10 units; the caller guarantees |units| <= 10^38 - 1 (Decimal's invariant).
    void append_units(__int128 units) {
        values_.push_back(units);
        appended_valid();
    }
    [[nodiscard]] std::span<const __int128> units() const noexcept { return {values_.as<__int128>(), size_}; }
    [[nodiscard]] Decimal operator[](std::size_t row) const { return Decimal::from_units(values_.as<__int128>()[row]); }
};

class string_column : public column {
public:
    using value_type = std::string_view;
    static constexpr column_type static_type = column_type::string;

    explicit string_column(bool nullable = false) : column(column_type::string, nullable) {}
    explicit string_column(column&& base) : column(std::move(base)) { require(column_type::string); }

    // Appends `text`, interned into the dictionary; returns its code.
    std::int32_t append(std::string_view text) {
        const std::int32_t code = own_dictionary().intern(text);
        values_.push_back(code);
        appended_valid();
        return code;
    }
    // Appends a code already in this column's dictionary (from intern() or codes()): no hashing.
    void append_code(std::int32_t code) {
        if (code < 0 || static_cast<std::size_t>(code) >= dictionary_->size())
            throw std::out_of_range("string_column: code not in the dictionary");
        values_.push_back(code);
        appended_valid();
    }
    // The code of `text`, adding it to the dictionary without appending a row.
    std::int32_t intern(std::string_view text) { return own_dictionary().intern(text); }
    // Makes an empty column use `other`'s dictionary, shared until either interns a new string, so a
    // stage that copies strings from one table to another appends the same codes without re-hashing.
    void share_dictionary(const string_column& other) {
        if (size_ != 0) throw std::logic_error("string_column: share_dictionary on a column that is not empty");
        dictionary_ = other.dictionary_;
    }

    [[nodiscard]] std::span<const std::int32_t> codes() const noexcept { return {values_.as<std::int32_t>(), size_}; }
    [[nodiscard]] std::string_view operator[](std::size_t row) const noexcept {
        return (*dictionary_)[values_.as<std::int32_t>()[row]];
    }
    void reserve_dictionary(std::size_t strings, std::size_t bytes) { own_dictionary().reserve(strings, bytes); }
};

class boolean_column : public column {
public:
    using value_type = bool;
    static constexpr column_type static_type = column_type::boolean;

    explicit boolean_column(bool nullable = false) : column(column_type::boolean, nullable) {}
    explicit boolean_column(column&& base) : column(std::move(base)) { require(column_type::boolean); }

    void append(bool value) {
        bits_.push_back(value);
        appended_valid();
    }
    [[nodiscard]] bool operator[](std::size_t row) const noexcept { return bits_[row]; }
};

// Civil date <-> days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithms), for dates
// and for the text of timestamps.
[[nodiscard]] constexpr std::int32_t days_from_civil(int year, unsigned month, unsigned day) noexcept {
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int32_t>(era * 146097 + static_cast<int>(doe) - 719468);
}

struct civil_date {
    int year;
    unsigned month;
    unsigned day;
};

[[nodiscard]] constexpr civil_date civil_from_days(std::int64_t days) noexcept {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(yoe) + static_cast<int>(era) * 400 + (month <= 2), month, day};
}

inline std::string column::value_text(std::size_t row) const {
    if (is_null(row)) return "null";
    const auto two = [](unsigned v) {
        std::string s = std::to_string(v);
        return s.size() < 2 ? "0" + s : s;
    };
    const auto date_text = [&](std::int64_t days) {
        const civil_date d = civil_from_days(days);
        std::string year = std::to_string(d.year);
        while (year.size() < 4) year.insert(year.begin(), '0');
        return year + "-" + two(d.month) + "-" + two(d.day);
    };
    switch (type_) {
        case column_type::decimal: return Decimal::from_units(values_.as<__int128>()[row]).to_string();
        case column_type::string: return std::string((*dictionary_)[values_.as<std::int32_t>()[row]]);
        case column_type::int64: return std::to_string(values_.as<std::int64_t>()[row]);
        case column_type::int32: return std::to_string(values_.as<std::int32_t>()[row]);
        case column_type::boolean: return bits_[row] ? "true" : "false";
        case column_type::date: return date_text(values_.as<std::int32_t>()[row]);
        case column_type::timestamp: {
            const std::int64_t micros = values_.as<std::int64_t>()[row];
            constexpr std::int64_t per_day = 86'400'000'000LL;
            std::int64_t days = micros / per_day;
            std::int64_t rest = micros % per_day;
            if (rest < 0) {
                rest += per_day;
                --days;
            }
            const auto seconds = static_cast<unsigned>(rest / 1'000'000);
            std::string fraction = std::to_string(rest % 1'000'000);
            while (fraction.size() < 6) fraction.insert(fraction.begin(), '0');
            return date_text(days) + "T" + two(seconds / 3600) + ":" + two(seconds / 60 % 60) + ":" + two(seconds % 60) +
                   "." + fraction + "Z";
        }
    }
    return {};
}

}  // namespace costmodel::table
