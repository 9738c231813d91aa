// estimate_many: a batch of scenarios gives, variant by variant, exactly what estimate() gives for each
// scenario alone — lines, subtotals, totals, warnings — whatever the number of threads; tiers and free
// tiers start afresh in each variant.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using namespace costmodel::literals;
using costmodel::Decimal;
using costmodel::scenario;

namespace {

using costmodel_test::document;
using costmodel_test::source_dir;

std::vector<scenario> examples() {
    std::vector<scenario> all;
    for (const char* name : {"examples/100k-users.json", "examples/60m-users.json", "examples/60m-users-optimized.json",
                             "tests/data/scenarios/all-services.json", "tests/data/scenarios/lambda-tiers.json",
                             "tests/data/scenarios/fargate-spot.json"}) {
        all.push_back(costmodel::load_scenario(source_dir + "/" + name));
    }
    return all;
}

// Variant v's rows of a batch table, without the variant column.
costmodel::table::table variant_rows(const costmodel::table::table& t, std::int32_t v) {
    const auto variant = t.int32s("variant");
    std::vector<std::int64_t> rows;
    for (std::size_t i = 0; i < variant.size(); ++i) {
        if (variant[i] == v) rows.push_back(static_cast<std::int64_t>(i));
    }
    costmodel::table::table out;
    for (std::size_t c = 0; c < t.num_columns(); ++c) {
        if (t.name(c) == "variant") continue;
        costmodel::table::column& added = out.add_column(t.name(c), t.column_at(c).type(), t.column_at(c).nullable());
        added.append_rows(t.column_at(c), std::span<const std::int64_t>(rows));
    }
    return out;
}

void check_batch_equals_single(const std::vector<scenario>& scenarios, const costmodel::estimate_batch& batch) {
    REQUIRE(batch.totals.num_rows() == scenarios.size());
    const auto& totals = batch.totals.get_as<costmodel::table::decimal_column>("total");
    const auto& per_user = batch.totals.get_as<costmodel::table::decimal_column>("cost_per_user");
    for (std::size_t v = 0; v < scenarios.size(); ++v) {
        const costmodel::estimate_result single = costmodel::estimate(scenarios[v], costmodel::builtin_catalog());
        INFO("variant " << v << ": " << scenarios[v].name);
        CHECK(variant_rows(batch.lines, static_cast<std::int32_t>(v)) == single.lines);
        CHECK(totals[v] == single.total);
        CHECK(batch.totals.strings("scenario")[v] == single.scenario);
        CHECK(per_user.is_null(v) == !single.cost_per_user.has_value());
        if (single.cost_per_user) CHECK(per_user[v] == *single.cost_per_user);
        const costmodel::table::table services = variant_rows(batch.services, static_cast<std::int32_t>(v));
        REQUIRE(services.num_rows() == single.services.size());
        for (std::size_t i = 0; i < single.services.size(); ++i) {
            CHECK(services.strings("service")[i] == single.services[i].first);
            CHECK(services.get_as<costmodel::table::decimal_column>("cost")[i] == single.services[i].second);
        }
        const costmodel::table::table warnings = variant_rows(batch.warnings, static_cast<std::int32_t>(v));
        REQUIRE(warnings.num_rows() == single.warnings.size());
        for (std::size_t i = 0; i < single.warnings.size(); ++i) {
            CHECK(warnings.strings("message")[i] == single.warnings[i].message);
        }
    }
}

}  // namespace

TEST_CASE("estimate_many equals estimate() variant by variant, on any number of threads", "[estimate_many]") {
    std::vector<scenario> scenarios = examples();
    // Twice over: a variant after another on the same SKUs must start its tiers at zero again.
    const std::vector<scenario> once = scenarios;
    scenarios.insert(scenarios.end(), once.begin(), once.end());
    for (const unsigned threads : {1U, 2U, 5U}) {
        INFO("threads " << threads);
        check_batch_equals_single(scenarios, costmodel::estimate_many(scenarios, costmodel::builtin_catalog(), threads));
    }
}

TEST_CASE("estimate_many: each variant has its own tiers, free tier and line rounding", "[estimate_many]") {
    // 10B GB-s reach Lambda's second tier at 6B GB-s in each variant on its own: 6B × 0.0000166667 +
    // 4B × 0.000015 = 100000.2 + 60000 = 160000.2, plus 1M requests × 0.0000002 = 0.2.
    const std::string big = R"({"name": "big", "service": "lambda", "invocations_per_month": 1000000, "duration_ms": 10000000,
                                "memory_mb": 1024})";
    std::vector<scenario> s;
    s.push_back(costmodel::parse_scenario(document(big), "a.json"));
    s.push_back(costmodel::parse_scenario(document(big), "b.json"));
    // The free tier (1M requests, 400,000 GB-s) is this variant's alone: (10B − 400k) GB-s, 0 requests.
    s.push_back(costmodel::parse_scenario(document(big, R"("free_tier": true)"), "c.json"));
    // 0.004 of a fixed charge rounds to 0.00 under cents, stays exact without.
    const std::string tiny = R"({"name": "tiny", "service": "fixed", "monthly_cost": "0.004"})";
    s.push_back(costmodel::parse_scenario(document(tiny, R"("line_rounding": "cents")"), "d.json"));
    s.push_back(costmodel::parse_scenario(document(tiny), "e.json"));

    const costmodel::estimate_batch batch = costmodel::estimate_many(s, costmodel::builtin_catalog(), 2);
    const auto& total = batch.totals.get_as<costmodel::table::decimal_column>("total");
    CHECK(total[0] == "160000.4"_d);
    CHECK(total[1] == "160000.4"_d);
    // 6B × 0.0000166667 + (4B − 400,000) × 0.000015 = 100000.2 + 59994 = 159994.2.
    CHECK(total[2] == "159994.2"_d);
    CHECK(total[3] == "0"_d);
    CHECK(total[4] == "0.004"_d);
    CHECK(batch.totals.int64s("lines")[0] == 3);  // requests, duration tier 1, duration tier 2
    CHECK(batch.totals.int64s("lines")[2] == 4);  // requests (free tier), duration (free tier), 2 duration tiers
}

TEST_CASE("estimate_many of no scenarios is empty tables with their columns", "[estimate_many]") {
    const costmodel::estimate_batch batch = costmodel::estimate_many(std::span<const costmodel::scenario>{}, costmodel::builtin_catalog());
    CHECK(batch.lines.num_rows() == 0);
    CHECK(batch.lines.has_column("variant"));
    CHECK(batch.lines.has_column("cost"));
    CHECK(batch.totals.num_rows() == 0);
}

TEST_CASE("estimate_many names the variant whose currency the catalog does not price", "[estimate_many]") {
    std::vector<scenario> s;
    s.push_back(costmodel::parse_scenario(document(R"({"name": "f", "service": "fixed", "monthly_cost": 1})"), "a.json"));
    s.push_back(costmodel::parse_scenario(document(R"({"name": "f", "service": "fixed", "monthly_cost": 1})", R"("currency": "EUR")"),
                                          "b.json"));
    CHECK_THROWS_WITH(costmodel::estimate_many(s, costmodel::builtin_catalog()),
                      Catch::Contains("(variant 1) is in EUR but catalog aws-us-east-1 prices in USD"));
}

TEST_CASE("estimate_many applies each variant's Savings Plans and Reserved Instances as estimate() does", "[estimate_many][estimate-commitments]") {
    using costmodel_test::document;
    // Fargate 1 vCPU / 2 GB always on, Lambda 1,200,000 GB-s; a Compute plan of `commitment` per hour.
    const auto fleet = [](const std::string& commitment) {
        return costmodel::parse_scenario(
            document(R"({"name": "api", "service": "lambda", "invocations_per_month": 10000000, "duration_ms": 120, "memory_mb": 1024},
                        {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730})",
                     R"("savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": ")" + commitment +
                         R"(", "discounts": {"fargate": "20", "lambda": "12"}}])"),
            "fleet-" + commitment + ".json");
    };
    const scenario reserved = costmodel::parse_scenario(
        document(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2})",
                 R"("reserved_instances": [{"workload": "web", "units": 1, "hourly_rate": "0.06"}])"),
        "reserved.json");
    std::vector<scenario> scenarios = examples();
    // Plans larger and smaller than the usage (an unused-commitment line, a partly covered hour), an RI,
    // between and after variants without commitments.
    scenarios.insert(scenarios.begin() + 1, fleet("1.00"));
    scenarios.insert(scenarios.begin() + 3, fleet("0.03"));
    scenarios.push_back(reserved);
    scenarios.push_back(fleet("0"));
    for (const unsigned threads : {1U, 2U, 5U}) {
        INFO("threads " << threads);
        const costmodel::estimate_batch batch = costmodel::estimate_many(scenarios, costmodel::builtin_catalog(), threads);
        check_batch_equals_single(scenarios, batch);
        const auto variant = batch.commitments.int32s("variant");
        std::vector<std::int32_t> expected;
        for (std::size_t v = 0; v < scenarios.size(); ++v) {
            if (scenarios[v].has_commitments()) expected.push_back(static_cast<std::int32_t>(v));
        }
        REQUIRE(std::vector<std::int32_t>(variant.begin(), variant.end()) == expected);
        for (std::size_t row = 0; row < expected.size(); ++row) {
            const auto single = costmodel::estimate(scenarios[static_cast<std::size_t>(expected[row])], costmodel::builtin_catalog());
            REQUIRE(single.commitments);
            CHECK(batch.commitments.int32s("hours")[row] == single.commitments->hours);
            CHECK(batch.commitments.get_as<costmodel::table::decimal_column>("total")[row] == single.commitments->total);
            CHECK(batch.commitments.get_as<costmodel::table::decimal_column>("savings")[row] == single.commitments->savings);
            CHECK(batch.commitments.get_as<costmodel::table::decimal_column>("flat_difference")[row] == single.commitments->flat_difference);
            CHECK(batch.commitments.get_as<costmodel::table::decimal_column>("on_demand_equivalent")[row] ==
                  single.commitments->on_demand_equivalent);
        }
    }
}

TEST_CASE("estimate_many names the variant whose commitments cannot be applied", "[estimate_many][errors]") {
    std::vector<scenario> scenarios = examples();
    scenarios.push_back(costmodel::parse_scenario(
        costmodel_test::document(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2})",
                                 R"("reserved_instances": [{"workload": "web", "units": 1}])"),
        "no-rate.json"));
    std::string message;
    try {
        (void)costmodel::estimate(scenarios.back(), costmodel::builtin_catalog());
    } catch (const costmodel::input_error& error) {
        message = error.what();
    }
    REQUIRE_FALSE(message.empty());
    CHECK_THROWS_WITH(costmodel::estimate_many(scenarios, costmodel::builtin_catalog(), 2), message);
}
