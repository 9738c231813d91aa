#pragma once
// CloudTrail: data events, extra copies of management events, Insights, Lake ingestion.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct cloudtrail_workload {
    // The contract's name of the service ("service": "cloudtrail").
    static constexpr std::string_view service_name = "cloudtrail";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "CloudTrail: data, extra management and Insights events; Lake ingestion.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("data_events_per_month", &cloudtrail_workload::data_events_per_month, key_presence::defaulted, number_rule::non_negative, "Data events in the month."),
            number_key("extra_management_events_per_month", &cloudtrail_workload::extra_management_events_per_month, key_presence::defaulted, number_rule::non_negative, "Management events in trails beyond the first (the first copy is free)."),
            number_key("insights_events_per_month", &cloudtrail_workload::insights_events_per_month, key_presence::defaulted, number_rule::non_negative, "Insights events in the month."),
            number_key("lake_ingested_gb", &cloudtrail_workload::lake_ingested_gb, key_presence::defaulted, number_rule::non_negative, "GB ingested into CloudTrail Lake.")};
    }
    Decimal data_events_per_month = Decimal(0);
    Decimal extra_management_events_per_month = Decimal(0);
    Decimal insights_events_per_month = Decimal(0);
    Decimal lake_ingested_gb = Decimal(0);
    friend bool operator==(const cloudtrail_workload&, const cloudtrail_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const cloudtrail_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const cloudtrail_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
