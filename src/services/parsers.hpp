#pragma once
// Parsers of the service-specific keys of a workload (internal). Each reads its keys from the
// workload's object reader and validates them with messages naming the path; the scenario parser
// reads `name`, `service` and `description` and calls finish() afterwards.

#include "../json_input.hpp"
#include "costmodel/scenario.hpp"

namespace costmodel::detail {

// runs_per_month | runs_per_week, run_minutes | run_seconds. `required` makes both mandatory.
[[nodiscard]] repetition parse_repetition(json_object_reader& reader, bool required);

[[nodiscard]] fargate_workload parse_fargate(json_object_reader& reader);
[[nodiscard]] lambda_workload parse_lambda(json_object_reader& reader);
[[nodiscard]] glue_job_workload parse_glue_job(json_object_reader& reader);
[[nodiscard]] glue_crawler_workload parse_glue_crawler(json_object_reader& reader);
[[nodiscard]] glue_catalog_workload parse_glue_catalog(json_object_reader& reader);
[[nodiscard]] athena_workload parse_athena(json_object_reader& reader);
[[nodiscard]] s3_workload parse_s3(json_object_reader& reader);
[[nodiscard]] step_functions_workload parse_step_functions(json_object_reader& reader);
[[nodiscard]] ecr_workload parse_ecr(json_object_reader& reader);
[[nodiscard]] bedrock_workload parse_bedrock(json_object_reader& reader);
[[nodiscard]] cloudwatch_workload parse_cloudwatch(json_object_reader& reader);
[[nodiscard]] vpc_endpoint_workload parse_vpc_endpoint(json_object_reader& reader);
[[nodiscard]] nat_gateway_workload parse_nat_gateway(json_object_reader& reader);
[[nodiscard]] cloudtrail_workload parse_cloudtrail(json_object_reader& reader);
[[nodiscard]] ec2_workload parse_ec2(json_object_reader& reader);
[[nodiscard]] fixed_workload parse_fixed(json_object_reader& reader);

}  // namespace costmodel::detail
