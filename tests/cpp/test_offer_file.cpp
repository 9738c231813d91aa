// AWS Price List offer files: small files in the offer format, one per service, read into catalogs
// whose prices must equal the built-in catalog's for the same keys.

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::catalog;
using costmodel::Decimal;
using costmodel::input_error;
using costmodel::price_tier;
using costmodel::sku;
using costmodel::sku_key;

namespace {

using costmodel_test::source_dir;
std::string offer_path(const std::string& name) { return source_dir + "/tests/data/offers/" + name; }

using costmodel_test::dec;

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "(no exception)";
}

sku_key key(std::string service, std::string usage_type, std::string variant = "", std::string region = "us-east-1") {
    return sku_key{std::move(service), std::move(usage_type), std::move(region), std::move(variant)};
}

// Every SKU of the offer catalog that the built-in catalog also has: same unit, same tiers.
void check_matches_builtin(const catalog& offer, std::size_t expected_shared) {
    std::size_t shared = 0;
    for (const sku* entry : offer.skus()) {
        const sku* builtin = costmodel::builtin_catalog().try_find(entry->key);
        if (builtin == nullptr) continue;
        INFO(entry->key.to_string());
        ++shared;
        CHECK(entry->unit == builtin->unit);
        CHECK(entry->tiers == builtin->tiers);
        CHECK(entry->free_tier == builtin->free_tier);
    }
    CHECK(shared == expected_shared);
    for (const costmodel::free_tier_pool* pool : offer.pools()) {
        INFO(pool->name);
        const costmodel::free_tier_pool* builtin = costmodel::builtin_catalog().try_find_pool(pool->name);
        REQUIRE(builtin != nullptr);
        CHECK(pool->unit == builtin->unit);
        CHECK(pool->quantity == builtin->quantity);
    }
}

}  // namespace

TEST_CASE("a Lambda offer file: tiers, ARM usage types and the global free tier", "[offer]") {
    const std::string path = offer_path("lambda-us-east-1.json");
    const catalog c = costmodel::load_catalog(path);
    CHECK(c.id() == "aws-offer-AWSLambda-20251001120000");
    CHECK(c.effective() == "2025-10-01");
    CHECK(c.currency_code() == costmodel::usd);
    CHECK(c.source() == path);
    CHECK(c.size() == 8);  // Lambda@Edge is skipped

    const sku& duration = c.find(key("lambda", "duration", "arm64"));
    CHECK(duration.unit == "GB-second");
    CHECK(duration.tiers == std::vector<price_tier>{{dec("0"), dec("7500000000"), dec("0.0000133334")},
                                                    {dec("7500000000"), dec("18750000000"), dec("0.0000120001")},
                                                    {dec("18750000000"), std::nullopt, dec("0.0000106667")}});
    CHECK(duration.effective == "2025-10-01");
    CHECK_THAT(duration.source, Catch::Contains("AWS Price List offer AWSLambda version 20251001120000, SKU "));
    CHECK_THAT(duration.source, Catch::Contains("(Lambda-GB-Second-ARM), read from " + path));
    CHECK(duration.description == "AWS Lambda - Total Compute - US East (Northern Virginia) - ARM - Tier 1");
    CHECK(c.find(key("lambda", "requests", "x86_64")).flat_price() == dec("0.0000002"));
    CHECK(c.find(key("lambda", "ephemeral_storage", "arm64")).flat_price() == dec("0.0000000309"));

    // Global-Request 0-1,000,000 at 0 and Global-Lambda-GB-Second 0-400,000 at 0 are the free tiers.
    REQUIRE(c.pools().size() == 2);
    CHECK(c.try_find_pool("lambda-requests")->quantity == dec("1000000"));
    CHECK(c.try_find_pool("lambda-duration")->quantity == dec("400000"));
    CHECK(c.try_find_pool("lambda-duration")->description == "AWS Lambda - Compute Free Tier - 400,000 GB-Seconds - Global");

    check_matches_builtin(c, 8);
}

TEST_CASE("an ECS offer file: Fargate with the USE1- prefix, ARM and Windows", "[offer]") {
    const catalog c = costmodel::load_catalog(offer_path("ecs-us-east-1.json"));
    CHECK(c.size() == 8);  // Fargate Spot is skipped
    CHECK(c.find(key("fargate", "vcpu", "linux-x86_64")).flat_price() == dec("0.04048"));
    CHECK(c.find(key("fargate", "memory", "linux-arm64")).flat_price() == dec("0.00356"));
    CHECK(c.find(key("fargate", "os_license", "windows-x86_64")).flat_price() == dec("0.046"));
    CHECK(c.find(key("fargate", "ephemeral_storage")).unit == "GB-hour");
    CHECK(c.pools().empty());
    check_matches_builtin(c, 8);
}

TEST_CASE("a Glue offer file: a zero-priced first range becomes the free-tier pool", "[offer]") {
    const catalog c = costmodel::load_catalog(offer_path("glue-us-east-1.json"));
    CHECK(c.size() == 5);  // interactive sessions are skipped
    CHECK(c.find(key("glue", "etl", "flex")).flat_price() == dec("0.29"));
    // 0-1,000,000 objects at 0, then 0.00001: the pool holds the million, the price applies from 0.
    const sku& storage = c.find(key("glue", "catalog_storage"));
    CHECK(storage.unit == "object-month");
    CHECK(storage.tiers == std::vector<price_tier>{{dec("0"), std::nullopt, dec("0.00001")}});
    CHECK(storage.free_tier == "glue-catalog-storage");
    CHECK(c.try_find_pool("glue-catalog-storage")->quantity == dec("1000000"));
    CHECK(c.try_find_pool("glue-catalog-requests")->quantity == dec("1000000"));
    check_matches_builtin(c, 5);
}

TEST_CASE("an Athena offer file: Terabytes, and a price per GB converted to per TB", "[offer]") {
    const catalog c = costmodel::load_catalog(offer_path("athena-us-east-1.json"));
    CHECK(c.size() == 1);  // Spark DPU-hours are skipped
    CHECK(c.find(key("athena", "data_scanned")).flat_price() == dec("5"));
    check_matches_builtin(c, 1);

    // eu-west-1's "EU-" prefix, a region known only by its location name, and 0.0048828125 per GB = 5.00 per TB.
    const catalog per_gb = costmodel::load_catalog(offer_path("athena-eu-west-1-per-gb.json"));
    const sku& scanned = per_gb.find(key("athena", "data_scanned", "", "eu-west-1"));
    CHECK(scanned.unit == "TB");
    CHECK(scanned.flat_price() == dec("5"));
}

TEST_CASE("an S3 offer file: storage tiers, Intelligent-Tiering and requests", "[offer]") {
    const catalog c = costmodel::load_catalog(offer_path("s3-us-east-1.json"));
    CHECK(c.size() == 5);  // Standard-IA is skipped
    const sku& storage = c.find(key("s3", "storage", "standard"));
    CHECK(storage.unit == "GB-month");
    CHECK(storage.tiers == std::vector<price_tier>{{dec("0"), dec("51200"), dec("0.023")},
                                                   {dec("51200"), dec("512000"), dec("0.022")},
                                                   {dec("512000"), std::nullopt, dec("0.021")}});
    CHECK(c.find(key("s3", "put_requests")).flat_price() == dec("0.000005"));
    CHECK(c.find(key("s3", "monitoring", "intelligent_tiering")).flat_price() == dec("0.0000025"));
    check_matches_builtin(c, 5);
}

TEST_CASE("a CloudWatch offer file: metric tiers, the alarms' free range, global dashboards", "[offer]") {
    const catalog c = costmodel::load_catalog(offer_path("cloudwatch-us-east-1.json"));
    CHECK(c.size() == 6);  // API requests are skipped
    CHECK(c.find(key("cloudwatch", "custom_metrics")).tiers.size() == 4);
    // The dashboards product has no region: it prices the region the file prices.
    const sku& dashboards = c.find(key("cloudwatch", "dashboards"));
    CHECK(dashboards.flat_price() == dec("3"));
    CHECK_THAT(dashboards.source, Catch::Contains("(DashboardsUsageHour)"));  // preferred over -Basic
    // 0-10 alarms at 0, then 0.10: ten free alarms and 0.10 from the first billable one.
    const sku& alarms = c.find(key("cloudwatch", "alarms", "standard"));
    CHECK(alarms.tiers == std::vector<price_tier>{{dec("0"), std::nullopt, dec("0.10")}});
    CHECK(c.try_find_pool("cloudwatch-alarms")->quantity == dec("10"));
    CHECK(c.find(key("cloudwatch", "alarms", "high_resolution")).free_tier.empty());
    // A pool the file does not state is not referenced.
    CHECK(c.find(key("cloudwatch", "custom_metrics")).free_tier.empty());
    CHECK(c.try_find_pool("cloudwatch-metrics") == nullptr);
    CHECK(c.find(key("cloudwatch", "logs_storage")).unit == "GB-month");

    // Prices equal the built-in ones; free-tier names differ only where the file states no allowance.
    std::size_t shared = 0;
    for (const sku* entry : c.skus()) {
        const sku& builtin = costmodel::builtin_catalog().find(entry->key);
        INFO(entry->key.to_string());
        ++shared;
        CHECK(entry->unit == builtin.unit);
        CHECK(entry->tiers == builtin.tiers);
    }
    CHECK(shared == 6);
}

TEST_CASE("offer files of the six services merge into one catalog", "[offer]") {
    std::vector<catalog> parts;
    for (const char* name : {"lambda-us-east-1.json", "ecs-us-east-1.json", "glue-us-east-1.json", "athena-us-east-1.json",
                             "s3-us-east-1.json", "cloudwatch-us-east-1.json"}) {
        parts.push_back(costmodel::load_catalog(offer_path(name)));
    }
    const catalog merged = costmodel::merge_catalogs(parts, "aws-offers-us-east-1");
    CHECK(merged.size() == 8 + 8 + 5 + 1 + 5 + 6);
    CHECK(merged.pools().size() == 2 + 2 + 1);
    CHECK(merged.effective() == "2025-10-01");
    for (const sku* entry : merged.skus()) {
        INFO(entry->key.to_string());
        CHECK(merged.find(entry->key).tiers == costmodel::builtin_catalog().find(entry->key).tiers);
    }
}

TEST_CASE("parse_offer_file reads text, and load_catalog tells the formats apart", "[offer]") {
    const std::string path = offer_path("athena-us-east-1.json");
    const catalog from_text = costmodel::parse_offer_file(read_text(path), "athena.json");
    CHECK(from_text.source() == "athena.json");
    const catalog from_file = costmodel::load_catalog(path);
    CHECK(from_text.find(key("athena", "data_scanned")).tiers == from_file.find(key("athena", "data_scanned")).tiers);
    CHECK_THAT(from_text.find(key("athena", "data_scanned")).source, Catch::EndsWith("read from athena.json"));
    CHECK(from_file.id() == from_text.id());
}

TEST_CASE("offer files the loader cannot use are input errors naming the file", "[offer]") {
    const std::string ec2 = offer_path("ec2-us-east-1-nat.json");
    CHECK(message_of([&] { (void)costmodel::load_catalog(ec2); }) ==
          ec2 + ": products: no product of offer AmazonEC2 in us-east-1 is one this loader reads (see "
                "docs/catalog-format.md, \"EC2 and Savings Plans offer files\")");

    const std::string edge = offer_path("lambda-edge-only.json");
    CHECK(message_of([&] { (void)costmodel::load_catalog(edge); }) ==
          edge + ": products: no product of offer AWSLambda is one this loader knows (usage types it reads are listed in "
                 "docs/catalog-format.md)");

    const std::string bad_unit = offer_path("lambda-bad-unit.json");
    try {
        (void)costmodel::load_catalog(bad_unit);
        FAIL("no error");
    } catch (const input_error& error) {
        CHECK(error.source() == bad_unit);
        CHECK_THAT(error.path(), Catch::StartsWith("terms.OnDemand.") && Catch::EndsWith(".unit"));
        CHECK_THAT(std::string(error.what()),
                   Catch::EndsWith("unit \"Hrs\" of Request is not one the loader can convert to request (it reads Requests, Request)"));
    }

    const std::string gap = offer_path("s3-bad-ranges.json");
    try {
        (void)costmodel::load_catalog(gap);
        FAIL("no error");
    } catch (const input_error& error) {
        CHECK(error.source() == gap);
        CHECK_THAT(error.path(), Catch::StartsWith("terms.OnDemand.") && Catch::Contains(".priceDimensions."));
        CHECK_THAT(std::string(error.what()),
                   Catch::EndsWith("TimedStorage-ByteHrs: tier starts at 60000 but the previous tier ends at 51200 (tiers must be contiguous)"));
    }
}

TEST_CASE("offer file errors in price dimensions name the path and the value", "[offer]") {
    const auto offer = [](const std::string& dimension, const std::string& attributes =
                                                             R"("regionCode": "us-east-1", "usagetype": "USE1-DataScannedInTB")") {
        return R"({"formatVersion": "v1.0", "offerCode": "AmazonAthena", "version": "1", "publicationDate": "2025-10-01T00:00:00Z",
                  "products": {"SKU1": {"sku": "SKU1", "productFamily": "Athena Queries", "attributes": {)" +
               attributes + R"(}}},
                  "terms": {"OnDemand": {"SKU1": {"SKU1.T": {"offerTermCode": "T", "sku": "SKU1", "effectiveDate": "2025-10-01T00:00:00Z",
                  "priceDimensions": {"SKU1.T.R": )" + dimension + "}}}}}}";
    };
    const auto error_of = [&](const std::string& dimension, const std::string& attributes =
                                                                R"("regionCode": "us-east-1", "usagetype": "USE1-DataScannedInTB")") {
        return message_of([&] { (void)costmodel::parse_offer_file(offer(dimension, attributes), "offer.json"); });
    };
    const std::string prefix = "offer.json: terms.OnDemand.SKU1.SKU1.T.priceDimensions.SKU1.T.R.";

    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "5.00"}})") == "(no exception)");
    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "five"}})") ==
          prefix + "pricePerUnit.USD: expected a number, got \"five\"");
    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "-5"}})") ==
          prefix + "pricePerUnit.USD: expected a price >= 0, got -5");
    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"XYZ": "5"}})") ==
          prefix + "pricePerUnit: no price in a known ISO 4217 currency: {\"XYZ\":\"5\"}");
    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "zero", "endRange": "Inf", "pricePerUnit": {"USD": "5"}})") ==
          prefix + "beginRange: expected a number, got \"zero\"");
    CHECK(error_of(R"({"beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "5"}})") == prefix + "unit: missing required key");
    CHECK(error_of(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"USD": "5"}})",
                   R"x("location": "Moon Base (Crater 1)", "usagetype": "DataScannedInTB")x") ==
          "offer.json: products.SKU1.attributes.location: unknown location \"Moon Base (Crater 1)\" and no regionCode");

    // A price in another currency makes a catalog in that currency.
    const catalog cny = costmodel::parse_offer_file(
        offer(R"({"unit": "Terabytes", "beginRange": "0", "endRange": "Inf", "pricePerUnit": {"CNY": "34.34"}})",
              R"("regionCode": "cn-northwest-1", "usagetype": "CNW1-DataScannedInTB")"),
        "cn.json");
    CHECK(cny.currency_code() == costmodel::currency("CNY"));
    CHECK(cny.find(key("athena", "data_scanned", "", "cn-northwest-1")).flat_price() == dec("34.34"));

    CHECK(message_of([] { (void)costmodel::parse_offer_file(R"({"products": {}, "terms": {}})", "o.json"); }) ==
          "o.json: offerCode: missing required key");
    CHECK(message_of([] { (void)costmodel::parse_offer_file(R"({"offerCode": "AWSLambda", "terms": {}})", "o.json"); }) ==
          "o.json: products: missing required key");
    CHECK_THAT(message_of([] { (void)costmodel::parse_offer_file("{\"offerCode\": ", "o.json"); }),
               Catch::StartsWith("o.json: invalid JSON: parse error"));
}
