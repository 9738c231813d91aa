#pragma once
// Glue Data Catalog: objects stored and requests (first million of each free with free tiers on).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct glue_catalog_workload {
    // The contract's name of the service ("service": "glue_catalog").
    static constexpr std::string_view service_name = "glue_catalog";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Glue Data Catalog: objects stored and requests.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("objects", &glue_catalog_workload::objects, key_presence::required, number_rule::non_negative, "Objects stored for the month."),
            number_key("requests_per_month", &glue_catalog_workload::requests_per_month, key_presence::defaulted, number_rule::non_negative, "Requests in the month.")};
    }
    Decimal objects;
    Decimal requests_per_month;
    friend bool operator==(const glue_catalog_workload&, const glue_catalog_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const glue_catalog_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_catalog_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
