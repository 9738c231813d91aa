#pragma once
// Stage 5, commitments: the scenario's Savings Plans and Reserved Instances applied to the priced lines
// hour by hour (after rating, before line rounding: a plan discounts exact line amounts).
//
// Each eligible line (scenario_commitments.hpp says which) is spread over the month's hours by its
// workload's schedule (evenly without one), the plans are applied to every hour by AWS's rules
// (commitments/savings_plans.hpp), and the line becomes its parts: reserved units at the RI rate,
// units each plan covered at the plan's rate, and what is left on demand. Each part keeps the line's
// list price beside its own (list_unit_price, list_cost). A commitment not used adds an "unused
// commitment" line (service savings_plans) and unused reserved instance-hours a line of their own,
// so the total is what AWS bills: usage on demand + every commitment + every reservation.
// A scenario without commitments passes through unchanged.

#include <optional>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/commitments/scenario_commitments.hpp"
#include "costmodel/table/table.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {
struct scenario;
}

namespace costmodel::stages {

struct commitments_outcome {
    table::table lines;
    std::optional<commitments_summary> summary;  // none for a scenario without commitments
};

// Throws input_error (naming the scenario's source and the plan's or reservation's path) when a plan
// or reservation cannot be priced: an RI without a rate where the catalog has none, plans of one type
// that disagree on their rates.
[[nodiscard]] commitments_outcome apply_commitments(table::table lines, const scenario& s, const catalog& prices,
                                                    std::vector<warning>& warnings);

}  // namespace costmodel::stages
