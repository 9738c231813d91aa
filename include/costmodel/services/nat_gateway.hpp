#pragma once
// NAT gateways: gateway-hours and GB processed.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct nat_gateway_workload {
    // The contract's name of the service ("service": "nat_gateway").
    static constexpr std::string_view service_name = "nat_gateway";
    Decimal gateways;
    std::optional<Decimal> hours_per_month;
    Decimal data_processed_gb = Decimal(0);
    friend bool operator==(const nat_gateway_workload&, const nat_gateway_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const nat_gateway_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
