#pragma once
// EC2 instances: instance-hours at an hourly rate × utilisation (pricing models come with commitments).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view ec2_operating_systems[] = {"linux", "windows"};

struct ec2_workload {
    // The contract's name of the service ("service": "ec2").
    static constexpr std::string_view service_name = "ec2";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "EC2 instances at a stated hourly rate: instance-hours × utilisation.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            text_key("instance_type", &ec2_workload::instance_type, "The instance type, for the note (the catalog has no EC2 prices)."),
            number_key("hourly_rate", &ec2_workload::hourly_rate, number_rule::non_negative, "The instance's price per hour (required)."),
            number_key("count", &ec2_workload::count, key_presence::defaulted, number_rule::non_negative, "Instances."),
            number_key("utilization_percent", &ec2_workload::utilization_percent, key_presence::defaulted, number_rule::non_negative, "Percent of the hours the instances run, 0 to 100."),
            choice_key("os", &ec2_workload::os, key_presence::defaulted, std::span<const std::string_view>(ec2_operating_systems), "Operating system (the rate given is the one for it)."),
            number_key("hours_per_month", &ec2_workload::hours_per_month, number_rule::non_negative, "Hours in the month (default: the scenario's hours_per_month).")};
    }
    std::optional<std::string> instance_type;
    std::optional<Decimal> hourly_rate;  // the instance price per hour, when the catalog has none
    Decimal count = Decimal(1);
    Decimal utilization_percent = Decimal(100);
    std::string os = "linux";
    std::optional<Decimal> hours_per_month;
    friend bool operator==(const ec2_workload&, const ec2_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const ec2_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const ec2_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
