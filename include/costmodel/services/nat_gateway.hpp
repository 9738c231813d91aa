#pragma once
// NAT gateways: gateway-hours and GB processed.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct nat_gateway_workload {
    // The contract's name of the service ("service": "nat_gateway").
    static constexpr std::string_view service_name = "nat_gateway";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "NAT gateways: gateway-hours and GB processed.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("gateways", &nat_gateway_workload::gateways, key_presence::required, number_rule::non_negative, "NAT gateways."),
            number_key("hours_per_month", &nat_gateway_workload::hours_per_month, number_rule::non_negative, "Hours in the month (default: the scenario's hours_per_month)."),
            number_key("data_processed_gb", &nat_gateway_workload::data_processed_gb, key_presence::defaulted, number_rule::non_negative, "GB processed.")};
    }
    Decimal gateways;
    std::optional<Decimal> hours_per_month;
    Decimal data_processed_gb = Decimal(0);
    friend bool operator==(const nat_gateway_workload&, const nat_gateway_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const nat_gateway_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const nat_gateway_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
