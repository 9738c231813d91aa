#pragma once
// A scenario's `savings_plans` and `reserved_instances` as JSON (internal to the scenario reader,
// writer and validation).

#include <string>
#include <vector>

#include "costmodel/commitments/scenario_commitments.hpp"
#include "../json_input.hpp"
#include "../json_writer.hpp"

namespace costmodel {
struct scenario;
}

namespace costmodel::detail {

// With `parameters`, a plan's commitment_per_hour and a reservation's units and hourly_rate may be
// written as expressions of them ("=base * 0.8"); with `expressions`, each is recorded with where a
// sweep puts a new value of it.
[[nodiscard]] std::vector<scenario_savings_plan> read_scenario_savings_plans(const json& value, const std::string& source,
                                                                           const parameter_values* parameters = nullptr,
                                                                           expression_log<scenario>* expressions = nullptr);
[[nodiscard]] std::vector<scenario_reserved_instance> read_scenario_reserved_instances(const json& value, const std::string& source,
                                                                                     const parameter_values* parameters = nullptr,
                                                                                     expression_log<scenario>* expressions = nullptr);
void write_scenario_commitments(json_writer& out, const scenario& s);
// Ranges and references: ids unique, commitments >= 0, discounts from 0 to 100 for ec2, fargate or
// lambda, each RI naming an EC2 workload once. Throws input_error naming `source` and the path.
void check_scenario_commitments(const scenario& s, const std::string& source);

}  // namespace costmodel::detail
