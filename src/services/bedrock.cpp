// Bedrock on-demand inference: input and output tokens, priced per token by model (the model id is the
// catalog variant). Embedding models have no output tokens.

#include "costmodel/services/bedrock.hpp"

namespace costmodel {

namespace {
constexpr std::string_view titan_embed_text_v2 = "amazon.titan-embed-text-v2";

[[nodiscard]] bool is_embedding_model(const std::string& model) { return model == titan_embed_text_v2; }
}  // namespace

void meter(const bedrock_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    sink.add("input_tokens", "bedrock", "input_tokens", w.model, quantity<units::token>(w.input_tokens_per_month),
             sink.text() << w.input_tokens_per_month << " input tokens");
    if (w.output_tokens_per_month > Decimal()) {
        sink.add("output_tokens", "bedrock", "output_tokens", w.model, quantity<units::token>(w.output_tokens_per_month),
                 sink.text() << w.output_tokens_per_month << " output tokens");
    }
}

void validate(const bedrock_workload& w, const workload_checks& checks) {
    if (is_embedding_model(w.model) && w.output_tokens_per_month > Decimal()) {
        checks.fail("output_tokens_per_month", w.model + " is an embedding model: it has no output tokens");
    }
}

}  // namespace costmodel
