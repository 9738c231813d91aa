#pragma once
// Stage 6, support: when the scenario sets `support`, one more line — workload and service
// "support", component the plan, quantity 1 month, unit price and cost the month's fee — whose base is
// the sum of the exact costs of every line before it (the charges after commitments, before line
// rounding). It comes after commitments, so the fee sees what commitments charge, and before line
// rounding, which then rounds the support line as it rounds the others. Without `support` the lines
// pass through untouched (the same table, byte for byte).
//
// In a batch (lines with a `variant` column, each variant's rows together) each variant's support
// line follows its own lines; a variant without lines still pays its plan's minimum.

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "costmodel/commitments/support.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

// A scenario's support plan and the rules that price it; `rules` null: no support line.
struct support_charge {
    const support_rule_set* rules = nullptr;
    support_plan plan = support_plan::developer;
};

// The charge a scenario's settings ask for: the plan of `settings.support`, under the built-in rule set
// covering its month, or the newest built-in rules without one. input_error (path support.plan or
// support.month) for an unknown plan or a month no rule set covers.
[[nodiscard]] inline support_charge support_for(const scenario_settings& settings, std::string_view source) {
    if (!settings.support) return {};
    const support_setting& setting = *settings.support;
    support_charge charge;
    charge.plan = parse_support_plan(setting.plan, source, "support.plan");
    if (setting.month.empty()) {
        charge.rules = &builtin_support_rules();
    } else {
        const auto month = date::parse_month(setting.month);
        if (!month) {
            throw input_error(std::string(source), "support.month", "expected a month YYYY-MM, got \"" + setting.month + "\"",
                              "\"" + setting.month + "\"");
        }
        charge.rules = &support_rules_for(builtin_support_rule_sets(), *month, source, "support.month");
    }
    return charge;
}

namespace detail {

// Appends the support line of `charge` over `charges` to `out` (a table with the line table's columns).
inline void append_support_line(table::table& out, const support_charge& charge, const Decimal& charges, std::int32_t variant) {
    const support_fee_result fee = support_fee(*charge.rules, charge.plan, charges);
    const std::string note = "charges " + charges.to_string() + " before support; tiered " + fee.tiered.to_string() + ", minimum " +
                             fee.minimum.to_string() + " (" + fee.rule_set + ")";
    for (std::size_t c = 0; c < out.num_columns(); ++c) {
        const std::string& name = out.name(c);
        table::column& column = out.column_at(c);
        const auto text = [&column](std::string_view value) { static_cast<table::string_column&>(column).append(value); };
        const auto number = [&column](const Decimal& value) { static_cast<table::decimal_column&>(column).append(value); };
        if (name == "variant") static_cast<table::int32_column&>(column).append(variant);
        else if (name == "workload" || name == "service") text("support");
        else if (name == "component") text(to_string(charge.plan));
        else if (name == "unit") text("month");
        else if (name == "note") text(note);
        else if (name == "quantity") number(Decimal(1));
        else if (name == "unit_price" || name == "cost" || name == "list_unit_price" || name == "list_cost") number(fee.fee);
        else if (column.nullable()) column.append_null();
        else if (column.type() == table::column_type::decimal) number(Decimal());
        else if (column.type() == table::column_type::string) text("");
        else throw std::logic_error("support stage: no value for the line table's column '" + name + "'");
    }
}

// The exact sum of rows [from, to) of `cost`.
[[nodiscard]] inline Decimal charges_of(std::span<const __int128> cost, std::size_t from, std::size_t to) {
    Decimal sum;
    for (std::size_t i = from; i < to; ++i) sum += Decimal::from_units(cost[i]);
    return sum;
}

}  // namespace detail

// `charges[i]` is variant `first_variant + i`'s (a line table with a `variant` column), or the one
// scenario's (charges[0], without one).
[[nodiscard]] inline table::table add_support(table::table lines, std::span<const support_charge> charges, std::int32_t first_variant = 0) {
    if (std::none_of(charges.begin(), charges.end(), [](const support_charge& c) { return c.rules != nullptr; })) return lines;
    const auto cost = lines.decimals("cost");
    if (!lines.has_column("variant")) {
        table::table extra(lines.schema());
        detail::append_support_line(extra, charges[0], detail::charges_of(cost, 0, cost.size()), 0);
        lines.append(extra);
        return lines;
    }
    const auto variant = lines.int32s("variant");
    table::table out(lines.schema());
    out.reserve(lines.num_rows() + charges.size());
    std::size_t row = 0;
    for (std::size_t i = 0; i < charges.size(); ++i) {
        const auto v = static_cast<std::int32_t>(first_variant + static_cast<std::int32_t>(i));
        const std::size_t start = row;
        while (row < variant.size() && variant[row] == v) ++row;
        out.append_range(lines, start, row - start);
        if (charges[i].rules != nullptr) detail::append_support_line(out, charges[i], detail::charges_of(cost, start, row), v);
    }
    return out;
}

}  // namespace costmodel::stages
