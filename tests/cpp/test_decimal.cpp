// Decimal: parsing, formatting, arithmetic, limits, hashing, conversions.
// Every expected figure can be checked by hand; the comments show the arithmetic where it is not obvious.

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "costmodel/decimal.hpp"

using costmodel::Decimal;
using costmodel::rounding_mode;
using namespace costmodel::literals;

namespace {

// The message of the std::invalid_argument that parsing `text` throws, or a marker when it throws none.
// Any other exception type escapes and fails the test.
std::string parse_error(std::string_view text) {
    try {
        (void)Decimal::parse(text);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "<no exception>";
}

// 10^n as a signed 128-bit count, for checking raw units.
constexpr Decimal::rep pow10_rep(int n) { return static_cast<Decimal::rep>(Decimal::pow10(n)); }

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Parsing

TEST_CASE("parse: plain decimal text", "[decimal][parse]") {
    CHECK(Decimal::parse("12.5").units() == 125'000'000'000);
    CHECK(Decimal::parse("-0.0000166667").units() == -166'667);
    CHECK(Decimal::parse("0").units() == 0);
    CHECK(Decimal::parse("7").units() == 70'000'000'000);
    CHECK(Decimal::parse("0.0000000001").units() == 1);  // the smallest positive value, 10^-10
    CHECK(Decimal::parse("0.0000000001") == Decimal::epsilon());
    CHECK(Decimal::parse("000123.4500") == Decimal::parse("123.45"));  // leading and trailing zeros are insignificant
}

TEST_CASE("parse: signs, a bare point and exponents", "[decimal][parse]") {
    CHECK(Decimal::parse("1e-3").units() == 10'000'000);  // 0.001 = 10^7 units of 10^-10
    CHECK(Decimal::parse(".5").units() == 5'000'000'000);
    CHECK(Decimal::parse("5.").units() == 50'000'000'000);
    CHECK(Decimal::parse("+1E+3") == Decimal(1000));
    CHECK(Decimal::parse("-2.5e2") == Decimal(-250));
    CHECK(Decimal::parse("125e-2") == Decimal::parse("1.25"));
    CHECK(Decimal::parse("1e-10") == Decimal::epsilon());
    CHECK(Decimal::parse("1.e1") == Decimal(10));
    CHECK(Decimal::parse("1e27") == Decimal::parse("1000000000000000000000000000"));
    CHECK(Decimal::parse("0e999999") == Decimal());   // zero, whatever its exponent
    CHECK(Decimal::parse("0.00e-50") == Decimal());
}

TEST_CASE("parse: minus zero is plain zero", "[decimal][parse]") {
    const Decimal z = Decimal::parse("-0");
    CHECK(z == Decimal());
    CHECK_FALSE(z.is_negative());
    CHECK(z.to_string() == "0");
    CHECK(Decimal::parse("-0.000").to_string() == "0");
}

TEST_CASE("parse: zeros beyond the 10th fractional place are allowed", "[decimal][parse]") {
    CHECK(Decimal::parse("1.50000000000000000000") == Decimal::parse("1.5"));
    CHECK(Decimal::parse("0.12345678900000") == Decimal::parse("0.123456789"));
    // Sixty zeros after the point: more than the 40 digits the parser keeps, still zero.
    CHECK(Decimal::parse("2." + std::string(60, '0')) == Decimal(2));
    CHECK(Decimal::parse("0.0000000001000") == Decimal::epsilon());
}

TEST_CASE("parse: more than 10 significant fractional digits need a rounding mode", "[decimal][parse]") {
    CHECK_THAT(parse_error("0.00000000001"), Catch::Contains("\"0.00000000001\"") && Catch::Contains("rounding mode"));
    CHECK_THAT(parse_error("0.33333333333"), Catch::Contains("\"0.33333333333\""));
    CHECK_THAT(parse_error("1.23e-10"), Catch::Contains("\"1.23e-10\""));    // 0.000000000123
    CHECK_THAT(parse_error("-0.12345678901"), Catch::Contains("\"-0.12345678901\""));
    // A non-zero digit far beyond the kept digits is still seen.
    CHECK_THAT(parse_error("1." + std::string(60, '0') + "1"), Catch::Contains("rounding mode"));

    CHECK(Decimal::parse("0.00000000001", rounding_mode::round_half_even) == Decimal());
    CHECK(Decimal::parse("0.00000000001", rounding_mode::round_up) == Decimal::epsilon());
    CHECK(Decimal::parse("0.33333333333", rounding_mode::round_half_even) == Decimal::parse("0.3333333333"));
    CHECK(Decimal::parse("0.66666666666", rounding_mode::round_half_even) == Decimal::parse("0.6666666667"));
    CHECK(Decimal::parse("0." + std::string(40, '3'), rounding_mode::round_half_even) == Decimal::parse("0.3333333333"));
    CHECK(Decimal::parse("1." + std::string(60, '0') + "1", rounding_mode::round_ceiling) ==
          Decimal::parse("1.0000000001"));
    CHECK(Decimal::parse("1." + std::string(60, '0') + "1", rounding_mode::round_floor) == Decimal(1));
    // A rounding mode changes nothing when the text fits.
    CHECK(Decimal::parse("12.5", rounding_mode::round_up) == Decimal::parse("12.5"));
}

TEST_CASE("parse: malformed text throws invalid_argument naming the text", "[decimal][parse]") {
    CHECK_THAT(parse_error("52/12"), Catch::Contains("\"52/12\"") && Catch::Contains("'/'"));
    CHECK_THAT(parse_error(""), Catch::Contains("\"\""));
    CHECK_THAT(parse_error("-"), Catch::Contains("\"-\""));
    CHECK_THAT(parse_error("+"), Catch::Contains("\"+\""));
    CHECK_THAT(parse_error("."), Catch::Contains("\".\""));
    CHECK_THAT(parse_error("1.2.3"), Catch::Contains("\"1.2.3\"") && Catch::Contains("decimal point"));
    CHECK_THAT(parse_error("1e"), Catch::Contains("\"1e\""));
    CHECK_THAT(parse_error("1e+"), Catch::Contains("\"1e+\""));
    CHECK_THAT(parse_error("e5"), Catch::Contains("\"e5\""));
    CHECK_THAT(parse_error("nan"), Catch::Contains("\"nan\""));
    CHECK_THAT(parse_error("NaN"), Catch::Contains("\"NaN\""));
    CHECK_THAT(parse_error("inf"), Catch::Contains("\"inf\""));
    CHECK_THAT(parse_error("Infinity"), Catch::Contains("\"Infinity\""));
    CHECK_THAT(parse_error(" 1"), Catch::Contains("\" 1\""));
    CHECK_THAT(parse_error("1 "), Catch::Contains("\"1 \""));
    CHECK_THAT(parse_error("1,000"), Catch::Contains("\"1,000\""));
    CHECK_THAT(parse_error("0x10"), Catch::Contains("\"0x10\""));
    CHECK_THAT(parse_error("--1"), Catch::Contains("\"--1\""));
    CHECK_THAT(parse_error("1e5.5"), Catch::Contains("\"1e5.5\""));
    CHECK_THAT(parse_error("$5"), Catch::Contains("\"$5\""));
    // A rounding mode does not make malformed text acceptable.
    CHECK_THROWS_AS(Decimal::parse("52/12", rounding_mode::round_half_even), std::invalid_argument);
}

TEST_CASE("parse: more than 28 integer digits overflow", "[decimal][parse][limits]") {
    const std::string twenty_nine_digits = "1" + std::string(28, '0');  // 10^28
    CHECK_THROWS_AS(Decimal::parse(twenty_nine_digits), std::overflow_error);
    CHECK_THROWS_AS(Decimal::parse("-" + twenty_nine_digits), std::overflow_error);
    CHECK_THROWS_AS(Decimal::parse("1e28"), std::overflow_error);
    CHECK_THROWS_AS(Decimal::parse("1" + std::string(60, '0')), std::overflow_error);
    CHECK_THROWS_WITH(Decimal::parse(twenty_nine_digits), Catch::Contains(twenty_nine_digits));
    // Leading zeros do not count: this is 1.
    CHECK(Decimal::parse(std::string(40, '0') + "1") == Decimal(1));
    // 28 nines with 10 fractional nines is the largest value.
    CHECK(Decimal::parse(std::string(28, '9') + "." + std::string(10, '9')) == Decimal::max());
    CHECK(Decimal::parse("-" + std::string(28, '9') + "." + std::string(10, '9')) == Decimal::min());
    // ... and rounding it up from an 11th digit overflows.
    CHECK_THROWS_AS(Decimal::parse(std::string(28, '9') + "." + std::string(11, '9'), rounding_mode::round_half_even),
                    std::overflow_error);
    CHECK(Decimal::parse(std::string(28, '9') + "." + std::string(11, '9'), rounding_mode::round_down) == Decimal::max());
}

TEST_CASE("the _d literal is exact and works at compile time", "[decimal][literal]") {
    constexpr Decimal rate = "0.04048"_d;
    static_assert(rate.units() == 404'800'000);
    static_assert("1e3"_d == Decimal(1000));
    static_assert("-0.5"_d < "0"_d);
    CHECK(rate == Decimal::parse("0.04048"));
    CHECK(("0.1"_d + "0.2"_d) == "0.3"_d);
    CHECK("-0.0000166667"_d.units() == -166'667);
}

// ---------------------------------------------------------------------------------------------------
// Construction

TEST_CASE("integers convert exactly", "[decimal]") {
    CHECK(Decimal(42).to_string() == "42");
    CHECK(Decimal(-7).units() == -70'000'000'000);
    CHECK(Decimal(0u) == Decimal());
    CHECK(Decimal(std::numeric_limits<std::int64_t>::max()).to_string() == "9223372036854775807");
    CHECK(Decimal(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
    CHECK(Decimal(std::numeric_limits<std::uint64_t>::max()).to_string() == "18446744073709551615");
    // 10^28 - 1 is the largest integer; 10^28 has 29 digits.
    const auto largest = static_cast<__int128>(Decimal::pow10(28) - 1);
    CHECK(Decimal(largest).to_string() == std::string(28, '9'));
    CHECK(Decimal(-largest).to_string() == "-" + std::string(28, '9'));
    CHECK_THROWS_AS(Decimal(largest + 1), std::overflow_error);
    CHECK_THROWS_AS(Decimal(-largest - 1), std::overflow_error);
    CHECK_THROWS_AS(Decimal(std::numeric_limits<__int128>::min()), std::overflow_error);
}

TEST_CASE("raw units round-trip and are range-checked", "[decimal][limits]") {
    CHECK(Decimal::from_units(1) == Decimal::epsilon());
    CHECK(Decimal::from_units(-25'000'000'000) == "-2.5"_d);
    CHECK(Decimal::from_units(static_cast<Decimal::rep>(Decimal::max_units)) == Decimal::max());
    CHECK_THROWS_AS(Decimal::from_units(static_cast<Decimal::rep>(Decimal::max_units) + 1), std::overflow_error);
    CHECK_THROWS_AS(Decimal::from_units(-static_cast<Decimal::rep>(Decimal::max_units) - 1), std::overflow_error);
    CHECK(Decimal().units() == 0);
}

TEST_CASE("predicates", "[decimal]") {
    CHECK(Decimal().is_zero());
    CHECK_FALSE(Decimal::epsilon().is_zero());
    CHECK("-0.0000000001"_d.is_negative());
    CHECK_FALSE(Decimal().is_negative());
    CHECK("3"_d.is_integer());
    CHECK("-3"_d.is_integer());
    CHECK_FALSE("3.5"_d.is_integer());
    CHECK_FALSE("0.0000000001"_d.is_integer());
    CHECK("-2.5"_d.signum() == -1);
    CHECK(Decimal().signum() == 0);
    CHECK("0.1"_d.signum() == 1);
}

// ---------------------------------------------------------------------------------------------------
// Formatting

TEST_CASE("canonical text: no exponent, no trailing zeros", "[decimal][format]") {
    CHECK(Decimal().to_string() == "0");
    CHECK("12.50"_d.to_string() == "12.5");
    CHECK("-0.0001"_d.to_string() == "-0.0001");
    CHECK("1e3"_d.to_string() == "1000");
    CHECK("1e-10"_d.to_string() == "0.0000000001");
    CHECK("-0.0000166667"_d.to_string() == "-0.0000166667");
    CHECK("100.0"_d.to_string() == "100");
    CHECK(Decimal::max().to_string() == "9999999999999999999999999999.9999999999");
    CHECK(Decimal::min().to_string() == "-9999999999999999999999999999.9999999999");
    // Text round-trips.
    for (const char* text : {"0", "1", "-1", "0.5", "-0.0000000001", "123456789.987654321", "-42.0000000001"}) {
        CHECK(Decimal::parse(text).to_string() == text);
    }
}

TEST_CASE("canonical text of integer parts past 2^64 and of every width", "[decimal][format]") {
    // 2^64 units is 1844674407.3709551616; an integer part of 2^64 or more (1e20 and up) takes the
    // second split at 10^19, whose low part must keep its zeros.
    CHECK("18446744073709551616"_d.to_string() == "18446744073709551616");
    CHECK("100000000000000000000"_d.to_string() == "100000000000000000000");
    CHECK("100000000000000000001.5"_d.to_string() == "100000000000000000001.5");
    CHECK("-20000000000000000000.0000000001"_d.to_string() == "-20000000000000000000.0000000001");
    CHECK("1000000000000000000000000000"_d.to_string() == "1000000000000000000000000000");
    // Every digit count round-trips: 1, 12, 123, ... with and without fractional digits.
    std::string integer;
    for (int digits = 1; digits <= 28; ++digits) {
        integer += static_cast<char>('0' + digits % 10);
        for (const std::string fraction : {"", ".5", ".0000000001", ".1234567891", ".100000001"}) {
            const std::string text = integer + fraction;
            CHECK(Decimal::parse(text).to_string() == text);
            CHECK(Decimal::parse("-" + text).to_string() == "-" + text);
        }
    }
}

TEST_CASE("fixed places: pads and rounds", "[decimal][format]") {
    CHECK("2.5"_d.to_string(2) == "2.50");
    CHECK("7"_d.to_string(0) == "7");
    CHECK("7"_d.to_string(3) == "7.000");
    CHECK(Decimal().to_string(2) == "0.00");
    CHECK("-1.5"_d.to_string(4) == "-1.5000");
    CHECK("0.0000000001"_d.to_string(10) == "0.0000000001");
    CHECK("123.456"_d.to_string(10) == "123.4560000000");
    // 2.345 -> 2.34 half-even (4 is even); 2.35 half-up.
    CHECK("2.345"_d.to_string(2) == "2.34");
    CHECK("2.345"_d.to_string(2, rounding_mode::round_half_up) == "2.35");
    CHECK("2.355"_d.to_string(2) == "2.36");
    CHECK("0.5"_d.to_string(0) == "0");
    CHECK("1.5"_d.to_string(0) == "2");
    CHECK("-1.5"_d.to_string(0) == "-2");
    CHECK("19.999"_d.to_string(2) == "20.00");
    // A small negative value that rounds to zero prints as zero, without a sign.
    CHECK("-0.004"_d.to_string(2) == "0.00");
    CHECK("-0.004"_d.to_string(2, rounding_mode::round_floor) == "-0.01");
    CHECK_THROWS_AS("1"_d.to_string(11), std::invalid_argument);
    CHECK_THROWS_AS("1"_d.to_string(-1), std::invalid_argument);
}

TEST_CASE("stream output is the canonical text", "[decimal][format]") {
    std::ostringstream out;
    out << "-12.50"_d << ' ' << Decimal();
    CHECK(out.str() == "-12.5 0");
}

// ---------------------------------------------------------------------------------------------------
// Arithmetic

TEST_CASE("addition and subtraction are exact", "[decimal][arithmetic]") {
    CHECK("0.1"_d + "0.2"_d == "0.3"_d);
    CHECK("-1.5"_d + "0.25"_d == "-1.25"_d);
    CHECK("1"_d - "2.5"_d == "-1.5"_d);
    CHECK("-3"_d - "-3"_d == Decimal());
    CHECK("-0.0000000001"_d - "0.0000000001"_d == "-0.0000000002"_d);
    CHECK("1234567890.0123456789"_d + "8765432109.9876543211"_d == "10000000000"_d);
    Decimal x = "10"_d;
    x += "2.5"_d;
    CHECK(x == "12.5"_d);
    x -= "20"_d;
    CHECK(x == "-7.5"_d);
}

TEST_CASE("negation, unary plus and abs", "[decimal][arithmetic]") {
    CHECK(-"2.5"_d == "-2.5"_d);
    CHECK(-"-2.5"_d == "2.5"_d);
    CHECK(-Decimal() == Decimal());
    CHECK(+"-2.5"_d == "-2.5"_d);
    CHECK(abs("-2.5"_d) == "2.5"_d);
    CHECK(abs("2.5"_d) == "2.5"_d);
    CHECK(abs(Decimal()) == Decimal());
    CHECK(-Decimal::max() == Decimal::min());
    CHECK(abs(Decimal::min()) == Decimal::max());
}

TEST_CASE("multiplication: exact products and signs", "[decimal][arithmetic]") {
    CHECK("0.04048"_d * "4"_d == "0.16192"_d);
    CHECK("-1.5"_d * "2"_d == "-3"_d);
    CHECK("-1.5"_d * "-2"_d == "3"_d);
    CHECK("2.5"_d * "-0.4"_d == "-1"_d);
    CHECK("0"_d * "-5"_d == Decimal());
    CHECK("0.00001"_d * "0.00001"_d == "0.0000000001"_d);  // 10^-10, exactly representable
    CHECK("12"_d * "0.0000166667"_d == "0.0002000004"_d);
    // 0.4 × 0.4: a product of 1.6e19 raw units (fits 64 bits); 0.5 × 0.5: 2.5e19 (does not).
    CHECK("0.4"_d * "0.4"_d == "0.16"_d);
    CHECK("0.5"_d * "0.5"_d == "0.25"_d);
    CHECK("-0.5"_d * "0.5"_d == "-0.25"_d);
    Decimal x = "1.5"_d;
    x *= "-4"_d;
    CHECK(x == "-6"_d);
}

TEST_CASE("multiplication rounds once to 10 places, half-even by default", "[decimal][arithmetic]") {
    // 0.00001 × 0.000005 = 0.00000000005: a tie between 0 and 10^-10; 0 is even.
    CHECK("0.00001"_d * "0.000005"_d == Decimal());
    // 0.00003 × 0.000005 = 0.00000000015: tie between 1 and 2 (×10^-10); 2 is even.
    CHECK("0.00003"_d * "0.000005"_d == "0.0000000002"_d);
    // 0.00005 × 0.000005 = 0.00000000025: tie between 2 and 3; 2 is even.
    CHECK("0.00005"_d * "0.000005"_d == "0.0000000002"_d);
    CHECK("-0.00003"_d * "0.000005"_d == "-0.0000000002"_d);
    // 1000 × 0.0000166667 = 0.0166667 exactly; 1234.5 × 0.0000166667 = 0.02057504115 -> 0.0205750412 (11th digit 5, tie, 1 odd).
    CHECK("1000"_d * "0.0000166667"_d == "0.0166667"_d);
    CHECK("1234.5"_d * "0.0000166667"_d == "0.0205750412"_d);
    CHECK(Decimal::multiply("0.00001"_d, "0.000005"_d, rounding_mode::round_half_up) == Decimal::epsilon());
    CHECK(Decimal::multiply("-0.00003"_d, "0.000005"_d, rounding_mode::round_ceiling) == "-0.0000000001"_d);
    CHECK(Decimal::multiply("-0.00003"_d, "0.000005"_d, rounding_mode::round_floor) == "-0.0000000002"_d);
    CHECK(Decimal::multiply("0.00003"_d, "0.000005"_d, rounding_mode::round_down) == "0.0000000001"_d);
}

TEST_CASE("division rounds once to 10 places", "[decimal][arithmetic]") {
    CHECK("10"_d / "4"_d == "2.5"_d);
    CHECK("1"_d / "-8"_d == "-0.125"_d);
    CHECK("-9"_d / "-3"_d == "3"_d);
    CHECK("1"_d / "3"_d == "0.3333333333"_d);
    CHECK("2"_d / "3"_d == "0.6666666667"_d);
    CHECK("-2"_d / "3"_d == "-0.6666666667"_d);
    CHECK("0"_d / "7"_d == Decimal());
    CHECK("0.0000000001"_d / "2"_d == Decimal());                   // 0.5 × 10^-10: tie, 0 is even
    CHECK("0.0000000003"_d / "2"_d == "0.0000000002"_d);            // 1.5 × 10^-10: tie, 2 is even
    CHECK(Decimal::divide("1"_d, "3"_d, rounding_mode::round_up) == "0.3333333334"_d);
    CHECK(Decimal::divide("-1"_d, "3"_d, rounding_mode::round_floor) == "-0.3333333334"_d);
    CHECK(Decimal::divide("-1"_d, "3"_d, rounding_mode::round_ceiling) == "-0.3333333333"_d);
    CHECK(Decimal::divide("0.0000000001"_d, "2"_d, rounding_mode::round_half_up) == Decimal::epsilon());
    Decimal x = "7.5"_d;
    x /= "-2.5"_d;
    CHECK(x == "-3"_d);
}

TEST_CASE("division by zero throws domain_error", "[decimal][arithmetic]") {
    CHECK_THROWS_AS("1"_d / Decimal(), std::domain_error);
    CHECK_THROWS_AS(Decimal() / Decimal(), std::domain_error);
    CHECK_THROWS_AS(Decimal::divide("-5"_d, "0.0"_d, rounding_mode::round_up), std::domain_error);
    CHECK_THROWS_AS(Decimal::max() / Decimal(), std::domain_error);
}

// ---------------------------------------------------------------------------------------------------
// Limits and wide intermediates

TEST_CASE("the limits are ±(10^38 - 1) units", "[decimal][limits]") {
    CHECK(Decimal::max().units() == pow10_rep(38) - 1);
    CHECK(Decimal::min().units() == -(pow10_rep(38) - 1));
    CHECK(Decimal::max_units == Decimal::pow10(38) - 1);
    CHECK(Decimal::epsilon().units() == 1);
    CHECK(Decimal::max() - Decimal::epsilon() == Decimal::parse(std::string(28, '9') + ".9999999998"));
    CHECK(Decimal::min() + Decimal::epsilon() == Decimal::parse("-" + std::string(28, '9') + ".9999999998"));
    CHECK(Decimal::max() + Decimal::min() == Decimal());
}

TEST_CASE("addition and subtraction past the limits throw overflow_error", "[decimal][limits]") {
    CHECK_THROWS_AS(Decimal::max() + Decimal::epsilon(), std::overflow_error);
    CHECK_THROWS_AS(Decimal::min() - Decimal::epsilon(), std::overflow_error);
    // 5 × 10^27 + 5 × 10^27 = 10^28: fits in 128 bits, beyond the limit.
    CHECK_THROWS_AS("5e27"_d + "5e27"_d, std::overflow_error);
    // 2 × (10^38 - 1) units does not fit a signed 128-bit integer (max about 1.7 × 10^38).
    CHECK_THROWS_AS(Decimal::max() + Decimal::max(), std::overflow_error);
    CHECK_THROWS_AS(Decimal::max() - Decimal::min(), std::overflow_error);
    CHECK_THROWS_AS(Decimal::min() + Decimal::min(), std::overflow_error);
    CHECK_THROWS_AS(Decimal::min() - Decimal::max(), std::overflow_error);
    CHECK_THROWS_AS("-5e27"_d - "5e27"_d, std::overflow_error);
    CHECK_THROWS_AS("5e27"_d - "-5e27"_d, std::overflow_error);
    // Right at the limits nothing throws.
    CHECK(Decimal::max() - Decimal::max() == Decimal());
    CHECK(Decimal::min() - Decimal::min() == Decimal());
    CHECK("5e27"_d + ("5e27"_d - Decimal::epsilon()) == Decimal::max());
    CHECK("-5e27"_d - ("5e27"_d - Decimal::epsilon()) == Decimal::min());
    CHECK(Decimal::max() + Decimal() == Decimal::max());
    CHECK(Decimal::min() - Decimal() == Decimal::min());
    static_assert("1.5"_d + "2.5"_d == "4"_d);
    static_assert("1.5"_d - "2.5"_d == "-1"_d);
    Decimal x = Decimal::max();
    CHECK_THROWS_AS(x += Decimal::epsilon(), std::overflow_error);
    CHECK(x == Decimal::max());  // unchanged after the failed addition
}

TEST_CASE("multiplication with wide intermediates", "[decimal][limits][arithmetic]") {
    // 10^20 × 10^-5 = 10^15: raw product 10^30 × 10^5 = 10^35, beyond 64 bits.
    CHECK("1e20"_d * "1e-5"_d == "1000000000000000"_d);
    // 10^20 × 0.5: raw product 10^30 × 5 × 10^9 = 5 × 10^39, beyond 128 bits.
    CHECK("1e20"_d * "0.5"_d == "50000000000000000000"_d);
    // 10^14 × 10^13 = 10^27: raw product 10^47.
    CHECK("1e14"_d * "1e13"_d == "1e27"_d);
    CHECK(Decimal::max() * "1"_d == Decimal::max());
    CHECK(Decimal::max() * "-1"_d == Decimal::min());
    // max × 0.5 = (10^38 - 1) / 2 units = 49999...9.5 units: a tie; the kept digit 9 is odd, so up to 5 × 10^27.
    CHECK(Decimal::max() * "0.5"_d == "5e27"_d);
    CHECK(Decimal::multiply(Decimal::max(), "0.5"_d, rounding_mode::round_half_down) ==
          Decimal::parse("4999999999999999999999999999.9999999999"));
    CHECK(Decimal::min() * "0.5"_d == "-5e27"_d);
    // A wide product with digits below 10^-10 (raw 2 × 10^19 × 3 × 10^19 = 6 × 10^38 > 2^128):
    // (2e9 + 1e-10) × (3e9 + 0.5) = 6e18 + 1e9 + 0.3 + 0.00000000005 = 6000000001000000000.30000000005,
    // a tie at the 10th place whose kept digit 0 is even.
    const Decimal a = "2000000000.0000000001"_d;
    const Decimal b = "3000000000.5"_d;
    CHECK(a * b == "6000000001000000000.3"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_half_up) == "6000000001000000000.3000000001"_d);
    CHECK(Decimal::multiply(-a, b, rounding_mode::round_floor) == "-6000000001000000000.3000000001"_d);
    CHECK(Decimal::multiply(-a, b, rounding_mode::round_ceiling) == "-6000000001000000000.3"_d);
    CHECK("0.0000000001"_d * "1e27"_d == "1e17"_d);
}

TEST_CASE("multiplication past the limits throws overflow_error", "[decimal][limits]") {
    CHECK_THROWS_AS(Decimal::max() * "2"_d, std::overflow_error);
    CHECK_THROWS_AS(Decimal::min() * "1.0000000001"_d, std::overflow_error);
    CHECK_THROWS_AS("1e14"_d * "1e14"_d, std::overflow_error);   // 10^28
    CHECK_THROWS_AS("-1e14"_d * "1e14"_d, std::overflow_error);
    CHECK_THROWS_AS(Decimal::max() * Decimal::max(), std::overflow_error);
    CHECK_THROWS_AS("4e27"_d * "2.5"_d, std::overflow_error);  // exactly 10^28
    Decimal x = Decimal::max();
    CHECK_THROWS_AS(x *= "1.0000000001"_d, std::overflow_error);
}

TEST_CASE("division with wide intermediates and overflow", "[decimal][limits][arithmetic]") {
    // 10^26 ÷ 0.1 = 10^27: raw numerator 10^36 × 10^10 = 10^46, beyond 128 bits.
    CHECK("1e26"_d / "0.1"_d == "1e27"_d);
    CHECK("1e27"_d / "1e27"_d == "1"_d);
    CHECK(Decimal::max() / Decimal::max() == "1"_d);
    CHECK(Decimal::max() / "-1"_d == Decimal::min());
    CHECK(Decimal::max() / "2"_d == "5e27"_d);  // 49999...9.5 units, tie, 9 odd -> up
    // 10^-10 ÷ (10^28 - 10^-10) is about 10^-38: rounds to zero, or up to 10^-10 away from zero.
    CHECK(Decimal::epsilon() / Decimal::max() == Decimal());
    CHECK(Decimal::divide(Decimal::epsilon(), Decimal::max(), rounding_mode::round_up) == Decimal::epsilon());
    // A value near 10^27 ÷ 0.001 would be about 10^30.
    CHECK_THROWS_AS("1e27"_d / "0.001"_d, std::overflow_error);
    CHECK_THROWS_AS("999999999999999999999999999"_d / "0.001"_d, std::overflow_error);
    CHECK_THROWS_AS("1e27"_d / "0.1"_d, std::overflow_error);  // exactly 10^28
    CHECK_THROWS_AS(Decimal::max() / Decimal::epsilon(), std::overflow_error);
    CHECK_THROWS_AS(Decimal::min() / "0.5"_d, std::overflow_error);
    // 10^9 ÷ 10^-10 = 10^19 fits; 10^18 ÷ 10^-10 = 10^28 does not.
    CHECK("1e9"_d / Decimal::epsilon() == "1e19"_d);
    CHECK_THROWS_AS("1e18"_d / Decimal::epsilon(), std::overflow_error);
}

// ---------------------------------------------------------------------------------------------------
// Comparison and hashing

TEST_CASE("comparisons order by value", "[decimal][compare]") {
    CHECK("0.1"_d < "0.2"_d);
    CHECK("-1"_d < "0.5"_d);
    CHECK("-2"_d < "-1.5"_d);
    CHECK("-0.0000000001"_d < Decimal());
    CHECK("1.0"_d == "1"_d);
    CHECK("1.0"_d <= "1"_d);
    CHECK("1.0"_d >= "1"_d);
    CHECK("2"_d > "1.9999999999"_d);
    CHECK("2"_d != "1.9999999999"_d);
    CHECK(Decimal::min() < Decimal::max());
    CHECK(("3"_d <=> "3.0"_d) == std::strong_ordering::equal);
    CHECK(("-3"_d <=> "3"_d) == std::strong_ordering::less);
    std::vector<Decimal> values = {"2.5"_d, "-1"_d, "0"_d, "-1.5"_d, "10"_d};
    std::sort(values.begin(), values.end());
    CHECK(values == std::vector<Decimal>{"-1.5"_d, "-1"_d, "0"_d, "2.5"_d, "10"_d});
}

TEST_CASE("equal values hash equal", "[decimal][hash]") {
    const std::hash<Decimal> hash;
    CHECK(hash("1.50"_d) == hash("1.5"_d));
    CHECK(hash("1e3"_d) == hash("1000"_d));
    CHECK(hash(Decimal::parse("-0")) == hash(Decimal()));
    CHECK(hash(Decimal::max()) == hash(Decimal::parse(std::string(28, '9') + "." + std::string(10, '9'))));
    const std::unordered_set<Decimal> set = {"1"_d, "1.0"_d, "1.00"_d, "2"_d, "-1"_d, Decimal::max(), Decimal::min()};
    CHECK(set.size() == 5);
    CHECK(set.count("1.000"_d) == 1);
    CHECK(set.count("-1.0"_d) == 1);
    CHECK(set.count("3"_d) == 0);
}

// ---------------------------------------------------------------------------------------------------
// double conversion

TEST_CASE("from_double goes through the shortest round-trip text", "[decimal][double]") {
    CHECK(Decimal::from_double(0.1) == "0.1"_d);  // not 0.1000000000000000055511151231257827
    CHECK(Decimal::from_double(2.5) == "2.5"_d);
    CHECK(Decimal::from_double(-1e-5) == "-0.00001"_d);
    CHECK(Decimal::from_double(0.0) == Decimal());
    CHECK(Decimal::from_double(-0.0) == Decimal());
    CHECK(Decimal::from_double(1e20) == "1e20"_d);
    // 0.1 + 0.2 is 0.30000000000000004 as a double; the 17th digit is rounded away.
    CHECK(Decimal::from_double(0.1 + 0.2) == "0.3"_d);
    CHECK(Decimal::from_double(1.0 / 3.0) == "0.3333333333"_d);
    CHECK(Decimal::from_double(2.0 / 3.0) == "0.6666666667"_d);
    CHECK(Decimal::from_double(2.0 / 3.0, rounding_mode::round_down) == "0.6666666666"_d);
    // 1.5e-10 is a tie at the 10th place: half-even gives 2 × 10^-10, half-down 1 × 10^-10.
    CHECK(Decimal::from_double(1.5e-10) == "0.0000000002"_d);
    CHECK(Decimal::from_double(1.5e-10, rounding_mode::round_half_down) == "0.0000000001"_d);
    CHECK(Decimal::from_double(1e-11) == Decimal());
    CHECK(Decimal::from_double(1e-11, rounding_mode::round_up) == Decimal::epsilon());
    CHECK(Decimal::from_double(std::numeric_limits<double>::denorm_min()) == Decimal());
}

TEST_CASE("from_double rejects non-finite and huge values", "[decimal][double]") {
    CHECK_THROWS_AS(Decimal::from_double(std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
    CHECK_THROWS_AS(Decimal::from_double(std::numeric_limits<double>::infinity()), std::invalid_argument);
    CHECK_THROWS_AS(Decimal::from_double(-std::numeric_limits<double>::infinity()), std::invalid_argument);
    CHECK_THROWS_AS(Decimal::from_double(1e28), std::overflow_error);
    CHECK_THROWS_AS(Decimal::from_double(-1e300), std::overflow_error);
}

TEST_CASE("to_double gives the nearest double", "[decimal][double]") {
    CHECK("0.1"_d.to_double() == 0.1);
    CHECK("-2.5"_d.to_double() == -2.5);
    CHECK(Decimal().to_double() == 0.0);
    CHECK("0.0000000001"_d.to_double() == 1e-10);
    CHECK("123456.789"_d.to_double() == 123456.789);
    // 10^28 - 10^-10 and 10^28 round to the same double.
    CHECK(Decimal::max().to_double() == 1e28);
    CHECK(Decimal::min().to_double() == -1e28);
    // Round trip through double for values with few digits.
    for (const char* text : {"0.04048", "-0.0000166667", "730", "0.3333333333"}) {
        CHECK(Decimal::from_double(Decimal::parse(text).to_double()) == Decimal::parse(text));
    }
}
