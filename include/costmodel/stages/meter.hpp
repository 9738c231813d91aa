#pragma once
// Stage 1, meter: scenario → usage table. Each workload's service model turns its settings into usage
// in the units the catalog prices (usage.hpp lists the columns); nothing is priced yet.

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "costmodel/scenario.hpp"
#include "costmodel/usage.hpp"

namespace costmodel::stages {

namespace detail {

inline void meter_into(usage_table& out, const scenario& s, std::vector<warning>& warnings) {
    for (const workload& w : s.workloads) {
        usage_sink sink(out, warnings, w.name, std::string(service_name(w.spec)), s.settings.region);
        std::visit([&](const auto& spec) { costmodel::meter(spec, s.settings, sink); }, w.spec);
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
