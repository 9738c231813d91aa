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
