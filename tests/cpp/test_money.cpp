// Money, currencies and the reporting policies (none, cents, invoice).

#include <catch2/catch.hpp>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/money.hpp"
#include "costmodel/rounding_policy.hpp"

using costmodel::currency;
using costmodel::Decimal;
using costmodel::Money;
using costmodel::rounding_mode;
using costmodel::rounding_policy;
using namespace costmodel::literals;

namespace {

Money usd(const char* amount) { return Money(amount, "USD"); }

// The message of the currency_mismatch that `f` throws, or a marker when it throws none.
template <class F>
std::string mismatch_message(F f) {
    try {
        f();
    } catch (const costmodel::currency_mismatch& e) {
        return e.what();
    }
    return "<no exception>";
}

}  // namespace

TEST_CASE("money is an exact amount in a currency", "[money]") {
    const Money m("12.50", "USD");
    CHECK(m.amount() == "12.5"_d);
    CHECK(m.currency_code() == currency("USD"));
    CHECK(m.currency_code().code() == "USD");
    CHECK(m.to_string() == "12.5 USD");
    CHECK(Money("-0.0000166667", "EUR").to_string() == "-0.0000166667 EUR");
    CHECK(Money::zero(currency("JPY")).to_string() == "0 JPY");
    std::ostringstream out;
    out << Money("1e3", "GBP");
    CHECK(out.str() == "1000 GBP");
    CHECK_THROWS_AS(Money("12,50", "USD"), std::invalid_argument);
}

TEST_CASE("adding, subtracting and negating in one currency", "[money]") {
    CHECK(usd("12.50") + usd("0.5") == usd("13"));
    CHECK(usd("0.1") + usd("0.2") == usd("0.3"));
    CHECK(usd("1") - usd("2.5") == usd("-1.5"));
    CHECK(-usd("2.5") == usd("-2.5"));
    Money total = Money::zero(costmodel::usd);
    total += usd("3.25");
    total += usd("0.75");
    total -= usd("1");
    CHECK(total == usd("3"));
    CHECK_THROWS_AS(Money(Decimal::max(), costmodel::usd) + usd("0.0000000001"), std::overflow_error);
}

TEST_CASE("scaling and dividing round once to 10 places", "[money]") {
    CHECK(usd("0.04048") * "4"_d == usd("0.16192"));
    CHECK("4"_d * usd("0.04048") == usd("0.16192"));
    CHECK(usd("10") / "3"_d == usd("3.3333333333"));
    CHECK(usd("-10") / "3"_d == usd("-3.3333333333"));
    CHECK(usd("10").divided("3"_d, rounding_mode::round_up) == usd("3.3333333334"));
    CHECK(usd("0.00003").scaled("0.000005"_d) == usd("0.0000000002"));            // 1.5e-10: tie, 2 even
    CHECK(usd("0.00003").scaled("0.000005"_d, rounding_mode::round_down) == usd("0.0000000001"));
    CHECK_THROWS_AS(usd("1") / Decimal(), std::domain_error);
    // The ratio of two amounts in one currency is a plain number.
    CHECK(usd("30") / usd("120") == "0.25"_d);
    CHECK(usd("-1") / usd("3") == "-0.3333333333"_d);
}

TEST_CASE("mixing currencies throws currency_mismatch naming both codes", "[money][currency]") {
    const Money dollars = usd("1");
    const Money euros("1", "EUR");
    const std::string added = mismatch_message([&] { (void)(dollars + euros); });
    CHECK_THAT(added, Catch::Contains("USD") && Catch::Contains("EUR") && Catch::Contains("add"));
    const std::string subtracted = mismatch_message([&] { (void)(euros - dollars); });
    CHECK_THAT(subtracted, Catch::Contains("EUR") && Catch::Contains("USD") && Catch::Contains("subtract"));
    CHECK_THAT(mismatch_message([&] { (void)(dollars < euros); }), Catch::Contains("USD") && Catch::Contains("EUR"));
    CHECK_THAT(mismatch_message([&] { (void)(dollars >= euros); }), Catch::Contains("USD") && Catch::Contains("EUR"));
    CHECK_THAT(mismatch_message([&] { (void)(dollars / euros); }), Catch::Contains("USD") && Catch::Contains("EUR"));
    Money m = dollars;
    CHECK_THAT(mismatch_message([&] { m += euros; }), Catch::Contains("USD") && Catch::Contains("EUR"));
    CHECK(m == dollars);  // unchanged
    // currency_mismatch is an invalid_argument.
    CHECK_THROWS_AS(dollars + euros, std::invalid_argument);
}

TEST_CASE("equality includes the currency; ordering is within one currency", "[money]") {
    CHECK(usd("1.0") == usd("1"));
    CHECK(usd("1") != Money("1", "EUR"));  // different currencies are simply unequal, no exception
    CHECK(usd("1") < usd("1.01"));
    CHECK(usd("-2") < usd("-1"));
    CHECK(usd("2") > usd("1.99"));
    CHECK(usd("2") >= usd("2.00"));
    CHECK(usd("2") <= usd("2.00"));
    CHECK_FALSE(usd("2") < usd("2"));
    const std::hash<Money> hash;
    CHECK(hash(usd("1.50")) == hash(usd("1.5")));
    CHECK(hash(Money("0", "JPY")) == hash(Money::zero(currency("JPY"))));
}

TEST_CASE("currencies: ISO 4217 codes with their minor units", "[currency]") {
    CHECK(currency("USD").minor_units() == 2);
    CHECK(currency("EUR").minor_units() == 2);
    CHECK(currency("JPY").minor_units() == 0);
    CHECK(currency("KWD").minor_units() == 3);
    CHECK(currency("CLF").minor_units() == 4);
    CHECK(costmodel::usd == currency("USD"));
    CHECK(currency("USD") != currency("EUR"));
    CHECK(currency::is_known("GBP"));
    CHECK_FALSE(currency::is_known("USS"));
    CHECK_FALSE(currency::is_known("usd"));
    CHECK_FALSE(currency::is_known(""));
}

TEST_CASE("an unknown currency code is an error naming the code", "[currency]") {
    CHECK_THROWS_AS(currency("USS"), std::invalid_argument);
    CHECK_THROWS_WITH(currency("USS"), Catch::Contains("\"USS\""));
    CHECK_THROWS_WITH(currency("usd"), Catch::Contains("\"usd\""));  // codes are upper case
    CHECK_THROWS_WITH(currency("US"), Catch::Contains("\"US\""));
    CHECK_THROWS_WITH(Money("1", "DOLLAR"), Catch::Contains("\"DOLLAR\""));
}

TEST_CASE("round_to_minor_units uses the currency's places", "[money][rounding]") {
    // USD: 2 places. 1.005 is a tie between 1.00 and 1.01.
    CHECK(usd("1.005").round_to_minor_units() == usd("1.00"));  // half-even: 0 is even
    CHECK(usd("1.015").round_to_minor_units() == usd("1.02"));  // half-even: 1 is odd
    CHECK(usd("1.005").round_to_minor_units(rounding_mode::round_half_up) == usd("1.01"));
    CHECK(usd("-1.005").round_to_minor_units(rounding_mode::round_half_up) == usd("-1.01"));
    CHECK(usd("2.999").round_to_minor_units() == usd("3"));
    // JPY: 0 places.
    CHECK(Money("1234.5", "JPY").round_to_minor_units() == Money("1234", "JPY"));
    CHECK(Money("1235.5", "JPY").round_to_minor_units() == Money("1236", "JPY"));
    CHECK(Money("1234.5", "JPY").round_to_minor_units(rounding_mode::round_half_up) == Money("1235", "JPY"));
    // KWD: 3 places.
    CHECK(Money("0.0125", "KWD").round_to_minor_units() == Money("0.012", "KWD"));
    CHECK(Money("0.0125", "KWD").round_to_minor_units(rounding_mode::round_half_up) == Money("0.013", "KWD"));
    CHECK(Money("1.23456", "KWD").round_to_minor_units() == Money("1.235", "KWD"));
    // The currency is kept.
    CHECK(Money("0.0125", "KWD").round_to_minor_units().currency_code() == currency("KWD"));
}

// ---------------------------------------------------------------------------------------------------
// Policies

TEST_CASE("policies on one line of 0.004 USD", "[money][policy]") {
    const Money line = usd("0.004");
    CHECK(apply_policy(line, rounding_policy::none) == usd("0.004"));
    CHECK(apply_policy(line, rounding_policy::cents) == usd("0.00"));
    CHECK(apply_policy(line, rounding_policy::invoice) == usd("0.01"));
}

TEST_CASE("policies round half-up to minor units", "[money][policy]") {
    using costmodel::apply_policy;
    CHECK(apply_policy(usd("0.005"), rounding_policy::cents) == usd("0.01"));   // tie: half-up
    CHECK(apply_policy(usd("0.0049"), rounding_policy::cents) == usd("0"));
    CHECK(apply_policy(usd("0.0049"), rounding_policy::invoice) == usd("0.01"));
    CHECK(apply_policy(usd("2.345"), rounding_policy::cents) == usd("2.35"));   // half-even would give 2.34
    CHECK(apply_policy(usd("2.345"), rounding_policy::invoice) == usd("2.35"));
    CHECK(apply_policy(usd("0"), rounding_policy::invoice) == usd("0"));             // zero stays zero
    CHECK(apply_policy(Money("0.4", "JPY"), rounding_policy::invoice) == Money("1", "JPY"));
    CHECK(apply_policy(Money("0.4", "JPY"), rounding_policy::cents) == Money("0", "JPY"));
    CHECK(apply_policy(Money("0.0004", "KWD"), rounding_policy::invoice) == Money("0.001", "KWD"));
}

TEST_CASE("policies on negative lines (credits)", "[money][policy]") {
    using costmodel::apply_policy;
    CHECK(apply_policy(usd("-0.004"), rounding_policy::none) == usd("-0.004"));
    CHECK(apply_policy(usd("-0.004"), rounding_policy::cents) == usd("0"));
    CHECK(apply_policy(usd("-0.004"), rounding_policy::invoice) == usd("0"));         // not -0.01: only charges
    CHECK(apply_policy(usd("-0.005"), rounding_policy::cents) == usd("-0.01"));  // half-up: away from zero
    CHECK(apply_policy(usd("-1.234"), rounding_policy::invoice) == usd("-1.23"));
}

TEST_CASE("sum_lines applies the policy line by line", "[money][policy]") {
    using costmodel::sum_lines;
    const std::vector<Money> tiny = {usd("0.004"), usd("0.004"), usd("0.004")};
    CHECK(sum_lines(tiny, rounding_policy::none, costmodel::usd) == usd("0.012"));
    CHECK(sum_lines(tiny, rounding_policy::cents, costmodel::usd) == usd("0"));
    CHECK(sum_lines(tiny, rounding_policy::invoice, costmodel::usd) == usd("0.03"));

    // 1.115 + 2.225 - 0.335 = 3.005 exactly; line by line half-up: 1.12 + 2.23 - 0.34 = 3.01.
    const std::vector<Money> mixed = {usd("1.115"), usd("2.225"), usd("-0.335")};
    CHECK(sum_lines(mixed, rounding_policy::none, costmodel::usd) == usd("3.005"));
    CHECK(sum_lines(mixed, rounding_policy::cents, costmodel::usd) == usd("3.01"));
    CHECK(sum_lines(mixed, rounding_policy::invoice, costmodel::usd) == usd("3.01"));

    // Rounding each line differs from rounding the total: 3 × 0.333 = 0.999 -> 1.00, but 3 × 0.33 = 0.99.
    const std::vector<Money> thirds = {usd("0.333"), usd("0.333"), usd("0.333")};
    CHECK(sum_lines(thirds, rounding_policy::none, costmodel::usd).round_to_minor_units() == usd("1.00"));
    CHECK(sum_lines(thirds, rounding_policy::cents, costmodel::usd) == usd("0.99"));

    const std::vector<Money> none;
    CHECK(sum_lines(none, rounding_policy::invoice, currency("EUR")) == Money("0", "EUR"));
    const std::vector<Money> wrong = {usd("1"), Money("1", "EUR")};
    CHECK_THROWS_AS(sum_lines(wrong, rounding_policy::none, costmodel::usd), costmodel::currency_mismatch);
    CHECK_THROWS_AS(sum_lines(tiny, rounding_policy::none, currency("EUR")), costmodel::currency_mismatch);
}

TEST_CASE("policy names are the scenario contract's line_rounding names", "[money][policy]") {
    for (const rounding_policy policy : {rounding_policy::none, rounding_policy::cents, rounding_policy::invoice}) {
        CHECK(costmodel::parse_rounding_policy(costmodel::to_string(policy)) == policy);
    }
    CHECK(costmodel::to_string(rounding_policy::none) == "none");
    CHECK(costmodel::to_string(rounding_policy::cents) == "cents");
    CHECK(costmodel::to_string(rounding_policy::invoice) == "invoice");
    // One set of names: the old spellings are not aliases.
    CHECK_THROWS_WITH(costmodel::parse_rounding_policy("exact"), Catch::Contains("expected none, cents or invoice"));
    CHECK_THROWS_AS(costmodel::parse_rounding_policy("line_cents"), std::invalid_argument);
    CHECK_THROWS_WITH(costmodel::parse_rounding_policy("Invoice"), Catch::Contains("\"Invoice\""));
}
