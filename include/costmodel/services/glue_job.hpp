#pragma once
// Glue ETL jobs: DPU-hours billed per second with a 1-minute minimum (Glue 0.9/1.0: 10 minutes).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct glue_job_workload {
    // The contract's name of the service ("service": "glue_job").
    static constexpr std::string_view service_name = "glue_job";
    std::optional<Decimal> dpu;
    std::optional<Decimal> workers;
    std::optional<std::string> worker_type;  // G.1X (1 DPU) | G.2X (2 DPU)
    repetition runs;
    std::string glue_version = "4.0";
    std::string execution_class = "standard";  // standard | flex
    friend bool operator==(const glue_job_workload&, const glue_job_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_job_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
