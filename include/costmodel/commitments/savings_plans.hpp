#pragma once
// Savings Plans and Reserved Instances applied to hours of usage, by AWS's published rules
// (docs/commitments.md, "Savings Plans and Reserved Instances"):
//
//   1. Reserved units first: a reserved instance takes up to `units` of its usage each hour.
//   2. EC2 Instance Savings Plans next, each over the usage of its family AND region that has an
//      `ec2_instance` rate; then Compute Savings Plans, over any usage with a `compute` rate.
//   3. Within one plan, usage with the highest savings percentage (on_demand - plan rate) / on_demand
//      first; equal percentages: the lower plan rate first; then the order of the usage definitions.
//   4. A plan covers units at its rate until its commitment or the usage runs out; a unit may be
//      covered in part. What is left is on demand. An hour's commitment is used in that hour only;
//      what is not used is still paid.
//
// Several plans of one type apply in the order they are given. AWS applies the plans of an account
// "together" and does not publish an order between plans of one type; in-order is our convention,
// (each usage has one rate per plan type, so plans of one type walk the usage in the same order: their
// order changes which plan covers a unit, not what the hour costs, up to the rounding of the partial
// unit where one plan hands over to the next).
//
// Exactness. Quantities, rates and commitments are Decimals (scale 10). A product quantity x rate of
// two scale-10 values is exact at scale 20, so the walk compares costs with the remaining commitment at
// scale 20 and never rounds per line-hour. Figures are rounded once, to scale 10 with round-half-even,
// where they are reported (each reported figure is its exact value rounded once, so a sum of reported
// figures may differ from the reported sum by a few 10^-10). A partial unit is the remaining commitment
// divided by the plan rate, rounded half-even to scale 10; its cost is then exactly the remaining
// commitment (the plan is used up to the last 10^-20). The fast path uses 128-bit integers when a bound
// on every product and sum fits them; otherwise the same walk runs on checked 256-bit integers, and
// a figure beyond the Decimal range throws std::overflow_error.
//
// The core takes usage definitions once and an hours x usage quantity matrix (row-major, one row per
// hour, contiguous __int128 units), so a caller that makes hourly usage (the estimate's schedules)
// calls it without building JSON. The JSON edge is savings_plans_json.cpp.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel {

enum class plan_type : std::uint8_t { compute, ec2_instance };

[[nodiscard]] constexpr std::string_view to_string(plan_type type) noexcept {
    return type == plan_type::compute ? "compute" : "ec2_instance";
}

struct savings_plan {
    std::string id;
    plan_type type = plan_type::compute;
    std::string family;  // ec2_instance plans only
    std::string region;  // ec2_instance plans only
    Decimal commitment_per_hour;
};

// Reserved units of one usage. With a rate, the RI costs units x rate every hour, used or not; without
// one its units are taken out of the usage but not priced (the caller prices them elsewhere).
struct reserved_instance {
    std::string usage;
    Decimal units;
    std::optional<Decimal> rate;  // per unit per hour
};

// A usage line: what one unit costs on demand and under each plan type that can cover it.
struct usage_definition {
    std::string id;
    Decimal on_demand_rate;
    std::string family;  // for EC2 Instance Savings Plans (empty: none applies)
    std::string region;
    std::optional<Decimal> compute_rate;
    std::optional<Decimal> ec2_instance_rate;
};

// Everything but the quantities.
struct commitments_definition {
    std::vector<usage_definition> usage;
    std::vector<reserved_instance> reserved_instances;
    std::vector<savings_plan> savings_plans;
};

// Hours x usage quantities, row-major: units[h * usage_count + u] is usage u's quantity in hour h, as
// Decimal units (10^-10). `labels` names the hours ("2025-01-01T00:00Z") or is empty.
struct usage_hours {
    std::size_t hours = 0;
    std::size_t usage_count = 0;
    std::vector<__int128> units;
    std::vector<std::string> labels;
};

// What the result materialises. `summary`: per-usage and per-plan sums, per-hour totals and per-hour
// plan figures (a year x 1,000 usage lines stays small). `lines`: also one row per usage and hour and
// one per usage, plan and hour with coverage (hours x usage rows).
enum class savings_plans_detail : std::uint8_t { summary, lines };

struct savings_plans_options {
    savings_plans_detail detail = savings_plans_detail::summary;
};

// Totals over an hour or a series. utilization = used / commitment (none without commitment);
// coverage = on-demand equivalent of the units Savings Plans covered / on_demand_equivalent (none without
// usage). Both rounded half-even to scale 10.
struct savings_plans_totals {
    Decimal on_demand_equivalent;  // all usage at on-demand rates
    Decimal on_demand_charges;     // usage left on demand
    Decimal commitment_charges;    // every plan's commitment, used or not
    Decimal commitment_used;
    Decimal commitment_unused;
    Decimal reserved_charges;      // RI units x rate, for the RIs that give a rate
    bool reserved_priced = false;  // some RI gives a rate
    Decimal covered_on_demand_equivalent;
    Decimal total;                 // on_demand_charges + commitment_charges + reserved_charges
    Decimal savings;               // on_demand_equivalent - total
    std::optional<Decimal> utilization;
    std::optional<Decimal> coverage;
    friend bool operator==(const savings_plans_totals&, const savings_plans_totals&) = default;
};

// Results as line tables (columns in docs/commitments.md):
//   usage:    per usage summed over the hours — usage, quantity, reserved_units, covered_units,
//             covered_cost, on_demand_units, on_demand_cost, on_demand_equivalent
//   covered:  per usage and plan summed (pairs that covered something) — usage, plan, units, cost
//   plans:    per plan summed — plan, type, commitment, used, unused, utilization (nullable)
//   hours:    per hour — hour, label, on_demand_equivalent, on_demand_charges, commitment_charges,
//             commitment_used, commitment_unused, reserved_charges, total, savings, utilization,
//             coverage (the last two nullable)
//   plan_hours: per plan and hour — hour, plan, commitment, used, unused
//   usage_lines, covered_lines (detail `lines` only; otherwise without rows): per usage and hour —
//             hour, usage, quantity, reserved_units, covered_units, covered_cost, on_demand_units,
//             on_demand_cost; per usage, plan and hour — hour, usage, plan, units, cost
struct savings_plans_result {
    std::size_t hours = 0;
    savings_plans_detail detail = savings_plans_detail::summary;
    savings_plans_totals totals;
    std::vector<savings_plans_totals> hour_totals;  // one per hour
    table::table usage;
    table::table covered;
    table::table plans;
    table::table hour_table;
    table::table plan_hours;
    table::table usage_lines;
    table::table covered_lines;
    bool wide_path = false;  // the 256-bit walk ran (figures beyond the 128-bit bound)
};

// Checks a definition: unique usage and plan ids, rates > 0 and at most on demand, non-negative
// commitments and units, RIs naming known usage once each, EC2 Instance plans that apply to some usage.
// Throws input_error naming `source` and the JSON path of the definition.
void validate(const commitments_definition& definition, const std::string& source = "<savings plans>");

// Applies the plans to every hour of `quantities` (usage_count must equal definition.usage.size();
// quantities >= 0). Validates the definition first.
[[nodiscard]] savings_plans_result apply_savings_plans(const commitments_definition& definition, const usage_hours& quantities,
                                                       const savings_plans_options& options = {});

// The same over a bare matrix (hours x definition.usage.size() units, row-major), without labels.
[[nodiscard]] savings_plans_result apply_savings_plans(const commitments_definition& definition,
                                                       std::span<const __int128> quantities, std::size_t hours,
                                                       const savings_plans_options& options = {});

// A document of schema costmodel/commitments/v1 (one hour or a series; docs/commitments.md).
struct commitments_document {
    commitments_definition definition;
    usage_hours quantities;
    bool series = false;  // the document gave hours (the output then lists them)
};

// The JSON edge (src/commitments/savings_plans_json.cpp). `source` names the input in errors.
[[nodiscard]] commitments_document parse_commitments(std::string_view text, const std::string& source = "<savings plans text>");
[[nodiscard]] commitments_document load_commitments(const std::string& path);
[[nodiscard]] savings_plans_result apply_savings_plans(const commitments_document& document, const savings_plans_options& options = {});

// The result document: usage, plans, totals, and per hour (for a series) its totals and plans, with its
// usage when the detail is `lines`. Amounts are exact decimal strings.
[[nodiscard]] std::string savings_plans_to_json(const savings_plans_result& result, bool series, int indent = 2);

}  // namespace costmodel
