#pragma once
// Lambda functions: requests, duration in GB-seconds (rounded up to 1 ms per invocation), ephemeral
// storage above 512 MB, provisioned concurrency.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view lambda_archs[] = {"x86_64", "arm64"};

struct lambda_workload {
    // The contract's name of the service ("service": "lambda").
    static constexpr std::string_view service_name = "lambda";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Lambda functions: requests, duration in GB-seconds (rounded up to 1 ms per invocation), ephemeral storage above 512 MB, provisioned concurrency.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("invocations_per_month", &lambda_workload::invocations_per_month, number_rule::non_negative, "Invocations in the month (or invocations_per_week)."),
            number_key("invocations_per_week", &lambda_workload::invocations_per_week, number_rule::non_negative, "Invocations per week, × the scenario's weeks_per_month."),
            number_key("duration_ms", &lambda_workload::duration_ms, key_presence::required, number_rule::non_negative, "Milliseconds per invocation (billed rounded up to the ms, at least 1 ms)."),
            number_key("memory_mb", &lambda_workload::memory_mb, key_presence::defaulted, number_rule::whole, "Memory in whole MB, 128 to 10240."),
            choice_key("arch", &lambda_workload::arch, key_presence::defaulted, std::span<const std::string_view>(lambda_archs), "CPU architecture."),
            number_key("ephemeral_storage_mb", &lambda_workload::ephemeral_storage_mb, key_presence::defaulted, number_rule::whole, "Ephemeral storage in whole MB, 512 to 10240 (512 are free)."),
            number_key("provisioned_concurrency", &lambda_workload::provisioned_concurrency, key_presence::defaulted, number_rule::whole, "Provisioned concurrency (x86_64 only); all invocations run on it."),
            number_key("provisioned_hours_per_month", &lambda_workload::provisioned_hours_per_month, number_rule::non_negative, "Hours of provisioned concurrency (default: the scenario's hours_per_month).")};
    }
    std::optional<Decimal> invocations_per_month;
    std::optional<Decimal> invocations_per_week;
    Decimal duration_ms;
    Decimal memory_mb = Decimal(128);
    std::string arch = "x86_64";  // x86_64 | arm64
    Decimal ephemeral_storage_mb = Decimal(512);
    Decimal provisioned_concurrency = Decimal(0);
    std::optional<Decimal> provisioned_hours_per_month;  // default: the scenario hours_per_month
    friend bool operator==(const lambda_workload&, const lambda_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const lambda_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const lambda_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
