// Lambda: requests; duration in GB-seconds with each invocation rounded up to the millisecond (at least
// 1 ms); ephemeral storage above the free 512 MB (extra GB × execution seconds; memory does not enter);
// provisioned concurrency (concurrency × memory GB × provisioned seconds) and, when it is set, the
// duration of every invocation at the provisioned-duration price.
//
// All arithmetic is exact (exact_ratio); each quantity is rounded once, to 10 fractional digits.

#include "costmodel/services/lambda.hpp"

namespace costmodel {

namespace {

constexpr int min_memory_mb = 128;
constexpr int max_memory_mb = 10240;
constexpr int free_ephemeral_mb = 512;
constexpr int max_ephemeral_mb = 10240;
constexpr int max_duration_ms = 900000;  // Lambda's 15-minute timeout

[[nodiscard]] bool in_mb_range(Decimal mb, int low, int high) {
    return mb.is_integer() && mb >= Decimal(low) && mb <= Decimal(high);
}

}  // namespace

void meter(const lambda_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const bool provisioned = w.provisioned_concurrency > Decimal();

    // Invocations in the month, exactly.
    exact_ratio invocations;
    std::string how;
    if (w.invocations_per_month) {
        invocations = exact_ratio(*w.invocations_per_month);
        how = w.invocations_per_month->to_string() + " invocations";
    } else {
        invocations = exact_ratio(*w.invocations_per_week) * settings.weeks_per_month;
        how = w.invocations_per_week->to_string() + " invocations/week × " + settings.weeks_per_month_text + " weeks";
    }

    if (w.duration_ms > Decimal(max_duration_ms)) {
        sink.warn("duration_ms " + w.duration_ms.to_string() + " exceeds Lambda's 15-minute maximum (900000 ms)");
    }

    // Billed milliseconds per invocation: rounded up to the millisecond, at least 1 ms.
    exact_ratio billed_ms = exact_ratio(w.duration_ms).ceil();
    if (billed_ms < exact_ratio(Decimal(1))) billed_ms = exact_ratio(Decimal(1));
    const Decimal billed_ms_value = billed_ms.to_decimal();
    const exact_ratio execution_seconds = invocations * billed_ms / exact_ratio(Decimal(1000));
    const exact_ratio memory_gb = exact_ratio(w.memory_mb) / exact_ratio(Decimal(1024));
    text_builder per_invocation = sink.text(1);
    per_invocation << how << " × " << billed_ms_value << " ms";
    if (w.duration_ms < Decimal(1)) {
        per_invocation << " (" << w.duration_ms << " ms; 1 ms minimum)";
    } else if (billed_ms_value != w.duration_ms) {
        per_invocation << " (" << w.duration_ms << " ms rounded up to the ms)";
    }

    sink.add("requests", "lambda", "requests", w.arch, quantity<units::request>(invocations.to_decimal()), how);

    if (provisioned) {
        const Decimal hours = w.provisioned_hours_per_month.value_or(settings.hours_per_month);
        const exact_ratio provisioned_gb_seconds =
            exact_ratio(w.provisioned_concurrency) * memory_gb * exact_ratio(hours) * exact_ratio(Decimal(3600));
        sink.add("provisioned_concurrency", "lambda", "provisioned_concurrency", w.arch,
                 quantity<units::gb_second>(provisioned_gb_seconds.to_decimal()),
                 sink.text() << w.provisioned_concurrency << " concurrency × " << w.memory_mb << " MB / 1024 × " << hours
                             << " h × 3600 s");
        sink.add("provisioned_duration", "lambda", "provisioned_duration", w.arch,
                 quantity<units::gb_second>((execution_seconds * memory_gb).to_decimal()),
                 sink.text() << per_invocation.view() << " / 1000 × " << w.memory_mb
                             << " MB / 1024; all invocations run on provisioned concurrency");
    } else {
        sink.add("duration", "lambda", "duration", w.arch, quantity<units::gb_second>((execution_seconds * memory_gb).to_decimal()),
                 sink.text() << per_invocation.view() << " / 1000 × " << w.memory_mb << " MB / 1024");
    }

    const Decimal extra_mb = w.ephemeral_storage_mb - Decimal(free_ephemeral_mb);
    if (extra_mb > Decimal()) {
        const exact_ratio extra_gb = exact_ratio(extra_mb) / exact_ratio(Decimal(1024));
        sink.add("ephemeral_storage", "lambda", "ephemeral_storage", w.arch,
                 quantity<units::gb_second>((execution_seconds * extra_gb).to_decimal()),
                 sink.text() << per_invocation.view() << " / 1000 × " << extra_mb << " MB / 1024 above the free 512 MB");
    }
}

void validate(const lambda_workload& w, const workload_checks& checks) {
    require_one_of(checks, w.invocations_per_month.has_value(), "invocations_per_month", w.invocations_per_week.has_value(),
                   "invocations_per_week");
    if (!in_mb_range(w.memory_mb, min_memory_mb, max_memory_mb)) {
        checks.fail("memory_mb", "expected whole MB from 128 to 10240, got " + w.memory_mb.to_string(), w.memory_mb.to_string());
    }
    if (!in_mb_range(w.ephemeral_storage_mb, free_ephemeral_mb, max_ephemeral_mb)) {
        checks.fail("ephemeral_storage_mb", "expected whole MB from 512 to 10240, got " + w.ephemeral_storage_mb.to_string(),
                    w.ephemeral_storage_mb.to_string());
    }
    if (w.provisioned_hours_per_month && w.provisioned_concurrency.is_zero()) {
        checks.fail("provisioned_hours_per_month", "given without provisioned_concurrency");
    }
    if (!w.provisioned_concurrency.is_zero() && w.arch != "x86_64") {
        checks.fail("provisioned_concurrency", "the catalog has no price for provisioned concurrency on " + w.arch + " (x86_64 only)");
    }
}

}  // namespace costmodel
