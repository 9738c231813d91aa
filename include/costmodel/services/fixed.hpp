#pragma once
// A stated fixed monthly charge (GuardDuty, Security Hub, ...) that a document gives only as a figure.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct fixed_workload {
    // The contract's name of the service ("service": "fixed").
    static constexpr std::string_view service_name = "fixed";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "A fixed monthly charge, for services a document gives only as a monthly figure.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("monthly_cost", &fixed_workload::monthly_cost, key_presence::required, number_rule::non_negative, "The monthly charge.")};
    }
    Decimal monthly_cost;
    friend bool operator==(const fixed_workload&, const fixed_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const fixed_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const fixed_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
