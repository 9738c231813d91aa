// AWS Price List offer files (offers/v1.0/aws/<Service>/current/<region>/index.json): the on-demand
// prices of the products the loader knows, mapped from AWS usage types to our SKU keys. The mapping
// table and the rules (region prefixes, units, free-tier ranges) are documented in
// docs/catalog-format.md.

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "catalog_formats.hpp"
#include "costmodel/catalog.hpp"

namespace costmodel {

namespace detail {

namespace {

// How one spelling of an offer unit converts to ours: one offer unit = numerator/denominator of ours.
struct unit_spelling {
    std::string_view offer_unit;
    std::int64_t numerator = 1;
    std::int64_t denominator = 1;
};

struct unit_rule {
    std::string_view our_unit;
    std::vector<unit_spelling> spellings;  // compared without regard to case
};

const std::vector<unit_rule>& unit_rules() {
    static const std::vector<unit_rule> rules = {
        {"request", {{"Requests"}, {"Request"}}},
        {"GB-second", {{"Lambda-GB-Second"}, {"GB-Seconds"}, {"GB-Second"}, {"Seconds"}, {"Second"}, {"GB-s"}}},
        {"vCPU-hour", {{"hours"}, {"hour"}, {"Hrs"}, {"vCPU-Hours"}, {"vCPU-Hour"}}},
        {"GB-hour", {{"hours"}, {"hour"}, {"Hrs"}, {"GB-Hours"}, {"GB-Hour"}}},
        {"DPU-hour", {{"DPU-Hour"}, {"DPU-Hours"}}},
        {"TB", {{"Terabytes"}, {"Terabyte"}, {"TB"}, {"Gigabytes", 1, 1024}, {"GB", 1, 1024}}},
        {"GB-month", {{"GB-Mo"}, {"GB-Month"}, {"GB-Months"}}},
        {"GB", {{"GB"}, {"Gigabytes"}, {"Gigabyte"}}},
        {"object-month", {{"Objects"}, {"Object"}, {"Obj-Month"}, {"Objects-Month"}}},
        {"metric-month", {{"Metrics"}, {"Metric"}}},
        {"dashboard-month", {{"Dashboards"}, {"Dashboard"}}},
        {"alarm-month", {{"Alarms"}, {"Alarm"}}},
    };
    return rules;
}

bool same_text_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

const unit_spelling* find_spelling(std::string_view our_unit, std::string_view offer_unit) {
    for (const unit_rule& rule : unit_rules()) {
        if (rule.our_unit != our_unit) continue;
        for (const unit_spelling& spelling : rule.spellings) {
            if (same_text_ignoring_case(spelling.offer_unit, offer_unit)) return &spelling;
        }
    }
    return nullptr;
}

std::string spellings_of(std::string_view our_unit) {
    std::string text;
    for (const unit_rule& rule : unit_rules()) {
        if (rule.our_unit != our_unit) continue;
        for (const unit_spelling& spelling : rule.spellings) text += (text.empty() ? "" : ", ") + std::string(spelling.offer_unit);
    }
    return text;
}

// One usage type of one offer, and the key it prices. `usage` is the usage type without its region
// prefix ("USE1-", "EUW1-", ...; us-east-1 often has none).
struct usage_mapping {
    std::string_view offer;
    std::string_view usage;
    std::string_view service;
    std::string_view usage_type;
    std::string_view variant;
    std::string_view unit;
    std::string_view pool;  // the free-tier pool a zero-priced range of it fills, or empty
    int priority = 1;       // where two usage types price one key, the higher wins
};

const std::vector<usage_mapping>& usage_mappings() {
    static const std::vector<usage_mapping> table = {
        {"AWSLambda", "Request", "lambda", "requests", "x86_64", "request", "lambda-requests"},
        {"AWSLambda", "Request-ARM", "lambda", "requests", "arm64", "request", "lambda-requests"},
        {"AWSLambda", "Lambda-GB-Second", "lambda", "duration", "x86_64", "GB-second", "lambda-duration"},
        {"AWSLambda", "Lambda-GB-Second-ARM", "lambda", "duration", "arm64", "GB-second", "lambda-duration"},
        {"AWSLambda", "Lambda-Storage-GB-Second", "lambda", "ephemeral_storage", "x86_64", "GB-second", ""},
        {"AWSLambda", "Lambda-Storage-GB-Second-ARM", "lambda", "ephemeral_storage", "arm64", "GB-second", ""},
        {"AWSLambda", "Lambda-Provisioned-Concurrency", "lambda", "provisioned_concurrency", "x86_64", "GB-second", ""},
        {"AWSLambda", "Lambda-Provisioned-Concurrency-ARM", "lambda", "provisioned_concurrency", "arm64", "GB-second", ""},
        {"AWSLambda", "Lambda-Provisioned-GB-Second", "lambda", "provisioned_duration", "x86_64", "GB-second", ""},
        {"AWSLambda", "Lambda-Provisioned-GB-Second-ARM", "lambda", "provisioned_duration", "arm64", "GB-second", ""},

        {"AmazonECS", "Fargate-vCPU-Hours:perCPU", "fargate", "vcpu", "linux-x86_64", "vCPU-hour", ""},
        {"AmazonECS", "Fargate-GB-Hours", "fargate", "memory", "linux-x86_64", "GB-hour", ""},
        {"AmazonECS", "Fargate-ARM-vCPU-Hours:perCPU", "fargate", "vcpu", "linux-arm64", "vCPU-hour", ""},
        {"AmazonECS", "Fargate-ARM-GB-Hours", "fargate", "memory", "linux-arm64", "GB-hour", ""},
        {"AmazonECS", "Fargate-Windows-vCPU-Hours:perCPU", "fargate", "vcpu", "windows-x86_64", "vCPU-hour", ""},
        {"AmazonECS", "Fargate-Windows-GB-Hours", "fargate", "memory", "windows-x86_64", "GB-hour", ""},
        {"AmazonECS", "Fargate-Windows-OS-Hours:perCPU", "fargate", "os_license", "windows-x86_64", "vCPU-hour", ""},
        {"AmazonECS", "Fargate-EphemeralStorage-GB-Hours", "fargate", "ephemeral_storage", "", "GB-hour", ""},

        {"AWSGlue", "ETL-DPU-Hour", "glue", "etl", "standard", "DPU-hour", ""},
        {"AWSGlue", "ETL-Flex-DPU-Hour", "glue", "etl", "flex", "DPU-hour", ""},
        {"AWSGlue", "Crawler-DPU-Hour", "glue", "crawler", "", "DPU-hour", ""},
        {"AWSGlue", "Catalog-Storage", "glue", "catalog_storage", "", "object-month", "glue-catalog-storage"},
        {"AWSGlue", "Catalog-Request", "glue", "catalog_requests", "", "request", "glue-catalog-requests"},

        {"AmazonAthena", "DataScannedInTB", "athena", "data_scanned", "", "TB", ""},

        {"AmazonS3", "TimedStorage-ByteHrs", "s3", "storage", "standard", "GB-month", ""},
        {"AmazonS3", "TimedStorage-INT-FA-ByteHrs", "s3", "storage", "intelligent_tiering", "GB-month", ""},
        {"AmazonS3", "Requests-Tier1", "s3", "put_requests", "", "request", ""},
        {"AmazonS3", "Requests-Tier2", "s3", "get_requests", "", "request", ""},
        {"AmazonS3", "Monitoring-Automation-INT", "s3", "monitoring", "intelligent_tiering", "object-month", ""},

        {"AmazonCloudWatch", "DataProcessing-Bytes", "cloudwatch", "logs_ingestion", "", "GB", "cloudwatch-logs-ingestion"},
        {"AmazonCloudWatch", "TimedStorage-ByteHrs", "cloudwatch", "logs_storage", "", "GB-month", "cloudwatch-logs-storage"},
        {"AmazonCloudWatch", "CW:MetricMonitorUsage", "cloudwatch", "custom_metrics", "", "metric-month", "cloudwatch-metrics"},
        {"AmazonCloudWatch", "DashboardsUsageHour", "cloudwatch", "dashboards", "", "dashboard-month", "cloudwatch-dashboards", 2},
        {"AmazonCloudWatch", "DashboardsUsageHour-Basic", "cloudwatch", "dashboards", "", "dashboard-month", "cloudwatch-dashboards", 1},
        {"AmazonCloudWatch", "CW:AlarmMonitorUsage", "cloudwatch", "alarms", "standard", "alarm-month", "cloudwatch-alarms"},
        {"AmazonCloudWatch", "CW:HighResAlarmMonitorUsage", "cloudwatch", "alarms", "high_resolution", "alarm-month", ""},
    };
    return table;
}

std::string supported_offers() {
    std::string text;
    std::set<std::string_view> seen;
    for (const usage_mapping& mapping : usage_mappings()) {
        if (seen.insert(mapping.offer).second) text += (text.empty() ? "" : ", ") + std::string(mapping.offer);
    }
    return text;
}

const usage_mapping* find_mapping(std::string_view offer, std::string_view usage) {
    for (const usage_mapping& mapping : usage_mappings()) {
        if (mapping.offer == offer && mapping.usage == usage) return &mapping;
    }
    return nullptr;
}

// "USE1-", "EUW2-", "APS3-", "EU-", "UGW1-": two to four capital letters and up to two digits.
std::optional<std::string_view> without_region_prefix(std::string_view usage) {
    const std::size_t dash = usage.find('-');
    if (dash == std::string_view::npos || dash < 2 || dash > 6) return std::nullopt;
    std::size_t letters = 0;
    while (letters < dash && usage[letters] >= 'A' && usage[letters] <= 'Z') ++letters;
    if (letters < 2 || letters > 4) return std::nullopt;
    for (std::size_t i = letters; i < dash; ++i) {
        if (usage[i] < '0' || usage[i] > '9') return std::nullopt;
    }
    if (dash - letters > 2) return std::nullopt;
    return usage.substr(dash + 1);
}

// Region display names of offer files that carry no regionCode attribute.
const std::map<std::string, std::string, std::less<>>& region_by_location() {
    static const std::map<std::string, std::string, std::less<>> table = {
        {"US East (N. Virginia)", "us-east-1"},      {"US East (Ohio)", "us-east-2"},
        {"US West (N. California)", "us-west-1"},    {"US West (Oregon)", "us-west-2"},
        {"Africa (Cape Town)", "af-south-1"},        {"Asia Pacific (Hong Kong)", "ap-east-1"},
        {"Asia Pacific (Taipei)", "ap-east-2"},      {"Asia Pacific (Mumbai)", "ap-south-1"},
        {"Asia Pacific (Hyderabad)", "ap-south-2"},  {"Asia Pacific (Tokyo)", "ap-northeast-1"},
        {"Asia Pacific (Seoul)", "ap-northeast-2"},  {"Asia Pacific (Osaka)", "ap-northeast-3"},
        {"Asia Pacific (Singapore)", "ap-southeast-1"}, {"Asia Pacific (Sydney)", "ap-southeast-2"},
        {"Asia Pacific (Jakarta)", "ap-southeast-3"}, {"Asia Pacific (Melbourne)", "ap-southeast-4"},
        {"Asia Pacific (Malaysia)", "ap-southeast-5"}, {"Asia Pacific (Thailand)", "ap-southeast-7"},
        {"Canada (Central)", "ca-central-1"},        {"Canada West (Calgary)", "ca-west-1"},
        {"EU (Frankfurt)", "eu-central-1"},          {"EU (Zurich)", "eu-central-2"},
        {"EU (Ireland)", "eu-west-1"},               {"EU (London)", "eu-west-2"},
        {"EU (Paris)", "eu-west-3"},                 {"EU (Milan)", "eu-south-1"},
        {"EU (Spain)", "eu-south-2"},                {"EU (Stockholm)", "eu-north-1"},
        {"Israel (Tel Aviv)", "il-central-1"},       {"Mexico (Central)", "mx-central-1"},
        {"Middle East (Bahrain)", "me-south-1"},     {"Middle East (UAE)", "me-central-1"},
        {"South America (Sao Paulo)", "sa-east-1"},  {"AWS GovCloud (US)", "us-gov-west-1"},
        {"AWS GovCloud (US-West)", "us-gov-west-1"}, {"AWS GovCloud (US-East)", "us-gov-east-1"},
    };
    return table;
}

std::string key_path(const std::string& parent, std::string_view key) { return parent + "." + printable(key); }

std::optional<json> member(const json& object, std::string_view key) { return object.find(key); }

std::string string_member(const json& object, std::string_view key) {
    const std::optional<json> value = member(object, key);
    if (!value || !value->is_string()) return {};
    return std::string(value->text());
}

json require_object(const json& parent, std::string_view key, const std::string& source, const std::string& path) {
    const std::optional<json> value = member(parent, key);
    if (!value) throw input_error(source, path, "missing required key");
    if (!value->is_object()) throw input_error(source, path, "expected an object, got " + describe(*value), describe(*value));
    return *value;
}

std::string date_part(const std::string& timestamp) {
    if (timestamp.size() >= 10 && is_iso_date(std::string_view(timestamp).substr(0, 10))) return timestamp.substr(0, 10);
    return {};
}

// One priceDimension, read and converted to our unit.
struct dimension {
    std::string rate_code;
    std::string path;
    Decimal begin;
    std::optional<Decimal> end;
    Decimal price;
    std::string description;
};

struct candidate {
    sku entry;
    int priority = 0;
    std::string product_path;
};

struct pool_candidate {
    free_tier_pool pool;
    std::string path;
};

class offer_reader {
public:
    offer_reader(const json& document, std::string source) : document_(document), source_(std::move(source)) {}

    catalog read() {
        if (!document_.is_object()) throw input_error(source_, "(top level)", "expected an object, got " + describe(document_));
        offer_ = string_member(document_, "offerCode");
        if (offer_.empty()) {
            const std::optional<json> value = member(document_, "offerCode");
            throw input_error(source_, "offerCode", !value ? "missing required key" : "expected a string, got " + describe(*value),
                              value ? describe(*value) : std::string());
        }
        if (is_streamed_offer(offer_)) {
            // Read as a stream, which needs the offerCode before the products (as AWS writes it).
            throw input_error(source_, "offerCode",
                              "an " + offer_ + " offer file is read as a stream and needs its \"offerCode\" before its \"products\", "
                              "as AWS writes it");
        }
        if (find_any_mapping(offer_) == false) {
            throw input_error(source_, "offerCode",
                              "offer \"" + offer_ + "\" has no product this loader knows: it reads " + supported_offers() +
                                  " (see docs/catalog-format.md)");
        }
        version_ = string_member(document_, "version");
        publication_ = date_part(string_member(document_, "publicationDate"));
        const json products = require_object(document_, "products", source_, "products");
        const json terms = require_object(document_, "terms", source_, "terms");
        if (const std::optional<json> on_demand = member(terms, "OnDemand")) {
            if (!on_demand->is_object()) {
                throw input_error(source_, "terms.OnDemand", "expected an object, got " + describe(*on_demand), describe(*on_demand));
            }
            for (const json offer_terms : *on_demand) on_demand_.emplace(offer_terms.key(), offer_terms);
        }

        for (const json product : products) read_product(std::string(product.key()), product);

        // Products without a region (location "Any") price every region the file prices.
        for (candidate& global : globals_) {
            for (const std::string& region : regions_) {
                candidate copy = global;
                copy.entry.key.region = region;
                offer_sku(std::move(copy));
            }
        }
        if (skus_.empty()) {
            throw input_error(source_, "products",
                              "no product of offer " + offer_ + " is one this loader knows (usage types it reads are listed in "
                              "docs/catalog-format.md)");
        }

        std::string effective = publication_;
        if (effective.empty()) {
            for (const auto& [key, found] : skus_) effective = std::max(effective, found.entry.effective);
        }
        catalog result("aws-offer-" + offer_ + (version_.empty() ? std::string() : "-" + version_), effective,
                       currency(currency_.empty() ? "USD" : currency_), source_);
        for (auto& [name, found] : pools_) result.add(found.pool);
        for (auto& [key, found] : skus_) {
            if (!found.entry.free_tier.empty() && result.try_find_pool(found.entry.free_tier) == nullptr) {
                found.entry.free_tier.clear();  // the file states no allowance for it
            }
            result.add(found.entry);
        }
        return result;
    }

private:
    json document_;
    std::string source_;
    std::string offer_;
    std::string version_;
    std::string publication_;
    std::string currency_;
    std::unordered_map<std::string_view, json> on_demand_;  // keys are views into the document
    std::map<sku_key, candidate> skus_;
    std::map<std::string, pool_candidate, std::less<>> pools_;
    std::vector<candidate> globals_;
    std::set<std::string> regions_;

    static bool find_any_mapping(std::string_view offer) {
        return std::any_of(usage_mappings().begin(), usage_mappings().end(),
                           [&](const usage_mapping& mapping) { return mapping.offer == offer; });
    }

    void read_product(const std::string& sku_id, const json& product) {
        const std::string product_path = "products." + printable(sku_id);
        const std::optional<json> attributes = member(product, "attributes");
        if (!attributes || !attributes->is_object()) return;
        const std::string usage = string_member(*attributes, "usagetype");
        if (usage.empty()) return;

        bool global = false;
        const usage_mapping* mapping = find_mapping(offer_, usage);
        if (mapping == nullptr && usage.rfind("Global-", 0) == 0) {
            mapping = find_mapping(offer_, std::string_view(usage).substr(7));
            global = mapping != nullptr;
        }
        if (mapping == nullptr) {
            if (const auto stripped = without_region_prefix(usage)) mapping = find_mapping(offer_, *stripped);
        }
        if (mapping == nullptr) return;  // a product this loader does not price

        const std::string location_type = string_member(*attributes, "locationType");
        std::string region = string_member(*attributes, "regionCode");
        const std::string location = string_member(*attributes, "location");
        if (region.empty() && !global) {
            if (location.empty() || location == "Any" || location == "Global") {
                global = true;
            } else if (!location_type.empty() && location_type != "AWS Region") {
                return;  // Local Zones, Wavelength, Outposts: not regions
            } else {
                const auto found = region_by_location().find(location);
                if (found == region_by_location().end()) {
                    throw input_error(source_, product_path + ".attributes.location",
                                      "unknown location \"" + location + "\" and no regionCode");
                }
                region = found->second;
            }
        } else if (!region.empty() && !location_type.empty() && location_type != "AWS Region") {
            return;
        }

        const auto terms = on_demand_.find(sku_id);
        if (terms == on_demand_.end()) return;  // no on-demand price (reserved or spot only)
        const std::string terms_path = "terms.OnDemand." + printable(sku_id);
        if (!terms->second.is_object()) {
            throw input_error(source_, terms_path, "expected an object, got " + describe(terms->second), describe(terms->second));
        }
        // Several terms for one SKU: the one most recently effective.
        std::optional<json> term;
        std::string term_code;
        std::string term_effective;
        for (const json candidate_term : terms->second) {
            const std::string effective = date_part(string_member(candidate_term, "effectiveDate"));
            if (!term || effective > term_effective) {
                term = candidate_term;
                term_code = std::string(candidate_term.key());
                term_effective = effective;
            }
        }
        if (!term) return;
        const std::string term_path = key_path(terms_path, term_code);
        const json dimensions = require_object(*term, "priceDimensions", source_, key_path(term_path, "priceDimensions"));

        std::vector<dimension> dims;
        for (const json raw : dimensions) {
            dims.push_back(read_dimension(*mapping, std::string(raw.key()), raw, key_path(key_path(term_path, "priceDimensions"), raw.key())));
        }
        if (dims.empty()) return;
        std::sort(dims.begin(), dims.end(), [](const dimension& a, const dimension& b) { return a.begin < b.begin; });

        // A leading zero-priced, bounded range is a free allowance ("first 1M requests free"), and so is
        // a first range that starts above 0. It becomes the key's free-tier pool, and the paid tiers
        // then start at 0 (as the built-in catalog writes them).
        std::size_t free_count = 0;
        while (free_count < dims.size() && dims[free_count].price.is_zero() && dims[free_count].end) ++free_count;
        std::optional<Decimal> allowance;
        std::string allowance_description;
        if (free_count > 0) {
            allowance = *dims[free_count - 1].end;
            allowance_description = dims[free_count - 1].description;
        } else if (dims.front().begin > Decimal()) {
            allowance = dims.front().begin;
            allowance_description = "below the first priced range of " + usage;
        }
        if (allowance && !mapping->pool.empty()) {
            add_pool(*mapping, *allowance, allowance_description, product_path, sku_id);
        }
        dims.erase(dims.begin(), dims.begin() + static_cast<std::ptrdiff_t>(free_count));
        if (dims.empty()) return;  // only a free allowance
        dims.front().begin = Decimal();

        sku entry;
        entry.key = sku_key{std::string(mapping->service), std::string(mapping->usage_type), region, std::string(mapping->variant)};
        entry.unit = std::string(mapping->unit);
        for (const dimension& d : dims) entry.tiers.push_back(price_tier{d.begin, d.end, d.price});
        if (const auto issue = check_tiers(entry.tiers)) {
            throw input_error(source_, dims[issue->index].path, usage + ": " + issue->message);
        }
        entry.description = dims.front().description;
        entry.effective = term_effective.empty() ? publication_ : term_effective;
        entry.source = "AWS Price List offer " + offer_ + (version_.empty() ? std::string() : " version " + version_) + ", SKU " +
                       sku_id + " (" + usage + "), read from " + source_;
        entry.free_tier = std::string(mapping->pool);

        candidate found{std::move(entry), mapping->priority, product_path};
        if (global) {
            globals_.push_back(std::move(found));
        } else {
            regions_.insert(region);
            offer_sku(std::move(found));
        }
    }

    dimension read_dimension(const usage_mapping& mapping, const std::string& rate_code, const json& raw, const std::string& path) {
        if (!raw.is_object()) throw input_error(source_, path, "expected an object, got " + describe(raw), describe(raw));
        dimension d;
        d.rate_code = rate_code;
        d.path = path;
        d.description = string_member(raw, "description");

        const std::optional<json> unit_value = member(raw, "unit");
        if (!unit_value) throw input_error(source_, key_path(path, "unit"), "missing required key");
        const std::string offer_unit = string_member(raw, "unit");
        const unit_spelling* spelling = find_spelling(mapping.unit, offer_unit);
        if (spelling == nullptr) {
            throw input_error(source_, key_path(path, "unit"),
                              "unit " + describe(*unit_value) + " of " + std::string(mapping.usage) + " is not one the loader can convert to " +
                                  std::string(mapping.unit) + " (it reads " + spellings_of(mapping.unit) + ")",
                              describe(*unit_value));
        }

        const json prices = require_object(raw, "pricePerUnit", source_, key_path(path, "pricePerUnit"));
        if (currency_.empty()) {
            if (member(prices, "USD")) {
                currency_ = "USD";
            } else if (prices.size() == 1) {
                currency_ = std::string((*prices.begin()).key());
            }
            if (!currency::is_known(currency_)) {
                throw input_error(source_, key_path(path, "pricePerUnit"),
                                  "no price in a known ISO 4217 currency: " + dump(prices), dump(prices));
            }
        }
        const std::optional<json> price_value = member(prices, currency_);
        if (!price_value) {
            throw input_error(source_, key_path(path, "pricePerUnit"),
                              "no price in " + currency_ + " (the currency of the file's other prices): " + dump(prices), dump(prices));
        }
        const std::string price_path = key_path(key_path(path, "pricePerUnit"), currency_);
        const Decimal offer_price = read_decimal(*price_value, source_, price_path);
        if (offer_price.is_negative()) {
            throw input_error(source_, price_path, "expected a price >= 0, got " + offer_price.to_string(), describe(*price_value));
        }

        const std::optional<json> begin_value = member(raw, "beginRange");
        const Decimal offer_begin = !begin_value ? Decimal() : read_decimal(*begin_value, source_, key_path(path, "beginRange"));
        std::optional<Decimal> offer_end;
        if (const std::optional<json> end_value = member(raw, "endRange"); end_value && !end_value->is_null()) {
            const bool infinite = end_value->is_string() && end_value->text() == "Inf";
            if (!infinite) offer_end = read_decimal(*end_value, source_, key_path(path, "endRange"));
        }

        // One offer unit is numerator/denominator of ours: prices divide by that, quantities multiply.
        const Decimal numerator(spelling->numerator);
        const Decimal denominator(spelling->denominator);
        d.price = spelling->numerator == spelling->denominator ? offer_price : offer_price * denominator / numerator;
        d.begin = spelling->numerator == spelling->denominator ? offer_begin : offer_begin * numerator / denominator;
        if (offer_end) d.end = spelling->numerator == spelling->denominator ? *offer_end : *offer_end * numerator / denominator;
        return d;
    }

    void add_pool(const usage_mapping& mapping, Decimal quantity, const std::string& description, const std::string& path,
                  const std::string& sku_id) {
        const auto existing = pools_.find(mapping.pool);
        if (existing != pools_.end()) {
            if (existing->second.pool.quantity != quantity) {
                throw input_error(source_, path,
                                  "free allowance of " + quantity.to_string() + " " + std::string(mapping.unit) + " for " +
                                      std::string(mapping.pool) + " differs from " + existing->second.pool.quantity.to_string() +
                                      " at " + existing->second.path);
            }
            return;
        }
        free_tier_pool pool;
        pool.name = std::string(mapping.pool);
        pool.unit = std::string(mapping.unit);
        pool.quantity = quantity;
        pool.description = description.empty() ? "free allowance of the offer's " + sku_id : description;
        pool.source = "AWS Price List offer " + offer_ + (version_.empty() ? std::string() : " version " + version_) + ", SKU " +
                      sku_id + ", read from " + source_;
        std::string name = pool.name;
        pools_.emplace(std::move(name), pool_candidate{std::move(pool), path});
    }

    void offer_sku(candidate found) {
        const auto existing = skus_.find(found.entry.key);
        if (existing == skus_.end()) {
            sku_key key = found.entry.key;
            skus_.emplace(std::move(key), std::move(found));
            return;
        }
        candidate& held = existing->second;
        if (held.entry.tiers == found.entry.tiers && held.entry.unit == found.entry.unit) {
            if (found.priority > held.priority) held = std::move(found);
            return;
        }
        if (found.priority == held.priority) {
            throw input_error(source_, found.product_path,
                              "prices " + found.entry.key.to_string() + " differently from " + held.product_path);
        }
        if (found.priority > held.priority) held = std::move(found);
    }
};

}  // namespace

std::optional<offer_usage> find_offer_usage(std::string_view offer, std::string_view usage) {
    const usage_mapping* mapping = find_mapping(offer, usage);
    if (mapping == nullptr) {
        if (const auto stripped = without_region_prefix(usage)) mapping = find_mapping(offer, *stripped);
    }
    if (mapping == nullptr) return std::nullopt;
    return offer_usage{mapping->service, mapping->usage_type, mapping->variant, mapping->unit};
}

std::optional<std::string_view> usage_without_region_prefix(std::string_view usage) { return without_region_prefix(usage); }

std::optional<std::string> region_of_location(std::string_view location) {
    const auto found = region_by_location().find(location);
    if (found == region_by_location().end()) return std::nullopt;
    return found->second;
}

std::optional<std::pair<std::int64_t, std::int64_t>> offer_unit_factor(std::string_view our_unit, std::string_view offer_unit) {
    const unit_spelling* spelling = find_spelling(our_unit, offer_unit);
    if (spelling == nullptr) return std::nullopt;
    return std::pair{spelling->numerator, spelling->denominator};
}

std::string offer_unit_spellings(std::string_view our_unit) { return spellings_of(our_unit); }

catalog catalog_from_offer(const json document, const std::string& source) { return offer_reader(document, source).read(); }

}  // namespace detail

catalog parse_offer_file(std::string_view text, std::string_view source_name) {
    return parse_offer_file(text, source_name, catalog_options{}.regions);
}

catalog parse_offer_file(std::string_view text, std::string_view source_name, const std::vector<std::string>& regions) {
    const std::string source(source_name);
    detail::byte_source input(text);
    if (std::optional<catalog> streamed = detail::stream_offer(input, source, regions)) return std::move(*streamed);
    const detail::json_document document = detail::json_document::parse(text, source);
    return detail::catalog_from_offer(document.root(), source);
}

}  // namespace costmodel
