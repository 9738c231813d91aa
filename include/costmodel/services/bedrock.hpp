#pragma once
// Bedrock on-demand inference: input and output tokens per model.

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct bedrock_workload {
    // The contract's name of the service ("service": "bedrock").
    static constexpr std::string_view service_name = "bedrock";
    std::string model;  // anthropic.claude-3-haiku | amazon.titan-embed-text-v2
    Decimal input_tokens_per_month = Decimal(0);
    Decimal output_tokens_per_month = Decimal(0);
    friend bool operator==(const bedrock_workload&, const bedrock_workload&) = default;
};

// Meters one workload: appends its usage (and any warnings) to `sink`.
void meter(const bedrock_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
