#pragma once
// The scenario-wide settings every service model reads: month length, weeks per month, region, free
// tiers. Separate from scenario.hpp so a service model does not depend on every other service.

#include <optional>
#include <string>

#include "costmodel/currency.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/exact_ratio.hpp"
#include "costmodel/rounding_policy.hpp"

namespace costmodel {

// The scenario's `support` setting: an AWS support plan whose fee the estimate adds as a line
// (stages/support.hpp). Kept as written; validate() checks the plan and the month.
struct support_setting {
    std::string plan;   // developer, business, enterprise_on_ramp or enterprise
    std::string month;  // "YYYY-MM": the built-in rule set in force that month; empty: the newest one
    friend bool operator==(const support_setting&, const support_setting&) = default;
};

struct scenario_settings {
    std::string region = "us-east-1";
    currency currency_code = usd;
    // Hours in a month for always-on usage. 730 (= 8760 / 12) as the AWS Pricing Calculator uses.
    Decimal hours_per_month = Decimal(730);
    // Weeks in a month for `runs_per_week`: exactly 52/12 by default; a document may use 4.
    exact_ratio weeks_per_month = exact_ratio::fraction(52, 12);
    std::string weeks_per_month_text = "52/12";
    // Apply AWS free tiers (Lambda, CloudWatch, Step Functions, Glue Data Catalog).
    bool free_tier = false;
    // `none`: total = sum of exact lines; `cents`: each line half-up to cents, then summed; `invoice`:
    // as cents, but a positive line under a cent is billed a cent.
    rounding_policy line_rounding = rounding_policy::none;
    // A support plan to add to the estimate; none by default.
    std::optional<support_setting> support;
    friend bool operator==(const scenario_settings&, const scenario_settings&) = default;
};

// How often a workload runs and for how long: runs_per_month or runs_per_week (× weeks_per_month);
// run_minutes or run_seconds.
struct repetition {
    std::optional<Decimal> runs_per_month;
    std::optional<Decimal> runs_per_week;
    std::optional<Decimal> run_minutes;
    std::optional<Decimal> run_seconds;

    // Runs in a month, exactly (runs_per_week × weeks_per_month is not rounded).
    [[nodiscard]] exact_ratio monthly_runs(const scenario_settings& settings) const;
    // Seconds per run, exactly; throws if neither duration key was given.
    [[nodiscard]] exact_ratio seconds_per_run() const;
    [[nodiscard]] bool has_runs() const noexcept { return runs_per_month || runs_per_week; }
    [[nodiscard]] bool has_duration() const noexcept { return run_minutes || run_seconds; }
    friend bool operator==(const repetition&, const repetition&) = default;
};

}  // namespace costmodel
