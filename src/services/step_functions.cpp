// Step Functions. Standard workflows: state transitions. Express workflows: requests, and duration in
// GB-seconds with each execution's duration rounded up to the next 100 ms and its memory up to the next
// 64 MB (at least one step of each), 1 GB = 1024 MB.

#include "costmodel/services/step_functions.hpp"

namespace costmodel {

namespace {

constexpr int default_express_memory_mb = 64;

// `value` rounded up to a whole number of `step`s, at least one step.
[[nodiscard]] exact_ratio round_up_to_step(Decimal value, int step) {
    const exact_ratio size(Decimal{step});
    exact_ratio steps = (exact_ratio(value) / size).ceil();
    if (steps < exact_ratio(Decimal(1))) steps = exact_ratio(Decimal(1));
    return steps * size;
}

text_builder& duration_note(text_builder&& note, Decimal requests, Decimal duration_ms, Decimal memory_mb, Decimal ms, Decimal mb) {
    note << requests << " requests × " << ms << " ms";
    if (ms != duration_ms) note << " (" << duration_ms << " ms in 100 ms steps)";
    note << " / 1000 × " << mb << " MB";
    if (mb != memory_mb) note << " (" << memory_mb << " MB in 64 MB steps)";
    return note << " / 1024";
}

}  // namespace

void meter(const step_functions_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    if (w.type == "standard") {
        const Decimal transitions = *w.transitions_per_month;
        sink.add("transitions", "step_functions", "transitions", "standard", quantity<units::state_transition>(transitions),
                 sink.text() << transitions << " state transitions");
        return;
    }

    const Decimal requests = *w.requests_per_month;
    const Decimal duration_ms = *w.duration_ms;
    const Decimal memory_mb = w.memory_mb.value_or(Decimal(default_express_memory_mb));
    const exact_ratio billed_ms = round_up_to_step(duration_ms, 100);
    const exact_ratio billed_mb = round_up_to_step(memory_mb, 64);
    const exact_ratio gb_seconds = exact_ratio(requests) * billed_ms / exact_ratio(Decimal(1000)) * billed_mb / exact_ratio(Decimal(1024));
    const Decimal ms = billed_ms.to_decimal();
    const Decimal mb = billed_mb.to_decimal();
    sink.add("requests", "step_functions", "requests", "express", quantity<units::request>(requests),
             sink.text() << requests << " requests");
    sink.add("duration", "step_functions", "duration", "express", quantity<units::gb_second>(gb_seconds.to_decimal()),
             duration_note(sink.text(), requests, duration_ms, memory_mb, ms, mb));
}

void validate(const step_functions_workload& w, const workload_checks& checks) {
    if (w.type == "standard") {
        if (w.requests_per_month) checks.fail("requests_per_month", "for type express only (this workflow is standard)");
        if (w.duration_ms) checks.fail("duration_ms", "for type express only (this workflow is standard)");
        if (w.memory_mb) checks.fail("memory_mb", "for type express only (this workflow is standard)");
        if (!w.transitions_per_month) checks.fail("transitions_per_month", "missing required key");
        return;
    }
    if (w.transitions_per_month) checks.fail("transitions_per_month", "for type standard only (this workflow is express)");
    if (!w.requests_per_month) checks.fail("requests_per_month", "missing required key");
    if (!w.duration_ms) checks.fail("duration_ms", "missing required key");
}

}  // namespace costmodel
