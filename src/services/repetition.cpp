// runs_per_month | runs_per_week, run_minutes | run_seconds: how often a workload runs and for how
// long, as exact quantities. Here rather than beside exact_ratio: exact numbers know nothing of scenarios.

#include <stdexcept>

#include "costmodel/scenario_settings.hpp"


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
