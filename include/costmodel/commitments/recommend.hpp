#pragma once
// How large a Savings Plan to buy: for one plan type (Compute, or EC2 Instance of a family and region)
// and the rates of one term and payment option, the commitment per hour that minimises what an hourly
// usage series costs (every hour's commitment, used or not, plus the usage left on demand).
// docs/commitments.md, "Recommendation".
//
// Two parts, and only the second is exact:
//   1. The cost curve, an ESTIMATE in double: the total at a grid of commitments from 0 to the
//      commitment that covers the peak hour. With one plan, an hour's covered on-demand value is a
//      concave piecewise-linear function of the commitment (usage in the mechanism's order, highest
//      savings first: each unit of commitment spent on a usage replaces on_demand / plan_rate of on
//      demand), so the whole series' total is H × c + on demand − Σ w_i × min(c, x_i) over every
//      hour's breakpoints x_i. The breakpoints are cumulative sums over Eigen arrays of hours; they are
//      binned on the grid, and the curve is evaluated at every grid point from prefix sums.
//   2. The chosen commitment: the curve's minimum, refined between its grid neighbours to the
//      breakpoint where the slope H − Σ_{x_i > c} w_i turns non-negative, rounded to a multiple of
//      `step` (the curve is convex, so the best multiple is next to that point), and the candidates
//      evaluated EXACTLY by apply_savings_plans (Decimal). The reported best figures are that exact
//      evaluation; on equal cost the lower commitment wins.
//
// Reserved instances of the definition apply first (they are kept); the definition's own Savings
// Plans are replaced by the one plan being sized.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/commitments/savings_plans.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel {

struct scenario;

struct recommend_options {
    plan_type type = plan_type::compute;
    std::string family;  // ec2_instance: empty means the one family the usage has (an error if several)
    std::string region;  // ec2_instance: empty means the one region of that family's usage
    std::string term = "1yr";               // scenario input: which catalog rates; otherwise a label
    std::string payment_option = "no_upfront";
    // Scenario input: percent off a line's price by service ("fargate": 20), for lines the catalog has
    // no rate for (as a scenario plan's `discounts`).
    std::vector<std::pair<std::string, Decimal>> discounts;
    Decimal step = Decimal::parse("0.001");  // the commitment is a multiple of it, > 0
    std::size_t points = 500;                // grid points of the curve, 2 to 100,000
};

// The exact evaluation at the chosen commitment (apply_savings_plans' totals) and what it saves
// against no Savings Plan (the same usage and reserved instances, commitment 0).
struct recommendation_best {
    Decimal commitment_per_hour;
    Decimal total;
    Decimal on_demand_total;  // no Savings Plan
    Decimal savings;          // on_demand_total − total
    std::optional<Decimal> savings_percent;  // savings / on_demand_total × 100, rounded half-even to scale 10
    Decimal on_demand_equivalent;
    Decimal on_demand_charges;
    Decimal commitment_charges;
    Decimal commitment_used;
    Decimal commitment_unused;
    Decimal reserved_charges;
    std::optional<Decimal> utilization;
    std::optional<Decimal> coverage;
    friend bool operator==(const recommendation_best&, const recommendation_best&) = default;
};

struct recommendation {
    plan_type type = plan_type::compute;
    std::string family;
    std::string region;
    std::string term;
    std::string payment_option;
    std::size_t hours = 0;
    std::size_t eligible_usage = 0;  // usage lines the plan type can cover
    Decimal step;
    Decimal peak_commitment;  // the plan cost of the peak hour's eligible usage (the curve's end), exact
    // The curve (an estimate in double, stored rounded half-even to 6 places in decimal columns):
    // commitment (exact, a multiple of step), total, on_demand (usage left on demand), unused
    // (commitment not used), savings (versus no plan). Reserved charges are in every total.
    table::table curve;
    double curve_minimum = 0;     // the curve's lowest total (estimate)
    double estimated_optimum = 0;  // the refined continuous optimum before rounding to step (estimate)
    recommendation_best best;      // exact
    // Where the curve comes back up to the cost without a plan, and the utilisation there: below it a
    // plan costs more than it saves (1 − discount when every usage has the same discount). Estimates;
    // none when no commitment saves anything.
    std::optional<double> break_even_commitment;
    std::optional<double> break_even_utilization;
    std::vector<std::string> replaced_plans;  // the definition's plans the recommendation set aside
};

// From a definition and an hours x usage matrix (usage_count = definition.usage.size()). Throws
// input_error naming `source` for bad options, no usage the plan type can cover, or a bad definition.
[[nodiscard]] recommendation recommend_savings_plan(const commitments_definition& definition, const usage_hours& quantities,
                                                    const recommend_options& options, const std::string& source = "<recommendation>");

// From a costmodel/commitments/v1 document (savings_plans_json.cpp reads it).
[[nodiscard]] recommendation recommend_savings_plan(const commitments_document& document, const recommend_options& options,
                                                    const std::string& source);

// From a scenario: its estimate's eligible lines spread over the month by the workloads' schedules
// (as the estimate's commitments stage does), with the catalog's rates for the plan type, term and
// payment option (else `discounts`). The scenario's reserved instances apply first; its plans are set
// aside.
[[nodiscard]] recommendation recommend_savings_plan(const scenario& s, const catalog& prices, const recommend_options& options);

// The result document (schema costmodel/recommendation/v1): options, best (exact decimal strings),
// estimates (numbers) and the curve.
[[nodiscard]] std::string recommendation_to_json(const recommendation& result, int indent = 2);

}  // namespace costmodel
