#pragma once
// Athena queries: TB scanned; each query rounds up to the MB with a 10 MB minimum.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct athena_workload {
    // The contract's name of the service ("service": "athena").
    static constexpr std::string_view service_name = "athena";
    std::optional<Decimal> queries_per_month;
    std::optional<Decimal> queries_per_week;
    std::optional<Decimal> scanned_mb_per_query;
    std::optional<Decimal> scanned_tb_per_month;
    friend bool operator==(const athena_workload&, const athena_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const athena_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
