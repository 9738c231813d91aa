#pragma once
// Savings Plans and Reserved Instances as a scenario holds them (scenario keys `savings_plans` and
// `reserved_instances`, docs/commitments.md "Commitments inside estimates"), and what the estimate's
// commitments stage reports about them.
//
// In a scenario a plan does not list the usage it covers: the commitments stage finds the eligible
// lines of the estimate (EC2 instance-hours, Fargate vCPU and memory, Lambda duration and provisioned
// concurrency for Compute plans; EC2 instance-hours of the plan's family and region for EC2 Instance
// plans) and their plan rates: the catalog's rate for the line's SKU, plan type, term and payment
// option where the catalog has one, else the plan's stated `discounts` (percent off the line's price
// for a service).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "costmodel/commitments/savings_plans.hpp"
#include "costmodel/decimal.hpp"

namespace costmodel {

// The suffix of a catalog usage type for a commitment rate: "<usage_type>/<kind>/<term>/<payment>",
// e.g. "instance-hours/compute_sp/1yr/no_upfront" (docs/catalog-format.md).
inline constexpr std::string_view commitment_terms[] = {"1yr", "3yr"};
inline constexpr std::string_view payment_options[] = {"no_upfront", "partial_upfront", "all_upfront"};

struct scenario_savings_plan {
    std::string id;
    plan_type type = plan_type::compute;
    std::string family;  // ec2_instance plans
    std::string region;  // ec2_instance plans; default: the scenario's region
    Decimal commitment_per_hour;
    std::string term = "1yr";
    std::string payment_option = "no_upfront";
    // Percent off a line's price by service ("fargate": 20), for lines the catalog has no plan rate for.
    std::vector<std::pair<std::string, Decimal>> discounts;
    friend bool operator==(const scenario_savings_plan&, const scenario_savings_plan&) = default;
};

// Instances of one EC2 workload reserved for every hour of the month.
struct scenario_reserved_instance {
    std::string workload;
    Decimal units;                     // instances
    std::optional<Decimal> hourly_rate;  // per instance-hour; default: the catalog's reserved rate
    std::string term = "1yr";
    std::string payment_option = "no_upfront";
    friend bool operator==(const scenario_reserved_instance&, const scenario_reserved_instance&) = default;
};

// What the commitments stage reports (the estimate document's "commitments" section).
struct commitment_plan_summary {
    std::string id;
    std::string type;  // "compute", "ec2_instance", "reserved"
    Decimal commitment;  // for the month: commitment_per_hour × hours (RIs: units × rate × hours)
    Decimal used;
    Decimal unused;
    std::optional<Decimal> utilization;  // used / commitment
    friend bool operator==(const commitment_plan_summary&, const commitment_plan_summary&) = default;
};

struct commitments_summary {
    std::int32_t hours = 0;  // the month's hours the plans were applied over
    std::vector<commitment_plan_summary> plans;
    Decimal on_demand_equivalent;  // the eligible lines at their prices before commitments
    Decimal covered_on_demand_equivalent;
    std::optional<Decimal> coverage;
    Decimal total;  // what the eligible lines and the commitments cost, applied hour by hour
    Decimal savings;  // on_demand_equivalent − total
    // The same plans applied to a flat month: every hour the month's average usage (the usual
    // spreadsheet approach). flat_difference = total − flat_total: what the flat average misses.
    Decimal flat_total;
    Decimal flat_difference;
    friend bool operator==(const commitments_summary&, const commitments_summary&) = default;
};

}  // namespace costmodel
