// exact_ratio: hand-checkable values, and every operation against a plain arbitrary-precision reference
// on operands small enough for the 128-bit form and large enough to need the big one.

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "costmodel/exact_ratio.hpp"

using costmodel::Decimal;
using costmodel::exact_ratio;
using integer = costmodel::exact_ratio::integer;
using namespace costmodel::literals;

namespace {

// The reference: numerator and denominator in lowest terms, denominator > 0, by cpp_int alone.
std::pair<integer, integer> lowest_terms(integer n, integer d) {
    if (d < 0) {
        n = -n;
        d = -d;
    }
    const integer g = boost::multiprecision::gcd(n, d);
    return {n / g, d / g};
}

void check_is(const exact_ratio& value, const std::pair<integer, integer>& expected) {
    CHECK(value.numerator() == expected.first);
    CHECK(value.denominator() == expected.second);
}

}  // namespace

TEST_CASE("exact_ratio: hand-checkable values", "[exact_ratio]") {
    const exact_ratio weeks = exact_ratio::fraction(52, 12);
    CHECK(weeks == exact_ratio::fraction(13, 3));
    CHECK(weeks.to_decimal() == "4.3333333333"_d);
    CHECK((weeks * exact_ratio(Decimal(60))).to_decimal() == "260"_d);
    CHECK((exact_ratio(Decimal(1)) / exact_ratio(Decimal(3))).to_decimal() == "0.3333333333"_d);
    CHECK((exact_ratio(Decimal(2)) / exact_ratio(Decimal(3))).to_decimal() == "0.6666666667"_d);  // half-even, once
    CHECK(exact_ratio::fraction(7, 2).ceil() == exact_ratio(Decimal(4)));
    CHECK(exact_ratio::fraction(-7, 2).ceil() == exact_ratio(Decimal(-3)));
    CHECK(exact_ratio::fraction(6, 2).ceil() == exact_ratio(Decimal(3)));
    CHECK(exact_ratio("0.1"_d) + exact_ratio("0.2"_d) == exact_ratio("0.3"_d));
    CHECK(exact_ratio("0.1"_d) - exact_ratio("0.3"_d) == exact_ratio("-0.2"_d));
    CHECK(exact_ratio::fraction(1, 3) < exact_ratio::fraction(1, 2));
    CHECK_FALSE(exact_ratio::fraction(1, 2) < exact_ratio::fraction(1, 2));
    CHECK(exact_ratio::fraction(3, -6) == exact_ratio::fraction(-1, 2));
    CHECK(exact_ratio::fraction(-1, 2).is_negative());
    CHECK_THROWS_AS(exact_ratio::fraction(1, 0), std::domain_error);
    CHECK_THROWS_AS(exact_ratio(Decimal(1)) / exact_ratio(), std::domain_error);
}

TEST_CASE("exact_ratio: past 128 bits and back, exactly", "[exact_ratio]") {
    const exact_ratio huge = exact_ratio(Decimal::max());  // (10^38 - 1) / 10^10
    const exact_ratio square = huge * huge;                // needs about 250 bits
    check_is(square, lowest_terms(square.numerator(), square.denominator()));
    CHECK(square.numerator() == huge.numerator() * huge.numerator());
    // Back to the 128-bit form: equal to the ratio built directly.
    CHECK(square / huge == huge);
    CHECK(square - square == exact_ratio());
    CHECK(huge < square);
    CHECK_THROWS_AS(square.to_decimal(), std::overflow_error);
    CHECK((square / huge / huge).to_decimal() == Decimal(1));
}

TEST_CASE("exact_ratio: every operation equals the arbitrary-precision reference", "[exact_ratio]") {
    std::uint64_t state = 20251001;
    auto next = [&state] {  // splitmix64
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    // Numerators and denominators from 1 bit to about 190 bits, so that products cross 128 bits both ways.
    auto random_integer = [&](bool allow_zero) {
        const int words = 1 + static_cast<int>(next() % 3);
        integer value = 0;
        for (int i = 0; i < words; ++i) value = (value << 64) + (next() >> (next() % 64));
        value >>= static_cast<unsigned>(next() % 128);
        if (!allow_zero && value == 0) value = 1 + next() % 1000;
        return (next() % 2 == 0) ? value : integer(-value);
    };
    for (int i = 0; i < 3000; ++i) {
        const integer an = random_integer(true);
        const integer ad = random_integer(false);
        const integer bn = random_integer(true);
        const integer bd = random_integer(false);
        const exact_ratio a(an, ad);
        const exact_ratio b(bn, bd);
        const auto [a_n, a_d] = lowest_terms(an, ad);
        const auto [b_n, b_d] = lowest_terms(bn, bd);
        check_is(a, {a_n, a_d});
        check_is(a * b, lowest_terms(a_n * b_n, a_d * b_d));
        check_is(a + b, lowest_terms(a_n * b_d + b_n * a_d, a_d * b_d));
        check_is(a - b, lowest_terms(a_n * b_d - b_n * a_d, a_d * b_d));
        if (b_n != 0) check_is(a / b, lowest_terms(a_n * b_d, a_d * b_n));
        CHECK((a < b) == (a_n * b_d < b_n * a_d));
        CHECK((a == b) == (a_n == b_n && a_d == b_d));
        integer ceiling = a_n / a_d;
        if (ceiling * a_d != a_n && a_n > 0) ceiling += 1;
        check_is(a.ceil(), {ceiling, 1});
    }
}
