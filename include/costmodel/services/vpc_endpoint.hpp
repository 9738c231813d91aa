#pragma once
// VPC endpoints: interface endpoints per AZ-hour and data processed (tiered); gateway endpoints free.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view vpc_endpoint_types[] = {"interface", "gateway"};

struct vpc_endpoint_workload {
    // The contract's name of the service ("service": "vpc_endpoint").
    static constexpr std::string_view service_name = "vpc_endpoint";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "VPC endpoints: endpoint-hours per AZ and GB processed; gateway endpoints are free.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("endpoints", &vpc_endpoint_workload::endpoints, key_presence::required, number_rule::non_negative, "Endpoints."),
            number_key("azs", &vpc_endpoint_workload::azs, key_presence::defaulted, number_rule::non_negative, "Availability zones each endpoint is in."),
            number_key("hours_per_month", &vpc_endpoint_workload::hours_per_month, number_rule::non_negative, "Hours in the month (default: the scenario's hours_per_month)."),
            number_key("data_processed_gb", &vpc_endpoint_workload::data_processed_gb, key_presence::defaulted, number_rule::non_negative, "GB processed (tiered over the scenario)."),
            choice_key("type", &vpc_endpoint_workload::type, key_presence::defaulted, std::span<const std::string_view>(vpc_endpoint_types), "Interface endpoints are priced; gateway endpoints (S3, DynamoDB) are free.")};
    }
    Decimal endpoints;
    Decimal azs = Decimal(1);
    std::optional<Decimal> hours_per_month;  // default: the scenario hours_per_month
    Decimal data_processed_gb = Decimal(0);
    std::string type = "interface";  // interface | gateway (free)
    friend bool operator==(const vpc_endpoint_workload&, const vpc_endpoint_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const vpc_endpoint_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const vpc_endpoint_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
