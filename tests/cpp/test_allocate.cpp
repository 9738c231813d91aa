// Splitting an amount by weights with the largest-remainder method.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/allocate.hpp"

using costmodel::allocate;
using costmodel::Decimal;
using costmodel::Money;
using namespace costmodel::literals;

namespace {

std::vector<Decimal> decimals(std::initializer_list<const char*> texts) {
    std::vector<Decimal> out;
    for (const char* t : texts) out.push_back(Decimal::parse(t));
    return out;
}

Decimal sum(const std::vector<Decimal>& values) {
    Decimal total;
    for (Decimal v : values) total += v;
    return total;
}

// The message of the std::invalid_argument that allocating throws, or a marker when it throws none.
std::string allocation_error(Decimal total, const std::vector<Decimal>& weights, Decimal unit) {
    try {
        (void)allocate(total, weights, unit);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "<no exception>";
}

}  // namespace

TEST_CASE("100 split three ways in cents", "[allocate]") {
    // Each quota is 33.333...; floors 33.33 × 3 = 99.99; the one cent left goes to the first (all tie).
    const auto shares = allocate("100"_d, decimals({"1", "1", "1"}), "0.01"_d);
    CHECK(shares == decimals({"33.34", "33.33", "33.33"}));
    CHECK(sum(shares) == "100"_d);
}

TEST_CASE("47 split by 36 : 0 : 18 : 53 in whole units", "[allocate]") {
    // Sum of weights 107. Quotas: 47×36/107 = 1692/107 = 15 rem 87; 0; 47×18/107 = 846/107 = 7 rem 97;
    // 47×53/107 = 2491/107 = 23 rem 30. Floors sum to 45; the 2 left go to remainders 97 and 87.
    const auto shares = allocate("47"_d, decimals({"36", "0", "18", "53"}), "1"_d);
    CHECK(shares == decimals({"16", "0", "8", "23"}));
    CHECK(sum(shares) == "47"_d);
}

TEST_CASE("negative totals mirror positive ones", "[allocate]") {
    CHECK(allocate("-100"_d, decimals({"1", "1", "1"}), "0.01"_d) == decimals({"-33.34", "-33.33", "-33.33"}));
    CHECK(allocate("-47"_d, decimals({"36", "0", "18", "53"}), "1"_d) == decimals({"-16", "0", "-8", "-23"}));
    const auto shares = allocate("-1"_d, decimals({"1", "1", "1"}));
    CHECK(shares == decimals({"-0.3333333334", "-0.3333333333", "-0.3333333333"}));
    CHECK(sum(shares) == "-1"_d);
}

TEST_CASE("ties: larger remainder first, then larger weight, then lower index", "[allocate]") {
    // 2 by [1, 3]: quotas 0.5 and 1.5, equal remainders; the larger weight takes the unit.
    CHECK(allocate("2"_d, decimals({"1", "3"}), "1"_d) == decimals({"0", "2"}));
    CHECK(allocate("2"_d, decimals({"3", "1"}), "1"_d) == decimals({"2", "0"}));
    // 1 by [1, 2, 2]: quotas 0.2, 0.4, 0.4; the two 0.4 tie with equal weights: the lower index wins.
    CHECK(allocate("1"_d, decimals({"1", "2", "2"}), "1"_d) == decimals({"0", "1", "0"}));
    // 2 by [1, 2]: quotas 0.667 and 1.333; the larger remainder (0.667) wins over the larger weight.
    CHECK(allocate("2"_d, decimals({"1", "2"}), "1"_d) == decimals({"1", "1"}));
    // 10 by [0.5, 0.25, 0.25]: quotas 5, 2.5, 2.5; the tie between equal weights goes to index 1.
    CHECK(allocate("10"_d, decimals({"0.5", "0.25", "0.25"}), "1"_d) == decimals({"5", "3", "2"}));
    // 5 by [1, 1, 1, 1]: 1.25 each; the one unit left goes to index 0.
    CHECK(allocate("5"_d, decimals({"1", "1", "1", "1"}), "1"_d) == decimals({"2", "1", "1", "1"}));
    // 7 by [1, 1, 1, 1]: 1.75 each; three units left go to indices 0, 1, 2.
    CHECK(allocate("7"_d, decimals({"1", "1", "1", "1"}), "1"_d) == decimals({"2", "2", "2", "1"}));
}

TEST_CASE("zero weights get exactly zero", "[allocate]") {
    CHECK(allocate("10"_d, decimals({"0", "1"}), "1"_d) == decimals({"0", "10"}));
    // 1 by [0, 1, 1, 0]: 0.5 each for the two weighted shares; the unit goes to index 1, never to a zero weight.
    CHECK(allocate("1"_d, decimals({"0", "1", "1", "0"}), "1"_d) == decimals({"0", "1", "0", "0"}));
    CHECK(allocate("0"_d, decimals({"1", "2"}), "0.01"_d) == decimals({"0", "0"}));
}

TEST_CASE("the default unit is 10^-10", "[allocate]") {
    const auto shares = allocate("1"_d, decimals({"1", "1", "1"}));
    CHECK(shares == decimals({"0.3333333334", "0.3333333333", "0.3333333333"}));
    CHECK(sum(shares) == "1"_d);
    CHECK(allocate("0.0000000001"_d, decimals({"1", "1"})) == decimals({"0.0000000001", "0"}));
}

TEST_CASE("the whole range of Decimal can be split", "[allocate][limits]") {
    // (10^38 - 1) units in halves: 49999...9.5 units each; the one unit left goes to index 0.
    const auto shares = allocate(Decimal::max(), decimals({"1", "1"}));
    CHECK(shares == decimals({"5000000000000000000000000000", "4999999999999999999999999999.9999999999"}));
    CHECK(sum(shares) == Decimal::max());
    // Weights as large as the limit do not overflow the quotas.
    const auto big = allocate("3"_d, std::vector<Decimal>{Decimal::max(), Decimal::max(), Decimal::max()}, "1"_d);
    CHECK(big == decimals({"1", "1", "1"}));
}

TEST_CASE("money is split in its currency", "[allocate][money]") {
    const auto shares = allocate(Money("100", "USD"), decimals({"1", "1", "1"}), "0.01"_d);
    REQUIRE(shares.size() == 3);
    CHECK(shares[0] == Money("33.34", "USD"));
    CHECK(shares[1] == Money("33.33", "USD"));
    CHECK(shares[2] == Money("33.33", "USD"));
    const auto yen = allocate(Money("1000", "JPY"), decimals({"2", "1"}), "1"_d);
    REQUIRE(yen.size() == 2);
    CHECK(yen[0] == Money("667", "JPY"));  // 666.67 and 333.33: the larger remainder takes the yen
    CHECK(yen[1] == Money("333", "JPY"));
}

TEST_CASE("allocation errors", "[allocate]") {
    CHECK_THAT(allocation_error("1"_d, {}, "1"_d), Catch::Contains("no weights"));
    CHECK_THAT(allocation_error("1"_d, decimals({"1", "-2"}), "1"_d), Catch::Contains("weight 1") && Catch::Contains("-2"));
    CHECK_THAT(allocation_error("1"_d, decimals({"0", "0"}), "1"_d), Catch::Contains("all weights are zero"));
    CHECK_THAT(allocation_error("100.005"_d, decimals({"1", "1"}), "0.01"_d),
               Catch::Contains("100.005") && Catch::Contains("0.01"));
    CHECK_THAT(allocation_error("-100.005"_d, decimals({"1", "1"}), "0.01"_d), Catch::Contains("-100.005"));
    CHECK_THAT(allocation_error("1"_d, decimals({"1"}), "0"_d), Catch::Contains("unit must be positive"));
    CHECK_THAT(allocation_error("1"_d, decimals({"1"}), "-0.01"_d), Catch::Contains("unit must be positive") && Catch::Contains("-0.01"));
}
