#pragma once
// Glue Data Catalog: objects stored and requests (first million of each free with free tiers on).

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct glue_catalog_workload {
    // The contract's name of the service ("service": "glue_catalog").
    static constexpr std::string_view service_name = "glue_catalog";
    Decimal objects;
    Decimal requests_per_month;
    friend bool operator==(const glue_catalog_workload&, const glue_catalog_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const glue_catalog_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
