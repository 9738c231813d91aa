#pragma once
// Stage 6, line rounding: the scenario's `line_rounding`. `none` keeps every line exact (the total is
// the exact sum; display rounds); `cents` rounds each line's cost and list cost half-up to the
// currency's minor units, as AWS's published pricing examples add up, and the roll-up then sums the
// rounded lines. Unit prices and quantities are never rounded.

#include <string>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/rounding_policy.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

[[nodiscard]] inline table::table round_lines(table::table lines, rounding_policy policy, currency code) {
    if (policy == rounding_policy::exact) return lines;
    // A table's buffers may be shared with an Arrow export, so rounded columns are new columns; the
    // others move over as they are.
    table::table out;
    for (std::size_t c = 0; c < lines.num_columns(); ++c) {
        const std::string& name = lines.name(c);
        if (name == "cost" || name == "list_cost") {
            const auto& exact = lines.get_as<table::decimal_column>(name);
            table::decimal_column rounded;
            rounded.reserve(exact.size());
            for (std::size_t i = 0; i < exact.size(); ++i) rounded.append(apply_policy(Money(exact[i], code), policy).amount());
            out.add_column(name, std::move(rounded));
        } else {
            out.add_column(name, std::move(lines.column_at(c)));
        }
    }
    return out;
}

}  // namespace costmodel::stages
