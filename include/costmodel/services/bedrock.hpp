#pragma once
// Bedrock on-demand inference: input and output tokens per model.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// The values its text keys may take.
inline constexpr std::string_view bedrock_models[] = {"anthropic.claude-3-haiku", "amazon.titan-embed-text-v2"};

struct bedrock_workload {
    // The contract's name of the service ("service": "bedrock").
    static constexpr std::string_view service_name = "bedrock";
    // What the service is, in one line (`costmodel services`, docs/services.md).
    static constexpr std::string_view summary = "Bedrock on-demand inference: input and output tokens per model.";
    // The keys a workload of this service takes, in the order they are documented (fields.hpp).
    static constexpr auto fields() {
        return std::tuple{
            choice_key("model", &bedrock_workload::model, key_presence::required, std::span<const std::string_view>(bedrock_models), "The model (the catalog prices these two)."),
            number_key("input_tokens_per_month", &bedrock_workload::input_tokens_per_month, key_presence::required, number_rule::non_negative, "Input tokens in the month."),
            number_key("output_tokens_per_month", &bedrock_workload::output_tokens_per_month, key_presence::defaulted, number_rule::non_negative, "Output tokens in the month (an embedding model has none).")};
    }
    std::string model;  // anthropic.claude-3-haiku | amazon.titan-embed-text-v2
    Decimal input_tokens_per_month = Decimal(0);
    Decimal output_tokens_per_month = Decimal(0);
    friend bool operator==(const bedrock_workload&, const bedrock_workload&) = default;
};

// The rules its keys cannot state one by one; throws input_error through `checks`. The scenario
// reader and estimate() call it (through validate(scenario)); meter() takes a valid workload.
void validate(const bedrock_workload& workload, const workload_checks& checks);

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const bedrock_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
