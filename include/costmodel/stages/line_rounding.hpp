#pragma once
// Stage 7, line rounding: the scenario's `line_rounding`. `none` keeps every line exact (the total is
// the exact sum; display rounds); `cents` rounds each line's cost and list cost half-up to the
// currency's minor units, as AWS's published pricing examples add up, and the roll-up then sums the
// rounded lines; `invoice` rounds as `cents` but a positive line under one minor unit becomes one
// minor unit, as AWS invoices bill it. Unit prices and quantities are never rounded.

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/rounding_policy.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

// `policy[v]` and `code[v]` are variant v's (a line table with a `variant` column) or the one
// scenario's (index 0, without one).
[[nodiscard]] inline table::table round_lines(table::table lines, std::span<const rounding_policy> policy,
                                              std::span<const currency> code) {
    if (std::all_of(policy.begin(), policy.end(), [](rounding_policy p) { return p == rounding_policy::none; })) return lines;
    const std::span<const std::int32_t> variant =
        lines.has_column("variant") ? lines.int32s("variant") : std::span<const std::int32_t>{};
    const auto variant_of = [&](std::size_t row) { return variant.empty() ? std::size_t{0} : static_cast<std::size_t>(variant[row]); };
    // A table's buffers may be shared with an Arrow export, so rounded columns are new columns; the
    // others move over as they are.
    table::table out;
    for (std::size_t c = 0; c < lines.num_columns(); ++c) {
        const std::string& name = lines.name(c);
        if (name == "cost" || name == "list_cost") {
            const auto& exact = lines.get_as<table::decimal_column>(name);
            table::decimal_column rounded;
            rounded.reserve(exact.size());
            for (std::size_t i = 0; i < exact.size(); ++i) {
                const std::size_t v = variant_of(i);
                rounded.append(apply_policy(Money(exact[i], code[v]), policy[v]).amount());
            }
            out.add_column(name, std::move(rounded));
        } else {
            out.add_column(name, std::move(lines.column_at(c)));
        }
    }
    return out;
}

[[nodiscard]] inline table::table round_lines(table::table lines, rounding_policy policy, currency code) {
    return round_lines(std::move(lines), std::span<const rounding_policy>(&policy, 1), std::span<const currency>(&code, 1));
}

}  // namespace costmodel::stages
