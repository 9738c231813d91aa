#pragma once
// Stage 1, meter: scenario → usage table. Each workload's service model turns its settings into usage
// in the units the catalog prices (usage.hpp lists the columns); nothing is priced yet.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "costmodel/input_error.hpp"
#include "costmodel/scenario.hpp"
#include "costmodel/usage.hpp"

namespace costmodel::stages {

namespace detail {

// A value out of range or inconsistent, found while metering or pricing, is the user's input: it is
// reported as an input_error naming the scenario's file and the workload.
[[noreturn]] inline void throw_for_workload(const scenario& s, std::size_t index, const std::exception& error) {
    const std::string source = s.source.empty() ? "<scenario>" : s.source;
    std::string message = error.what();
    if (index >= s.workloads.size()) throw input_error(source, "", message);
    const std::string& name = s.workloads[index].name;
    // "fargate-a: capacity spot needs spot_discount" already names the workload, which the path names.
    if (message.rfind(name + ": ", 0) == 0) message.erase(0, name.size() + 2);
    throw input_error(source, "workloads[" + std::to_string(index) + "]", message + " (workload \"" + name + "\")");
}

[[noreturn]] inline void throw_for_workload(const scenario& s, std::string_view name, const std::exception& error) {
    std::size_t index = 0;
    while (index < s.workloads.size() && s.workloads[index].name != name) ++index;
    throw_for_workload(s, index, error);
}

inline void meter_into(usage_table& out, const scenario& s, std::vector<warning>& warnings) {
    // The service models take valid workloads: a scenario built or changed in code is checked here by
    // the same rules the reader applies (validate() throws input_error naming the key).
    validate(s);
    for (std::size_t i = 0; i < s.workloads.size(); ++i) {
        const workload& w = s.workloads[i];
        usage_sink sink(out, warnings, w.name, service_name(w.spec), s.settings.region);
        try {
            if (w.schedule) {
                // What the service bills by the hour runs in the schedule's hours: the month it sees has
                // Σ weights hours (docs/commitments.md, "Schedules").
                scenario_settings scheduled = s.settings;
                scheduled.hours_per_month = ::costmodel::commitments::total_weight(*w.schedule, ::costmodel::commitments::whole_hours(s.settings.hours_per_month));
                std::visit([&](const auto& spec) { costmodel::meter(spec, scheduled, sink); }, w.spec);
                continue;
            }
            std::visit([&](const auto& spec) { costmodel::meter(spec, s.settings, sink); }, w.spec);
        } catch (const input_error&) {
            throw;
        } catch (const std::overflow_error& error) {
            throw_for_workload(s, i, error);
        } catch (const std::invalid_argument& error) {
            throw_for_workload(s, i, error);
        } catch (const std::domain_error& error) {
            throw_for_workload(s, i, error);
        }
    }
}

}  // namespace detail

[[nodiscard]] inline table::table meter(const scenario& s, std::vector<warning>& warnings) {
    usage_table out;
    out.reserve(s.workloads.size() * 3);
    detail::meter_into(out, s, warnings);
    return std::move(out).release();
}

// Several scenarios' usage in one table, with a leading `variant` column: scenarios[i]'s rows carry
// variant first_variant + i. warnings[i] receives scenarios[i]'s warnings.
[[nodiscard]] inline table::table meter_many(std::span<const scenario* const> scenarios, std::int32_t first_variant,
                                             std::vector<std::vector<warning>>& warnings) {
    usage_table out(true);
    std::size_t workloads = 0;
    for (const scenario* s : scenarios) workloads += s->workloads.size();
    out.reserve(workloads * 3);
    warnings.resize(scenarios.size());
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        out.set_variant(first_variant + static_cast<std::int32_t>(i));
        detail::meter_into(out, *scenarios[i], warnings[i]);
    }
    return std::move(out).release();
}

}  // namespace costmodel::stages
