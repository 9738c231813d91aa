#pragma once
// CloudTrail: data events, extra copies of management events, Insights, Lake ingestion.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct cloudtrail_workload {
    // The contract's name of the service ("service": "cloudtrail").
    static constexpr std::string_view service_name = "cloudtrail";
    Decimal data_events_per_month = Decimal(0);
    Decimal extra_management_events_per_month = Decimal(0);
    Decimal insights_events_per_month = Decimal(0);
    Decimal lake_ingested_gb = Decimal(0);
    friend bool operator==(const cloudtrail_workload&, const cloudtrail_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const cloudtrail_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
