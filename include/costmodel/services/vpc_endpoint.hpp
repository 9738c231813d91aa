#pragma once
// VPC endpoints: interface endpoints per AZ-hour and data processed (tiered); gateway endpoints free.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct vpc_endpoint_workload {
    // The contract's name of the service ("service": "vpc_endpoint").
    static constexpr std::string_view service_name = "vpc_endpoint";
    Decimal endpoints;
    Decimal azs = Decimal(1);
    std::optional<Decimal> hours_per_month;  // default: the scenario hours_per_month
    Decimal data_processed_gb = Decimal(0);
    std::string type = "interface";  // interface | gateway (free)
    friend bool operator==(const vpc_endpoint_workload&, const vpc_endpoint_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const vpc_endpoint_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
