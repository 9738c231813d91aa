#pragma once
// CloudWatch: logs ingestion and storage, custom metrics (tiered), dashboards, alarms.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct cloudwatch_workload {
    // The contract's name of the service ("service": "cloudwatch").
    static constexpr std::string_view service_name = "cloudwatch";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "CloudWatch: log ingestion and storage, custom metrics, dashboards, alarms.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("logs_ingested_gb", &cloudwatch_workload::logs_ingested_gb, key_presence::defaulted, number_rule::non_negative, "GB of logs ingested in the month."),
            number_key("logs_stored_gb", &cloudwatch_workload::logs_stored_gb, key_presence::defaulted, number_rule::non_negative, "GB of logs stored (GB-months)."),
            number_key("custom_metrics", &cloudwatch_workload::custom_metrics, key_presence::defaulted, number_rule::non_negative, "Custom metrics (tiered over the scenario)."),
            number_key("dashboards", &cloudwatch_workload::dashboards, key_presence::defaulted, number_rule::non_negative, "Dashboards."),
            number_key("alarms", &cloudwatch_workload::alarms, key_presence::defaulted, number_rule::non_negative, "Standard-resolution alarms."),
            number_key("high_resolution_alarms", &cloudwatch_workload::high_resolution_alarms, key_presence::defaulted, number_rule::non_negative, "High-resolution alarms.")};
    }
    Decimal logs_ingested_gb = Decimal(0);
    Decimal logs_stored_gb = Decimal(0);
    Decimal custom_metrics = Decimal(0);
    Decimal dashboards = Decimal(0);
    Decimal alarms = Decimal(0);
    Decimal high_resolution_alarms = Decimal(0);
    friend bool operator==(const cloudwatch_workload&, const cloudwatch_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const cloudwatch_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const cloudwatch_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
