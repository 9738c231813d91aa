#pragma once
// Internal to the catalog readers: the checks catalog::add and the parsers share, and the parsers'
// entry points on an already parsed document (so load_catalog parses a file once).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/catalog.hpp"
#include "json_input.hpp"

namespace costmodel::detail {

// What is wrong with a SKU's tiers, if anything: the tier's index, the field at fault ("from", "to",
// "price", or empty for the list as a whole) and a sentence.
struct tier_issue {
    std::size_t index = 0;
    std::string field;
    std::string message;
};
[[nodiscard]] std::optional<tier_issue> check_tiers(const std::vector<price_tier>& tiers);

// The units a catalog may price in: those of units.hpp ("GB-second", "request", ...).
[[nodiscard]] bool is_known_unit(std::string_view unit);
[[nodiscard]] std::string known_units_list();

// "2025-10-01": four-digit year, month 01-12, a day that exists in that month.
[[nodiscard]] bool is_iso_date(std::string_view text);

[[nodiscard]] catalog catalog_from_document(json document, const std::string& source);
[[nodiscard]] catalog catalog_from_offer(json document, const std::string& source);

}  // namespace costmodel::detail
