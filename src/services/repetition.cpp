// runs_per_month | runs_per_week, run_minutes | run_seconds: how often a workload runs and for how
// long, read and turned into exact quantities here so that exact numbers know nothing of scenarios.

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel::detail {

repetition parse_repetition(json_object_reader& reader, bool required) {
    repetition result;
    result.runs_per_month = reader.optional_non_negative("runs_per_month");
    result.runs_per_week = reader.optional_non_negative("runs_per_week");
    result.run_minutes = reader.optional_non_negative("run_minutes");
    result.run_seconds = reader.optional_non_negative("run_seconds");
    if (result.runs_per_month && result.runs_per_week) {
        reader.fail("runs_per_week", "give runs_per_month or runs_per_week, not both");
    }
    if (result.run_minutes && result.run_seconds) reader.fail("run_seconds", "give run_minutes or run_seconds, not both");
    if (required && !result.has_runs()) reader.fail("runs_per_month", "missing required key (or runs_per_week)");
    if (required && !result.has_duration()) reader.fail("run_minutes", "missing required key (or run_seconds)");
    return result;
}

}  // namespace costmodel::detail

namespace costmodel {

exact_ratio repetition::monthly_runs(const scenario_settings& settings) const {
    if (runs_per_month) return exact_ratio(*runs_per_month);
    if (runs_per_week) return exact_ratio(*runs_per_week) * settings.weeks_per_month;
    throw std::invalid_argument("no runs_per_month or runs_per_week given");
}

exact_ratio repetition::seconds_per_run() const {
    if (run_seconds) return exact_ratio(*run_seconds);
    if (run_minutes) return exact_ratio(*run_minutes) * exact_ratio(Decimal(60));
    throw std::invalid_argument("no run_minutes or run_seconds given");
}

}  // namespace costmodel
