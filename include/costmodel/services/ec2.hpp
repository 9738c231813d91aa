#pragma once
// EC2 instances: instance-hours at an hourly rate × utilisation (pricing models come with commitments).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct ec2_workload {
    // The contract's name of the service ("service": "ec2").
    static constexpr std::string_view service_name = "ec2";
    std::optional<std::string> instance_type;
    std::optional<Decimal> hourly_rate;  // the instance price per hour, when the catalog has none
    Decimal count = Decimal(1);
    Decimal utilization_percent = Decimal(100);
    std::string os = "linux";
    std::optional<Decimal> hours_per_month;
    friend bool operator==(const ec2_workload&, const ec2_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const ec2_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
