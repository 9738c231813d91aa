#pragma once
// Stage 5, commitments: where Savings Plans and Reserved Instances discount the priced lines and add
// their commitment lines. A scenario has none yet, so the stage hands the lines on unchanged; it is a
// stage of its own so that the estimate's order of stages is already the one commitments need (after
// rating, before line rounding: a plan discounts exact line amounts).

#include "costmodel/table/table.hpp"

namespace costmodel::stages {

// The commitments a scenario holds (none yet).
struct commitments {};

[[nodiscard]] inline table::table apply_commitments(table::table lines, const commitments& /*held*/) { return lines; }

}  // namespace costmodel::stages
