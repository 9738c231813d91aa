// The AmazonEC2 and Savings Plans offer files, read as a stream: which products are kept, the reserved
// effective rate, the plan rates, a scenario whose Compute plan takes its rates from them, and the
// errors for bad input. The excerpts in tests/data/offers/ are in AWS's shape with figures of our own.

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using costmodel::catalog;
using costmodel::Decimal;
using costmodel::input_error;
using costmodel::sku;
using costmodel::sku_key;
using costmodel_test::dec;
using costmodel_test::source_dir;

namespace {

std::string offer_path(const std::string& name) { return source_dir + "/tests/data/offers/" + name; }
std::string ec2_path() { return offer_path("ec2-us-east-1-instances.json"); }
std::string plans_path() { return offer_path("savings-plans-us-east-1.json"); }

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

sku_key ec2(const std::string& usage, const std::string& variant, const std::string& region = "us-east-1") {
    return sku_key{"ec2", usage, region, variant};
}

Decimal price_of(const catalog& c, const sku_key& key) { return c.find(key).flat_price(); }

struct refusal {
    std::string source;
    std::string path;
    std::string message;
};

refusal refused(const std::function<void()>& action) {
    try {
        action();
    } catch (const input_error& error) {
        return {error.source(), error.path(), error.what()};
    }
    FAIL("no input_error");
    return {};
}

// The EC2 excerpt with `from` replaced by `to` (once), parsed as text.
refusal ec2_refusal(const std::string& from, const std::string& to) {
    std::string text = read_text(ec2_path());
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return refused([&] { (void)costmodel::parse_offer_file(text, "ec2.json"); });
}

refusal plans_refusal(const std::string& from, const std::string& to) {
    std::string text = read_text(plans_path());
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return refused([&] { (void)costmodel::parse_offer_file(text, "plans.json"); });
}

}  // namespace

TEST_CASE("an EC2 offer file keeps shared Linux and Windows instances of the regions asked for", "[offer-stream]") {
    const catalog c = costmodel::load_catalog(ec2_path());
    CHECK(c.id() == "aws-offer-AmazonEC2-20251001000000");
    CHECK(c.effective() == "2025-10-01");
    // Kept: m5.large Linux and Windows, m7g.4xlarge, m7g.metal (bare metal is a Compute Instance too).
    // Skipped: RHEL, dedicated tenancy, an unused capacity reservation, SQL Server pre-installed, a
    // Dedicated Host, us-west-2.
    CHECK(price_of(c, ec2("instance-hours", "m5.large/linux")) == dec("0.096"));
    CHECK(price_of(c, ec2("instance-hours", "m5.large/windows")) == dec("0.188"));
    CHECK(price_of(c, ec2("instance-hours", "m7g.4xlarge/linux")) == dec("0.6528"));
    CHECK(price_of(c, ec2("instance-hours", "m7g.metal/linux")) == dec("2.6112"));
    CHECK(c.try_find(ec2("instance-hours", "m5.large/linux", "us-west-2")) == nullptr);
    const sku& m5 = c.find(ec2("instance-hours", "m5.large/linux"));
    CHECK(m5.unit == "instance-hour");
    CHECK(m5.description == "$0.096 per On Demand Linux m5.large Instance Hour");
    CHECK_THAT(m5.source, Catch::Contains("SKU 6QCMYABX3D3KRKE8"));
    // 4 on-demand + 4 standard reservations of m5.large Linux (the convertible one is not read).
    CHECK(c.size() == 8);

    costmodel::catalog_options west;
    west.regions = {"us-west-2"};
    const catalog w = costmodel::load_catalog(ec2_path(), west);
    CHECK(w.size() == 1);
    CHECK(price_of(w, ec2("instance-hours", "m5.large/linux", "us-west-2")) == dec("0.096"));

    // The same from text in memory.
    const catalog t = costmodel::parse_offer_file(read_text(ec2_path()), "ec2.json");
    CHECK(t.size() == 8);
}

TEST_CASE("a standard reservation's rate is its upfront fee over 8,760 hours a year plus its hourly fee", "[offer-stream]") {
    const catalog c = costmodel::load_catalog(ec2_path());
    // No Upfront: 0.06 per hour, nothing upfront.
    CHECK(price_of(c, ec2("instance-hours/reserved/1yr/no_upfront", "m5.large/linux")) == dec("0.06"));
    // Partial Upfront: 256 / 8,760 = 0.02922374429|22... → 0.0292237443 (half-even at 10 places), + 0.029.
    CHECK(price_of(c, ec2("instance-hours/reserved/1yr/partial_upfront", "m5.large/linux")) == dec("0.0582237443"));
    // All Upfront: 502 / 8,760 = 0.05730593607|30... → 0.0573059361.
    CHECK(price_of(c, ec2("instance-hours/reserved/1yr/all_upfront", "m5.large/linux")) == dec("0.0573059361"));
    // 3yr All Upfront: 1000 / 26,280 = 0.03805175038|05... → 0.0380517504.
    CHECK(price_of(c, ec2("instance-hours/reserved/3yr/all_upfront", "m5.large/linux")) == dec("0.0380517504"));
    const sku& partial = c.find(ec2("instance-hours/reserved/1yr/partial_upfront", "m5.large/linux"));
    CHECK(partial.description == "standard 1yr partial_upfront reservation of m5.large linux: upfront fee 256 USD over 8760 hours + 0.029 per hour");
    CHECK(c.try_find(ec2("instance-hours/reserved/3yr/no_upfront", "m5.large/linux")) == nullptr);
}

TEST_CASE("a Savings Plans offer file gives EC2, Fargate and Lambda plan rates", "[offer-stream]") {
    const catalog c = costmodel::load_catalog(plans_path());
    CHECK(c.id() == "aws-offer-AWSComputeSavingsPlan-20251001000000");
    CHECK(price_of(c, ec2("instance-hours/compute_sp/1yr/no_upfront", "m5.large/linux")) == dec("0.068"));
    CHECK(price_of(c, ec2("instance-hours/compute_sp/1yr/no_upfront", "m5.large/windows")) == dec("0.16"));
    CHECK(price_of(c, ec2("instance-hours/compute_sp/3yr/all_upfront", "m5.large/linux")) == dec("0.043"));
    CHECK(price_of(c, ec2("instance-hours/ec2_instance_sp/1yr/no_upfront", "m5.large/linux")) == dec("0.06"));
    CHECK(price_of(c, sku_key{"fargate", "vcpu/compute_sp/1yr/no_upfront", "us-east-1", "linux-x86_64"}) == dec("0.032384"));
    CHECK(price_of(c, sku_key{"fargate", "memory/compute_sp/1yr/no_upfront", "us-east-1", "linux-x86_64"}) == dec("0.003556"));
    const sku& lambda = c.find(sku_key{"lambda", "duration/compute_sp/1yr/no_upfront", "us-east-1", "x86_64"});
    CHECK(lambda.unit == "GB-second");
    CHECK(lambda.flat_price() == dec("0.0000146667"));
    // Not read: RHEL (RunInstances:0010), dedicated usage, us-west-2, Lambda requests, SageMaker.
    CHECK(c.size() == 7);
}

TEST_CASE("a layers file puts offer files over the built-in catalog", "[offer-stream]") {
    const std::string layers = source_dir + "/tests/data/catalogs/ec2-offer-layers.json";
    const catalog c = costmodel::load_catalog(layers);
    CHECK(c.id() == "builtin-with-ec2-offers");
    // The built-in catalog's prices stay, the offers' are added: every built-in SKU and the new ones.
    CHECK(c.try_find(sku_key{"athena", "data_scanned", "us-east-1", ""}) != nullptr);
    CHECK(price_of(c, ec2("instance-hours", "m7g.4xlarge/linux")) == dec("0.6528"));
    // m5.large Linux is in both at 0.096: the offer's SKU replaces the built-in's.
    CHECK_THAT(c.find(ec2("instance-hours", "m5.large/linux")).source, Catch::Contains("AmazonEC2"));
    // Two new on-demand types, four reservations and seven plan rates over the built-in SKUs.
    CHECK(c.size() == costmodel::builtin_catalog().size() + 2 + 4 + 7);

    const catalog same = costmodel::load_catalogs({"builtin", ec2_path(), plans_path()});
    CHECK(same.size() == c.size());
    CHECK(same.id() == costmodel::builtin_catalog().id() + "+aws-offer-AmazonEC2-20251001000000+aws-offer-AWSComputeSavingsPlan-20251001000000");
}

TEST_CASE("a scenario's Compute plan without discounts takes its rates from the catalog it names", "[offer-stream]") {
    const std::string layers = source_dir + "/tests/data/catalogs/ec2-offer-layers.json";
    const std::string text = costmodel_test::document(
        R"({"name": "web", "service": "ec2", "instance_type": "m5.large"},
           {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730})",
        R"("catalog": ")" + layers + R"(", "savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": "0.2"}])");
    const auto s = costmodel::parse_scenario(text, "scenario.json");
    const auto prices = costmodel::catalog_named(s.catalog);
    const auto r = costmodel::estimate(s, *prices);
    // Per hour at the plan's rates: m5.large 0.068, Fargate 1 vCPU × 0.032384 and 2 GB × 0.003556:
    // 0.068 + 0.032384 + 0.007112 = 0.107496, under the commitment of 0.2: all covered.
    // Per month (730 h): 49.64 + 23.64032 + 5.19176 = 78.47208 used of 146; unused 67.52792.
    REQUIRE(r.commitments);
    CHECK(r.commitments->plans.at(0).used == dec("78.47208"));
    CHECK(r.commitments->plans.at(0).unused == dec("67.52792"));
    CHECK(r.total == dec("146"));
    // On demand these would be 730 × (0.096 + 0.04048 + 2 × 0.004445) = 730 × 0.14537 = 106.1201.
    CHECK(r.commitments->on_demand_equivalent == dec("106.1201"));
    CHECK(r.warnings.empty());
}

TEST_CASE("a reservation and an EC2 Instance plan take their rates from an offer file", "[offer-stream]") {
    const std::string layers = source_dir + "/tests/data/catalogs/ec2-offer-layers.json";
    const auto prices = costmodel::catalog_named(layers);
    // Two m5.large always on; one reserved (1yr partial upfront, 0.0582237443 an hour), the other under
    // an EC2 Instance plan of 0.06 an hour at its rate 0.06: per month 730 × 0.0582237443 = 42.50333334
    // (to 10 places: 42.503333339) and 730 × 0.06 = 43.8.
    const std::string text = costmodel_test::document(
        R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "count": 2})",
        R"("savings_plans": [{"id": "m5", "type": "ec2_instance", "family": "m5", "commitment_per_hour": "0.06"}],
           "reserved_instances": [{"workload": "web", "units": "1", "term": "1yr", "payment_option": "partial_upfront"}])");
    const auto r = costmodel::estimate(costmodel::parse_scenario(text, "scenario.json"), *prices);
    CHECK(r.total == dec("730") * dec("0.0582237443") + dec("43.8"));
}

TEST_CASE("bad EC2 and Savings Plans offer files are input errors naming the file and the path", "[offer-stream]") {
    const std::string sku = "6QCMYABX3D3KRKE8";
    const std::string term = "terms.OnDemand." + sku + "." + sku + ".JRTCKXETXF";
    const std::string dimension = term + ".priceDimensions." + sku + ".JRTCKXETXF.6YS6EN2CT7";

    auto e = ec2_refusal(R"("USD": "0.0960000000")", R"("USD": "0.096 USD")");
    CHECK(e.source == "ec2.json");
    CHECK(e.path == dimension + ".pricePerUnit.USD");
    CHECK_THAT(e.message, Catch::Contains("expected a decimal price, got \"0.096 USD\""));

    e = ec2_refusal(R"("OfferingClass": "standard",)", "");
    CHECK(e.path == "terms.Reserved." + sku + "." + sku + ".4NA7Y494T4.termAttributes.OfferingClass");
    CHECK_THAT(e.message, Catch::Contains("missing required key"));

    e = ec2_refusal(R"("PurchaseOption": "Partial Upfront")", R"("PurchaseOption": "Some Upfront")");
    CHECK(e.path == "terms.Reserved." + sku + "." + sku + ".HU7G6KETJZ.termAttributes.PurchaseOption");

    e = ec2_refusal(R"("unit": "Quantity")", R"("unit": "Bushels")");
    CHECK_THAT(e.path, Catch::EndsWith(".unit"));
    CHECK_THAT(e.message, Catch::Contains("expected \"Quantity\" (the upfront fee) or \"Hrs\""));

    // A kept product without its on-demand term.
    e = ec2_refusal("\"6QCMYABX3D3KRKE8\": {\n    \"6QCMYABX3D3KRKE8.JRTCKXETXF\"",
                    "\"6QCMYABX3D3KRKE9\": {\n    \"6QCMYABX3D3KRKE8.JRTCKXETXF\"");
    CHECK(e.path == "terms.OnDemand." + sku);
    CHECK_THAT(e.message, Catch::Contains("products." + sku + " (m5.large linux in us-east-1) has no on-demand term"));

    e = ec2_refusal(R"("terms": {)", R"("notterms": {)");
    CHECK(e.path == "terms");
    CHECK_THAT(e.message, Catch::Contains("missing required key"));

    e = ec2_refusal(R"("products": {)", R"("products": [{}], "x": {)");
    CHECK(e.path == "products");
    CHECK_THAT(e.message, Catch::Contains("expected an object of products by SKU"));

    e = ec2_refusal(R"("instanceType": "m5.large")", R"("instanceType": 5)");
    CHECK(e.path == "products." + sku + ".attributes.instanceType");

    e = ec2_refusal(R"("offerCode": "AmazonEC2",)", "");
    CHECK(e.path == "offerCode");  // not known as a streamed offer: the document reader says what is missing

    // Broken JSON once the file is known to be an EC2 offer: the streamed reader gives the byte offset.
    e = ec2_refusal(R"("productFamily": "Dedicated Host")", R"("productFamily": "Dedicated Host" "x")");
    CHECK(e.source == "ec2.json");
    CHECK_THAT(e.message, Catch::Contains("invalid JSON: ") && Catch::Contains("(byte offset "));

    auto p = plans_refusal(R"("price": "0.0680000000")", R"("price": "sixty-eight")");
    CHECK(p.source == "plans.json");
    CHECK(p.path == "terms.savingsPlan[0].rates[0].discountedRate.price");
    CHECK_THAT(p.message, Catch::Contains("expected a decimal price, got \"sixty-eight\""));

    p = plans_refusal(R"("purchaseTerm": "1yr")", R"("purchaseTerm": "2yr")");
    CHECK(p.path == "products[0].attributes.purchaseTerm");

    p = plans_refusal(R"("products": [)", R"("products": {"x": {}}, "y": [)");
    CHECK(p.path == "products");
    CHECK_THAT(p.message, Catch::Contains("expected an array of products"));

    p = plans_refusal(R"("discountedUsageType": "BoxUsage:m5.large")", R"("discountedUsageTipe": "BoxUsage:m5.large")");
    CHECK(p.path == "terms.savingsPlan[0].rates[0].discountedUsageType");

    p = plans_refusal(R"("unit": "Lambda-GB-Second")", R"("unit": "Lambda-Requests")");
    CHECK(p.path == "terms.savingsPlan[0].rates[7].unit");
}

TEST_CASE("a layers file's mistakes and a streamed file over its limit are input errors", "[offer-stream]") {
    const std::string dir = source_dir + "/tests/data/catalogs/";
    const std::string path = dir + "ec2-offer-layers.json";
    costmodel::catalog_options small;
    small.limits.max_streamed_file_bytes = 1000;
    const auto e = refused([&] { (void)costmodel::load_catalog(ec2_path(), small); });
    CHECK(e.source == ec2_path());
    CHECK_THAT(e.message, Catch::Contains("larger than the limit of 1000 bytes (read_limits::max_streamed_file_bytes)"));

    // The file is written next to the others for the relative layer paths, then removed.
    const std::string bad = dir + "bad-layers.tmp.json";
    const auto layers_refusal = [&](const std::string& text) {
        {
            std::ofstream out(bad);
            out << text;
        }
        const refusal r = refused([&] { (void)costmodel::load_catalog(bad); });
        std::remove(bad.c_str());
        return r;
    };
    auto r = layers_refusal(R"({"schema": "costmodel/catalog-layers/v1", "layer": ["builtin"]})");
    CHECK(r.path == "layers");
    r = layers_refusal(R"({"schema": "costmodel/catalog-layers/v1", "layers": ["builtin"], "region": ["us-east-1"]})");
    CHECK(r.path == "region");
    CHECK_THAT(r.message, Catch::Contains("did you mean \"regions\""));
    r = layers_refusal(R"({"schema": "costmodel/catalog-layers/v1", "layers": ["builtin", 3]})");
    CHECK(r.path == "layers[1]");
    r = layers_refusal(R"({"schema": "costmodel/catalog-layers/v1", "layers": ["builtin", "ec2-offer-layers.json"]})");
    CHECK(r.source == path);
    CHECK_THAT(r.message, Catch::Contains("cannot be a layer of another layers file"));
    r = layers_refusal(R"({"schema": "costmodel/catalog-layers/v1", "layers": ["missing.json"]})");
    CHECK(r.source == dir + "missing.json");
}
