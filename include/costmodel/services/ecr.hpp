#pragma once
// ECR: image storage in GB-months.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct ecr_workload {
    // The contract's name of the service ("service": "ecr").
    static constexpr std::string_view service_name = "ecr";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "ECR: image storage in GB-months.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("storage_gb", &ecr_workload::storage_gb, key_presence::required, number_rule::non_negative, "GB of images stored.")};
    }
    Decimal storage_gb;
    friend bool operator==(const ecr_workload&, const ecr_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const ecr_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const ecr_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
