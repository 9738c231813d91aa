#pragma once
// Glue crawlers: DPU-hours per second with a 10-minute minimum per run.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct glue_crawler_workload {
    // The contract's name of the service ("service": "glue_crawler").
    static constexpr std::string_view service_name = "glue_crawler";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Glue crawlers: DPU-hours per second with a 10-minute minimum per run.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("dpu", &glue_crawler_workload::dpu, key_presence::defaulted, number_rule::positive, "DPUs per run."),
            runs_keys(&glue_crawler_workload::runs, "One of each pair is required.")};
    }
    Decimal dpu = Decimal(1);
    repetition runs;
    friend bool operator==(const glue_crawler_workload&, const glue_crawler_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const glue_crawler_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_crawler_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
