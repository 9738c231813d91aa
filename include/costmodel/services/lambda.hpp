#pragma once
// Lambda functions: requests, duration in GB-seconds (rounded up to 1 ms per invocation), ephemeral
// storage above 512 MB, provisioned concurrency.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct lambda_workload {
    // The contract's name of the service ("service": "lambda").
    static constexpr std::string_view service_name = "lambda";
    std::optional<Decimal> invocations_per_month;
    std::optional<Decimal> invocations_per_week;
    Decimal duration_ms;
    Decimal memory_mb = Decimal(128);
    std::string arch = "x86_64";  // x86_64 | arm64
    Decimal ephemeral_storage_mb = Decimal(512);
    Decimal provisioned_concurrency = Decimal(0);
    std::optional<Decimal> provisioned_hours_per_month;  // default: the scenario hours_per_month
    friend bool operator==(const lambda_workload&, const lambda_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const lambda_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
