#pragma once
// S3: storage (tiered), PUT/GET requests, Intelligent-Tiering monitoring.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct s3_workload {
    // The contract's name of the service ("service": "s3").
    static constexpr std::string_view service_name = "s3";
    Decimal storage_gb = Decimal(0);
    Decimal put_requests_per_month = Decimal(0);
    Decimal get_requests_per_month = Decimal(0);
    std::string storage_class = "standard";  // standard | intelligent_tiering
    Decimal objects = Decimal(0);            // for Intelligent-Tiering monitoring
    friend bool operator==(const s3_workload&, const s3_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const s3_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
