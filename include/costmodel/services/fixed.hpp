#pragma once
// A stated fixed monthly charge (GuardDuty, Security Hub, ...) that a document gives only as a figure.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct fixed_workload {
    // The contract's name of the service ("service": "fixed").
    static constexpr std::string_view service_name = "fixed";
    Decimal monthly_cost;
    friend bool operator==(const fixed_workload&, const fixed_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const fixed_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
