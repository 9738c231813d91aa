#pragma once
// Library functions over line tables: slice, take, filter and a stable multi-key sort. Each returns
// a new table; string columns of the result share their source's dictionary until they intern.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "costmodel/table/table.hpp"

namespace costmodel::table {

// Rows [offset, offset + length) — length is cut at the end of the table; an offset past the end is
// std::out_of_range.
[[nodiscard]] inline table slice(const table& source, std::size_t offset, std::size_t length) {
    source.validate();
    if (offset > source.num_rows())
        throw std::out_of_range("slice: offset " + std::to_string(offset) + " past the end of a table of " +
                                std::to_string(source.num_rows()) + " rows");
    length = std::min(length, source.num_rows() - offset);
    table result;
    for (std::size_t c = 0; c < source.num_columns(); ++c) {
        column part = source.column_at(c).empty_like();
        part.append_range(source.column_at(c), offset, length);
        result.add_column(source.name(c), std::move(part));
    }
    return result;
}

// The rows at `rows`, in that order (rows may repeat); std::out_of_range for an index outside.
template <class Index>
[[nodiscard]] table take(const table& source, std::span<const Index> rows) {
    source.validate();
    table result;
    for (std::size_t c = 0; c < source.num_columns(); ++c) {
        column part = source.column_at(c).empty_like();
        part.reserve(rows.size());
        part.append_rows(source.column_at(c), rows);
        result.add_column(source.name(c), std::move(part));
    }
    return result;
}
[[nodiscard]] inline table take(const table& source, const std::vector<std::int64_t>& rows) {
    return take(source, std::span<const std::int64_t>(rows));
}

// The rows where `mask` is true; the mask has one entry per row.
[[nodiscard]] inline table filter(const table& source, std::span<const bool> mask) {
    if (mask.size() != source.num_rows())
        throw std::invalid_argument("filter: a mask of " + std::to_string(mask.size()) + " entries for " +
                                    std::to_string(source.num_rows()) + " rows");
    std::vector<std::int64_t> rows;
    rows.reserve(static_cast<std::size_t>(std::count(mask.begin(), mask.end(), true)));
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask[i]) rows.push_back(static_cast<std::int64_t>(i));
    return take(source, std::span<const std::int64_t>(rows));
}
// The rows where a boolean column is true (a null counts as false, as in SQL's WHERE).
[[nodiscard]] inline table filter(const table& source, const boolean_column& mask) {
    if (mask.size() != source.num_rows())
        throw std::invalid_argument("filter: a mask of " + std::to_string(mask.size()) + " entries for " +
                                    std::to_string(source.num_rows()) + " rows");
    std::vector<std::int64_t> rows;
    for (std::size_t i = 0; i < mask.size(); ++i)
        if (mask.is_valid(i) && mask[i]) rows.push_back(static_cast<std::int64_t>(i));
    return take(source, std::span<const std::int64_t>(rows));
}
// The rows at the given indices (an index list is a filter that may also reorder).
[[nodiscard]] inline table filter(const table& source, std::span<const std::int64_t> rows) { return take(source, rows); }

struct sort_key {
    std::string column;
    bool descending = false;
};

namespace detail {

// One key column prepared for comparing rows: integers as they are, strings by the rank of their
// text in the dictionary (computed once per sort, so rows compare as integers), nulls last.
struct sort_column {
    const column* source;
    bool descending;
    std::vector<std::int32_t> rank;  // strings: rank of each code's text

    [[nodiscard]] int compare(std::size_t a, std::size_t b) const noexcept {
        const bool null_a = source->is_null(a), null_b = source->is_null(b);
        if (null_a || null_b) return null_a == null_b ? 0 : (null_a ? 1 : -1);  // nulls last either way
        int order = 0;
        const auto cmp = [](auto x, auto y) { return (x > y) - (x < y); };
        const auto& values = source->value_buffer();
        switch (source->type()) {
            case column_type::decimal: order = cmp(values.as<__int128>()[a], values.as<__int128>()[b]); break;
            case column_type::int64:
            case column_type::timestamp: order = cmp(values.as<std::int64_t>()[a], values.as<std::int64_t>()[b]); break;
            case column_type::int32:
            case column_type::date: order = cmp(values.as<std::int32_t>()[a], values.as<std::int32_t>()[b]); break;
            case column_type::boolean: order = cmp(int(source->boolean_bits()[a]), int(source->boolean_bits()[b])); break;
            case column_type::string: {
                const auto* codes = values.as<std::int32_t>();
                order = cmp(rank[static_cast<std::size_t>(codes[a])], rank[static_cast<std::size_t>(codes[b])]);
                break;
            }
        }
        return descending ? -order : order;
    }
};

inline std::vector<std::int32_t> text_ranks(const dictionary& dict) {
    std::vector<std::int32_t> codes(dict.size());
    std::iota(codes.begin(), codes.end(), 0);
    std::sort(codes.begin(), codes.end(), [&](std::int32_t x, std::int32_t y) { return dict[x] < dict[y]; });
    std::vector<std::int32_t> rank(dict.size());
    for (std::size_t i = 0; i < codes.size(); ++i) rank[static_cast<std::size_t>(codes[i])] = static_cast<std::int32_t>(i);
    return rank;
}

}  // namespace detail

// The row order of a stable sort by `keys` (first key first): strings by their text (bytewise, i.e.
// by code point for UTF-8), nulls last in both directions, equal rows in their original order.
[[nodiscard]] inline std::vector<std::int64_t> sort_indices(const table& source, const std::vector<sort_key>& keys) {
    source.validate();
    std::vector<detail::sort_column> columns;
    columns.reserve(keys.size());
    for (const auto& key : keys) {
        const column& c = source[key.column];
        detail::sort_column prepared{&c, key.descending, {}};
        if (c.type() == column_type::string) prepared.rank = detail::text_ranks(c.dictionary());
        columns.push_back(std::move(prepared));
    }
    std::vector<std::int64_t> order(source.num_rows());
    std::iota(order.begin(), order.end(), std::int64_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::int64_t a, std::int64_t b) {
        for (const auto& c : columns) {
            const int r = c.compare(static_cast<std::size_t>(a), static_cast<std::size_t>(b));
            if (r != 0) return r < 0;
        }
        return false;
    });
    return order;
}

[[nodiscard]] inline table sort(const table& source, const std::vector<sort_key>& keys) {
    const auto order = sort_indices(source, keys);
    return take(source, std::span<const std::int64_t>(order));
}

}  // namespace costmodel::table
