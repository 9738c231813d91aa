// Glue crawlers: DPU-hours, billed per second of each run (rounded up to the second) with a 10-minute
// minimum per run.

#include "costmodel/services/glue_crawler.hpp"

namespace costmodel {

void meter(const glue_crawler_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const exact_ratio minimum(Decimal(600));
    exact_ratio per_run = w.runs.seconds_per_run().ceil();
    const bool minimum_applies = per_run < minimum;
    if (minimum_applies) per_run = minimum;
    const exact_ratio runs = w.runs.monthly_runs(settings);
    const exact_ratio dpu_hours = runs * per_run * exact_ratio(w.dpu) / exact_ratio(Decimal(3600));
    sink.add("crawler", "glue", "crawler", "", quantity<units::dpu_hour>(dpu_hours.to_decimal()),
             sink.text() << runs.to_decimal() << " runs × " << per_run.to_decimal() << " s"
                         << (minimum_applies ? " (10-minute minimum)" : "") << " × " << w.dpu << " DPU / 3600");
}

void validate(const glue_crawler_workload& w, const workload_checks& checks) { check_repetition(checks, w.runs, true); }

}  // namespace costmodel
