// Our catalog JSON format, "costmodel/catalog/v1" (docs/catalog-format.md). Strict: unknown keys,
// malformed tiers, duplicate SKUs and unknown currencies or units are errors that name the input, the
// path and the value.

#include <map>

#include "catalog_formats.hpp"
#include "costmodel/catalog.hpp"

namespace costmodel {

namespace detail {

namespace {

constexpr std::string_view catalog_schema = "costmodel/catalog/v1";

// Unknown keys are reported before anything else is checked: a misspelt key often explains the error
// that would otherwise come first ("prise" is why "price" is missing).
void accept_only(json_object_reader& reader, std::initializer_list<std::string_view> keys) {
    for (std::string_view key : keys) (void)reader.value(key);
    reader.finish();
}

std::string element_path(const std::string& array_path, std::size_t index) {
    return array_path + "[" + std::to_string(index) + "]";
}

// The array of a key; an absent optional array is an empty one (a default json is null: no children).
json require_array(json_object_reader& reader, std::string_view key, bool required) {
    const std::optional<json> value = reader.value(key);
    if (!value || (!required && value->is_null())) {
        if (required) reader.fail(key, "missing required key");
        return json();
    }
    if (!value->is_array()) reader.fail(key, "expected an array, got " + describe(*value), describe(*value));
    return *value;
}

std::string non_empty_string(json_object_reader& reader, std::string_view key) {
    std::string value = reader.required_string(key);
    if (value.empty()) reader.fail(key, "must not be empty");
    return value;
}

std::string unit_string(json_object_reader& reader, std::string_view key) {
    std::string unit = reader.required_string(key);
    if (!is_known_unit(unit)) {
        reader.fail(key, "unknown unit \"" + unit + "\": expected one of " + known_units_list());
    }
    return unit;
}

std::string date_string(json_object_reader& reader, std::string_view key, std::optional<std::string> fallback) {
    std::optional<std::string> value = reader.optional_string(key);
    if (!value) {
        if (fallback) return *fallback;
        reader.fail(key, "missing required key");
    }
    if (!is_iso_date(*value)) reader.fail(key, "expected a date YYYY-MM-DD, got \"" + *value + "\"");
    return *value;
}

std::vector<price_tier> read_tiers(json_object_reader& entry) {
    std::vector<price_tier> tiers;
    const bool has_price = entry.has("price");
    const bool has_tiers = entry.has("tiers");
    if (has_price && has_tiers) entry.fail("price", "give either \"price\" or \"tiers\", not both");
    if (has_price) {
        const Decimal price = entry.required_non_negative("price");
        tiers.push_back(price_tier{Decimal(), std::nullopt, price});
        return tiers;
    }
    if (!has_tiers) entry.fail("tiers", "missing required key (give \"tiers\", or \"price\" for a single price)");
    const json list = require_array(entry, "tiers", true);
    const std::string list_path = entry.path_of("tiers");
    std::size_t t = 0;
    for (const json element : list) {
        json_object_reader tier(element, entry.source(), element_path(list_path, t++));
        accept_only(tier, {"from", "to", "price"});
        price_tier parsed;
        parsed.from = tier.required_non_negative("from");
        parsed.to = tier.optional_non_negative("to");
        parsed.unit_price = tier.required_non_negative("price");
        tiers.push_back(parsed);
    }
    if (const auto issue = check_tiers(tiers)) {
        if (issue->field.empty()) throw input_error(entry.source(), list_path, issue->message);
        std::string path = element_path(list_path, issue->index) + "." + issue->field;
        throw input_error(entry.source(), path, issue->message);
    }
    return tiers;
}

}  // namespace

catalog catalog_from_document(const json document, const std::string& source) {
    json_object_reader top(document, source, "");
    accept_only(top, {"schema", "id", "currency", "effective", "region", "description", "free_tiers", "skus"});
    const std::string schema = top.required_string("schema");
    if (schema != catalog_schema) {
        top.fail("schema", "expected \"" + std::string(catalog_schema) + "\", got \"" + schema + "\"");
    }
    const std::string id = non_empty_string(top, "id");
    const std::string currency_text = top.required_string("currency");
    if (!currency::is_known(currency_text)) {
        top.fail("currency", "unknown currency \"" + currency_text + "\": expected an ISO 4217 code such as USD, EUR, GBP, JPY");
    }
    const std::string effective = date_string(top, "effective", std::nullopt);
    const std::optional<std::string> default_region = top.optional_string("region");
    if (default_region && default_region->empty()) top.fail("region", "must not be empty");
    (void)top.optional_string("description");  // for people reading the file
    const json pool_list = require_array(top, "free_tiers", false);
    const json sku_list = require_array(top, "skus", true);

    catalog result(id, effective, currency(currency_text), source);

    const std::string pools_path = top.path_of("free_tiers");
    std::map<std::string, std::size_t, std::less<>> pool_index;
    std::size_t p = 0;
    for (const json element : pool_list) {
        json_object_reader entry(element, source, element_path(pools_path, p));
        accept_only(entry, {"name", "unit", "quantity", "description", "source"});
        free_tier_pool pool;
        pool.name = non_empty_string(entry, "name");
        pool.unit = unit_string(entry, "unit");
        pool.quantity = entry.required_non_negative("quantity");
        pool.description = entry.string_or("description", "");
        pool.source = entry.string_or("source", "");
        if (const auto found = pool_index.find(pool.name); found != pool_index.end()) {
            entry.fail("name", "duplicate free-tier pool \"" + pool.name + "\" (also " +
                                   element_path(pools_path, found->second) + ")");
        }
        pool_index.emplace(pool.name, p++);
        result.add(std::move(pool));
    }

    const std::string skus_path = top.path_of("skus");
    std::map<sku_key, std::size_t> sku_index;
    std::size_t s = 0;
    for (const json element : sku_list) {
        json_object_reader entry(element, source, element_path(skus_path, s));
        accept_only(entry, {"service", "usage_type", "region", "variant", "unit", "price", "tiers", "description",
                            "effective", "source", "free_tier"});
        sku parsed;
        parsed.key.service = non_empty_string(entry, "service");
        parsed.key.usage_type = non_empty_string(entry, "usage_type");
        if (const std::optional<std::string> region = entry.optional_string("region")) {
            if (region->empty()) entry.fail("region", "must not be empty");
            parsed.key.region = *region;
        } else if (default_region) {
            parsed.key.region = *default_region;
        } else {
            entry.fail("region", "missing required key (the catalog sets no default \"region\")");
        }
        parsed.key.variant = entry.string_or("variant", "");
        parsed.unit = unit_string(entry, "unit");
        parsed.tiers = read_tiers(entry);
        parsed.description = entry.string_or("description", "");
        parsed.effective = date_string(entry, "effective", effective);
        parsed.source = entry.string_or("source", "");
        parsed.free_tier = entry.string_or("free_tier", "");
        if (!parsed.free_tier.empty()) {
            const free_tier_pool* pool = result.try_find_pool(parsed.free_tier);
            if (pool == nullptr) {
                entry.fail("free_tier", "no free-tier pool named \"" + parsed.free_tier + "\" in " + pools_path);
            }
            if (pool->unit != parsed.unit) {
                entry.fail("free_tier", "free-tier pool \"" + pool->name + "\" is in " + pool->unit +
                                            " but this SKU is priced per " + parsed.unit);
            }
        }
        if (const auto found = sku_index.find(parsed.key); found != sku_index.end()) {
            throw input_error(source, element_path(skus_path, s),
                              "duplicate SKU " + parsed.key.to_string() + " (also " +
                                  element_path(skus_path, found->second) + ")");
        }
        sku_index.emplace(parsed.key, s++);
        result.add(std::move(parsed));
    }
    return result;
}

}  // namespace detail

catalog parse_catalog_json(std::string_view text, std::string_view source_name) {
    const std::string source(source_name);
    const detail::json_document document = detail::json_document::parse(text, source);
    return detail::catalog_from_document(document.root(), source);
}

}  // namespace costmodel
