// Fargate: vCPU and memory per second of task time, rounded up to the second with a one-minute
// minimum per task run (five minutes on Windows); ephemeral storage above the free 20 GB; Spot as the
// discount the scenario states (AWS says "up to 70 %", and it varies).

#include "costmodel/services/fargate.hpp"

#include <algorithm>

namespace costmodel {

namespace {

// AWS's supported task sizes for Linux/Windows tasks (vCPU: memory).
[[nodiscard]] bool is_supported_task_size(Decimal vcpu, Decimal memory_gb, std::string* allowed) {
    using namespace costmodel::literals;
    struct range {
        Decimal vcpu, min_gb, max_gb, step_gb;
        const char* text;
    };
    static const range ranges[] = {
        {"0.5"_d, "1"_d, "4"_d, "1"_d, "1-4 GB in 1 GB steps"},
        {"1"_d, "2"_d, "8"_d, "1"_d, "2-8 GB in 1 GB steps"},
        {"2"_d, "4"_d, "16"_d, "1"_d, "4-16 GB in 1 GB steps"},
        {"4"_d, "8"_d, "30"_d, "1"_d, "8-30 GB in 1 GB steps"},
        {"8"_d, "16"_d, "60"_d, "4"_d, "16-60 GB in 4 GB steps"},
        {"16"_d, "32"_d, "120"_d, "8"_d, "32-120 GB in 8 GB steps"},
    };
    if (vcpu == "0.25"_d) {
        *allowed = "0.5, 1 or 2 GB";
        return memory_gb == "0.5"_d || memory_gb == "1"_d || memory_gb == "2"_d;
    }
    for (const range& r : ranges) {
        if (vcpu != r.vcpu) continue;
        *allowed = r.text;
        if (memory_gb < r.min_gb || memory_gb > r.max_gb) return false;
        return ((memory_gb - r.min_gb) / r.step_gb).is_integer();
    }
    allowed->clear();
    return false;
}

}  // namespace

void meter(const fargate_workload& w, const scenario_settings& settings, usage_sink& sink) {
    using namespace costmodel::literals;
    std::string allowed;
    if (!is_supported_task_size(w.vcpu, w.memory_gb, &allowed)) {
        sink.warn(allowed.empty()
                      ? w.vcpu.to_string() + " vCPU is not a Fargate task size (0.25, 0.5, 1, 2, 4, 8 or 16)"
                      : w.vcpu.to_string() + " vCPU supports " + allowed + "; " + w.memory_gb.to_string() + " GB requested");
    }

    // Billed seconds of task time in the month: per run, rounded up to the second, at least the minimum.
    exact_ratio task_seconds;
    text_builder how = sink.text(1);
    if (w.hours_per_month) {
        task_seconds = exact_ratio(*w.hours_per_month) * exact_ratio(Decimal(3600)) * exact_ratio(w.tasks);
        how << w.tasks << " task(s) × " << *w.hours_per_month << " h";
    } else {
        const exact_ratio minimum(Decimal(w.os == "windows" ? 300 : 60));
        exact_ratio per_run = w.runs.seconds_per_run().ceil();
        if (per_run < minimum) per_run = minimum;
        const exact_ratio runs = w.runs.monthly_runs(settings);
        task_seconds = runs * per_run * exact_ratio(w.tasks);
        how << runs.to_decimal() << " runs × " << w.tasks << " task(s) × " << per_run.to_decimal() << " s";
    }
    const exact_ratio task_hours = task_seconds / exact_ratio(Decimal(3600));

    const std::string variant = w.os + "-" + w.arch;
    const Decimal factor = w.capacity == "spot" ? Decimal(1) - *w.spot_discount : Decimal(1);
    text_builder spot_note = sink.text(2);
    if (w.capacity == "spot") spot_note << "; Spot at " << (*w.spot_discount * Decimal(100)) << "% off";

    sink.add("vcpu", "fargate", "vcpu", variant, quantity<units::vcpu_hour>((task_hours * exact_ratio(w.vcpu)).to_decimal()),
             sink.text() << how.view() << " × " << w.vcpu << " vCPU" << spot_note.view(), factor);
    sink.add("memory", "fargate", "memory", variant, quantity<units::gb_hour>((task_hours * exact_ratio(w.memory_gb)).to_decimal()),
             sink.text() << how.view() << " × " << w.memory_gb << " GB" << spot_note.view(), factor);
    if (w.os == "windows") {
        sink.add("os_license", "fargate", "os_license", variant,
                 quantity<units::vcpu_hour>((task_hours * exact_ratio(w.vcpu)).to_decimal()),
                 sink.text() << how.view() << " × " << w.vcpu << " vCPU (Windows licence)", factor);
    }
    const Decimal extra_storage = w.ephemeral_storage_gb - Decimal(20);
    if (extra_storage > Decimal()) {
        sink.add("ephemeral_storage", "fargate", "ephemeral_storage", "",
                 quantity<units::gb_hour>((task_hours * exact_ratio(extra_storage)).to_decimal()),
                 sink.text() << how.view() << " × " << extra_storage << " GB above the free 20 GB", factor);
    }
}

void validate(const fargate_workload& w, const workload_checks& checks) {
    check_repetition(checks, w.runs, !w.hours_per_month.has_value());
    if (w.hours_per_month && (w.runs.has_runs() || w.runs.has_duration())) {
        checks.fail("hours_per_month", "give hours_per_month (always on) or runs and a run duration, not both");
    }
    if (w.os == "windows" && w.arch == "arm64") checks.fail("arch", "Fargate Windows tasks run on x86_64 only", "\"arm64\"");
    if (w.capacity == "spot" && !w.spot_discount) {
        checks.fail("spot_discount", "missing: capacity spot needs the discount it assumes, e.g. \"0.70\"");
    }
    if (w.spot_discount && *w.spot_discount > Decimal(1)) {
        checks.fail("spot_discount", "expected a fraction between 0 and 1, got " + w.spot_discount->to_string(), w.spot_discount->to_string());
    }
    if (w.spot_discount && w.capacity != "spot") checks.fail("spot_discount", "given without capacity \"spot\"");
}

}  // namespace costmodel
