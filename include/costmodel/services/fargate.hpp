#pragma once
// Fargate tasks: vCPU-hours and GB-hours per second (1-minute minimum; Windows 5), ephemeral storage
// above the free 20 GB, Spot as a stated discount. Task sizes outside AWS's table give a warning.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct fargate_workload {
    // The contract's name of the service ("service": "fargate").
    static constexpr std::string_view service_name = "fargate";
    Decimal vcpu;
    Decimal memory_gb;
    Decimal tasks = Decimal(1);
    repetition runs;                         // runs and duration, or:
    std::optional<Decimal> hours_per_month;  // always-on tasks
    std::string arch = "x86_64";             // x86_64 | arm64
    std::string os = "linux";                // linux | windows
    Decimal ephemeral_storage_gb = Decimal(20);
    std::string capacity = "on_demand";      // on_demand | spot
    std::optional<Decimal> spot_discount;    // required with spot: "0.70" is 70 % off
    friend bool operator==(const fargate_workload&, const fargate_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const fargate_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
