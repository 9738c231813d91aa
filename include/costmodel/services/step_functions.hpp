#pragma once
// Step Functions: standard state transitions; express requests and GB-seconds (100 ms, 64 MB steps).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view step_functions_types[] = {"standard", "express"};

struct step_functions_workload {
    // The contract's name of the service ("service": "step_functions").
    static constexpr std::string_view service_name = "step_functions";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Step Functions: standard workflows by state transition, express by request and GB-second.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            choice_key("type", &step_functions_workload::type, key_presence::defaulted, std::span<const std::string_view>(step_functions_types), "Workflow type."),
            number_key("transitions_per_month", &step_functions_workload::transitions_per_month, number_rule::non_negative, "Standard: state transitions in the month (required)."),
            number_key("requests_per_month", &step_functions_workload::requests_per_month, number_rule::non_negative, "Express: requests in the month (required)."),
            number_key("duration_ms", &step_functions_workload::duration_ms, number_rule::non_negative, "Express: milliseconds per execution (required; billed in 100 ms steps)."),
            number_key("memory_mb", &step_functions_workload::memory_mb, number_rule::non_negative, "Express: MB of memory (billed in 64 MB steps; default 64).")};
    }
    std::string type = "standard";  // standard | express
    // Standard workflows take transitions only; express workflows requests, duration and memory.
    std::optional<Decimal> transitions_per_month;
    std::optional<Decimal> requests_per_month;
    std::optional<Decimal> duration_ms;
    std::optional<Decimal> memory_mb;  // express; default 64
    friend bool operator==(const step_functions_workload&, const step_functions_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const step_functions_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const step_functions_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
