// Glue ETL jobs: DPU-hours, billed per second of each run (rounded up to the second) with a 1-minute
// minimum per run — 10 minutes on Glue 0.9 and 1.0. The Flex execution class has its own price
// (variant "flex") and the same 1-minute minimum. Workers convert to DPUs: G.1X = 1, G.2X = 2.

#include "costmodel/services/glue_job.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

namespace {

// The Glue versions AWS has offered, as the canonical text "x.y".
constexpr std::string_view glue_versions[] = {"0.9", "1.0", "2.0", "3.0", "4.0", "5.0"};

[[nodiscard]] bool is_legacy_version(const std::string& version) { return version == "0.9" || version == "1.0"; }

[[nodiscard]] Decimal dpu_per_worker(const std::string& worker_type, const std::string& workload) {
    if (worker_type == "G.1X") return Decimal(1);
    if (worker_type == "G.2X") return Decimal(2);
    throw std::invalid_argument(workload + ": worker_type must be G.1X or G.2X, got \"" + worker_type + "\"");
}

}  // namespace

void meter(const glue_job_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const std::string& name = sink.workload();
    if (w.execution_class != "standard" && w.execution_class != "flex") {
        throw std::invalid_argument(name + ": execution_class must be standard or flex, got \"" + w.execution_class + "\"");
    }
    Decimal dpu;
    std::string dpu_text;
    if (w.dpu) {
        if (w.workers || w.worker_type) throw std::invalid_argument(name + ": give dpu or workers with worker_type, not both");
        dpu = *w.dpu;
        dpu_text = dpu.to_string() + " DPU";
    } else if (w.workers && w.worker_type) {
        dpu = *w.workers * dpu_per_worker(*w.worker_type, name);
        dpu_text = w.workers->to_string() + " " + *w.worker_type + " workers (" + dpu.to_string() + " DPU)";
    } else {
        throw std::invalid_argument(name + ": a Glue job needs dpu, or workers and worker_type");
    }
    if (dpu.is_negative()) throw std::invalid_argument(name + ": dpu must be >= 0");
    if (w.execution_class == "flex" && (is_legacy_version(w.glue_version) || w.glue_version == "2.0")) {
        throw std::invalid_argument(name + ": the Flex execution class needs Glue 3.0 or later");
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

namespace detail {

template <>
glue_job_workload read_workload<glue_job_workload>(json_object_reader& reader) {
    glue_job_workload w;
    w.dpu = reader.optional_non_negative("dpu");
    w.workers = reader.optional_non_negative("workers");
    const std::string worker_type = reader.choice_or("worker_type", {"G.1X", "G.2X"}, "");
    if (!worker_type.empty()) w.worker_type = worker_type;
    if (w.dpu && (w.workers || w.worker_type)) {
        reader.fail(w.workers ? "workers" : "worker_type", "give dpu, or workers with worker_type, not both");
    }
    if (!w.dpu && !w.workers && !w.worker_type) reader.fail("dpu", "missing required key (or workers with worker_type)");
    if (w.workers && !w.worker_type) reader.fail("worker_type", "missing required key: workers need a worker_type (G.1X or G.2X)");
    if (w.worker_type && !w.workers) reader.fail("workers", "missing required key: worker_type needs a number of workers");
    if (w.dpu && w.dpu->is_zero()) reader.fail("dpu", "expected a number > 0, got 0");
    if (w.workers && (w.workers->is_zero() || !w.workers->is_integer())) {
        reader.fail("workers", "expected a whole number > 0, got " + w.workers->to_string());
    }
    w.runs = parse_repetition(reader, true);

    // The version may be written as a string ("4.0") or a number (4.0, 4): it is kept as "x.y".
    if (const auto version = reader.value("glue_version"); version && !version->is_null()) {
        std::optional<Decimal> number;
        if (version->is_string() || version->is_number()) {
            try {
                number = read_decimal(*version, reader.source(), reader.path_of("glue_version"));
            } catch (const input_error&) {
            }
        }
        std::string canonical;
        for (std::string_view known : glue_versions) {
            if (number && *number == Decimal::parse(known)) canonical = std::string(known);
        }
        if (canonical.empty()) {
            reader.fail("glue_version", "expected one of 0.9, 1.0, 2.0, 3.0, 4.0, 5.0, got " + describe(*version), describe(*version));
        }
        w.glue_version = canonical;
    }
    w.execution_class = reader.choice_or("execution_class", {"standard", "flex"}, "standard");
    if (w.execution_class == "flex" && (is_legacy_version(w.glue_version) || w.glue_version == "2.0")) {
        reader.fail("execution_class", "the Flex execution class needs Glue 3.0 or later, got glue_version " + w.glue_version);
    }
    return w;
}

}  // namespace detail
}  // namespace costmodel
