#pragma once
// Glue crawlers: DPU-hours per second with a 10-minute minimum per run.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct glue_crawler_workload {
    // The contract's name of the service ("service": "glue_crawler").
    static constexpr std::string_view service_name = "glue_crawler";
    Decimal dpu = Decimal(1);
    repetition runs;
    friend bool operator==(const glue_crawler_workload&, const glue_crawler_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_crawler_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
