#pragma once
// ECR: image storage in GB-months.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct ecr_workload {
    // The contract's name of the service ("service": "ecr").
    static constexpr std::string_view service_name = "ecr";
    Decimal storage_gb;
    friend bool operator==(const ecr_workload&, const ecr_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const ecr_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
