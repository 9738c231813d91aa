#pragma once
// Step Functions: standard state transitions; express requests and GB-seconds (100 ms, 64 MB steps).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct step_functions_workload {
    // The contract's name of the service ("service": "step_functions").
    static constexpr std::string_view service_name = "step_functions";
    std::string type = "standard";  // standard | express
    Decimal transitions_per_month = Decimal(0);
    Decimal requests_per_month = Decimal(0);
    Decimal duration_ms = Decimal(0);
    Decimal memory_mb = Decimal(64);
    friend bool operator==(const step_functions_workload&, const step_functions_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const step_functions_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
