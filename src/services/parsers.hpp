#pragma once
// Parsers of the service-specific keys of a workload (internal). Each reads its keys from the
// workload's object reader and validates them with messages naming the path; the scenario parser
// reads `name`, `service` and `description` and calls finish() afterwards.

#include "../json_input.hpp"
#include "costmodel/scenario.hpp"

namespace costmodel::detail {

// runs_per_month | runs_per_week, run_minutes | run_seconds. `required` makes both mandatory.
[[nodiscard]] repetition parse_repetition(json_object_reader& reader, bool required);

// Reads one service's keys into its workload type. Each service's source file defines the
// specialization for its own type; the scenario reader calls it for every type of the registry.
template <class Workload>
[[nodiscard]] Workload read_workload(json_object_reader& reader);

}  // namespace costmodel::detail
