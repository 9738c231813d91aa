#pragma once
// S3: storage (tiered), PUT/GET requests, Intelligent-Tiering monitoring.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view s3_storage_classes[] = {"standard", "intelligent_tiering"};

struct s3_workload {
    // The contract's name of the service ("service": "s3").
    static constexpr std::string_view service_name = "s3";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "S3: storage, requests and Intelligent-Tiering monitoring.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("storage_gb", &s3_workload::storage_gb, key_presence::required, number_rule::non_negative, "GB stored (GB-months)."),
            number_key("put_requests_per_month", &s3_workload::put_requests_per_month, key_presence::defaulted, number_rule::non_negative, "PUT, COPY, POST and LIST requests."),
            number_key("get_requests_per_month", &s3_workload::get_requests_per_month, key_presence::defaulted, number_rule::non_negative, "GET and SELECT requests."),
            choice_key("storage_class", &s3_workload::storage_class, key_presence::defaulted, std::span<const std::string_view>(s3_storage_classes), "Storage class (Intelligent-Tiering at its Frequent Access price)."),
            number_key("objects", &s3_workload::objects, key_presence::defaulted, number_rule::non_negative, "Objects monitored by Intelligent-Tiering (128 KB and larger).")};
    }
    Decimal storage_gb = Decimal(0);
    Decimal put_requests_per_month = Decimal(0);
    Decimal get_requests_per_month = Decimal(0);
    std::string storage_class = "standard";  // standard | intelligent_tiering
    Decimal objects = Decimal(0);            // for Intelligent-Tiering monitoring
    friend bool operator==(const s3_workload&, const s3_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const s3_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const s3_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
