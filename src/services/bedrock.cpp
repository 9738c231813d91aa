// Bedrock on-demand inference: input and output tokens, priced per token by model (the model id is the
// catalog variant). Embedding models have no output tokens.

#include "costmodel/services/bedrock.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

namespace {
constexpr std::string_view claude_3_haiku = "anthropic.claude-3-haiku";
constexpr std::string_view titan_embed_text_v2 = "amazon.titan-embed-text-v2";

[[nodiscard]] bool is_embedding_model(const std::string& model) { return model == titan_embed_text_v2; }
}  // namespace

void meter(const bedrock_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const std::string& name = sink.workload();
    if (w.model != claude_3_haiku && w.model != titan_embed_text_v2) {
        throw std::invalid_argument(name + ": unknown Bedrock model \"" + w.model + "\" (expected " + std::string(claude_3_haiku) +
                                    " or " + std::string(titan_embed_text_v2) + ")");
    }
    if (w.input_tokens_per_month.is_negative() || w.output_tokens_per_month.is_negative()) {
        throw std::invalid_argument(name + ": token counts must be >= 0");
    }
    if (is_embedding_model(w.model) && w.output_tokens_per_month > Decimal()) {
        throw std::invalid_argument(name + ": " + w.model + " is an embedding model: it has no output tokens");
    }
    sink.add("input_tokens", "bedrock", "input_tokens", w.model, quantity<units::token>(w.input_tokens_per_month),
             sink.text() << w.input_tokens_per_month << " input tokens");
    if (w.output_tokens_per_month > Decimal()) {
        sink.add("output_tokens", "bedrock", "output_tokens", w.model, quantity<units::token>(w.output_tokens_per_month),
                 sink.text() << w.output_tokens_per_month << " output tokens");
    }
}

namespace detail {

template <>
bedrock_workload read_workload<bedrock_workload>(json_object_reader& reader) {
    bedrock_workload w;
    w.model = reader.choice_or("model", {claude_3_haiku, titan_embed_text_v2}, "");
    if (w.model.empty()) reader.fail("model", "missing required key");
    w.input_tokens_per_month = reader.required_non_negative("input_tokens_per_month");
    w.output_tokens_per_month = reader.non_negative_or("output_tokens_per_month", Decimal(0));
    if (is_embedding_model(w.model) && w.output_tokens_per_month > Decimal()) {
        reader.fail("output_tokens_per_month", w.model + " is an embedding model: it has no output tokens");
    }
    return w;
}

}  // namespace detail
}  // namespace costmodel
