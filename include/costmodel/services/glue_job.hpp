#pragma once
// Glue ETL jobs: DPU-hours billed per second with a 1-minute minimum (Glue 0.9/1.0: 10 minutes).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view glue_worker_types[] = {"G.1X", "G.2X"};
inline constexpr std::string_view glue_versions[] = {"0.9", "1.0", "2.0", "3.0", "4.0", "5.0"};
inline constexpr std::string_view glue_execution_classes[] = {"standard", "flex"};

struct glue_job_workload {
    // The contract's name of the service ("service": "glue_job").
    static constexpr std::string_view service_name = "glue_job";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Glue ETL jobs: DPU-hours billed per second with a 1-minute minimum (Glue 0.9/1.0: 10 minutes).";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("dpu", &glue_job_workload::dpu, number_rule::positive, "DPUs per run (or workers with worker_type)."),
            number_key("workers", &glue_job_workload::workers, number_rule::positive_whole, "Workers per run, with worker_type."),
            choice_key("worker_type", &glue_job_workload::worker_type, std::span<const std::string_view>(glue_worker_types), "Worker type: G.1X is 1 DPU, G.2X is 2 DPU."),
            runs_keys(&glue_job_workload::runs, "One of each pair is required."),
            choice_key("glue_version", &glue_job_workload::glue_version, key_presence::defaulted, std::span<const std::string_view>(glue_versions), "Glue version, a string or a number (4 is \"4.0\").", true),
            choice_key("execution_class", &glue_job_workload::execution_class, key_presence::defaulted, std::span<const std::string_view>(glue_execution_classes), "Execution class (Flex needs Glue 3.0 or later).")};
    }
    std::optional<Decimal> dpu;
    std::optional<Decimal> workers;
    std::optional<std::string> worker_type;  // G.1X (1 DPU) | G.2X (2 DPU)
    repetition runs;
    std::string glue_version = "4.0";
    std::string execution_class = "standard";  // standard | flex
    friend bool operator==(const glue_job_workload&, const glue_job_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const glue_job_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_job_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
