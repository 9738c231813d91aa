// Parameter expressions: exact evaluation, precedence, errors that name the expression and the place.

#include <catch2/catch.hpp>

#include "costmodel/parameter_expression.hpp"

using namespace costmodel::literals;
using costmodel::parameter_expression;
using costmodel::parameter_values;

TEST_CASE("parameter expressions evaluate exactly, with the usual precedence", "[parameters]") {
    const parameter_values users{{"users", "100000"_d}};
    CHECK(parameter_expression::parse("users * 0.05").evaluate(users) == "5000"_d);
    CHECK(parameter_expression::parse("1 + 2 * 3").evaluate({}) == "7"_d);
    CHECK(parameter_expression::parse("(1 + 2) * 3").evaluate({}) == "9"_d);
    CHECK(parameter_expression::parse("10 - 4 - 3").evaluate({}) == "3"_d);       // left to right
    CHECK(parameter_expression::parse("-users / -4").evaluate(users) == "25000"_d);
    // 1/3 × 3 is exactly 1: the ratio is carried exactly and rounded once at the end.
    CHECK(parameter_expression::parse("1 / 3 * 3").evaluate({}) == "1"_d);
    // 2/3 rounds half-even to 10 places once.
    CHECK(parameter_expression::parse("2/3").evaluate({}) == "0.6666666667"_d);
    CHECK(parameter_expression::parse("users/1000000*4*30").evaluate({{"users", "60000000"_d}}) == "7200"_d);
    const auto e = parameter_expression::parse(" a*b + a ");
    CHECK(e.names() == std::vector<std::string>{"a", "b"});
    CHECK(e.evaluate({{"b", "2"_d}, {"a", "1.5"_d}}) == "4.5"_d);
}

TEST_CASE("parameter expression errors name the expression and the place", "[parameters]") {
    CHECK_THROWS_WITH(parameter_expression::parse("users *"),
                      "expression \"users *\" at character 8: the expression ends where a number, a name or \"(\" was expected");
    CHECK_THROWS_WITH(parameter_expression::parse("(1 + 2"), Catch::Contains("\")\" expected"));
    CHECK_THROWS_WITH(parameter_expression::parse("2 ^ 3"), Catch::Contains("at character 3: unexpected '^'"));
    CHECK_THROWS_WITH(parameter_expression::parse("1e5"), Catch::Contains("unexpected 'e'"));
    CHECK_THROWS_WITH(parameter_expression::parse("1 / (users - 10)").evaluate({{"users", "10"_d}}),
                      "expression \"1 / (users - 10)\": division by zero");
    CHECK_THROWS_WITH(parameter_expression::parse("userz * 2").evaluate({{"users", "1"_d}}),
                      "expression \"userz * 2\": no parameter named \"userz\" (parameters: users)");
    CHECK_THROWS_AS(parameter_expression::parse("10000000000000000000 * 10000000000000000000").evaluate({}), std::overflow_error);
}

#include <string>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

namespace {

// 1,000 users: S3 holds 2 KB a user (2,000 KB = 1.953125 MB... in GB: users × 2 / 1024 / 1024), and
// Lambda runs 30 invocations a user.
const std::string parametric = R"({"schema": "costmodel/scenario/v1", "name": "scaling",
  "parameters": {"users": 1000},
  "users": "=users",
  "workloads": [
    {"name": "api", "service": "lambda", "invocations_per_month": "=users * 30", "duration_ms": 100},
    {"name": "data", "service": "s3", "storage_gb": "=users * 2 / 1024 / 1024"}
  ]})";

}  // namespace

TEST_CASE("a scenario's numbers may be expressions of its declared parameters", "[parameters]") {
    const costmodel::scenario s = costmodel::parse_scenario(parametric, "p.json");
    REQUIRE(s.parameters.size() == 1);
    CHECK(s.parameters[0].second == "1000"_d);
    CHECK(*s.users == "1000"_d);
    const auto usage = costmodel::meter(s);
    CHECK(usage[0].quantity == "30000"_d);  // requests: 1,000 users × 30

    const costmodel::scenario big = costmodel::parse_scenario(parametric, "p.json", {{"users", "60000000"_d}});
    CHECK(*big.users == "60000000"_d);
    CHECK(costmodel::meter(big)[0].quantity == "1800000000"_d);
    CHECK_THROWS_WITH(costmodel::parse_scenario(parametric, "p.json", {{"userz", "1"_d}}),
                      "p.json: parameters: no parameter named \"userz\" (declared: users)");
}

TEST_CASE("expressions need declared parameters and name the key when they fail", "[parameters]") {
    CHECK_THROWS_WITH(costmodel::parse_scenario(costmodel_test::document(
                                                    R"({"name": "f", "service": "fixed", "monthly_cost": "=users * 2"})"),
                                                "e.json"),
                      Catch::StartsWith("e.json: workloads[0].monthly_cost: an expression (\"=users * 2\") is allowed only where"));
    const std::string bad = R"json({"schema": "costmodel/scenario/v1", "name": "b", "parameters": {"users": 10},
      "workloads": [{"name": "f", "service": "fixed", "monthly_cost": "=users / (users - 10)"}]})json";
    const auto error = [&] {
        try {
            (void)costmodel::parse_scenario(bad, "b.json");
        } catch (const costmodel::input_error& e) {
            return e;
        }
        FAIL("no error");
        throw;
    }();
    CHECK(error.path() == "workloads[0].monthly_cost");
    CHECK(std::string(error.what()) == "b.json: workloads[0].monthly_cost: expression \"users / (users - 10)\": division by zero");
}

TEST_CASE("sweep_scenarios reads one scenario per row of values, on any number of threads", "[parameters]") {
    const std::vector<std::vector<costmodel::Decimal>> rows{{"100000"_d}, {"1000000"_d}, {"10000000"_d}, {"60000000"_d}};
    for (const unsigned threads : {1U, 2U}) {
        const auto variants = costmodel::sweep_scenarios(parametric, "p.json", {"users"}, rows, threads);
        REQUIRE(variants.size() == 4);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            CHECK(*variants[i].users == rows[i][0]);
            CHECK(variants[i].name == "scaling[" + std::to_string(i) + "]");
        }
        const costmodel::estimate_batch batch = costmodel::estimate_many(variants, costmodel::builtin_catalog(), threads);
        const auto& per_user = batch.totals.get_as<costmodel::table::decimal_column>("cost_per_user");
        CHECK(per_user.null_count() == 0);
    }
    CHECK_THROWS_WITH(costmodel::sweep_scenarios(parametric, "p.json", {"users"}, {{"1"_d}, {"-5"_d}}),
                      Catch::StartsWith("p.json [variant 1]: users: "));
}
