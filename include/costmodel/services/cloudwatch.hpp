#pragma once
// CloudWatch: logs ingestion and storage, custom metrics (tiered), dashboards, alarms.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct cloudwatch_workload {
    // The contract's name of the service ("service": "cloudwatch").
    static constexpr std::string_view service_name = "cloudwatch";
    Decimal logs_ingested_gb = Decimal(0);
    Decimal logs_stored_gb = Decimal(0);
    Decimal custom_metrics = Decimal(0);
    Decimal dashboards = Decimal(0);
    Decimal alarms = Decimal(0);
    Decimal high_resolution_alarms = Decimal(0);
    friend bool operator==(const cloudwatch_workload&, const cloudwatch_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const cloudwatch_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
