// Support plan fees: every plan at its minimum and at every tier boundary, just below and above; the
// choice of a rule set by date; rule sets read from JSON; the support line of an estimate.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::support_plan;
using costmodel_test::dec;
using costmodel_test::document;

namespace {

Decimal fee(support_plan plan, const std::string& charges) {
    return costmodel::support_fee(costmodel::builtin_support_rules(), plan, dec(charges)).fee;
}

bool minimum_applies(support_plan plan, const std::string& charges) {
    return costmodel::support_fee(costmodel::builtin_support_rules(), plan, dec(charges)).minimum_applies;
}

costmodel::date day(const char* text) { return *costmodel::date::parse(text); }

// The input_error a call throws (its path and message), or a marker when it throws none.
template <class Call>
std::string error_of(Call&& call) {
    try {
        (void)call();
    } catch (const costmodel::input_error& e) {
        return e.path() + " | " + e.what();
    }
    return "<no input_error>";
}

costmodel::estimate_result run(std::string_view workloads, std::string_view settings) {
    return costmodel::estimate(costmodel::parse_scenario(document(workloads, settings), "test.json"), costmodel::builtin_catalog());
}

}  // namespace

TEST_CASE("Developer: greater of 29 or 3%", "[support]") {
    CHECK(fee(support_plan::developer, "0") == dec("29"));
    CHECK(minimum_applies(support_plan::developer, "0"));
    // 3% reaches 29 at 966.66...: 966.66 × 0.03 = 28.9998 (minimum), 966.67 × 0.03 = 29.0001.
    CHECK(fee(support_plan::developer, "966.66") == dec("29"));
    CHECK(minimum_applies(support_plan::developer, "966.66"));
    CHECK(fee(support_plan::developer, "966.67") == dec("29.0001"));
    CHECK_FALSE(minimum_applies(support_plan::developer, "966.67"));
    CHECK(fee(support_plan::developer, "1000") == dec("30"));
    CHECK(fee(support_plan::developer, "250000") == dec("7500"));
}

TEST_CASE("Business: greater of 100 or 10% / 7% / 5% / 3% over 10K, 80K and 250K", "[support]") {
    const support_plan b = support_plan::business;
    // Minimum: 10% of 1,000 is exactly 100.
    CHECK(fee(b, "0") == dec("100"));
    CHECK(fee(b, "999.99") == dec("100"));  // 99.999 < 100
    CHECK(minimum_applies(b, "999.99"));
    CHECK(fee(b, "1000") == dec("100"));
    CHECK_FALSE(minimum_applies(b, "1000"));  // equal, not greater
    CHECK(fee(b, "1000.01") == dec("100.001"));
    // 10,000: 10% of the first 10K = 1,000.
    CHECK(fee(b, "9999.99") == dec("999.999"));
    CHECK(fee(b, "10000") == dec("1000"));
    CHECK(fee(b, "10000.01") == dec("1000.0007"));  // + 7% of 0.01
    // 80,000: 1,000 + 7% × 70,000 = 1,000 + 4,900 = 5,900.
    CHECK(fee(b, "79999.99") == dec("5899.9993"));
    CHECK(fee(b, "80000") == dec("5900"));
    CHECK(fee(b, "80000.01") == dec("5900.0005"));
    // 250,000: 5,900 + 5% × 170,000 = 5,900 + 8,500 = 14,400.
    CHECK(fee(b, "249999.99") == dec("14399.9995"));
    CHECK(fee(b, "250000") == dec("14400"));
    CHECK(fee(b, "250000.01") == dec("14400.0003"));
    // 1,000,000: 14,400 + 3% × 750,000 = 14,400 + 22,500 = 36,900.
    CHECK(fee(b, "1000000") == dec("36900"));
    const auto parts = costmodel::support_fee(costmodel::builtin_support_rules(), b, dec("1000000")).tier_parts;
    CHECK(parts == std::vector<Decimal>{dec("1000"), dec("4900"), dec("8500"), dec("22500")});
}

TEST_CASE("Enterprise On-Ramp: greater of 5,500 or 10%", "[support]") {
    const support_plan p = support_plan::enterprise_on_ramp;
    CHECK(fee(p, "0") == dec("5500"));
    CHECK(fee(p, "54999.99") == dec("5500"));  // 5,499.999
    CHECK(minimum_applies(p, "54999.99"));
    CHECK(fee(p, "55000") == dec("5500"));
    CHECK(fee(p, "55000.01") == dec("5500.001"));
    CHECK(fee(p, "2000000") == dec("200000"));
}

TEST_CASE("Enterprise: greater of 15,000 or 10% / 7% / 5% / 3% over 150K, 500K and 1M", "[support]") {
    const support_plan e = support_plan::enterprise;
    CHECK(fee(e, "0") == dec("15000"));
    // The minimum meets the first boundary: 10% of 150,000 = 15,000.
    CHECK(fee(e, "149999.99") == dec("15000"));  // 14,999.999
    CHECK(minimum_applies(e, "149999.99"));
    CHECK(fee(e, "150000") == dec("15000"));
    CHECK(fee(e, "150000.01") == dec("15000.0007"));
    // 500,000: 15,000 + 7% × 350,000 = 15,000 + 24,500 = 39,500.
    CHECK(fee(e, "499999.99") == dec("39499.9993"));
    CHECK(fee(e, "500000") == dec("39500"));
    CHECK(fee(e, "500000.01") == dec("39500.0005"));
    // 1,000,000: 39,500 + 5% × 500,000 = 39,500 + 25,000 = 64,500.
    CHECK(fee(e, "999999.99") == dec("64499.9995"));
    CHECK(fee(e, "1000000") == dec("64500"));
    CHECK(fee(e, "1000000.01") == dec("64500.0003"));
    // 2,000,000: 64,500 + 3% × 1,000,000 = 94,500.
    CHECK(fee(e, "2000000") == dec("94500"));
}

TEST_CASE("The fee is exact, rounded once at the 10th digit; cents on request", "[support]") {
    const auto& rules = costmodel::builtin_support_rules();
    // 10,000.000000005: 7% of 0.000000005 = 0.00000000035, 3.5 units of 10^-10 → half-even 4.
    CHECK(costmodel::support_fee(rules, support_plan::business, dec("10000.000000005")).fee == dec("1000.0000000004"));
    // 10,000.0000000001: 7% of one unit is 0.07 of a unit → 1,000 exactly.
    CHECK(costmodel::support_fee(rules, support_plan::business, dec("10000.0000000001")).fee == dec("1000"));
    // 12,345.678: 1,000 + 7% × 2,345.678 = 1,000 + 164.19746 = 1,164.19746; to cents half-up 1,164.20.
    CHECK(costmodel::support_fee(rules, support_plan::business, dec("12345.678")).fee == dec("1164.19746"));
    CHECK(costmodel::support_fee(rules, support_plan::business, dec("12345.678"), costmodel::rounding_policy::cents).fee == dec("1164.20"));
    CHECK(error_of([&] { return costmodel::support_fee(rules, support_plan::business, dec("-1"), costmodel::rounding_policy::none, "<args>"); }) ==
          "charges | <args>: charges: expected the month's gross charges, a number >= 0, got -1");
}

TEST_CASE("Plans by name, with did you mean", "[support]") {
    CHECK(costmodel::parse_support_plan("enterprise_on_ramp", "s", "plan") == support_plan::enterprise_on_ramp);
    CHECK(error_of([] { return costmodel::parse_support_plan("busines", "s.json", "support.plan"); }) ==
          "support.plan | s.json: support.plan: unknown support plan \"busines\" (did you mean \"business\"? expected one of developer, "
          "business, enterprise_on_ramp, enterprise)");
    CHECK_THAT(error_of([] { return costmodel::parse_support_plan("enterprise-on-ramp", "s", "plan"); }),
               Catch::Contains("did you mean \"enterprise_on_ramp\"?"));
    CHECK_THAT(error_of([] { return costmodel::parse_support_plan("gold", "s", "plan"); }), !Catch::Contains("did you mean"));
}

TEST_CASE("A rule set is chosen by the month's date; a date none covers fails", "[support]") {
    const auto sets = costmodel::builtin_support_rule_sets();
    CHECK(costmodel::support_rules_for(sets, day("2025-10-01")).id == "aws-support-legacy");
    CHECK(costmodel::support_rules_for(sets, day("2026-12-31")).id == "aws-support-legacy");
    CHECK(error_of([&] { return costmodel::support_rules_for(sets, day("2027-01-01"), "<args>", "month"); }) ==
          "month | <args>: month: no support rule set covers 2027-01-01 (rule sets: aws-support-legacy 2025-10-01 to 2027-01-01)");
    CHECK_THAT(error_of([&] { return costmodel::support_rules_for(sets, day("2025-09-30")); }), Catch::Contains("covers 2025-09-30"));
}

TEST_CASE("Rule sets from JSON: a later period beside the built-in one", "[support]") {
    const auto later = costmodel::parse_support_rules(R"({
        "schema": "costmodel/support-rules/v1", "id": "next", "effective_from": "2027-01-01",
        "source": "https://example.com/support",
        "plans": {"business": {"minimum": "200", "tiers": [{"up_to": "5000", "rate": "0.12"}, {"rate": "0.04"}]}}})",
                                                      "next.json");
    CHECK(later.plans.size() == 1);
    CHECK_FALSE(later.effective_until.has_value());
    std::vector<costmodel::support_rule_set> sets(costmodel::builtin_support_rule_sets().begin(), costmodel::builtin_support_rule_sets().end());
    sets.push_back(later);
    const auto& chosen = costmodel::support_rules_for(sets, day("2031-05-01"));
    CHECK(chosen.id == "next");
    // 12% × 5,000 + 4% × 5,000 = 600 + 200 = 800.
    CHECK(costmodel::support_fee(chosen, support_plan::business, dec("10000")).fee == dec("800"));
    CHECK(costmodel::support_fee(chosen, support_plan::business, dec("1000")).fee == dec("200"));  // 120 < 200
    CHECK_THAT(error_of([&] { return costmodel::support_fee(chosen, support_plan::developer, dec("1")); }),
               Catch::Contains("rule set next has no rule for the developer plan"));

    const auto broken = [](const std::string& plans) {
        return error_of([&] {
            return costmodel::parse_support_rules(R"({"schema": "costmodel/support-rules/v1", "id": "x", "effective_from": "2027-01-01", "plans": )" +
                                                      plans + "}",
                                                  "x.json");
        });
    };
    CHECK(broken(R"({"business": {"minimum": 1, "tiers": [{"up_to": 10, "rate": 0.1}]}})") ==
          "plans.business.tiers[0].up_to | x.json: plans.business.tiers[0].up_to: the last tier has no up_to: it applies to all charges "
          "above the one before");
    CHECK(broken(R"({"business": {"minimum": 1, "tiers": [{"up_to": 10, "rate": 0.1}, {"up_to": 5, "rate": 0.1}, {"rate": 0}]}})") ==
          "plans.business.tiers[1].up_to | x.json: plans.business.tiers[1].up_to: expected a number > 10 (the tier before ends there)");
    CHECK_THAT(broken(R"({"busness": {"minimum": 1, "tiers": [{"rate": 0.1}]}})"), Catch::Contains("did you mean \"business\"?"));
    CHECK_THAT(broken(R"({"business": {"minimum": 1, "tiers": [{"rate": 0.1, "rat": 1}]}})"), Catch::Contains("plans.business.tiers[0].rat"));
    CHECK_THAT(broken(R"({"business": {"minimum": -1, "tiers": [{"rate": 0.1}]}})"), Catch::StartsWith("plans.business.minimum |"));
    CHECK_THAT(error_of([] { return costmodel::load_support_rules("no-such-rules.json"); }), Catch::Contains("no-such-rules.json"));
}

TEST_CASE("A scenario's support plan adds a support line on the charges before it", "[support][estimate]") {
    // Charges 12,345.67; Business: 1,000 + 7% × 2,345.67 = 1,000 + 164.1969 = 1,164.1969.
    const auto result = run(R"({"name": "guardduty", "service": "fixed", "monthly_cost": "12345.67"})", R"("support": {"plan": "business"})");
    REQUIRE(result.line_count() == 2);
    const auto support = result.line(1);
    CHECK(support.workload == "support");
    CHECK(support.service == "support");
    CHECK(support.component == "business");
    CHECK(support.quantity == dec("1"));
    CHECK(support.unit == "month");
    CHECK(support.unit_price == dec("1164.1969"));
    CHECK(support.cost == dec("1164.1969"));
    CHECK(support.note == "charges 12345.67 before support; tiered 1164.1969, minimum 100 (aws-support-legacy)");
    CHECK(result.total == dec("13509.8669"));
    CHECK(result.services.back() == std::pair<std::string, Decimal>{"support", dec("1164.1969")});
    CHECK(result.workload_total("support") == dec("1164.1969"));

    // Line rounding applies to the support line too: 1,164.1969 → 1,164.20 (half-up to cents).
    const auto cents = run(R"({"name": "guardduty", "service": "fixed", "monthly_cost": "12345.67"})",
                           R"("line_rounding": "cents", "support": {"plan": "business", "month": "2026-03"})");
    CHECK(cents.line(1).cost == dec("1164.20"));
    CHECK(cents.total == dec("13509.87"));

    // A scenario without workloads pays the minimum.
    CHECK(run("", R"("support": {"plan": "developer"})").total == dec("29"));
    // Stated figures may audit the support line.
    const auto audited = run(R"({"name": "a", "service": "fixed", "monthly_cost": "100"})",
                             R"("support": {"plan": "developer"}, "stated": {"lines": {"support": "3"}})");
    REQUIRE(audited.audit.size() == 1);
    CHECK(audited.audit[0].computed == dec("29"));
    CHECK(audited.audit[0].difference == dec("-26"));
}

TEST_CASE("Without support the line table is untouched", "[support][estimate]") {
    const auto plain = run(R"({"name": "a", "service": "fixed", "monthly_cost": "100"})", "");
    CHECK(plain.line_count() == 1);
    CHECK(plain.total == dec("100"));
}

TEST_CASE("The support setting: read, written back, and its errors", "[support][scenario]") {
    const std::string text = document(R"({"name": "a", "service": "fixed", "monthly_cost": "100"})",
                                      R"("support": {"plan": "enterprise", "month": "2026-05"})");
    const auto s = costmodel::parse_scenario(text, "s.json");
    REQUIRE(s.settings.support.has_value());
    CHECK(s.settings.support->plan == "enterprise");
    CHECK(s.settings.support->month == "2026-05");
    const std::string written = costmodel::to_json(s);
    CHECK_THAT(written, Catch::Contains("\"support\": {\n    \"plan\": \"enterprise\",\n    \"month\": \"2026-05\"\n  }"));
    CHECK(costmodel::parse_scenario(written, "s.json") == s);
    CHECK_THAT(costmodel::to_json(costmodel::parse_scenario(document("", ""), "s.json")), !Catch::Contains("support"));

    const auto error = [](std::string_view settings, std::string_view workloads = "") {
        return error_of([&] { return costmodel::parse_scenario(document(workloads, settings), "s.json"); });
    };
    CHECK(error(R"("support": {"plan": "busines"})") ==
          "support.plan | s.json: support.plan: unknown support plan \"busines\" (did you mean \"business\"? expected one of developer, "
          "business, enterprise_on_ramp, enterprise)");
    CHECK(error(R"("support": "business")") ==
          "support | s.json: support: expected an object such as {\"plan\": \"business\"}, got \"business\"");
    CHECK(error(R"("support": {})") == "support.plan | s.json: support.plan: missing required key");
    CHECK_THAT(error(R"("support": {"plan": "business", "mnth": "2026-01"})"), Catch::StartsWith("support.mnth |"));
    CHECK(error(R"("support": {"plan": "business", "month": "2030-01"})") ==
          "support.month | s.json: support.month: no support rule set covers 2030-01-01 (rule sets: aws-support-legacy 2025-10-01 to "
          "2027-01-01)");
    CHECK(error(R"("support": {"plan": "business", "month": "March"})") ==
          "support.month | s.json: support.month: expected a month YYYY-MM, got \"March\"");
    CHECK(error(R"("support": {"plan": "business"})", R"({"name": "support", "service": "fixed", "monthly_cost": "1"})") ==
          "workloads[0].name | s.json: workloads[0].name: \"support\" names the support plan's line when the scenario sets support; name "
          "the workload otherwise");
    // A scenario built in code is held to the same rules by estimate().
    auto built = costmodel::parse_scenario(document("", ""), "");
    built.settings.support = costmodel::support_setting{"enterprize", ""};
    CHECK_THAT(error_of([&] { return costmodel::estimate(built, costmodel::builtin_catalog()); }),
               Catch::Contains("<scenario>: support.plan: unknown support plan \"enterprize\" (did you mean \"enterprise\"?"));
}

TEST_CASE("A batch adds each variant's own support line after its lines", "[support][estimate_many]") {
    const auto with = costmodel::parse_scenario(document(R"({"name": "a", "service": "fixed", "monthly_cost": "2000"})",
                                                         R"("support": {"plan": "business"})"),
                                                "a.json");
    const auto without = costmodel::parse_scenario(document(R"({"name": "a", "service": "fixed", "monthly_cost": "2000"})"), "b.json");
    const auto empty = costmodel::parse_scenario(document("", R"("support": {"plan": "developer"})"), "c.json");
    const std::vector<costmodel::scenario> scenarios{with, without, empty, with};
    for (const unsigned threads : {1U, 3U}) {
        const auto batch = costmodel::estimate_many(scenarios, costmodel::builtin_catalog(), threads);
        const auto& lines = batch.lines;
        REQUIRE(lines.num_rows() == 6);
        CHECK(std::vector<std::int32_t>(lines.int32s("variant").begin(), lines.int32s("variant").end()) ==
              std::vector<std::int32_t>{0, 0, 1, 2, 3, 3});
        // 10% of 2,000 = 200 (above the minimum 100); variant 2 has no charges and pays Developer's 29.
        const auto& totals = batch.totals.get_as<costmodel::table::decimal_column>("total");
        CHECK(totals[0] == dec("2200"));
        CHECK(totals[1] == dec("2000"));
        CHECK(totals[2] == dec("29"));
        CHECK(totals[3] == dec("2200"));
        CHECK(lines.strings("service")[1] == "support");
    }
}
