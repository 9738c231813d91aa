#pragma once
// Fargate tasks: vCPU-hours and GB-hours per second (1-minute minimum; Windows 5), ephemeral storage
// above the free 20 GB, Spot as a stated discount. Task sizes outside AWS's table give a warning.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view fargate_archs[] = {"x86_64", "arm64"};
inline constexpr std::string_view fargate_operating_systems[] = {"linux", "windows"};
inline constexpr std::string_view fargate_capacities[] = {"on_demand", "spot"};

struct fargate_workload {
    // The contract's name of the service ("service": "fargate").
    static constexpr std::string_view service_name = "fargate";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Fargate tasks: vCPU-hours and GB-hours per second with a 1-minute minimum (Windows: 5 minutes).";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("vcpu", &fargate_workload::vcpu, key_presence::required, number_rule::positive, "vCPUs per task."),
            number_key("memory_gb", &fargate_workload::memory_gb, key_presence::required, number_rule::positive, "GB of memory per task."),
            number_key("tasks", &fargate_workload::tasks, key_presence::defaulted, number_rule::non_negative, "Tasks per run (or always on)."),
            runs_keys(&fargate_workload::runs, "Runs and a duration, or hours_per_month."),
            number_key("hours_per_month", &fargate_workload::hours_per_month, number_rule::non_negative, "Hours always-on tasks run, instead of runs and duration."),
            choice_key("arch", &fargate_workload::arch, key_presence::defaulted, std::span<const std::string_view>(fargate_archs), "CPU architecture (Windows runs on x86_64 only)."),
            choice_key("os", &fargate_workload::os, key_presence::defaulted, std::span<const std::string_view>(fargate_operating_systems), "Operating system."),
            number_key("ephemeral_storage_gb", &fargate_workload::ephemeral_storage_gb, key_presence::defaulted, number_rule::non_negative, "GB of ephemeral storage per task (20 GB are free)."),
            choice_key("capacity", &fargate_workload::capacity, key_presence::defaulted, std::span<const std::string_view>(fargate_capacities), "On-demand or Spot capacity."),
            number_key("spot_discount", &fargate_workload::spot_discount, number_rule::non_negative, "With spot: the discount assumed, a fraction from 0 to 1 (\"0.70\" is 70 % off).")};
    }
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

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const fargate_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const fargate_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
