// The eight rounding modes, applied by Decimal::round, parsing, multiplication and division.
// The tables are those of Python's decimal documentation; each row can be checked by hand from the
// mode's definition in rounding.hpp.

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/rounding.hpp"

using costmodel::Decimal;
using costmodel::rounding_mode;
using namespace costmodel::literals;

namespace {

constexpr std::array all_modes = {rounding_mode::round_down,    rounding_mode::round_half_up, rounding_mode::round_half_even,
                                  rounding_mode::round_ceiling, rounding_mode::round_floor,   rounding_mode::round_up,
                                  rounding_mode::round_half_down, rounding_mode::round_05up};

struct row {
    rounding_mode mode;
    std::array<const char*, 10> expected;
};

}  // namespace

TEST_CASE("round to one place in every mode", "[rounding]") {
    // Inputs: two ties (2.15, 2.25) and their negatives, then values below and above the half, and an exact value.
    const std::array<const char*, 10> inputs = {"2.15", "2.25", "-2.15", "-2.25", "2.11", "2.19", "-2.11", "-2.19", "2.2", "-2.2"};
    const std::array<row, 8> table = {{
        {rounding_mode::round_down,      {"2.1", "2.2", "-2.1", "-2.2", "2.1", "2.1", "-2.1", "-2.1", "2.2", "-2.2"}},
        {rounding_mode::round_half_up,   {"2.2", "2.3", "-2.2", "-2.3", "2.1", "2.2", "-2.1", "-2.2", "2.2", "-2.2"}},
        {rounding_mode::round_half_even, {"2.2", "2.2", "-2.2", "-2.2", "2.1", "2.2", "-2.1", "-2.2", "2.2", "-2.2"}},
        {rounding_mode::round_ceiling,   {"2.2", "2.3", "-2.1", "-2.2", "2.2", "2.2", "-2.1", "-2.1", "2.2", "-2.2"}},
        {rounding_mode::round_floor,     {"2.1", "2.2", "-2.2", "-2.3", "2.1", "2.1", "-2.2", "-2.2", "2.2", "-2.2"}},
        {rounding_mode::round_up,        {"2.2", "2.3", "-2.2", "-2.3", "2.2", "2.2", "-2.2", "-2.2", "2.2", "-2.2"}},
        {rounding_mode::round_half_down, {"2.1", "2.2", "-2.1", "-2.2", "2.1", "2.2", "-2.1", "-2.2", "2.2", "-2.2"}},
        {rounding_mode::round_05up,      {"2.1", "2.2", "-2.1", "-2.2", "2.1", "2.1", "-2.1", "-2.1", "2.2", "-2.2"}},
    }};
    for (const row& r : table) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            INFO(costmodel::to_string(r.mode) << " of " << inputs[i]);
            CHECK(Decimal::parse(inputs[i]).round(1, r.mode) == Decimal::parse(r.expected[i]));
        }
    }
}

TEST_CASE("ties at .5 to an integer in every mode", "[rounding]") {
    const std::array<const char*, 10> inputs = {"0.5", "1.5", "2.5", "-0.5", "-1.5", "-2.5", "5.5", "-5.5", "0.4", "0.6"};
    const std::array<row, 8> table = {{
        {rounding_mode::round_down,      {"0", "1", "2", "0", "-1", "-2", "5", "-5", "0", "0"}},
        {rounding_mode::round_half_up,   {"1", "2", "3", "-1", "-2", "-3", "6", "-6", "0", "1"}},
        {rounding_mode::round_half_even, {"0", "2", "2", "0", "-2", "-2", "6", "-6", "0", "1"}},
        {rounding_mode::round_ceiling,   {"1", "2", "3", "0", "-1", "-2", "6", "-5", "1", "1"}},
        {rounding_mode::round_floor,     {"0", "1", "2", "-1", "-2", "-3", "5", "-6", "0", "0"}},
        {rounding_mode::round_up,        {"1", "2", "3", "-1", "-2", "-3", "6", "-6", "1", "1"}},
        {rounding_mode::round_half_down, {"0", "1", "2", "0", "-1", "-2", "5", "-5", "0", "1"}},
        // 05up: truncate, then step away from zero only if the kept digit is 0 or 5.
        {rounding_mode::round_05up,      {"1", "1", "2", "-1", "-1", "-2", "6", "-6", "1", "1"}},
    }};
    for (const row& r : table) {
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            INFO(costmodel::to_string(r.mode) << " of " << inputs[i]);
            CHECK(Decimal::parse(inputs[i]).round(0, r.mode) == Decimal::parse(r.expected[i]));
        }
    }
}

TEST_CASE("round_05up specifics", "[rounding]") {
    constexpr auto m = rounding_mode::round_05up;
    CHECK("2.01"_d.round(1, m) == "2.1"_d);    // truncated 2.0 ends in 0: away from zero
    CHECK("2.51"_d.round(1, m) == "2.6"_d);    // truncated 2.5 ends in 5: away from zero
    CHECK("2.05"_d.round(1, m) == "2.1"_d);
    CHECK("2.11"_d.round(1, m) == "2.1"_d);    // ends in 1: truncated
    CHECK("2.49"_d.round(1, m) == "2.4"_d);
    CHECK("2.69"_d.round(1, m) == "2.6"_d);
    CHECK("-2.01"_d.round(1, m) == "-2.1"_d);
    CHECK("-2.51"_d.round(1, m) == "-2.6"_d);
    CHECK("-2.19"_d.round(1, m) == "-2.1"_d);
    CHECK("0.01"_d.round(1, m) == "0.1"_d);
    CHECK("2.0"_d.round(1, m) == "2"_d);       // nothing discarded: unchanged
    CHECK("2.50"_d.round(1, m) == "2.5"_d);
    CHECK("10.00001"_d.round(0, m) == "11"_d);
    CHECK("15.3"_d.round(0, m) == "16"_d);
    CHECK("14.9"_d.round(0, m) == "14"_d);
}

TEST_CASE("round at other places", "[rounding]") {
    CHECK("1234.5678"_d.round(2) == "1234.57"_d);
    CHECK("1234.5678"_d.round(0) == "1235"_d);
    CHECK("1234.5678"_d.round(-2) == "1200"_d);
    CHECK("1234.5678"_d.round(-2, rounding_mode::round_up) == "1300"_d);
    CHECK("-1250"_d.round(-2) == "-1200"_d);           // tie, 2 even
    CHECK("-1350"_d.round(-2) == "-1400"_d);           // tie, 3 odd
    CHECK("-1250"_d.round(-2, rounding_mode::round_half_up) == "-1300"_d);
    CHECK("0.0000000015"_d.round(9) == "0.000000002"_d);
    CHECK("0.0000000025"_d.round(9) == "0.000000002"_d);
    CHECK("0.0000000025"_d.round(9, rounding_mode::round_half_up) == "0.000000003"_d);
    CHECK("0.1234567891"_d.round(10) == "0.1234567891"_d);  // 10 places: unchanged in every mode
    for (auto mode : all_modes) CHECK(Decimal::min().round(10, mode) == Decimal::min());
    // The coarsest place, 10^27.
    CHECK("1.5e27"_d.round(-27) == "2e27"_d);
    CHECK("2.5e27"_d.round(-27) == "2e27"_d);
    CHECK("4e26"_d.round(-27) == Decimal());
    CHECK("4e26"_d.round(-27, rounding_mode::round_up) == "1e27"_d);
    CHECK(Decimal::max().round(0, rounding_mode::round_down) == Decimal::parse(std::string(28, '9')));
    CHECK(Decimal::min().round(0, rounding_mode::round_ceiling) == Decimal::parse("-" + std::string(28, '9')));
}

TEST_CASE("round: out-of-range places and results", "[rounding]") {
    CHECK_THROWS_AS("1"_d.round(11), std::invalid_argument);
    CHECK_THROWS_AS("1"_d.round(-28), std::invalid_argument);
    CHECK_THROWS_WITH("1"_d.round(11), Catch::Contains("11"));
    // Rounding 99...9.9999999999 up gives 10^28, which is out of range.
    CHECK_THROWS_AS(Decimal::max().round(0), std::overflow_error);
    CHECK_THROWS_AS(Decimal::min().round(2, rounding_mode::round_floor), std::overflow_error);
    CHECK_THROWS_AS("9.5e27"_d.round(-27), std::overflow_error);
}

TEST_CASE("parsing with a rounding mode: ties at the 10th place", "[rounding][parse]") {
    // 0.00000000025 lies between 2 and 3 units of 10^-10; -0.00000000025 is its mirror.
    struct expectation {
        rounding_mode mode;
        const char* positive;
        const char* negative;
    };
    const std::array<expectation, 8> table = {{
        {rounding_mode::round_down, "0.0000000002", "-0.0000000002"},
        {rounding_mode::round_half_up, "0.0000000003", "-0.0000000003"},
        {rounding_mode::round_half_even, "0.0000000002", "-0.0000000002"},
        {rounding_mode::round_ceiling, "0.0000000003", "-0.0000000002"},
        {rounding_mode::round_floor, "0.0000000002", "-0.0000000003"},
        {rounding_mode::round_up, "0.0000000003", "-0.0000000003"},
        {rounding_mode::round_half_down, "0.0000000002", "-0.0000000002"},
        {rounding_mode::round_05up, "0.0000000002", "-0.0000000002"},
    }};
    for (const auto& e : table) {
        INFO(costmodel::to_string(e.mode));
        CHECK(Decimal::parse("0.00000000025", e.mode) == Decimal::parse(e.positive));
        CHECK(Decimal::parse("-0.00000000025", e.mode) == Decimal::parse(e.negative));
        CHECK(Decimal::parse("2.5e-10", e.mode) == Decimal::parse(e.positive));
    }
    // Just above and just below the half.
    CHECK(Decimal::parse("0.000000000250000000000001", rounding_mode::round_half_even) == "0.0000000003"_d);
    CHECK(Decimal::parse("0.000000000249999999999999", rounding_mode::round_half_up) == "0.0000000002"_d);
    // 05up at the 10th place: 0.00000000001 truncates to 0 (ends in 0): away from zero.
    CHECK(Decimal::parse("0.00000000001", rounding_mode::round_05up) == Decimal::epsilon());
    CHECK(Decimal::parse("0.00000000051", rounding_mode::round_05up) == "0.0000000006"_d);
    CHECK(Decimal::parse("1e-1000", rounding_mode::round_05up) == Decimal::epsilon());
    CHECK(Decimal::parse("1e-1000", rounding_mode::round_half_up) == Decimal());
}

TEST_CASE("multiplication and division apply the mode to the exact result", "[rounding][arithmetic]") {
    // 0.00005 × 0.000005 = 0.00000000025 exactly: the same tie as above.
    const Decimal a = "0.00005"_d;
    const Decimal b = "0.000005"_d;
    CHECK(Decimal::multiply(a, b, rounding_mode::round_down) == "0.0000000002"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_half_up) == "0.0000000003"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_half_even) == "0.0000000002"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_ceiling) == "0.0000000003"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_floor) == "0.0000000002"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_up) == "0.0000000003"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_half_down) == "0.0000000002"_d);
    CHECK(Decimal::multiply(a, b, rounding_mode::round_05up) == "0.0000000002"_d);
    CHECK(Decimal::multiply(-a, b, rounding_mode::round_ceiling) == "-0.0000000002"_d);
    CHECK(Decimal::multiply(-a, b, rounding_mode::round_floor) == "-0.0000000003"_d);
    // 0.0000000005 ÷ 2 = 0.00000000025 too.
    const Decimal c = "0.0000000005"_d;
    CHECK(Decimal::divide(c, "2"_d, rounding_mode::round_half_even) == "0.0000000002"_d);
    CHECK(Decimal::divide(c, "2"_d, rounding_mode::round_half_up) == "0.0000000003"_d);
    CHECK(Decimal::divide(c, "-2"_d, rounding_mode::round_floor) == "-0.0000000003"_d);
    CHECK(Decimal::divide(c, "-2"_d, rounding_mode::round_ceiling) == "-0.0000000002"_d);
    CHECK(Decimal::divide(c, "2"_d, rounding_mode::round_05up) == "0.0000000002"_d);
    // 0.0000000001 ÷ 3 = 0.0000000000333...: 05up steps away from a kept 0.
    CHECK(Decimal::divide("0.0000000001"_d, "3"_d, rounding_mode::round_05up) == "0.0000000001"_d);
    CHECK(Decimal::divide("0.0000000001"_d, "3"_d, rounding_mode::round_half_even) == Decimal());
    // An amount × rate tie in the 128-bit range: 1234.5 × 0.0000166667 = 0.02057504115 (11 digits, ends in 5).
    CHECK(Decimal::multiply("1234.5"_d, "0.0000166667"_d, rounding_mode::round_half_even) == "0.0205750412"_d);
    CHECK(Decimal::multiply("1234.5"_d, "0.0000166667"_d, rounding_mode::round_half_down) == "0.0205750411"_d);
    // Around 10^6 × a rate (raw product 10^16 × 166667 > 2^64):
    // 1000000.5 × 0.0000166667 = 16.6667 + 0.00000833335 = 16.66670833335, a tie; the kept 3 is odd.
    CHECK(Decimal::multiply("1000000.5"_d, "0.0000166667"_d, rounding_mode::round_half_even) == "16.6667083334"_d);
    CHECK(Decimal::multiply("1000000.5"_d, "0.0000166667"_d, rounding_mode::round_half_down) == "16.6667083333"_d);
}

TEST_CASE("rounding mode names: Python's and ours", "[rounding]") {
    CHECK(costmodel::to_string(rounding_mode::round_half_even) == "ROUND_HALF_EVEN");
    CHECK(costmodel::to_string(rounding_mode::round_05up) == "ROUND_05UP");
    CHECK(costmodel::default_rounding == rounding_mode::round_half_even);
    for (auto mode : all_modes) {
        const std::string name(costmodel::to_string(mode));
        CHECK(costmodel::parse_rounding_mode(name) == mode);
        std::string lower = name;
        for (char& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        CHECK(costmodel::parse_rounding_mode(lower) == mode);
    }
    CHECK(costmodel::parse_rounding_mode("round_half_up") == rounding_mode::round_half_up);
    CHECK_FALSE(costmodel::rounding_mode_from_string("half_even").has_value());
    CHECK_THROWS_WITH(costmodel::parse_rounding_mode("bankers"), Catch::Contains("\"bankers\""));
    CHECK_THROWS_AS(costmodel::parse_rounding_mode(""), std::invalid_argument);
}

TEST_CASE("the fast division by 10^10 agrees with the general one in every mode", "[rounding][arithmetic]") {
    // Decimal::multiply divides 128-bit products by 10^10 with 64-bit steps; the general path is the
    // plain 128-bit division. Magnitudes of every width, exact multiples, ties and near-ties.
    using u128 = unsigned __int128;
    constexpr u128 one = 10'000'000'000ULL;
    std::vector<u128> magnitudes = {0, 1, one - 1, one, one + 1, one / 2, 3 * one / 2, 5 * one / 2, ~u128(0), ~u128(0) - one / 2};
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto next = [&state] {  // splitmix64
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    for (int bits = 1; bits <= 128; ++bits) {
        for (int i = 0; i < 40; ++i) {
            const u128 wide = (static_cast<u128>(next()) << 64) | next();
            const u128 value = bits == 128 ? wide : wide & ((u128(1) << bits) - 1);
            magnitudes.push_back(value);
            const u128 tie_base = value / one;
            if (tie_base < ~u128(0) / one - 1) {
                magnitudes.push_back(tie_base * one + one / 2);      // exactly half
                magnitudes.push_back(tie_base * one + one / 2 - 1);  // just below half
                magnitudes.push_back(tie_base * one + one / 2 + 1);  // just above half
                magnitudes.push_back(tie_base * one);                // exact
            }
        }
    }
    for (const u128 m : magnitudes) {
        for (const auto mode : all_modes) {
            for (const bool negative : {false, true}) {
                const u128 general = costmodel::detail::divide_rounded<u128>(m, one, mode, negative);
                const u128 fast = costmodel::detail::divide_by_one_rounded(m, mode, negative);
                if (fast != general) FAIL("mismatch for magnitude with high word " << static_cast<std::uint64_t>(m >> 64)
                                          << " and low word " << static_cast<std::uint64_t>(m) << " in mode " << static_cast<int>(mode));
            }
        }
    }
    SUCCEED("agreed on " << magnitudes.size() << " magnitudes");
}
