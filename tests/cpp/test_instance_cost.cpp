// The instance cost formula of seed 004, step by step, against figures worked out by hand, and the
// EC2 prices of the built-in catalog it reads.

#include <catch2/catch.hpp>

#include <string>

#include "costmodel/catalog.hpp"
#include "costmodel/commitments/instance_cost.hpp"
#include "costmodel/estimate.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/scenario.hpp"
#include "test_support.hpp"

using costmodel::commitment_term;
using costmodel::instance_cost;
using costmodel::instance_cost_input;
using costmodel::instance_rounding;
using costmodel::payment_option;
using costmodel::pricing_model;
using costmodel_test::dec;

namespace {

const costmodel::catalog& builtin() { return costmodel::builtin_catalog(); }

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const costmodel::input_error& e) {
        return e.what();
    }
    return "<no error>";
}

// Seed 004's Example 1: m5.xlarge, EC2 Instance Savings Plan 1yr no upfront at the example's 20%.
instance_cost_input example_1() {
    instance_cost_input in;
    in.instance_type = "m5.xlarge";
    in.production_terms.model = pricing_model::ec2_instance_savings_plan;
    in.production_terms.term = commitment_term::one_year;
    in.production_terms.payment = payment_option::no_upfront;
    in.production_terms.discount_percent = dec("20");
    in.hours_per_month = dec("730.56");
    return in;
}

}  // namespace

TEST_CASE("the built-in catalog prices EC2 instance-hours by type and OS", "[instance_cost][catalog]") {
    const auto price = [](const char* variant) {
        return builtin().find(costmodel::sku_key{"ec2", "instance-hours", "us-east-1", variant}).flat_price();
    };
    CHECK(price("m5.large/linux") == dec("0.096"));
    CHECK(price("m5.xlarge/linux") == dec("0.192"));
    CHECK(price("t3.medium/linux") == dec("0.0416"));
    CHECK(price("t3.medium/windows") == dec("0.06"));
    // Windows on m5/c5/r5/m6i/c6i/r6i is the Linux rate plus 0.046 per vCPU-hour: r6i.32xlarge has 128 vCPUs,
    // 8.064 + 128 × 0.046 = 8.064 + 5.888 = 13.952.
    CHECK(price("r6i.32xlarge/windows") == dec("13.952"));
    CHECK(builtin().find(costmodel::sku_key{"ec2", "instance-hours", "us-east-1", "m5.large/linux"}).unit == "instance-hour");
    // Graviton has no Windows price.
    CHECK(builtin().try_find(costmodel::sku_key{"ec2", "instance-hours", "us-east-1", "t4g.medium/windows"}) == nullptr);
}

TEST_CASE("Example 1 of seed 004: 112.214016 exactly, 112.21 per step, never the stated 112.22", "[instance_cost]") {
    const auto exact = instance_cost(example_1(), builtin());
    CHECK(exact.on_demand_rate == dec("0.192"));  // the catalog's m5.xlarge/linux
    CHECK(exact.discount_percent == dec("20"));
    CHECK(exact.hourly_rate == dec("0.1536"));              // 0.192 × (1 − 0.20)
    CHECK(exact.effective_hours == dec("730.56"));          // 730.56 × 1.0
    CHECK(exact.base_monthly_cost == dec("112.214016"));    // 0.1536 × 730.56
    CHECK(exact.instance_monthly_cost == dec("112.214016"));
    CHECK(exact.committed_monthly_cost == dec("112.214016"));  // 100%: the same

    instance_cost_input in = example_1();
    in.rounding = instance_rounding::per_step;
    const auto stepped = instance_cost(in, builtin());
    CHECK(stepped.instance_monthly_cost == dec("112.21"));  // 112.214016 half-up to cents

    in = example_1();
    in.hours_per_month = dec("730");
    CHECK(instance_cost(in, builtin()).instance_monthly_cost == dec("112.128"));  // 0.1536 × 730
}

TEST_CASE("Example 2 of seed 004: the 1.15 factor on the Linux rate against AWS's Windows rate", "[instance_cost]") {
    instance_cost_input in;
    in.instance_type = "t3.medium";
    in.os = "windows";
    in.on_demand_rate = dec("0.0416");  // the seed prices Windows at the Linux rate ...
    in.os_factor = dec("1.15");         // ... times a licence factor
    in.production = false;
    in.non_production_terms.utilization_percent = dec("50");
    in.hours_per_month = dec("730.56");
    const auto exact = instance_cost(in, builtin());
    CHECK(exact.effective_hours == dec("365.28"));             // 730.56 × 0.5
    CHECK(exact.base_monthly_cost == dec("15.195648"));        // 0.0416 × 365.28
    CHECK(exact.instance_monthly_cost == dec("17.4749952"));   // 15.195648 × 1.15 → 17.47
    in.rounding = instance_rounding::per_step;
    const auto stepped = instance_cost(in, builtin());
    CHECK(stepped.base_monthly_cost == dec("15.20"));
    CHECK(stepped.instance_monthly_cost == dec("17.48"));      // 15.20 × 1.15 = 17.48: the stated figure

    // AWS's price: t3.medium Windows 0.0600 per hour, the licence inside; 0.06 × 365.28 = 21.9168.
    instance_cost_input real;
    real.instance_type = "t3.medium";
    real.os = "windows";
    real.production = false;
    real.non_production_terms.utilization_percent = dec("50");
    real.hours_per_month = dec("730.56");
    const auto aws = instance_cost(real, builtin());
    CHECK(aws.on_demand_rate == dec("0.06"));
    CHECK(aws.instance_monthly_cost == dec("21.9168"));
    CHECK(aws.notes.empty());
    real.os_factor = dec("1.15");
    CHECK(instance_cost(real, builtin()).notes.size() == 1);  // the licence charged twice
}

TEST_CASE("the seed's scenarios 1 and 2: which figures follow from which rounding", "[instance_cost]") {
    instance_cost_input s1;
    s1.instance_type = "m5.large";
    s1.count = dec("10");
    s1.production_terms.model = pricing_model::ec2_instance_savings_plan;
    s1.production_terms.term = commitment_term::three_year;
    s1.production_terms.payment = payment_option::partial_upfront;
    s1.production_terms.discount_percent = dec("34");
    s1.hours_per_month = dec("730.56");
    const auto exact = instance_cost(s1, builtin());
    CHECK(exact.hourly_rate == dec("0.06336"));                 // 0.096 × 0.66
    CHECK(exact.instance_monthly_cost == dec("46.2882816"));    // 0.06336 × 730.56
    CHECK(exact.instances_monthly_cost == dec("462.882816"));   // × 10
    s1.rounding = instance_rounding::per_step;
    const auto stepped = instance_cost(s1, builtin());
    CHECK(stepped.hourly_rate == dec("0.0634"));                // the seed's rate
    CHECK(stepped.instance_monthly_cost == dec("46.32"));       // 0.0634 × 730.56 = 46.317504; the seed says 46.30
    CHECK(stepped.instances_monthly_cost == dec("463.20"));     // the seed says 463.00

    instance_cost_input s2;
    s2.instance_type = "t3.medium";
    s2.count = dec("5");
    s2.production = false;
    s2.non_production_terms.utilization_percent = dec("40");
    s2.hours_per_month = dec("730.56");
    const auto exact2 = instance_cost(s2, builtin());
    CHECK(exact2.effective_hours == dec("292.224"));            // 730.56 × 0.4
    CHECK(exact2.instance_monthly_cost == dec("12.1565184"));   // 0.0416 × 292.224
    CHECK(exact2.instances_monthly_cost == dec("60.782592"));   // × 5 → 60.78
    s2.rounding = instance_rounding::per_step;
    CHECK(instance_cost(s2, builtin()).instances_monthly_cost == dec("60.80"));  // 5 × 12.16
}

TEST_CASE("a commitment is paid for every hour, whatever the utilisation", "[instance_cost]") {
    instance_cost_input in;
    in.instance_type = "m5.xlarge";
    in.production = false;
    in.non_production_terms.model = pricing_model::compute_savings_plan;
    in.non_production_terms.term = commitment_term::one_year;
    in.non_production_terms.utilization_percent = dec("50");
    in.hours_per_month = dec("730.56");
    const auto r = instance_cost(in, builtin());
    CHECK(r.discount_percent == dec("18.5"));  // the built-in table: the midpoint of the seed's ~17-20%
    CHECK(r.discount_source == "seed 004 midpoint of ~17-20%");
    CHECK(r.hourly_rate == dec("0.15648"));                     // 0.192 × 0.815
    CHECK(r.instance_monthly_cost == dec("57.1590144"));        // × 365.28 (the seed's formula)
    CHECK(r.committed_monthly_cost == dec("114.3180288"));      // × 730.56 (what is paid)
    CHECK(r.notes.size() == 1);

    // A reserved rate given is used as is.
    in.non_production_terms.model = pricing_model::reserved;
    in.non_production_terms.reserved_hourly_rate = dec("0.121");
    const auto ri = instance_cost(in, builtin());
    CHECK(ri.hourly_rate == dec("0.121"));
    CHECK(ri.committed_monthly_cost == dec("88.39776"));  // 0.121 × 730.56
}

TEST_CASE("storage cost and the total", "[instance_cost]") {
    instance_cost_input in;
    in.instance_type = "m5.large";
    in.storage_gb = dec("100");
    in.storage_price_per_gb = dec("0.08");
    in.storage_factor = dec("0.9");
    const auto r = instance_cost(in, builtin());
    CHECK(r.instance_monthly_cost == dec("70.08"));  // 0.096 × 730
    CHECK(r.storage_cost == dec("7.2"));             // 100 × 0.08 × 0.9
    CHECK(r.total_monthly_cost == dec("77.28"));
}

TEST_CASE("instance cost input errors name the key and the value", "[instance_cost]") {
    instance_cost_input in;
    in.instance_type = "m5.larg";
    CHECK(error_of([&] { (void)instance_cost(in, builtin()); }) ==
          "<instance_cost arguments>: instance_type: catalog aws-us-east-1 has no linux on-demand price for instance type "
          "\"m5.larg\" in us-east-1 (did you mean \"m5.large\"?)");
    in.instance_type = "m7g.large";
    in.os = "windows";
    CHECK_THAT(error_of([&] { (void)instance_cost(in, builtin()); }),
               Catch::Contains("(it prices m7g.large for linux only: Graviton instances have no Windows price)"));
    in = instance_cost_input{};
    in.instance_type = "m5.large";
    in.production_terms.model = pricing_model::compute_savings_plan;
    CHECK_THAT(error_of([&] { (void)instance_cost(in, builtin()); }),
               Catch::StartsWith("<instance_cost arguments>: production.term: missing"));
    in.production_terms.term = commitment_term::one_year;
    in.production_terms.payment = payment_option::partial_upfront;
    in.production_terms.model = pricing_model::ec2_instance_savings_plan;  // the seed gives no such figure
    CHECK_THAT(error_of([&] { (void)instance_cost(in, builtin()); }),
               Catch::Contains("production.discount_percent: missing: the discount table has no ec2_instance_savings_plan 1yr "
                               "partial_upfront discount"));
    in.production_terms.discount_percent = dec("120");
    CHECK_THAT(error_of([&] { (void)instance_cost(in, builtin()); }),
               Catch::Contains("production.discount_percent: expected a percentage from 0 to 100, got 120"));
    CHECK_THAT(error_of([] { (void)costmodel::parse_pricing_model("compute_saving_plan", "<cli>", "--pricing-model"); }),
               Catch::Contains("(did you mean \"compute_savings_plan\"?)"));
}

TEST_CASE("an EC2 workload priced from the catalog under a pricing model", "[instance_cost][estimate]") {
    const auto run = [](const std::string& workloads, const std::string& settings = "") {
        return costmodel::estimate(costmodel::parse_scenario(costmodel_test::document(workloads, settings), "test.json"),
                                   costmodel::builtin_catalog());
    };
    // 2 × m5.large × 730 h at 0.096 = 140.16.
    CHECK(run(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "count": 2})").total == dec("140.16"));
    // Seed Example 1 as a workload: 730.56 h × 0.192 × 0.8 = 112.214016.
    const auto sp = run(R"({"name": "app", "service": "ec2", "instance_type": "m5.xlarge", "pricing_model": "ec2_instance_savings_plan",
                            "term": "1yr", "discount_percent": 20, "hours_per_month": "730.56"})");
    CHECK(sp.total == dec("112.214016"));
    // The OS factor multiplies the stated rate too: 0.0416 × 1.15 × 365.28 = 17.4749952.
    CHECK(run(R"({"name": "dev", "service": "ec2", "hourly_rate": "0.0416", "os": "windows", "os_factor": "1.15",
                  "utilization_percent": 50, "hours_per_month": "730.56"})").total == dec("17.4749952"));
    // A commitment below 100% warns that it is paid for every hour.
    const auto half = run(R"({"name": "dev", "service": "ec2", "instance_type": "m5.xlarge", "pricing_model": "compute_savings_plan",
                              "term": "1yr", "utilization_percent": 50})");
    CHECK(half.total == dec("57.1152"));  // 0.192 × 0.815 × 365 = 0.15648 × 365 (the table's 18.5%)
    REQUIRE(half.warnings.size() == 1);

    CHECK(error_of([&] { (void)run(R"({"name": "web", "service": "ec2", "instance_type": "m5.larg"})"); }) ==
          "test.json: workloads[0].instance_type: catalog aws-us-east-1 has no linux on-demand price for instance type \"m5.larg\" "
          "in us-east-1 (did you mean \"m5.large\"?)");
    CHECK_THAT(error_of([&] { (void)run(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "term": "1yr"})"); }),
               Catch::Contains("workloads[0].term: on_demand takes no term"));
    CHECK_THAT(error_of([&] { (void)run(R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "pricing_model": "reserved"})"); }),
               Catch::Contains("workloads[0].term: missing: reserved needs a term"));
}
