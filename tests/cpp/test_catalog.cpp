// The price catalog: the built-in catalog against docs/catalog-keys.md, lookup and its errors, tier
// checks, our catalog JSON format and its errors, merging, and load_catalog.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/json.hpp"
#include "test_support.hpp"

using costmodel::catalog;
using costmodel::catalog_error;
using costmodel::Decimal;
using costmodel::input_error;
using costmodel::price_tier;
using costmodel::sku;
using costmodel::sku_key;

namespace {

using costmodel_test::source_dir;
std::string data_path(const std::string& name) { return source_dir + "/tests/data/catalogs/" + name; }

using costmodel_test::dec;

std::string trim(std::string text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

std::vector<std::string> split(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto at = text.find(separator, start);
        parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) break;
        start = at + separator.size();
    }
    return parts;
}

// Drops a trailing " (...)" remark: "0.00001 (1.00 per 100,000)" -> "0.00001".
std::string without_remark(const std::string& text) {
    const auto at = text.find(" (");
    return trim(at == std::string::npos ? text : text.substr(0, at));
}

std::vector<std::vector<std::string>> markdown_table(const std::vector<std::string>& lines, const std::string& header_start) {
    std::vector<std::vector<std::string>> rows;
    bool inside = false;
    int skip = 0;
    for (const std::string& line : lines) {
        if (!inside) {
            if (line.rfind(header_start, 0) == 0) {
                inside = true;
                skip = 1;  // the |---| line
            }
            continue;
        }
        if (line.empty() || line[0] != '|') break;
        if (skip-- > 0) continue;
        std::vector<std::string> cells = split(line, "|");
        cells.erase(cells.begin());
        cells.pop_back();
        for (std::string& cell : cells) cell = trim(cell);
        rows.push_back(cells);
    }
    return rows;
}

// "0.0000166667 [0, 6e9); 0.0000150000 [6e9, 15e9); 0.0000133334 above" or "0.04048".
std::vector<price_tier> tiers_from_doc(const std::string& text) {
    std::vector<price_tier> tiers;
    for (const std::string& part : split(without_remark(text), "; ")) {
        const std::string item = trim(part);
        const auto bracket = item.find(" [");
        if (bracket != std::string::npos) {
            const std::string bounds = item.substr(bracket + 2, item.size() - bracket - 3);  // "0, 6e9"
            const std::vector<std::string> ends = split(bounds, ", ");
            tiers.push_back(price_tier{dec(ends.at(0)), dec(ends.at(1)), dec(item.substr(0, bracket))});
        } else if (const auto above = item.find(" above"); above != std::string::npos) {
            tiers.push_back(price_tier{tiers.empty() ? Decimal() : *tiers.back().to, std::nullopt, dec(item.substr(0, above))});
        } else {
            tiers.push_back(price_tier{Decimal(), std::nullopt, dec(item)});
        }
    }
    return tiers;
}

struct documented_sku {
    sku_key key;
    std::string unit;
    std::vector<price_tier> tiers;
    std::string pool;
};

struct documented_catalog {
    std::vector<documented_sku> skus;
    std::map<std::string, std::pair<std::string, Decimal>> pools;  // name -> (unit, allowance)
};

// Reads the two tables of docs/catalog-keys.md.
documented_catalog read_catalog_keys_doc() {
    std::ifstream file(source_dir + "/docs/catalog-keys.md");
    REQUIRE(file.good());
    std::vector<std::string> lines;
    for (std::string line; std::getline(file, line);) lines.push_back(line);

    documented_catalog doc;
    for (const auto& row : markdown_table(lines, "| service | usage_type |")) {
        REQUIRE(row.size() == 6);
        const std::vector<std::string> variant_groups = split(row[2], " / ");
        const std::vector<std::string> price_groups = split(row[4], " / ");
        REQUIRE((price_groups.size() == variant_groups.size() || price_groups.size() == 1));
        std::string pool = without_remark(row[5]);
        const bool standard_only = row[5].find("(standard only)") != std::string::npos;
        for (std::size_t g = 0; g < variant_groups.size(); ++g) {
            const std::vector<price_tier> tiers = tiers_from_doc(price_groups[price_groups.size() == 1 ? 0 : g]);
            for (const std::string& raw_variant : split(variant_groups[g], ", ")) {
                const std::string variant = trim(raw_variant) == "(none)" ? "" : trim(raw_variant);
                documented_sku entry{sku_key{row[0], row[1], "us-east-1", variant}, row[3], tiers,
                                     standard_only && variant != "standard" ? "" : pool};
                doc.skus.push_back(entry);
            }
        }
    }
    for (const auto& row : markdown_table(lines, "| pool | unit | allowance |")) {
        REQUIRE(row.size() == 3);
        std::string allowance;
        for (char c : without_remark(row[2])) {
            if (c != ',') allowance += c;
        }
        doc.pools[row[0]] = {row[1], dec(allowance)};
    }
    return doc;
}

const catalog& builtin() { return costmodel::builtin_catalog(); }

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "(no exception)";
}

sku flat(const std::string& service, const std::string& usage_type, const std::string& price) {
    sku entry;
    entry.key = sku_key{service, usage_type, "us-east-1", ""};
    entry.unit = "request";
    entry.tiers = {price_tier{Decimal(), std::nullopt, dec(price)}};
    return entry;
}

sku tiered(std::vector<price_tier> tiers) {
    sku entry = flat("s3", "storage", "0");
    entry.unit = "GB-month";
    entry.tiers = std::move(tiers);
    return entry;
}

}  // namespace

TEST_CASE("the built-in catalog has every key of docs/catalog-keys.md with its price, tiers, unit and pool", "[catalog]") {
    const documented_catalog doc = read_catalog_keys_doc();
    REQUIRE(doc.skus.size() == 50);
    std::set<sku_key> documented;
    for (const documented_sku& expected : doc.skus) {
        INFO(expected.key.to_string());
        documented.insert(expected.key);
        const sku* entry = builtin().try_find(expected.key);
        REQUIRE(entry != nullptr);
        CHECK(entry->unit == expected.unit);
        CHECK(entry->tiers == expected.tiers);
        CHECK(entry->free_tier == expected.pool);
    }
    // EC2 instance prices are one SKU per type and OS, listed by family in their own section of the
    // doc (and checked by test_instance_cost.cpp); every other key is a row of the table.
    std::size_t ec2 = 0;
    for (const sku* entry : builtin().skus()) {
        INFO(entry->key.to_string());
        if (entry->key.service == "ec2") {
            ++ec2;
            CHECK(entry->key.usage_type == "instance-hours");
            CHECK(entry->unit == "instance-hour");
            CHECK(entry->source == "https://aws.amazon.com/ec2/pricing/on-demand/");
            continue;
        }
        CHECK(documented.count(entry->key) == 1);  // nothing beyond the documented keys
    }
    CHECK(ec2 == 123);  // docs/catalog-keys.md, "EC2 on-demand instance prices"
    CHECK(builtin().size() == documented.size() + ec2);

    REQUIRE(doc.pools.size() == 10);
    CHECK(builtin().pools().size() == doc.pools.size());
    for (const auto& [name, expected] : doc.pools) {
        INFO(name);
        const costmodel::free_tier_pool* pool = builtin().try_find_pool(name);
        REQUIRE(pool != nullptr);
        CHECK(pool->unit == expected.first);
        CHECK(pool->quantity == expected.second);
    }
}

TEST_CASE("the built-in catalog's prices, checked by hand", "[catalog]") {
    const catalog& c = builtin();
    CHECK(c.id() == "aws-us-east-1");
    CHECK(c.effective() == "2025-10-01");
    CHECK(c.currency_code() == costmodel::usd);
    CHECK(c.source() == "builtin");
    CHECK(&costmodel::builtin_catalog() == &c);  // parsed once

    // Lambda duration x86: 0.0000166667 up to 6 billion GB-seconds, then 0.000015 to 15 billion.
    const sku& duration = c.find(sku_key{"lambda", "duration", "us-east-1", "x86_64"});
    REQUIRE(duration.tiers.size() == 3);
    CHECK(duration.tiers[0].unit_price == dec("0.0000166667"));
    CHECK(duration.tiers[0].to == dec("6000000000"));
    CHECK(duration.tiers[1].unit_price == dec("0.000015"));
    CHECK(duration.tiers[2].from == dec("15000000000"));
    CHECK_FALSE(duration.tiers[2].to.has_value());
    CHECK(duration.free_tier == "lambda-duration");

    // S3 Standard: 50 TB = 51,200 GB at 0.023; 500 TB = 512,000 GB.
    const sku& storage = c.find(sku_key{"s3", "storage", "us-east-1", "standard"});
    CHECK(storage.tiers[0].to == dec("51200"));
    CHECK(storage.tiers[1].to == dec("512000"));
    CHECK(storage.tiers[2].unit_price == dec("0.021"));

    // Glue Data Catalog: 1.00 per 100,000 objects is 0.00001 per object-month.
    CHECK(c.find(sku_key{"glue", "catalog_storage", "us-east-1", ""}).flat_price() == dec("0.00001"));
    CHECK(c.find(sku_key{"fargate", "vcpu", "us-east-1", "linux-x86_64"}).flat_price() == dec("0.04048"));
    CHECK(c.find(sku_key{"athena", "data_scanned", "us-east-1", ""}).unit == "TB");
    CHECK(c.find(sku_key{"vpc_endpoint", "endpoint_hours", "us-east-1", "gateway"}).flat_price().is_zero());
    CHECK(c.try_find_pool("lambda-duration")->quantity == dec("400000"));
    CHECK(c.skus("fargate").size() == 8);
    CHECK(c.skus("nope").empty());
}

TEST_CASE("every built-in entry has a source, an effective date and a description", "[catalog]") {
    for (const sku* entry : builtin().skus()) {
        INFO(entry->key.to_string());
        CHECK(entry->source.rfind("https://", 0) == 0);
        CHECK(entry->effective == "2025-10-01");
        CHECK_FALSE(entry->description.empty());
    }
    for (const costmodel::free_tier_pool* pool : builtin().pools()) {
        INFO(pool->name);
        CHECK(pool->source.rfind("https://", 0) == 0);
        CHECK_FALSE(pool->description.empty());
    }
    CHECK(builtin().find(sku_key{"lambda", "requests", "us-east-1", "arm64"}).source == "https://aws.amazon.com/lambda/pricing/");
    CHECK(builtin().find(sku_key{"athena", "data_scanned", "us-east-1", ""}).source == "https://aws.amazon.com/athena/pricing/");
}

TEST_CASE("sku keys print as service/usage_type[variant]@region", "[catalog]") {
    CHECK(sku_key{"lambda", "duration", "us-east-1", "arm64"}.to_string() == "lambda/duration[arm64]@us-east-1");
    CHECK(sku_key{"athena", "data_scanned", "eu-west-1", ""}.to_string() == "athena/data_scanned@eu-west-1");
}

TEST_CASE("find() names the key and the catalog when there is no price", "[catalog]") {
    const std::string other_region = message_of([] { (void)builtin().find(sku_key{"lambda", "duration", "eu-west-1", "arm64"}); });
    CHECK(other_region ==
          "catalog aws-us-east-1 has no price for lambda/duration[arm64]@eu-west-1 "
          "(it prices lambda/duration[arm64] in us-east-1)");
    const std::string other_variant = message_of([] { (void)builtin().find(sku_key{"fargate", "vcpu", "us-east-1", "windows-arm64"}); });
    CHECK(other_variant ==
          "catalog aws-us-east-1 has no price for fargate/vcpu[windows-arm64]@us-east-1 "
          "(variants it has there: linux-arm64, linux-x86_64, windows-x86_64)");
    CHECK(message_of([] { (void)builtin().find(sku_key{"sagemaker", "training", "us-east-1", ""}); }) ==
          "catalog aws-us-east-1 has no price for sagemaker/training@us-east-1");
    CHECK_THROWS_AS(builtin().find(sku_key{"x", "y", "z", ""}), catalog_error);
    // One exception type for what a user got wrong: a missing price is an input_error too, its message
    // unchanged (no source or path to add: it names the catalog and the key).
    try {
        (void)builtin().find(sku_key{"x", "y", "z", ""});
    } catch (const costmodel::input_error& error) {
        CHECK(error.source().empty());
        CHECK(error.path().empty());
        CHECK(std::string(error.what()) == "catalog aws-us-east-1 has no price for x/y@z");
    }
    CHECK(builtin().try_find(sku_key{"x", "y", "z", ""}) == nullptr);
    CHECK(builtin().try_find_pool("no-such-pool") == nullptr);
}

TEST_CASE("flat_price is the price of an untiered SKU and refuses a tiered one", "[catalog]") {
    CHECK(flat("athena", "data_scanned", "5").flat_price() == dec("5"));
    const sku& duration = builtin().find(sku_key{"lambda", "duration", "us-east-1", "x86_64"});
    CHECK_THROWS_AS(duration.flat_price(), catalog_error);
    CHECK_THROWS_WITH(duration.flat_price(), Catch::Contains("lambda/duration[x86_64]@us-east-1 is tiered (3 tiers)"));
}

TEST_CASE("catalog::add checks tiers and refuses duplicates", "[catalog]") {
    catalog c("test", "2025-10-01", costmodel::usd);
    const auto add = [&](sku entry) { return message_of([&] { c.add(std::move(entry)); }); };
    const std::optional<Decimal> none;

    CHECK(add(tiered({})) == "catalog test: SKU s3/storage@us-east-1: a SKU needs at least one price tier");
    CHECK(add(tiered({{dec("1"), none, dec("0.023")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 0: the first tier must start at 0, got 1");
    CHECK(add(tiered({{dec("0"), dec("100"), dec("0.023")}, {dec("150"), none, dec("0.022")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 1: tier starts at 150 but the previous tier ends at 100 "
          "(tiers must be contiguous)");
    CHECK(add(tiered({{dec("0"), dec("100"), dec("0.023")}, {dec("100"), dec("50"), dec("0.022")}, {dec("50"), none, dec("0.021")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 1: tier ends at 50, not above its start 100 (bounds must increase)");
    CHECK(add(tiered({{dec("0"), none, dec("0.023")}, {dec("100"), none, dec("0.022")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 0: only the last tier may be unbounded (tier 0 has no upper bound "
          "but tier 1 follows)");
    CHECK(add(tiered({{dec("0"), dec("100"), dec("0.023")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 0: the last tier must be unbounded (no \"to\"): usage above 100 "
          "would have no price");
    CHECK(add(tiered({{dec("0"), none, dec("-0.01")}})) ==
          "catalog test: SKU s3/storage@us-east-1: tier 0: price must be >= 0, got -0.01");
    CHECK(c.size() == 0);

    c.add(flat("athena", "data_scanned", "5"));
    CHECK(add(flat("athena", "data_scanned", "6")) == "catalog test already has a price for athena/data_scanned@us-east-1");
    c.add(costmodel::free_tier_pool{"pool", "request", dec("10"), "", ""});
    CHECK(message_of([&] { c.add(costmodel::free_tier_pool{"pool", "request", dec("20"), "", ""}); }) ==
          "catalog test already has a free-tier pool named pool");
    CHECK(c.size() == 1);
    CHECK(c.find(sku_key{"athena", "data_scanned", "us-east-1", ""}).flat_price() == dec("5"));
}

TEST_CASE("a catalog JSON file is read exactly, with defaults for region and effective date", "[catalog]") {
    const catalog c = costmodel::load_catalog(data_path("small.json"));
    CHECK(c.id() == "team-rates-2025");
    CHECK(c.effective() == "2025-07-01");
    CHECK(c.source() == data_path("small.json"));
    CHECK(c.size() == 3);

    const sku& duration = c.find(sku_key{"lambda", "duration", "eu-west-1", "x86_64"});  // default region
    // 0.0000166667 written as a JSON number, 6e9 with an exponent: both exact.
    CHECK(duration.tiers == std::vector<price_tier>{{dec("0"), dec("6000000000"), dec("0.0000166667")},
                                                    {dec("6000000000"), dec("15000000000"), dec("0.000015")},
                                                    {dec("15000000000"), std::nullopt, dec("0.0000133334")}});
    CHECK(duration.effective == "2025-07-01");  // the catalog's
    CHECK(duration.description.empty());
    CHECK(duration.free_tier.empty());

    const sku& requests = c.find(sku_key{"lambda", "requests", "eu-west-1", "x86_64"});
    CHECK(requests.free_tier == "lambda-requests");
    CHECK(c.try_find_pool("lambda-requests")->quantity == dec("1000000"));

    const sku& athena = c.find(sku_key{"athena", "data_scanned", "us-east-1", ""});  // its own region
    CHECK(athena.flat_price() == dec("5"));
    CHECK(athena.effective == "2024-01-01");
}

TEST_CASE("the catalog JSON the library writes reads back as the same catalog", "[catalog]") {
    nlohmann::ordered_json document = {{"schema", "costmodel/catalog/v1"}, {"id", builtin().id()},
                                       {"currency", "USD"},                {"effective", builtin().effective()}};
    document["free_tiers"] = nlohmann::ordered_json::array();
    for (const costmodel::free_tier_pool* pool : builtin().pools()) {
        document["free_tiers"].push_back({{"name", pool->name}, {"unit", pool->unit}, {"quantity", pool->quantity.to_string()},
                                          {"description", pool->description}, {"source", pool->source}});
    }
    document["skus"] = nlohmann::ordered_json::array();
    for (const sku* entry : builtin().skus()) document["skus"].push_back(*entry);  // costmodel/json.hpp's to_json

    const catalog copy = costmodel::parse_catalog_json(document.dump(2), "copy.json");
    REQUIRE(copy.size() == builtin().size());
    for (const sku* entry : builtin().skus()) {
        INFO(entry->key.to_string());
        REQUIRE(copy.try_find(entry->key) != nullptr);
        CHECK(*copy.try_find(entry->key) == *entry);
    }
    REQUIRE(copy.pools().size() == builtin().pools().size());
    for (const costmodel::free_tier_pool* pool : builtin().pools()) CHECK(*copy.try_find_pool(pool->name) == *pool);
}

TEST_CASE("bad catalog files give input errors naming the file, the path and the value", "[catalog]") {
    struct bad_case {
        std::string file;
        std::string path;
        std::string message;
    };
    const std::vector<bad_case> cases = {
        {"bad-unknown-key.json", "skus[1].prise", "unknown key (did you mean \"price\"?)"},
        {"bad-string-price.json", "skus[0].price", "expected a number, got \"five dollars\""},
        {"bad-missing-unit.json", "skus[0].unit", "missing required key"},
        {"bad-negative-price.json", "skus[0].tiers[1].price", "expected a number >= 0, got -0.022"},
        {"bad-tier-gap.json", "skus[0].tiers[1].from",
         "tier starts at 52000 but the previous tier ends at 51200 (tiers must be contiguous)"},
        {"bad-unknown-currency.json", "currency",
         "unknown currency \"USS\": expected an ISO 4217 code such as USD, EUR, GBP, JPY"},
        {"bad-duplicate-sku.json", "skus[2]", "duplicate SKU athena/data_scanned@us-east-1 (also skus[0])"},
    };
    for (const bad_case& c : cases) {
        INFO(c.file);
        const std::string path = data_path(c.file);
        try {
            (void)costmodel::load_catalog(path);
            FAIL("no error");
        } catch (const input_error& error) {
            CHECK(error.source() == path);
            CHECK(error.path() == c.path);
            CHECK(std::string(error.what()) == path + ": " + c.path + ": " + c.message);
        }
    }
}

TEST_CASE("an unreadable or invalid catalog file is an input error naming it", "[catalog]") {
    const std::string missing = data_path("does-not-exist.json");
    CHECK_THROWS_AS(costmodel::load_catalog(missing), input_error);
    CHECK(message_of([&] { (void)costmodel::load_catalog(missing); }) ==
          missing + ": cannot read catalog (no such file)");
    CHECK(message_of([&] { (void)costmodel::load_catalog(source_dir + "/tests/data/catalogs"); }) ==
          source_dir + "/tests/data/catalogs: cannot read catalog (it is a directory)");

    const std::string invalid = data_path("bad-invalid-json.json");
    const std::string message = message_of([&] { (void)costmodel::load_catalog(invalid); });
    CHECK_THAT(message, Catch::StartsWith(invalid + ": invalid JSON: parse error at line 6, column 38"));

    const std::string neither = data_path("neither-format.json");
    CHECK(message_of([&] { (void)costmodel::load_catalog(neither); }) ==
          neither + ": (top level): neither a costmodel catalog (no \"schema\": \"costmodel/catalog/v1\") nor an AWS Price "
                    "List offer file (no \"offerCode\", \"products\" and \"terms\"); got an object");
}

TEST_CASE("catalog JSON errors, one by one", "[catalog]") {
    const auto error_of = [](const std::string& skus, const std::string& top = R"("region": "us-east-1")") {
        const std::string text = R"({"schema": "costmodel/catalog/v1", "id": "x", "currency": "USD", "effective": "2025-10-01", )" +
                                 top + R"(, "skus": [)" + skus + "]}";
        return message_of([&] { (void)costmodel::parse_catalog_json(text, "inline.json"); });
    };
    const std::string athena = R"({"service": "athena", "usage_type": "data_scanned", "unit": "TB", )";

    CHECK(error_of(athena + R"("price": "5"})") == "(no exception)");
    CHECK(error_of(athena + R"("price": "5", "tiers": []})") ==
          "inline.json: skus[0].price: give either \"price\" or \"tiers\", not both");
    CHECK(error_of(R"({"service": "athena", "usage_type": "data_scanned", "unit": "TB"})") ==
          "inline.json: skus[0].tiers: missing required key (give \"tiers\", or \"price\" for a single price)");
    CHECK(error_of(athena + R"("tiers": []})") == "inline.json: skus[0].tiers: a SKU needs at least one price tier");
    CHECK(error_of(athena + R"("tiers": [{"from": 1, "price": 5}]})") ==
          "inline.json: skus[0].tiers[0].from: the first tier must start at 0, got 1");
    CHECK(error_of(athena + R"("tiers": [{"from": 0, "to": 10, "price": 5}, {"from": 10, "to": 5, "price": 4}, {"from": 5, "price": 3}]})") ==
          "inline.json: skus[0].tiers[1].to: tier ends at 5, not above its start 10 (bounds must increase)");
    CHECK(error_of(athena + R"("tiers": [{"from": 0, "to": 10, "price": 5}]})") ==
          "inline.json: skus[0].tiers[0].to: the last tier must be unbounded (no \"to\"): usage above 10 would have no price");
    CHECK(error_of(athena + R"("tiers": [{"from": 0, "price": 5, "upto": 3}]})") == "inline.json: skus[0].tiers[0].upto: unknown key");
    CHECK(error_of(athena + R"("tiers": {"from": 0, "price": 5}})") == "inline.json: skus[0].tiers: expected an array, got an object");
    CHECK(error_of(athena + R"("price": 0.00000000001})") ==
          "inline.json: skus[0].price: number 0.00000000001 has more than 10 fractional digits");
    CHECK(error_of(athena + R"("price": true})") == "inline.json: skus[0].price: expected a number, got true");
    CHECK(error_of(R"({"service": "athena", "usage_type": "data_scanned", "unit": "terabyte", "price": 5})") ==
          "inline.json: skus[0].unit: unknown unit \"terabyte\": expected one of request, GB-second, GB-hour, vCPU-hour, "
          "DPU-hour, TB, GB, GB-month, object-month, metric-month, dashboard-month, alarm-month, state-transition, token, "
          "event, endpoint-hour, gateway-hour, instance-hour, month");
    CHECK(error_of(R"({"service": "", "usage_type": "data_scanned", "unit": "TB", "price": 5})") ==
          "inline.json: skus[0].service: must not be empty");
    CHECK(error_of(athena + R"("price": 5, "effective": "2025-02-30"})") ==
          "inline.json: skus[0].effective: expected a date YYYY-MM-DD, got \"2025-02-30\"");
    CHECK(error_of(athena + R"("price": 5, "free_tier": "athena-free"})") ==
          "inline.json: skus[0].free_tier: no free-tier pool named \"athena-free\" in free_tiers");
    CHECK(error_of(athena + R"("price": 5, "free_tier": "p"})",
                   R"("region": "us-east-1", "free_tiers": [{"name": "p", "unit": "GB", "quantity": 5}])") ==
          "inline.json: skus[0].free_tier: free-tier pool \"p\" is in GB but this SKU is priced per TB");
    CHECK(error_of("", R"("region": "us-east-1", "free_tiers": [{"name": "p", "unit": "GB", "quantity": -5}])") ==
          "inline.json: free_tiers[0].quantity: expected a number >= 0, got -5");
    CHECK(error_of("", R"("region": "us-east-1", "free_tiers": [{"name": "p", "unit": "GB", "quantity": 5}, {"name": "p", "unit": "GB", "quantity": 6}])") ==
          "inline.json: free_tiers[1].name: duplicate free-tier pool \"p\" (also free_tiers[0])");
    CHECK(error_of(athena + R"("price": 5})", R"("regio": "us-east-1")") == "inline.json: regio: unknown key (did you mean \"region\"?)");
    CHECK(error_of(athena + R"("price": 5})", R"("description": 3)") == "inline.json: description: expected a string, got 3");
    CHECK(error_of(athena + R"("price": 5})", R"("description": "no region")") ==
          "inline.json: skus[0].region: missing required key (the catalog sets no default \"region\")");
    CHECK(error_of("[]") == "inline.json: skus[0]: expected an object, got an array");

    CHECK(message_of([] { (void)costmodel::parse_catalog_json(R"({"schema": "costmodel/catalog/v2"})", "v2.json"); }) ==
          "v2.json: schema: expected \"costmodel/catalog/v1\", got \"costmodel/catalog/v2\"");
    CHECK(message_of([] { (void)costmodel::parse_catalog_json(R"({"schema": "costmodel/catalog/v1", "id": "x", "currency": "USD", "skus": []})", "d.json"); }) ==
          "d.json: effective: missing required key");
    CHECK(message_of([] { (void)costmodel::parse_catalog_json("[1, 2]", "array.json"); }) ==
          "array.json: (top level): expected an object, got an array");
}

TEST_CASE("merge_catalogs joins catalogs and refuses a key priced twice", "[catalog]") {
    catalog a("a", "2025-09-01", costmodel::usd, "a.json");
    a.add(flat("athena", "data_scanned", "5"));
    a.add(costmodel::free_tier_pool{"pool", "request", dec("10"), "", ""});
    catalog b("b", "2025-10-01", costmodel::usd, "b.json");
    b.add(flat("ecr", "storage", "0.10"));
    b.add(costmodel::free_tier_pool{"pool", "request", dec("10"), "", ""});

    const catalog merged = costmodel::merge_catalogs({a, b}, "both");
    CHECK(merged.id() == "both");
    CHECK(merged.effective() == "2025-10-01");
    CHECK(merged.source() == "a.json, b.json");
    CHECK(merged.size() == 2);
    CHECK(merged.pools().size() == 1);
    CHECK(merged.find(sku_key{"ecr", "storage", "us-east-1", ""}).flat_price() == dec("0.10"));

    catalog c("c", "2025-10-01", costmodel::usd);
    c.add(flat("athena", "data_scanned", "6"));
    CHECK(message_of([&] { (void)costmodel::merge_catalogs({a, b, c}, "all"); }) ==
          "cannot merge catalog c: athena/data_scanned@us-east-1 is already priced by catalog a");
    catalog eur("eur", "2025-10-01", costmodel::currency("EUR"));
    CHECK(message_of([&] { (void)costmodel::merge_catalogs({a, eur}, "mixed"); }) ==
          "cannot merge catalog eur (EUR) with catalog a (USD): currencies differ");
    catalog other_pool("d", "2025-10-01", costmodel::usd);
    other_pool.add(costmodel::free_tier_pool{"pool", "request", dec("20"), "", ""});
    CHECK_THROWS_AS(costmodel::merge_catalogs({a, other_pool}, "x"), catalog_error);
    CHECK_THROWS_AS(costmodel::merge_catalogs({}, "none"), catalog_error);
}
