// Savings Plans and Reserved Instances applied hour by hour: the contract's example, AWS's published
// walk-through, every tie-break, partial units, series, the wide path and each bad input.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/commitments/savings_plans.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::savings_plans_result;
using costmodel_test::dec;

namespace {

savings_plans_result run(const std::string& text,
                         costmodel::savings_plans_detail detail = costmodel::savings_plans_detail::summary) {
    const costmodel::commitments_document document = costmodel::parse_commitments(text, "test.json");
    return costmodel::apply_savings_plans(document, {detail});
}

// A document of the given members (without braces) under the schema.
std::string doc(const std::string& members) { return R"({"schema": "costmodel/commitments/v1", )" + members + "}"; }

std::size_t row_of(const costmodel::table::table& t, const char* column, std::string_view id) {
    const auto& ids = t.strings(column);
    for (std::size_t r = 0; r < t.num_rows(); ++r)
        if (ids[r] == id) return r;
    FAIL("no row " << id);
    return 0;
}

Decimal usage_value(const savings_plans_result& r, std::string_view id, const char* column) {
    return r.usage.get_as<costmodel::table::decimal_column>(column)[row_of(r.usage, "usage", id)];
}

Decimal plan_value(const savings_plans_result& r, std::string_view id, const char* column) {
    return r.plans.get_as<costmodel::table::decimal_column>(column)[row_of(r.plans, "plan", id)];
}

// The covered units of usage `id` by plan `plan` (zero when the pair covered nothing).
Decimal covered_units(const savings_plans_result& r, std::string_view id, std::string_view plan) {
    for (std::size_t k = 0; k < r.covered.num_rows(); ++k)
        if (r.covered.strings("usage")[k] == id && r.covered.strings("plan")[k] == plan)
            return r.covered.get_as<costmodel::table::decimal_column>("units")[k];
    return Decimal();
}

// The input_error a document raises, as "path: message", or a marker.
std::string error_of(const std::string& text) {
    try {
        (void)run(text);
    } catch (const costmodel::input_error& e) {
        CHECK(e.source() == "test.json");
        return e.path() + ": " + std::string(e.what()).substr(std::string("test.json: ").size() + e.path().size() + 2);
    }
    return "<no error>";
}

const std::string contract_example = doc(R"(
  "usage": [
    { "id": "r5", "quantity": "4", "on_demand_rate": "1.00",
      "family": "r5", "region": "us-east-1",
      "rates": { "compute": "0.70", "ec2_instance": "0.60" } },
    { "id": "fargate-gb", "quantity": "1600", "on_demand_rate": "0.004",
      "rates": { "compute": "0.003" } }
  ],
  "reserved_instances": [ { "usage": "r5", "units": "2" } ],
  "savings_plans": [
    { "id": "sp-ec2", "type": "ec2_instance", "family": "r5", "region": "us-east-1",
      "commitment_per_hour": "3.00" },
    { "id": "sp-compute", "type": "compute", "commitment_per_hour": "16.80" }
  ])");

// AWS's published example (docs.aws.amazon.com/savingsplans/latest/userguide/sp-applying.html, the
// edition with c5 instances and Fargate): one hour of 1 c5.9xlarge Linux (on demand 4.00, Compute SP
// 2.00, EC2 Instance SP 1.00), 1 c5.24xlarge Windows (10.00, 8.00, 6.00), 10 Fargate vCPU (1.50, 1.00)
// and 5 Fargate GB (2.00, 1.00).
std::string aws_example(const std::string& plans) {
    return doc(R"(
  "usage": [
    { "id": "c5.9xlarge", "quantity": "1", "on_demand_rate": "4.00", "family": "c5", "region": "us-east-1",
      "rates": { "compute": "2.00", "ec2_instance": "1.00" } },
    { "id": "c5.24xlarge", "quantity": "1", "on_demand_rate": "10.00", "family": "c5", "region": "us-east-1",
      "rates": { "compute": "8.00", "ec2_instance": "6.00" } },
    { "id": "fargate-vcpu", "quantity": "10", "on_demand_rate": "1.50", "rates": { "compute": "1.00" } },
    { "id": "fargate-gb", "quantity": "5", "on_demand_rate": "2.00", "rates": { "compute": "1.00" } }
  ],
  "savings_plans": [)" + plans + "]");
}

}  // namespace

TEST_CASE("the contract's example, by hand", "[savings-plans]") {
    const savings_plans_result r = run(contract_example);
    // The RI takes 2 of the 4 r5 units; sp-ec2 covers the other 2 at 0.60 = 1.20 of its 3.00.
    CHECK(usage_value(r, "r5", "reserved_units") == dec("2"));
    CHECK(covered_units(r, "r5", "sp-ec2") == dec("2"));
    CHECK(usage_value(r, "r5", "covered_cost") == dec("1.20"));
    CHECK(plan_value(r, "sp-ec2", "used") == dec("1.20"));
    CHECK(plan_value(r, "sp-ec2", "unused") == dec("1.80"));
    // No r5 is left for sp-compute; it covers the 1600 Fargate GB at 0.003 = 4.80 of its 16.80.
    CHECK(covered_units(r, "r5", "sp-compute") == dec("0"));
    CHECK(covered_units(r, "fargate-gb", "sp-compute") == dec("1600"));
    CHECK(plan_value(r, "sp-compute", "used") == dec("4.80"));
    CHECK(plan_value(r, "sp-compute", "unused") == dec("12.00"));
    CHECK(usage_value(r, "r5", "on_demand_units") == dec("0"));
    CHECK(usage_value(r, "fargate-gb", "on_demand_cost") == dec("0"));
    // 4 x 1.00 + 1600 x 0.004 = 10.40 on demand; the commitments 3.00 + 16.80 = 19.80 are paid whole.
    CHECK(r.totals.on_demand_equivalent == dec("10.40"));
    CHECK(r.totals.on_demand_charges == dec("0"));
    CHECK(r.totals.commitment_charges == dec("19.80"));
    CHECK(r.totals.commitment_used == dec("6.00"));
    CHECK(r.totals.commitment_unused == dec("13.80"));
    CHECK_FALSE(r.totals.reserved_priced);  // the RI gives no rate: its units are not priced
    CHECK(r.totals.total == dec("19.80"));
    CHECK(r.totals.savings == dec("-9.40"));
    // utilization 6.00 / 19.80 = 0.30303030303...; coverage (2 x 1.00 + 6.40) / 10.40 = 0.8076923076923...
    CHECK(r.totals.utilization == dec("0.3030303030"));
    CHECK(r.totals.coverage == dec("0.8076923077"));
}

TEST_CASE("the contract's example as a JSON document", "[savings-plans]") {
    const std::string text = costmodel::savings_plans_to_json(run(contract_example), false, -1);
    CHECK(text.find(R"({"id":"r5","quantity":"4","reserved_units":"2","covered":[{"plan":"sp-ec2","units":"2","cost":"1.2"}],)"
                    R"("on_demand_units":"0","on_demand_cost":"0","on_demand_equivalent":"4"})") != std::string::npos);
    CHECK(text.find(R"({"id":"sp-compute","type":"compute","commitment":"16.8","used":"4.8","unused":"12","utilization":"0.2857142857"})") !=
          std::string::npos);
    CHECK(text.find(R"("totals":{"on_demand_equivalent":"10.4","on_demand_charges":"0","commitment_charges":"19.8",)") != std::string::npos);
    CHECK(text.find(R"("hours":[)") == std::string::npos);  // one hour: no per-hour list
}

TEST_CASE("RI rates price the reserved units every hour, used or not", "[savings-plans]") {
    std::string text = contract_example;
    text.replace(text.find(R"("units": "2" })"), 14, R"("units": "3", "rate": "0.50" })");
    const savings_plans_result r = run(text);
    // 3 reserved units take 3 of the 4 r5; sp-ec2 covers the last at 0.60. RI: 3 x 0.50 = 1.50.
    CHECK(usage_value(r, "r5", "reserved_units") == dec("3"));
    CHECK(plan_value(r, "sp-ec2", "used") == dec("0.60"));
    CHECK(r.totals.reserved_priced);
    CHECK(r.totals.reserved_charges == dec("1.50"));
    CHECK(r.totals.total == dec("21.30"));  // 0 + 19.80 + 1.50
    CHECK(r.totals.savings == dec("-10.90"));
}

TEST_CASE("AWS's walk-through: a Compute Savings Plan of 25.00 covers all usage", "[savings-plans]") {
    const savings_plans_result r = run(aws_example(R"({ "id": "compute", "type": "compute", "commitment_per_hour": "25.00" })"));
    // At Compute rates the hour costs 2.00 + 8.00 + 10 x 1.00 + 5 x 1.00 = 25.00: exactly the commitment,
    // as AWS's page says ("You will pay $25.00 in that hour").
    CHECK(plan_value(r, "compute", "used") == dec("25"));
    CHECK(plan_value(r, "compute", "unused") == dec("0"));
    CHECK(r.totals.on_demand_charges == dec("0"));
    CHECK(r.totals.on_demand_equivalent == dec("39"));  // 4 + 10 + 15 + 10
    CHECK(r.totals.total == dec("25"));
    CHECK(r.totals.savings == dec("14"));
    CHECK(r.totals.coverage == dec("1"));
}

TEST_CASE("AWS's walk-through with a smaller commitment: highest savings first, ties to the lower rate", "[savings-plans]") {
    // Savings percentages: c5.9xlarge 50%, Fargate GB 50%, Fargate vCPU 33.3%, c5.24xlarge 20%. The tie at
    // 50% goes to the lower rate: Fargate GB (1.00) before c5.9xlarge (2.00). A 2.50 commitment covers
    // 2.5 of the 5 GB; the rest is on demand: 2.5 x 2.00 + 4.00 + 15.00 + 10.00 = 34.00.
    const savings_plans_result r = run(aws_example(R"({ "id": "compute", "type": "compute", "commitment_per_hour": "2.50" })"));
    CHECK(covered_units(r, "fargate-gb", "compute") == dec("2.5"));
    CHECK(covered_units(r, "c5.9xlarge", "compute") == dec("0"));
    CHECK(r.totals.on_demand_charges == dec("34"));
    CHECK(r.totals.total == dec("36.5"));
    CHECK(r.totals.savings == dec("2.5"));

    // Commitment 7.00: GB 5 x 1.00 = 5.00, then c5.9xlarge 2.00 = 7.00 exactly; nothing for the others.
    const savings_plans_result s = run(aws_example(R"({ "id": "compute", "type": "compute", "commitment_per_hour": "7.00" })"));
    CHECK(covered_units(s, "fargate-gb", "compute") == dec("5"));
    CHECK(covered_units(s, "c5.9xlarge", "compute") == dec("1"));
    CHECK(covered_units(s, "fargate-vcpu", "compute") == dec("0"));
    CHECK(s.totals.on_demand_charges == dec("25"));  // 15 + 10
}

TEST_CASE("EC2 Instance plans apply before Compute plans, and only to their family and region", "[savings-plans]") {
    const savings_plans_result r = run(aws_example(R"(
        { "id": "compute", "type": "compute", "commitment_per_hour": "15.00" },
        { "id": "c5", "type": "ec2_instance", "family": "c5", "region": "us-east-1", "commitment_per_hour": "7.00" })"));
    // Listed second, the EC2 Instance plan applies first: c5.9xlarge (75% off) 1.00, c5.24xlarge (40%)
    // 6.00 = 7.00. The Compute plan then covers Fargate GB 5.00 (50%) and vCPU 10.00 (33%) = 15.00.
    CHECK(covered_units(r, "c5.9xlarge", "c5") == dec("1"));
    CHECK(covered_units(r, "c5.24xlarge", "c5") == dec("1"));
    CHECK(covered_units(r, "fargate-gb", "compute") == dec("5"));
    CHECK(covered_units(r, "fargate-vcpu", "compute") == dec("10"));
    CHECK(r.totals.total == dec("22"));
    CHECK(r.totals.savings == dec("17"));  // 39 - 22
    // The covered table lists a usage's plans in the order they applied.
    CHECK(r.covered.num_rows() == 4);

    const savings_plans_result s = run(doc(R"(
      "usage": [
        { "id": "m5-east", "quantity": "1", "on_demand_rate": "1", "family": "m5", "region": "us-east-1", "rates": { "ec2_instance": "0.5" } },
        { "id": "r5-west", "quantity": "1", "on_demand_rate": "1", "family": "r5", "region": "us-west-2", "rates": { "ec2_instance": "0.5" } },
        { "id": "r5-east", "quantity": "1", "on_demand_rate": "1", "family": "r5", "region": "us-east-1", "rates": { "ec2_instance": "0.5" } }
      ],
      "savings_plans": [ { "id": "r5", "type": "ec2_instance", "family": "r5", "region": "us-east-1", "commitment_per_hour": "10" } ])"));
    // Only r5 in us-east-1: 0.5 of the 10 used; m5-east and r5-west stay on demand.
    CHECK(covered_units(s, "r5-east", "r5") == dec("1"));
    CHECK(usage_value(s, "m5-east", "on_demand_units") == dec("1"));
    CHECK(usage_value(s, "r5-west", "on_demand_units") == dec("1"));
    CHECK(plan_value(s, "r5", "used") == dec("0.5"));
}

TEST_CASE("tie-breaks: equal percentages go to the lower rate, equal both to input order", "[savings-plans]") {
    // a: 2.00 -> 1.00 (50%), b: 1.00 -> 0.50 (50%); b's rate is lower, so b first despite coming second.
    const savings_plans_result r = run(doc(R"(
      "usage": [
        { "id": "a", "quantity": "1", "on_demand_rate": "2.00", "rates": { "compute": "1.00" } },
        { "id": "b", "quantity": "1", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } }
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "0.50" } ])"));
    CHECK(covered_units(r, "b", "p") == dec("1"));
    CHECK(covered_units(r, "a", "p") == dec("0"));

    // Equal percentage and rate: the first listed.
    const savings_plans_result s = run(doc(R"(
      "usage": [
        { "id": "first", "quantity": "1", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } },
        { "id": "second", "quantity": "1", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } }
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "0.50" } ])"));
    CHECK(covered_units(s, "first", "p") == dec("1"));
    CHECK(covered_units(s, "second", "p") == dec("0"));

    // A higher percentage wins over a lower rate: x 1.00 -> 0.40 (60%) before y 0.10 -> 0.09 (10%).
    const savings_plans_result t = run(doc(R"(
      "usage": [
        { "id": "y", "quantity": "1", "on_demand_rate": "0.10", "rates": { "compute": "0.09" } },
        { "id": "x", "quantity": "1", "on_demand_rate": "1.00", "rates": { "compute": "0.40" } }
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "0.40" } ])"));
    CHECK(covered_units(t, "x", "p") == dec("1"));
    CHECK(covered_units(t, "y", "p") == dec("0"));
}

TEST_CASE("a partial unit is the commitment left over the rate, and costs exactly the commitment left", "[savings-plans]") {
    const savings_plans_result r = run(doc(R"(
      "usage": [ { "id": "u", "quantity": "10", "on_demand_rate": "1.00", "rates": { "compute": "0.30" } } ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1.00" } ])"));
    // 1.00 / 0.30 = 3.33333333333...: 3.3333333333 units (half-even at scale 10) for exactly 1.00.
    CHECK(covered_units(r, "u", "p") == dec("3.3333333333"));
    CHECK(usage_value(r, "u", "covered_cost") == dec("1.00"));
    CHECK(usage_value(r, "u", "on_demand_units") == dec("6.6666666667"));
    CHECK(usage_value(r, "u", "on_demand_cost") == dec("6.6666666667"));
    CHECK(plan_value(r, "p", "unused") == dec("0"));
    CHECK(r.totals.utilization == dec("1"));
    CHECK(r.totals.total == dec("7.6666666667"));
}

TEST_CASE("no rounding per line: costs are compared with the commitment at scale 20", "[savings-plans]") {
    // Rates of 10 digits: 3 x 0.3333333333 = 0.9999999999.
    // Each cost is exact; a commitment of 0.9999999999 covers all three with nothing left.
    const savings_plans_result r = run(doc(R"(
      "usage": [
        { "id": "a", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "0.3333333333" } },
        { "id": "b", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "0.3333333333" } },
        { "id": "c", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "0.3333333333" } }
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "0.9999999999" } ])"));
    CHECK(usage_value(r, "c", "on_demand_units") == dec("0"));
    CHECK(plan_value(r, "p", "unused") == dec("0"));

    // 0.5 units at 0.0000000001 cost 0.00000000005 (scale 20): two of them make 0.0000000001, which a
    // commitment of 0.0000000001 covers exactly; rounding each line first would have reported 0 and 0.
    const savings_plans_result s = run(doc(R"(
      "usage": [
        { "id": "a", "quantity": "0.5", "on_demand_rate": "0.0000000002", "rates": { "compute": "0.0000000001" } },
        { "id": "b", "quantity": "0.5", "on_demand_rate": "0.0000000002", "rates": { "compute": "0.0000000001" } },
        { "id": "c", "quantity": "0.5", "on_demand_rate": "0.0000000002", "rates": { "compute": "0.0000000001" } }
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "0.0000000001" } ])"));
    CHECK(covered_units(s, "a", "p") == dec("0.5"));
    CHECK(covered_units(s, "b", "p") == dec("0.5"));
    CHECK(covered_units(s, "c", "p") == dec("0"));
    CHECK(plan_value(s, "p", "used") == dec("0.0000000001"));
    // c is on demand: 0.5 x 0.0000000002 = 0.0000000001.
    CHECK(s.totals.on_demand_charges == dec("0.0000000001"));
}

TEST_CASE("several plans of one type apply in input order", "[savings-plans]") {
    const savings_plans_result r = run(doc(R"(
      "usage": [ { "id": "u", "quantity": "10", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } } ],
      "savings_plans": [ { "id": "small", "type": "compute", "commitment_per_hour": "1.00" },
                         { "id": "large", "type": "compute", "commitment_per_hour": "2.00" } ])"));
    // small covers 1.00 / 0.50 = 2 units, then large 2.00 / 0.50 = 4; 4 units are left on demand.
    CHECK(covered_units(r, "u", "small") == dec("2"));
    CHECK(covered_units(r, "u", "large") == dec("4"));
    CHECK(usage_value(r, "u", "on_demand_units") == dec("4"));
    CHECK(r.totals.total == dec("7"));  // 3.00 + 4 x 1.00
}

TEST_CASE("a plan larger than the usage leaves its commitment unused, and it is still paid", "[savings-plans]") {
    const savings_plans_result r = run(doc(R"(
      "usage": [ { "id": "u", "quantity": "2", "on_demand_rate": "1.00", "rates": { "compute": "0.60" } } ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "5.00" } ])"));
    CHECK(plan_value(r, "p", "used") == dec("1.20"));
    CHECK(plan_value(r, "p", "unused") == dec("3.80"));
    CHECK(r.totals.total == dec("5.00"));
    CHECK(r.totals.savings == dec("-3.00"));  // 2.00 on demand against 5.00 paid
    CHECK(r.totals.utilization == dec("0.24"));
}

TEST_CASE("a series: definitions once, quantities per hour, commitments per hour", "[savings-plans]") {
    const std::string text = doc(R"(
      "usage": [ { "id": "u", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } },
                 { "id": "v", "on_demand_rate": "2.00" } ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1.00" } ],
      "hours": [
        { "hour": "2025-01-01T00:00Z", "usage": [ { "id": "u", "quantity": "4" }, { "id": "v", "quantity": "1" } ] },
        { "hour": "2025-01-01T01:00Z", "usage": [ ] },
        { "usage": [ { "id": "u", "quantity": "1" } ] }
      ])");
    const savings_plans_result r = run(text, costmodel::savings_plans_detail::lines);
    REQUIRE(r.hours == 3);
    // Hour 0: 2 of 4 u covered for 1.00; 2 u + 1 v on demand = 2 + 2 = 4.00; total 5.00.
    CHECK(r.hour_totals[0].total == dec("5"));
    CHECK(r.hour_totals[0].coverage == dec("0.3333333333"));  // 2.00 of 6.00
    // Hour 1 has no usage: the commitment is paid and unused; coverage has no meaning.
    CHECK(r.hour_totals[1].total == dec("1"));
    CHECK(r.hour_totals[1].commitment_unused == dec("1"));
    CHECK(r.hour_totals[1].utilization == dec("0"));
    CHECK_FALSE(r.hour_totals[1].coverage.has_value());
    // Hour 2: 1 u covered for 0.50; 0.50 unused (it does not carry over).
    CHECK(r.hour_totals[2].commitment_used == dec("0.5"));
    CHECK(r.hour_totals[2].total == dec("1"));
    // The series: 3 hours x 1.00 paid, 1.50 used.
    CHECK(r.totals.commitment_charges == dec("3"));
    CHECK(r.totals.commitment_used == dec("1.5"));
    CHECK(r.totals.utilization == dec("0.5"));
    CHECK(r.totals.total == dec("7"));
    CHECK(usage_value(r, "u", "quantity") == dec("5"));
    CHECK(usage_value(r, "u", "covered_units") == dec("3"));
    CHECK(r.usage_lines.num_rows() == 6);     // 3 hours x 2 usage
    CHECK(r.covered_lines.num_rows() == 2);   // hours 0 and 2
    CHECK(r.hour_table.strings("label")[0] == "2025-01-01T00:00Z");
    CHECK(r.hour_table.strings("label")[2] == "");
    CHECK(r.plan_hours.num_rows() == 3);

    const std::string json = costmodel::savings_plans_to_json(r, true, -1);
    CHECK(json.find(R"("hours":[{"hour":0,"label":"2025-01-01T00:00Z","plans":[{"id":"p","commitment":"1","used":"1","unused":"0"}],)") !=
          std::string::npos);

    // The summary detail keeps the same sums without per-line rows.
    const savings_plans_result summary = run(text);
    CHECK(summary.usage_lines.num_rows() == 0);
    CHECK(summary.totals == r.totals);
    CHECK(summary.usage == r.usage);
}

TEST_CASE("a series as a list of one-hour usage blocks", "[savings-plans]") {
    const savings_plans_result r = run(doc(R"(
      "usage": [
        [ { "id": "u", "quantity": "4", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } } ],
        [ { "id": "v", "quantity": "1", "on_demand_rate": "2.00" },
          { "id": "u", "quantity": "1", "on_demand_rate": "1.00", "rates": { "compute": "0.50" } } ]
      ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1.00" } ])"));
    REQUIRE(r.hours == 2);
    CHECK(r.hour_totals[0].total == dec("3"));  // 1.00 + 2 x 1.00
    CHECK(r.hour_totals[1].total == dec("3"));  // 1.00 + v 2.00
    CHECK(usage_value(r, "v", "quantity") == dec("1"));
    CHECK(r.usage.strings("usage")[0] == "u");  // definitions in order of first appearance
}

TEST_CASE("the core takes definitions and a quantity matrix", "[savings-plans]") {
    costmodel::commitments_definition definition;
    definition.usage.push_back({"u", dec("1"), "", "", dec("0.5"), std::nullopt});
    definition.savings_plans.push_back({"p", costmodel::plan_type::compute, "", "", dec("1")});
    const std::vector<__int128> quantities = {dec("1").units(), dec("3").units()};
    const savings_plans_result r = costmodel::apply_savings_plans(definition, quantities, 2);
    CHECK(r.hour_totals[0].total == dec("1"));    // commitment 1, 0.5 used
    CHECK(r.hour_totals[1].total == dec("2"));    // 2 units covered, 1 on demand
    CHECK(r.totals.on_demand_equivalent == dec("4"));
    CHECK_FALSE(r.wide_path);
    const std::vector<__int128> negative = {dec("-1").units()};
    CHECK_THROWS_AS(costmodel::apply_savings_plans(definition, negative, 1), costmodel::input_error);
    CHECK_THROWS_AS(costmodel::apply_savings_plans(definition, quantities, 3), std::invalid_argument);
}

TEST_CASE("figures beyond the 128-bit bound take the 256-bit walk, exactly", "[savings-plans]") {
    // 10^17 units at 1000 on demand: the product 10^20 is 10^40 at scale 20, past 2^125.
    const savings_plans_result r = run(doc(R"(
      "usage": [ { "id": "u", "quantity": "100000000000000000", "on_demand_rate": "1000", "rates": { "compute": "500" } } ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1000000000000000" } ])"));
    CHECK(r.wide_path);
    // 10^15 / 500 = 2 x 10^12 units covered; the rest, 10^17 - 2 x 10^12, at 1000 = 10^20 - 2 x 10^15.
    CHECK(covered_units(r, "u", "p") == dec("2000000000000"));
    CHECK(r.totals.on_demand_charges == dec("99998000000000000000"));
    CHECK(r.totals.total == dec("99999000000000000000"));
    CHECK(r.totals.savings == dec("1000000000000000"));
}

TEST_CASE("a reported figure beyond the Decimal range is an overflow_error", "[savings-plans]") {
    // 10^27 units at 1000 on demand: an on-demand equivalent of 10^30, past 10^28.
    CHECK_THROWS_AS(run(doc(R"("usage": [ { "id": "u", "quantity": "1000000000000000000000000000", "on_demand_rate": "1000" } ])")),
                    std::overflow_error);
    // Two hours of 9 x 10^27 units: each fits, their sum (the usage's quantity) does not.
    CHECK_THROWS_AS(run(doc(R"("usage": [ { "id": "u", "on_demand_rate": "0" } ],
      "hours": [ { "usage": [ { "id": "u", "quantity": "9000000000000000000000000000" } ] },
                 { "usage": [ { "id": "u", "quantity": "9000000000000000000000000000" } ] } ])")),
                    std::overflow_error);
}

TEST_CASE("quantities past 2^63 units stay on the 128-bit walk when its bound holds", "[savings-plans]") {
    // 10^9 units is 10^19 in Decimal units (above 2^63): products take full 128-bit operands.
    const savings_plans_result r = run(doc(R"(
      "usage": [ { "id": "u", "quantity": "1000000000", "on_demand_rate": "1", "rates": { "compute": "0.5" } } ],
      "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "100" } ])"));
    CHECK_FALSE(r.wide_path);
    // 100 / 0.5 = 200 units covered; 999,999,800 on demand at 1; total 100 + 999,999,800.
    CHECK(covered_units(r, "u", "p") == dec("200"));
    CHECK(r.totals.on_demand_charges == dec("999999800"));
    CHECK(r.totals.total == dec("999999900"));
}

TEST_CASE("a later hour that needs a wider walk starts it again, with the same figures", "[savings-plans]") {
    // 8,192 usage lines make blocks of 2 hours (16,384 quantities), so hour 2 is checked after hours 0 and
    // 1 were walked with 64-bit operands. Each hour must come out as it does alone.
    const std::size_t n = 8192;
    costmodel::commitments_definition definition;
    for (std::size_t u = 0; u < n; ++u)
        definition.usage.push_back({"u" + std::to_string(u), dec("1"), "", "", dec("0.5"), std::nullopt});
    definition.savings_plans.push_back({"p", costmodel::plan_type::compute, "", "", dec("10")});
    for (const char* large : {"1000000000", "1000000000000000000000000"}) {  // past 2^63 units; past the 128-bit bound
        std::vector<__int128> quantities(3 * n, dec("1").units());
        quantities[2 * n + 5] = dec(large).units();
        const savings_plans_result r = costmodel::apply_savings_plans(definition, quantities, 3);
        CHECK(r.wide_path == (std::string(large).size() > 10));
        for (std::size_t h = 0; h < 3; ++h) {
            const std::vector<__int128> one(quantities.begin() + static_cast<std::ptrdiff_t>(h * n),
                                            quantities.begin() + static_cast<std::ptrdiff_t>((h + 1) * n));
            CHECK(r.hour_totals[h] == costmodel::apply_savings_plans(definition, one, 1).totals);
        }
        // Hours 0 and 1: 20 units covered for 10.00, 8,172 on demand: 8,182.00 each.
        CHECK(r.hour_totals[0].total == dec("8182"));
        CHECK(r.hour_totals[2].on_demand_charges == dec(large) + dec("8171"));
    }
    // A negative quantity in a later block is refused with its hour and usage.
    std::vector<__int128> quantities(3 * n, 0);
    quantities[2 * n + 7] = dec("-1").units();
    try {
        (void)costmodel::apply_savings_plans(definition, quantities, 3);
        FAIL("no error");
    } catch (const costmodel::input_error& e) {
        CHECK(e.path() == "hours[2].u7");
    }
}

TEST_CASE("bad input names the file, the path and the value", "[savings-plans]") {
    const std::string plan = R"("savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1" } ])";
    const std::string line = R"({ "id": "u", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "0.5" } })";
    CHECK(error_of(R"({"schema": "costmodel/commitment/v1", "usage": []})") ==
          R"(schema: expected "costmodel/commitments/v1", got "costmodel/commitment/v1" (did you mean "costmodel/commitments/v1"?))");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "-1", "on_demand_rate": "1" } ])")) ==
          "usage[0].quantity: expected a number >= 0, got -1");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "-2" } ])")) ==
          "savings_plans[0].commitment_per_hour: expected a number >= 0, got -2");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "1.5" } } ])")) ==
          "usage[0].rates.compute: the compute rate 1.5 is above the on-demand rate 1 (a plan never costs more than on demand)");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "savings_plans": [ { "id": "p", "type": "compte", "commitment_per_hour": "1" } ])")) ==
          R"(savings_plans[0].type: expected one of compute, ec2_instance, got "compte" (did you mean "compute"?))");
    CHECK(error_of(doc(R"("usage": [ { "id": "r5", "quantity": "1", "on_demand_rate": "1", "family": "r5", "region": "us-east-1", "rates": { "ec2_instance": "0.5" } } ],
      "savings_plans": [ { "id": "p", "type": "ec2_instance", "family": "r6", "region": "us-east-1", "commitment_per_hour": "1" } ])")) ==
          R"(savings_plans[0].family: no usage of family "r6" has an ec2_instance rate: the plan would cover nothing (did you mean "r5"?))");
    CHECK(error_of(doc(R"("usage": [ { "id": "r5", "quantity": "1", "on_demand_rate": "1", "family": "r5", "region": "us-east-1", "rates": { "ec2_instance": "0.5" } } ],
      "savings_plans": [ { "id": "p", "type": "ec2_instance", "family": "r5", "region": "us-east-2", "commitment_per_hour": "1" } ])")) ==
          R"(savings_plans[0].region: no usage of family "r5" in region "us-east-2" has an ec2_instance rate: the plan would cover nothing (did you mean "us-east-1"?))");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "reserved_instances": [ { "usage": "uu", "units": "1" } ])")) ==
          R"(reserved_instances[0].usage: no usage with id "uu" (did you mean "u"?))");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "reserved_instances": [ { "usage": "u", "units": "1" }, { "usage": "u", "units": "2" } ])")) ==
          R"(reserved_instances[1].usage: usage "u" is already reserved by reserved_instances[0] (give one reserved instance per usage, with the units added))");
    CHECK(error_of(doc(R"("usage": [)" + line + "," + line + "]")) == R"(usage[1].id: duplicate usage id "u" (first at usage[0]))");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "savings_plans": [ { "id": "p", "type": "compute", "commitment_per_hour": "1" },
      { "id": "p", "type": "compute", "commitment_per_hour": "1" } ])")) == R"(savings_plans[1].id: duplicate plan id "p" (first at savings_plans[0]))");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "1" } ])")) == "usage[0].on_demand_rate: missing required key");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "savings_plans": [ { "id": "p", "type": "compute" } ])")) ==
          "savings_plans[0].commitment_per_hour: missing required key");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "one", "on_demand_rate": "1" } ])")) ==
          R"(usage[0].quantity: expected a number, got "one")");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": 1.5, "on_demand_rate": "1", "rate": "1" } ])")) ==
          R"(usage[0].rate: unknown key (did you mean "rates"?))");
    CHECK(error_of(doc(R"("usage": [)" + line + R"(], "savings_plans": [ { "id": "p", "type": "compute", "family": "c5", "commitment_per_hour": "1" } ])")) ==
          R"(savings_plans[0].family: a compute Savings Plan applies to every family and region; family belongs to ec2_instance plans)");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "on_demand_rate": "1" } ], "hours": [ { "usage": [ { "id": "w", "quantity": "1" } ] } ])")) ==
          R"(hours[0].usage[0].id: no usage with id "w" in the top-level usage (did you mean "u"?))");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "on_demand_rate": "1", "quantity": "2" } ], "hours": [])")) ==
          R"(usage[0].quantity: with "hours", quantities belong in hours[].usage (the top-level usage defines rates only))");
    CHECK(error_of(doc(R"("usage": [ [ { "id": "u", "quantity": "1", "on_demand_rate": "1" } ], [ { "id": "u", "quantity": "1", "on_demand_rate": "2" } ] ])")) ==
          R"(usage[1][0].id: usage "u" is defined differently at usage[0][0] (each id has one on-demand rate, family, region and rates across the hours))");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "1", "on_demand_rate": "1", "rates": { "ec2_instance": "0.5" } } ])")) ==
          "usage[0].family: missing required key: usage with an ec2_instance rate names its family and region (EC2 Instance Savings Plans apply to one family in one region)");
    CHECK(error_of(doc(R"("usage": [ { "id": "u", "quantity": "1", "on_demand_rate": "1", "rates": { "compute": "0" } } ])")) ==
          "usage[0].rates.compute: a Savings Plans rate must be > 0, got 0");
}
