#pragma once
// JSON output of the value types (nlohmann_json's to_json, found by argument-dependent lookup), and
// the contract's estimate document as text. Amounts are decimal strings, exact.

#include <nlohmann/json.hpp>

#include <string>

#include "costmodel/catalog.hpp"
#include "costmodel/estimate.hpp"

namespace costmodel {

void to_json(nlohmann::ordered_json& out, const Decimal& value);
void to_json(nlohmann::ordered_json& out, const audit_item& item);
void to_json(nlohmann::ordered_json& out, const warning& item);
void to_json(nlohmann::ordered_json& out, const price_tier& tier);
void to_json(nlohmann::ordered_json& out, const sku& entry);
// The contract's estimate document (schema costmodel/estimate/v1) as a JSON tree: estimate_to_json's
// text, parsed (one writer of the document).
void to_json(nlohmann::ordered_json& out, const estimate_result& result);

// The estimate document as JSON text; `settings` adds the conventions the estimate used.
// `ascii` writes every character outside ' '..'~' as a \uXXXX escape, as Python's json.dumps does by
// default (the command line's document), instead of as UTF-8.
[[nodiscard]] std::string estimate_to_json(const estimate_result& result, const scenario_settings* settings = nullptr,
                                           int indent = 2, bool ascii = false);

}  // namespace costmodel
