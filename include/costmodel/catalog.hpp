#pragma once
// The price catalog: SKUs keyed by service, usage type, region and variant, each with a unit, price
// tiers, an effective date and the source that publishes the price.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/read_limits.hpp"

namespace costmodel {

// What a price is for. `variant` distinguishes prices that differ by architecture or operating system
// ("x86_64", "arm64", "linux-x86_64", "windows-x86_64", "standard", "flex", a Bedrock model id);
// it is empty where there is only one price.
struct sku_key {
    std::string service;     // "lambda", "fargate", "glue", "athena", "s3", ...
    std::string usage_type;  // "duration", "requests", "vcpu", ...
    std::string region;      // "us-east-1"
    std::string variant;

    friend bool operator==(const sku_key&, const sku_key&) = default;
    friend auto operator<=>(const sku_key&, const sku_key&) = default;
    [[nodiscard]] std::string to_string() const;  // "lambda/duration[arm64]@us-east-1"
};

// Price per unit for usage in [from, to) of the month's aggregate usage of the SKU; `to` empty means
// no upper bound. Tiers of one SKU are contiguous and start at 0.
struct price_tier {
    Decimal from;
    std::optional<Decimal> to;
    Decimal unit_price;
    friend bool operator==(const price_tier&, const price_tier&) = default;
};

struct sku {
    sku_key key;
    std::string unit;  // the unit the price is per: "GB-second", "request", "TB", ... (see units.hpp)
    std::vector<price_tier> tiers;
    std::string description;
    std::string effective;  // ISO date the price is effective from, "2025-10-01"
    std::string source;     // where the price is published
    std::string free_tier;  // name of the free-tier pool this SKU draws from, or empty

    // The single price of an untiered SKU (throws if the SKU is tiered).
    [[nodiscard]] Decimal flat_price() const;
    friend bool operator==(const sku&, const sku&) = default;
};

// A monthly allowance that usage draws from before it is priced, when the scenario turns free tiers
// on. Several SKUs may share one pool (Lambda's 400,000 GB-seconds cover x86 and arm together).
struct free_tier_pool {
    std::string name;  // "lambda-duration"
    std::string unit;
    Decimal quantity;
    std::string description;
    std::string source;
    friend bool operator==(const free_tier_pool&, const free_tier_pool&) = default;
};

// A price the catalog does not have, or a catalog built inconsistently in code. An input_error without
// source or path (its message names the catalog and the key), so that one exception type reports
// every problem with what a user gave.
class catalog_error : public input_error {
public:
    explicit catalog_error(const std::string& message) : input_error("", "", message) {}
};

class catalog {
public:
    catalog(std::string id, std::string effective, currency code, std::string source = {});

    [[nodiscard]] const std::string& id() const noexcept { return id_; }
    [[nodiscard]] const std::string& effective() const noexcept { return effective_; }
    [[nodiscard]] currency currency_code() const noexcept { return currency_; }
    // Where the catalog was read from: "builtin", or a path.
    [[nodiscard]] const std::string& source() const noexcept { return source_; }

    // Adds a SKU; throws catalog_error on a duplicate key or malformed tiers.
    void add(sku entry);
    void add(free_tier_pool pool);

    [[nodiscard]] const sku* try_find(const sku_key& key) const noexcept;
    // Throws catalog_error naming the key and the catalog when there is no such SKU.
    [[nodiscard]] const sku& find(const sku_key& key) const;
    [[nodiscard]] const free_tier_pool* try_find_pool(std::string_view name) const noexcept;

    // All SKUs in key order, or those of one service.
    [[nodiscard]] std::vector<const sku*> skus(std::string_view service = {}) const;
    [[nodiscard]] std::vector<const free_tier_pool*> pools() const;
    [[nodiscard]] std::size_t size() const noexcept { return skus_.size(); }

private:
    std::string id_;
    std::string effective_;
    currency currency_;
    std::string source_;
    std::map<sku_key, sku> skus_;
    std::map<std::string, free_tier_pool, std::less<>> pools_;
};

// The built-in catalog: AWS us-east-1 list prices (effective 2025-10), compiled into the library.
[[nodiscard]] const catalog& builtin_catalog();

// How a catalog file is read: its limits, and the regions an EC2 or Savings Plans offer file keeps
// (those files price every region; only the products of these are kept while the file streams by).
// An empty `regions` keeps every region.
struct catalog_options {
    read_limits limits;
    std::vector<std::string> regions{"us-east-1"};
};

// Our catalog JSON format (docs/catalog-format.md). `source_name` names the input in errors.
[[nodiscard]] catalog parse_catalog_json(std::string_view text, std::string_view source_name);
// An AWS Price List offer file (offers/v1.0/aws/<Service>/current/<region>/index.json), or an EC2 or
// Savings Plans offer file, of which the products in `regions` are kept.
[[nodiscard]] catalog parse_offer_file(std::string_view text, std::string_view source_name);
[[nodiscard]] catalog parse_offer_file(std::string_view text, std::string_view source_name, const std::vector<std::string>& regions);
// Reads a file and parses it as either format (told apart by their top-level keys), or a layers file
// ("costmodel/catalog-layers/v1": several catalogs read and layered in order). EC2 and Savings Plans
// offer files are read as a stream, within limits.max_streamed_file_bytes; every other file is read
// whole, within limits.max_file_bytes.
[[nodiscard]] catalog load_catalog(const std::string& path);
// As above, reading the file within `limits` (read_input_file, input_file.hpp).
[[nodiscard]] catalog load_catalog(const std::string& path, const read_limits& limits);
[[nodiscard]] catalog load_catalog(const std::string& path, const catalog_options& options);
// The catalog a scenario's `catalog` key names: "builtin" (shared, not copied) or a file at that path,
// read here, at the edge. Load it once and pass it to every estimate that uses it.
[[nodiscard]] std::shared_ptr<const catalog> catalog_named(const std::string& name);
// Several catalogs as one (offer files come one service each); later SKUs must not repeat earlier keys.
[[nodiscard]] catalog merge_catalogs(const std::vector<catalog>& parts, std::string id);
// Several catalogs as layers: a later layer's SKU or free-tier pool replaces an earlier one's of the
// same key or name (an offer file's prices over the built-in catalog's). Currencies must agree.
[[nodiscard]] catalog layer_catalogs(const std::vector<catalog>& layers, std::string id);
// Each of `paths` ("builtin" or a file) read by load_catalog and layered in order.
[[nodiscard]] catalog load_catalogs(const std::vector<std::string>& paths, const catalog_options& options = {});

}  // namespace costmodel
