#pragma once
// Athena queries: TB scanned; each query rounds up to the MB with a 10 MB minimum.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct athena_workload {
    // The contract's name of the service ("service": "athena").
    static constexpr std::string_view service_name = "athena";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Athena queries: TB scanned, each query rounded up to the MB with a 10 MB minimum.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            number_key("queries_per_month", &athena_workload::queries_per_month, number_rule::non_negative, "Queries in the month (or queries_per_week); with scanned_mb_per_query."),
            number_key("queries_per_week", &athena_workload::queries_per_week, number_rule::non_negative, "Queries per week, × the scenario's weeks_per_month."),
            number_key("scanned_mb_per_query", &athena_workload::scanned_mb_per_query, number_rule::non_negative, "MB each query scans (rounded up to the MB, at least 10 MB)."),
            number_key("scanned_tb_per_month", &athena_workload::scanned_tb_per_month, number_rule::non_negative, "TB scanned in the month, instead of queries (metered as it stands).")};
    }
    std::optional<Decimal> queries_per_month;
    std::optional<Decimal> queries_per_week;
    std::optional<Decimal> scanned_mb_per_query;
    std::optional<Decimal> scanned_tb_per_month;
    friend bool operator==(const athena_workload&, const athena_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const athena_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const athena_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
