#pragma once
// EC2 instances: instance-hours × the hourly rate of a pricing model × an OS factor. The on-demand rate
// is the one stated (hourly_rate) or the catalog's ec2/instance-hours [<instance_type>/<os>].

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/catalog.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view ec2_operating_systems[] = {"linux", "windows"};
inline constexpr std::string_view ec2_pricing_models[] = {"on_demand", "reserved", "compute_savings_plan", "ec2_instance_savings_plan"};
inline constexpr std::string_view ec2_terms[] = {"1yr", "3yr"};
inline constexpr std::string_view ec2_payment_options[] = {"no_upfront", "partial_upfront", "all_upfront"};

struct ec2_workload {
    // The contract's name of the service ("service": "ec2").
    static constexpr std::string_view service_name = "ec2";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "EC2 instances: instance-hours × utilisation at the catalog's on-demand rate (or a stated one), under a pricing model.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            text_key("instance_type", &ec2_workload::instance_type, "The instance type (m5.large): its on-demand rate comes from the catalog unless hourly_rate is given."),
            number_key("hourly_rate", &ec2_workload::hourly_rate, number_rule::non_negative, "The instance's on-demand price per hour (default: the catalog's for instance_type and os)."),
            number_key("count", &ec2_workload::count, key_presence::defaulted, number_rule::non_negative, "Instances."),
            number_key("utilization_percent", &ec2_workload::utilization_percent, key_presence::defaulted, number_rule::non_negative, "Percent of the hours the instances run, 0 to 100."),
            choice_key("os", &ec2_workload::os, key_presence::defaulted, std::span<const std::string_view>(ec2_operating_systems), "Operating system: the catalog's variant (a Windows rate includes the licence)."),
            choice_key("pricing_model", &ec2_workload::pricing_model, key_presence::defaulted, std::span<const std::string_view>(ec2_pricing_models), "on_demand, or a commitment priced as on-demand × (1 − discount)."),
            choice_key("term", &ec2_workload::term, std::span<const std::string_view>(ec2_terms), "The commitment's term (required for every pricing model but on_demand)."),
            choice_key("payment_option", &ec2_workload::payment_option, std::span<const std::string_view>(ec2_payment_options), "The commitment's payment option (default no_upfront)."),
            number_key("discount_percent", &ec2_workload::discount_percent, number_rule::non_negative, "Discount off on demand (default: the built-in table of seed 004's midpoints)."),
            number_key("os_factor", &ec2_workload::os_factor, key_presence::defaulted, number_rule::non_negative, "Multiplies the rate (a document's licence convention, such as 1.15 for Windows)."),
            number_key("hours_per_month", &ec2_workload::hours_per_month, number_rule::non_negative, "Hours in the month (default: the scenario's hours_per_month).")};
    }
    std::optional<std::string> instance_type;
    std::optional<Decimal> hourly_rate;  // the instance price per hour, when the catalog has none
    Decimal count = Decimal(1);
    Decimal utilization_percent = Decimal(100);
    std::string os = "linux";
    std::string pricing_model = "on_demand";
    std::optional<std::string> term;
    std::optional<std::string> payment_option;
    std::optional<Decimal> discount_percent;
    Decimal os_factor = Decimal(1);
    std::optional<Decimal> hours_per_month;
    friend bool operator==(const ec2_workload&, const ec2_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const ec2_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const ec2_workload& workload, const scenario_settings& settings, usage_sink& sink);

// An instance type the catalog does not price (for its os, in the scenario's region) is an input_error
// at workloads[i].instance_type, with "did you mean" (estimate() calls it before pricing).
void check_prices(const ec2_workload& workload, const catalog& prices, const scenario_settings& settings, const workload_checks& checks);

// The discount off on demand, as a percentage, of a valid workload's pricing model (0 on demand):
// discount_percent, else the built-in table (commitments/instance_cost.hpp).
[[nodiscard]] Decimal ec2_discount_percent(const ec2_workload& workload);

}  // namespace costmodel
