#pragma once
// Stage 1, meter: scenario → usage table. Each workload's service model turns its settings into usage
// in the units the catalog prices (usage.hpp lists the columns); nothing is priced yet.

#include <string>
#include <variant>
#include <vector>

#include "costmodel/scenario.hpp"
#include "costmodel/usage.hpp"

namespace costmodel::stages {

[[nodiscard]] inline table::table meter(const scenario& s, std::vector<warning>& warnings) {
    usage_table out;
    out.reserve(s.workloads.size() * 3);
    for (const workload& w : s.workloads) {
        usage_sink sink(out, warnings, w.name, std::string(service_name(w.spec)), s.settings.region);
        std::visit([&](const auto& spec) { costmodel::meter(spec, s.settings, sink); }, w.spec);
    }
    return std::move(out).release();
}

}  // namespace costmodel::stages
