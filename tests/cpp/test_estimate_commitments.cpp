// Savings Plans and Reserved Instances inside an estimate: the commitments stage discounts the
// eligible lines hour by hour, adds the unused commitment, and its totals are the standalone
// mechanism's. Figures are checked by hand in the comments.

#include <catch2/catch.hpp>

#include <string>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::input_error;
using costmodel::parse_scenario;
using costmodel_test::dec;
using costmodel_test::document;

namespace {

// Fargate 1 vCPU / 2 GB always on (730 h), Lambda 1,200,000 GB-s of duration; a Compute plan of
// `commitment` per hour at 20% off Fargate and 12% off Lambda.
std::string fleet(const std::string& commitment, const std::string& extra_settings = "") {
    return document(R"({"name": "api", "service": "lambda", "invocations_per_month": 10000000, "duration_ms": 120, "memory_mb": 1024},
                       {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730})",
                    R"("savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": ")" + commitment +
                        R"(", "discounts": {"fargate": "20", "lambda": "12"}}])" + extra_settings);
}

std::string estimate_error(const std::string& text) {
    try {
        const auto s = parse_scenario(text, "scenario.json");
        (void)costmodel::estimate(s, costmodel::builtin_catalog());
    } catch (const input_error& error) {
        return error.what();
    }
    FAIL("no input_error for: " << text);
    return {};
}

Decimal sum_where(const costmodel::estimate_result& r, const std::string& component) {
    Decimal sum;
    for (const auto& line : r.line_rows()) {
        if (line.component == component) sum += line.cost;
    }
    return sum;
}

}  // namespace

TEST_CASE("a Compute plan larger than the usage covers Fargate and Lambda and leaves an unused line", "[estimate-commitments]") {
    const auto s = parse_scenario(fleet("1.00"), "scenario.json");
    const auto r = costmodel::estimate(s, costmodel::builtin_catalog());
    // Per hour: Fargate vCPU 1 × 0.04048 → plan 0.032384; memory 2 × 0.004445 → 2 × 0.003556 = 0.007112;
    // Lambda 1,200,000 / 730 GB-s × 0.0000146667 (12% off 0.0000166667, rounded to 10 places).
    // Every unit is covered: per month 730 × (0.032384 + 0.007112) = 28.83208 for Fargate and
    // 1,200,000 × 0.0000146667 = 17.60004 for Lambda; the commitment is 730 × 1.00 = 730.
    CHECK(sum_where(r, "vcpu (savings plan sp)") == dec("23.64032"));
    CHECK(sum_where(r, "memory (savings plan sp)") == dec("5.19176"));
    CHECK(sum_where(r, "duration (tier 1) (savings plan sp)") == dec("17.60004"));
    CHECK(sum_where(r, "unused commitment") == dec("730") - dec("28.83208") - dec("17.60004"));
    CHECK(sum_where(r, "vcpu") == Decimal());  // nothing left on demand
    // Requests are not covered by a Compute plan: 10,000,000 × 0.0000002 = 2 on demand.
    CHECK(sum_where(r, "requests") == Decimal(2));
    CHECK(r.total == Decimal(732));
    REQUIRE(r.commitments);
    CHECK(r.commitments->total == Decimal(730));
    CHECK(r.commitments->plans.at(0).unused == dec("683.56788"));
    // Flat or hourly: usage is flat here, so both give the same.
    CHECK(r.commitments->flat_difference == Decimal());
}

TEST_CASE("the estimate's commitments equal the standalone mechanism's", "[estimate-commitments]") {
    const auto s = parse_scenario(fleet("0.03"), "scenario.json");
    const auto r = costmodel::estimate(s, costmodel::builtin_catalog());
    // The same lines as a standalone document: per hour Fargate 1 vCPU and 2 GB, Lambda 1,200,000/730 GB-s.
    costmodel::commitments_definition definition;
    definition.usage.push_back({"duration", dec("0.0000166667"), "", "us-east-1", dec("0.0000146667"), std::nullopt});
    definition.usage.push_back({"vcpu", dec("0.04048"), "", "us-east-1", dec("0.032384"), std::nullopt});
    definition.usage.push_back({"memory", dec("0.004445"), "", "us-east-1", dec("0.003556"), std::nullopt});
    definition.savings_plans.push_back({"sp", costmodel::plan_type::compute, "", "", dec("0.03")});
    std::vector<__int128> hours;
    const auto lambda_parts = costmodel::commitments::spread(Decimal(1200000), std::vector<Decimal>(730, Decimal(1)));
    for (std::size_t h = 0; h < 730; ++h) {
        hours.push_back(lambda_parts[h].units());
        hours.push_back(Decimal(1).units());
        hours.push_back(Decimal(2).units());
    }
    const auto alone = costmodel::apply_savings_plans(definition, std::span<const __int128>(hours), 730);
    REQUIRE(r.commitments);
    CHECK(r.commitments->total == alone.totals.total);
    CHECK(r.total - Decimal(2) == alone.totals.total);  // everything but the requests
}

TEST_CASE("business hours against the flat average", "[estimate-commitments]") {
    // Two m5.large at 0.096 on business hours (177 of 730 hours) and a Compute plan of 0.1728 per hour
    // at 28% off (2 × 0.06912 = 0.13824 per running hour). Hour by hour: 177 × 0.13824 = 24.46848 used
    // of 730 × 0.1728 = 126.144. The flat average runs 354/730 instances each hour, which the plan
    // covers entirely for 730 × 354/730 × 0.06912 = 24.46848 used, the same; but with a smaller plan
    // the flat average would hide the hours the plan sits idle.
    const std::string text = document(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2,
                                          "schedule": "business_hours"})",
                                      R"("savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": "0.06912", "discounts": {"ec2": "28"}}])");
    const auto r = costmodel::estimate(parse_scenario(text, "scenario.json"), costmodel::builtin_catalog());
    REQUIRE(r.commitments);
    // Hourly: in each of the 177 hours the plan covers 1 of 2 instances (0.06912 / 0.06912); the other
    // runs on demand: 177 × 0.096 = 16.992. The commitment 730 × 0.06912 = 50.4576 is paid in full.
    CHECK(r.total == dec("16.992") + dec("50.4576"));
    // Flat: each hour 354/730 instances, all covered (354/730 × 0.06912 < 0.06912): cost is the commitment.
    CHECK(r.commitments->flat_total == dec("50.4576"));
    CHECK(r.commitments->flat_difference == dec("16.992"));
}

TEST_CASE("bad commitments in a scenario are input errors with their path", "[estimate-commitments]") {
    CHECK(estimate_error(fleet("-1")) == "scenario.json: savings_plans[0].commitment_per_hour: expected a commitment >= 0, got -1");
    CHECK(estimate_error(document(R"({"name": "w", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730})",
                                  R"("savings_plans": [{"id": "sp", "type": "compte", "commitment_per_hour": 1}])"))
              .find("savings_plans[0].type: expected one of compute, ec2_instance, got \"compte\" (did you mean \"compute\"?)") != std::string::npos);
    CHECK(estimate_error(fleet("1", R"(, "reserved_instances": [{"workload": "workr", "units": 1}])")) ==
          "scenario.json: reserved_instances[0].workload: no EC2 workload named \"workr\"");
    const std::string two_web = document(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2})",
                                         R"("reserved_instances": [{"workload": "web", "units": 1, "hourly_rate": "0.06"}, {"workload": "webb", "units": 1}])");
    CHECK(estimate_error(two_web) == "scenario.json: reserved_instances[1].workload: no EC2 workload named \"webb\" (did you mean \"web\"?)");
    const std::string twice = document(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2})",
                                       R"("reserved_instances": [{"workload": "web", "units": 1, "hourly_rate": "0.06"}, {"workload": "web", "units": 1}])");
    CHECK(estimate_error(twice) ==
          "scenario.json: reserved_instances[1].workload: workload \"web\" is reserved twice (also reserved_instances[0]): give its instances in one entry");
    CHECK(estimate_error(fleet("1", R"(, "hours_per_month": "730.5")")) ==
          "scenario.json: hours_per_month: a schedule needs hours_per_month to be a whole number of hours from 1 to 8784, got 730.5 "
          "(commitments apply hour by hour)");
}

TEST_CASE("a scenario with commitments is written back and read the same", "[estimate-commitments]") {
    const auto s = parse_scenario(fleet("0.5", R"(, "reserved_instances": [])"), "scenario.json");
    CHECK(parse_scenario(costmodel::to_json(s), "scenario.json") == s);
}
