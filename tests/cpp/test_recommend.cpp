// The Savings Plan recommendation: a series sized by hand, the curve against the exact mechanism, a
// flat series, no usage, a scenario whose estimate at the recommended commitment costs what the
// recommendation says, and each bad input.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::input_error;
using costmodel::recommend_options;
using costmodel::recommendation;
using costmodel_test::dec;

namespace {

// One usage line at on demand 1.00 and Compute rate 0.75 (25% off), with the given hourly quantities.
costmodel::commitments_definition one_line(const std::string& rate = "0.75") {
    costmodel::commitments_definition d;
    d.usage.push_back({"u", dec("1"), "", "", dec(rate), std::nullopt});
    return d;
}

costmodel::usage_hours series(const std::vector<std::string>& quantities, std::size_t usage_count = 1) {
    costmodel::usage_hours q;
    q.usage_count = usage_count;
    q.hours = quantities.size() / usage_count;
    for (const std::string& text : quantities) q.units.push_back(dec(text).units());
    return q;
}

costmodel::savings_plans_result exact_at(const costmodel::commitments_definition& given, const costmodel::usage_hours& q, const Decimal& c,
                                         costmodel::plan_type type = costmodel::plan_type::compute, const std::string& family = "",
                                         const std::string& region = "") {
    costmodel::commitments_definition d = given;
    d.savings_plans = {{"recommended", type, family, region, c}};
    return costmodel::apply_savings_plans(d, q);
}

std::string error_of(const costmodel::commitments_definition& d, const costmodel::usage_hours& q, const recommend_options& options) {
    try {
        (void)costmodel::recommend_savings_plan(d, q, options, "test.json");
    } catch (const input_error& e) {
        CHECK(e.source() == "test.json");
        return e.what();
    }
    return "<no error>";
}

}  // namespace

TEST_CASE("ten hours of 1 and 3 units at 25% off: commit to the low hours", "[recommend]") {
    const auto d = one_line();
    const auto q = series({"1", "1", "1", "1", "1", "3", "3", "3", "3", "3"});
    const recommendation r = costmodel::recommend_savings_plan(d, q, {}, "test.json");
    // Covering a unit costs 0.75 of commitment and saves 1.00 of on demand, in every hour that uses it.
    // Up to 0.75 per hour (1 unit) all 10 hours use the commitment: each 0.75 more saves 10 × 1.00 and
    // costs 10 × 0.75. Past it only the 5 high hours do: 10 × 0.75 paid for 5 × 1.00 saved, a loss
    // (a plan pays only when used in more than 1 − 25% = 75% of the hours). So the optimum is 0.75:
    // 10 × 0.75 = 7.50 committed + 5 × 2 × 1.00 = 10.00 on demand = 17.50, against 5 × 1 + 5 × 3 = 20.00.
    CHECK(r.best.commitment_per_hour == dec("0.75"));
    CHECK(r.best.total == dec("17.5"));
    CHECK(r.best.on_demand_total == dec("20"));
    CHECK(r.best.savings == dec("2.5"));
    CHECK(r.best.savings_percent == dec("12.5"));
    CHECK(r.best.utilization == dec("1"));
    CHECK(r.best.coverage == dec("0.5"));  // 10 of the 20 units covered
    CHECK(r.peak_commitment == dec("2.25"));  // 3 units × 0.75
    // The reported best is the mechanism's exact evaluation at that commitment.
    CHECK(r.best.total == exact_at(d, q, dec("0.75")).totals.total);
    // Break-even: past 0.75 the total rises by 10 − 5 / 0.75 = 3.33… per unit of commitment, so it is
    // back at 20.00 at 0.75 + 2.50 / 3.33… = 1.50, where 5 × 0.75 + 5 × 1.50 = 11.25 of 15.00 is used:
    // 75% = 1 − the discount.
    REQUIRE(r.break_even_commitment);
    CHECK(*r.break_even_commitment == Approx(1.5).margin(1e-9));
    CHECK(*r.break_even_utilization == Approx(0.75).margin(1e-9));
    CHECK(r.estimated_optimum == Approx(0.75).margin(1e-12));
    CHECK(r.curve_minimum == Approx(17.5).margin(1e-9));
    CHECK(r.eligible_usage == 1);
}

TEST_CASE("a flat series is covered in full", "[recommend]") {
    const auto d = one_line("0.6");
    const auto q = series(std::vector<std::string>(24, "2"));
    const recommendation r = costmodel::recommend_savings_plan(d, q, {}, "test.json");
    // 2 units × 0.60 = 1.20 per hour covers every hour: 24 × 1.20 = 28.80 against 24 × 2 = 48.
    CHECK(r.best.commitment_per_hour == dec("1.2"));
    CHECK(r.best.total == dec("28.8"));
    CHECK(r.best.savings == dec("19.2"));
    CHECK(r.best.utilization == dec("1"));
    CHECK(r.best.coverage == dec("1"));
    // Past 1.20 each 1.00 more per hour costs 24; back at 48 at 1.20 + 19.20 / 24 = 2.00, where
    // 1.20 of 2.00 is used: 60% = 1 − 40%.
    CHECK(*r.break_even_commitment == Approx(2.0).margin(1e-9));
    CHECK(*r.break_even_utilization == Approx(0.6).margin(1e-9));
}

TEST_CASE("no usage: commit nothing", "[recommend]") {
    const auto d = one_line();
    const auto q = series(std::vector<std::string>(8, "0"));
    const recommendation r = costmodel::recommend_savings_plan(d, q, {}, "test.json");
    CHECK(r.best.commitment_per_hour == Decimal());
    CHECK(r.best.total == Decimal());
    CHECK(r.best.savings == Decimal());
    CHECK_FALSE(r.best.savings_percent);
    CHECK_FALSE(r.break_even_commitment);
    CHECK(r.curve.num_rows() == 2);
}

TEST_CASE("the curve agrees with the mechanism, and the best is the best multiple of the step", "[recommend]") {
    // Three lines at different discounts (Fargate-like 20%, EC2 28% and 40% under an EC2 Instance
    // plan), a reserved instance, and quantities that vary hour by hour.
    costmodel::commitments_definition d;
    d.usage.push_back({"vcpu", dec("0.04048"), "", "us-east-1", dec("0.032384"), std::nullopt});
    d.usage.push_back({"m5", dec("0.096"), "m5", "us-east-1", dec("0.0691"), dec("0.0576")});
    d.usage.push_back({"c5", dec("0.085"), "c5", "us-east-1", dec("0.0612"), dec("0.051")});
    d.reserved_instances.push_back({"m5", dec("2"), dec("0.06")});
    std::vector<std::string> quantities;
    for (int h = 0; h < 168; ++h) {
        const bool day = (h % 24) >= 8 && (h % 24) < 20;
        quantities.push_back(std::to_string(4 + (day ? 12 : 0) + h % 5));
        quantities.push_back(std::to_string(3 + (day ? 6 : 0)) + ".5");
        quantities.push_back(std::to_string((h * 7) % 11));
    }
    const auto q = series(quantities, 3);
    for (const auto type : {costmodel::plan_type::compute, costmodel::plan_type::ec2_instance}) {
        recommend_options options;
        options.type = type;
        options.points = 200;
        if (type == costmodel::plan_type::ec2_instance) options.family = "m5";
        const recommendation r = costmodel::recommend_savings_plan(d, q, options, "test.json");
        const std::string family = type == costmodel::plan_type::ec2_instance ? "m5" : "";
        const std::string region = type == costmodel::plan_type::ec2_instance ? "us-east-1" : "";
        CHECK(r.region == region);
        const auto& commitment = r.curve.get_as<costmodel::table::decimal_column>("commitment");
        const auto& total = r.curve.get_as<costmodel::table::decimal_column>("total");
        const auto& unused = r.curve.get_as<costmodel::table::decimal_column>("unused");
        for (std::size_t g = 0; g < r.curve.num_rows(); g += 7) {
            const auto exact = exact_at(d, q, commitment[g], type, family, region);
            CHECK(std::abs(total[g].to_double() - exact.totals.total.to_double()) < 1e-5);
            CHECK(std::abs(unused[g].to_double() - exact.totals.commitment_unused.to_double()) < 1e-5);
        }
        // Exact, and no worse than its neighbours on the step grid or any point of the curve.
        const Decimal c = r.best.commitment_per_hour;
        CHECK(r.best.total == exact_at(d, q, c, type, family, region).totals.total);
        CHECK(r.best.total <= exact_at(d, q, c + r.step, type, family, region).totals.total);
        if (c > Decimal()) CHECK(r.best.total <= exact_at(d, q, c - r.step, type, family, region).totals.total);
        CHECK(r.best.total.to_double() <= r.curve_minimum + 1e-6);
        CHECK(r.best.savings > Decimal());
        CHECK(r.replaced_plans.empty());
    }
}

TEST_CASE("a scenario's recommendation is what its estimate costs with that plan", "[recommend]") {
    // Two m5.large on business hours and one always on, Fargate always on; a 20%-off Compute plan.
    const std::string workloads =
        R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2, "schedule": "business_hours"},
           {"name": "base", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 1},
           {"name": "worker", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 720})";
    const auto s = costmodel::parse_scenario(costmodel_test::document(workloads, R"("hours_per_month": 720)"), "scenario.json");
    recommend_options options;
    options.discounts = {{"ec2", dec("20")}, {"fargate", dec("20")}};
    const recommendation r = costmodel::recommend_savings_plan(s, costmodel::builtin_catalog(), options);
    CHECK(r.hours == 720);
    CHECK(r.eligible_usage == 4);  // two EC2 lines, Fargate vCPU and memory
    // At 20% off a plan pays where it is used in more than 80% of the hours: the always-on base
    // (0.096 × 0.8 = 0.0768) and Fargate (1 × 0.04048 × 0.8 + 2 × 0.004445 × 0.8 = 0.039496), 0.116296
    // per hour, not the business-hours instances (8 h × 22 weekdays = 176 of the 720 hours). Below it
    // the total falls by 720 × (1.25 − 1) = 180 per unit of commitment, above it rises by
    // 720 − 176 × 1.25 = 500: 0.116 costs 180 × 0.000296 = 0.05328 more than 0.116296, 0.117 costs
    // 500 × 0.000704 = 0.352 more.
    CHECK(r.estimated_optimum == Approx(0.116296).margin(1e-9));
    CHECK(r.best.commitment_per_hour == dec("0.116"));
    const std::string plan = R"("savings_plans": [{"id": "sp", "type": "compute", "commitment_per_hour": ")" +
                             r.best.commitment_per_hour.to_string() + R"(", "discounts": {"ec2": "20", "fargate": "20"}}])";
    const auto with_plan = costmodel::parse_scenario(costmodel_test::document(workloads, R"("hours_per_month": 720, )" + plan), "scenario.json");
    const auto estimate = costmodel::estimate(with_plan, costmodel::builtin_catalog());
    REQUIRE(estimate.commitments);
    CHECK(estimate.commitments->total == r.best.total);
}

TEST_CASE("bad recommendation inputs name the input, the option and the value", "[recommend]") {
    const auto d = one_line();
    const auto q = series({"1", "2"});
    recommend_options o;
    o.step = Decimal();
    CHECK(error_of(d, q, o) == "test.json: step: the step must be greater than 0");
    o = {};
    o.points = 1;
    CHECK(error_of(d, q, o) == "test.json: points: the curve needs 2 to 100000 points");
    o = {};
    o.term = "1yrs";
    CHECK(error_of(d, q, o) == "test.json: term: unknown value; expected one of 1yr, 3yr (did you mean \"1yr\"?)");
    o = {};
    o.payment_option = "no_upfrnt";
    CHECK(error_of(d, q, o) ==
          "test.json: payment_option: unknown value; expected one of no_upfront, partial_upfront, all_upfront (did you mean \"no_upfront\"?)");
    o = {};
    o.family = "m5";
    CHECK(error_of(d, q, o) == "test.json: family: a family and region apply to ec2_instance plans only");
    o = {};
    o.type = costmodel::plan_type::ec2_instance;
    CHECK(error_of(d, q, o) == "test.json: plan_type: no usage has an ec2_instance rate with a family and region");
    costmodel::commitments_definition ec2_only;
    ec2_only.usage.push_back({"m5", dec("0.096"), "m5", "us-east-1", std::nullopt, dec("0.0576")});
    CHECK(error_of(ec2_only, q, {}) == "test.json: usage: no usage has a compute rate: the plan would cover nothing");
    costmodel::commitments_definition two_families = ec2_only;
    two_families.usage.push_back({"c5", dec("0.085"), "c5", "us-east-1", std::nullopt, dec("0.051")});
    o = {};
    o.type = costmodel::plan_type::ec2_instance;
    CHECK(error_of(two_families, series({"1", "1"}, 2), o) == "test.json: family: give the plan's family and region: the usage has c5 in us-east-1, m5 in us-east-1");
    CHECK(error_of(d, series({}), {}) == "test.json: hours: the usage series has no hours");
    const auto s = costmodel::parse_scenario(costmodel_test::document(R"({"name": "w", "service": "fargate", "vcpu": 1, "memory_gb": 2, "hours_per_month": 730})"), "s.json");
    o = {};
    o.type = costmodel::plan_type::ec2_instance;
    try {
        (void)costmodel::recommend_savings_plan(s, costmodel::builtin_catalog(), o);
        FAIL("no error");
    } catch (const input_error& e) {
        CHECK(std::string(e.what()) == "s.json: family: the scenario has no EC2 instance workloads for an ec2_instance plan");
    }
}
