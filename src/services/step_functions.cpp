// Step Functions. Standard workflows: state transitions. Express workflows: requests, and duration in
// GB-seconds with each execution's duration rounded up to the next 100 ms and its memory up to the next
// 64 MB (at least one step of each), 1 GB = 1024 MB.

#include "costmodel/services/step_functions.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

namespace {

// `value` rounded up to a whole number of `step`s, at least one step.
[[nodiscard]] exact_ratio round_up_to_step(Decimal value, int step) {
    const exact_ratio size(Decimal{step});
    exact_ratio steps = (exact_ratio(value) / size).ceil();
    if (steps < exact_ratio(Decimal(1))) steps = exact_ratio(Decimal(1));
    return steps * size;
}

}  // namespace

namespace {

text_builder& duration_note(text_builder&& note, const step_functions_workload& w, Decimal ms, Decimal mb) {
    note << w.requests_per_month << " requests × " << ms << " ms";
    if (ms != w.duration_ms) note << " (" << w.duration_ms << " ms in 100 ms steps)";
    note << " / 1000 × " << mb << " MB";
    if (mb != w.memory_mb) note << " (" << w.memory_mb << " MB in 64 MB steps)";
    return note << " / 1024";
}

}  // namespace

void meter(const step_functions_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const std::string& name = sink.workload();
    if (w.transitions_per_month.is_negative() || w.requests_per_month.is_negative() || w.duration_ms.is_negative() ||
        w.memory_mb.is_negative()) {
        throw std::invalid_argument(name + ": Step Functions usage must be >= 0");
    }
    if (w.type == "standard") {
        sink.add("transitions", "step_functions", "transitions", "standard",
                 quantity<units::state_transition>(w.transitions_per_month),
                 w.transitions_per_month.to_string() + " state transitions");
        return;
    }
    if (w.type != "express") throw std::invalid_argument(name + ": type must be standard or express, got \"" + w.type + "\"");

    const exact_ratio billed_ms = round_up_to_step(w.duration_ms, 100);
    const exact_ratio billed_mb = round_up_to_step(w.memory_mb, 64);
    const exact_ratio gb_seconds = exact_ratio(w.requests_per_month) * billed_ms / exact_ratio(Decimal(1000)) * billed_mb /
                                   exact_ratio(Decimal(1024));
    const Decimal ms = billed_ms.to_decimal();
    const Decimal mb = billed_mb.to_decimal();
    sink.add("requests", "step_functions", "requests", "express", quantity<units::request>(w.requests_per_month),
             sink.text() << w.requests_per_month << " requests");
    sink.add("duration", "step_functions", "duration", "express", quantity<units::gb_second>(gb_seconds.to_decimal()),
             duration_note(sink.text(), w, ms, mb));
}

namespace detail {

template <>
step_functions_workload read_workload<step_functions_workload>(json_object_reader& reader) {
    step_functions_workload w;
    w.type = reader.choice_or("type", {"standard", "express"}, "standard");
    const auto transitions = reader.optional_non_negative("transitions_per_month");
    const auto requests = reader.optional_non_negative("requests_per_month");
    const auto duration = reader.optional_non_negative("duration_ms");
    const auto memory = reader.optional_non_negative("memory_mb");
    if (w.type == "standard") {
        if (requests) reader.fail("requests_per_month", "for type express only (this workflow is standard)");
        if (duration) reader.fail("duration_ms", "for type express only (this workflow is standard)");
        if (memory) reader.fail("memory_mb", "for type express only (this workflow is standard)");
        if (!transitions) reader.fail("transitions_per_month", "missing required key");
        w.transitions_per_month = *transitions;
        return w;
    }
    if (transitions) reader.fail("transitions_per_month", "for type standard only (this workflow is express)");
    if (!requests) reader.fail("requests_per_month", "missing required key");
    if (!duration) reader.fail("duration_ms", "missing required key");
    w.requests_per_month = *requests;
    w.duration_ms = *duration;
    w.memory_mb = memory.value_or(Decimal(64));
    return w;
}

}  // namespace detail
}  // namespace costmodel
