// Glue ETL jobs: DPU-hours, billed per second of each run (rounded up to the second) with a 1-minute
// minimum per run — 10 minutes on Glue 0.9 and 1.0. The Flex execution class has its own price
// (variant "flex") and the same 1-minute minimum. Workers convert to DPUs: G.1X = 1, G.2X = 2.

#include "costmodel/services/glue_job.hpp"

namespace costmodel {

namespace {

[[nodiscard]] bool is_legacy_version(const std::string& version) { return version == "0.9" || version == "1.0"; }

// G.1X is 1 DPU, G.2X 2 (the only worker types fields() admits).
[[nodiscard]] Decimal dpu_per_worker(const std::string& worker_type) { return Decimal(worker_type == "G.2X" ? 2 : 1); }

}  // namespace

void meter(const glue_job_workload& w, const scenario_settings& settings, usage_sink& sink) {
    Decimal dpu;
    std::string dpu_text;
    if (w.dpu) {
        dpu = *w.dpu;
        dpu_text = dpu.to_string() + " DPU";
    } else {
        dpu = *w.workers * dpu_per_worker(*w.worker_type);
        dpu_text = w.workers->to_string() + " " + *w.worker_type + " workers (" + dpu.to_string() + " DPU)";
    }

    // Billed seconds per run: rounded up to the second, at least the minimum.
    const bool legacy = is_legacy_version(w.glue_version);
    const exact_ratio minimum(Decimal(legacy ? 600 : 60));
    const exact_ratio seconds = w.runs.seconds_per_run();
    exact_ratio per_run = seconds.ceil();
    const bool minimum_applies = per_run < minimum;
    if (minimum_applies) per_run = minimum;
    const exact_ratio runs = w.runs.monthly_runs(settings);
    const exact_ratio dpu_hours = runs * per_run * exact_ratio(dpu) / exact_ratio(Decimal(3600));

    text_builder note = sink.text();
    note << runs.to_decimal() << " runs × " << per_run.to_decimal() << " s";
    if (minimum_applies) {
        if (legacy) note << " (10-minute minimum of Glue " << w.glue_version << ")";
        else note << " (1-minute minimum)";
    }
    note << " × " << dpu_text << " / 3600";
    if (w.execution_class == "flex") note << "; Flex execution class";
    sink.add("etl", "glue", "etl", w.execution_class, quantity<units::dpu_hour>(dpu_hours.to_decimal()), note);
}

void validate(const glue_job_workload& w, const workload_checks& checks) {
    if (w.dpu && (w.workers || w.worker_type)) {
        checks.fail(w.workers ? "workers" : "worker_type", "give dpu, or workers with worker_type, not both");
    }
    if (!w.dpu && !w.workers && !w.worker_type) checks.fail("dpu", "missing required key (or workers with worker_type)");
    if (w.workers && !w.worker_type) checks.fail("worker_type", "missing required key: workers need a worker_type (G.1X or G.2X)");
    if (w.worker_type && !w.workers) checks.fail("workers", "missing required key: worker_type needs a number of workers");
    check_repetition(checks, w.runs, true);
    if (w.execution_class == "flex" && (is_legacy_version(w.glue_version) || w.glue_version == "2.0")) {
        checks.fail("execution_class", "the Flex execution class needs Glue 3.0 or later, got glue_version " + w.glue_version, "\"flex\"");
    }
}

}  // namespace costmodel
