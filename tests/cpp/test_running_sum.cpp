// Exclusive running sums by key (table/running_sum.hpp): each row sees the sum and count of the
// earlier rows of its key; out-of-range keys and overflow are refused, not wrapped.

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <vector>

#include "costmodel/table/running_sum.hpp"

using costmodel::table::exclusive_running_sums;

TEST_CASE("exclusive running sums see only the earlier rows of each key") {
    const std::vector<std::int64_t> keys = {0, 1, 0, -1, 0, 1};
    const std::vector<std::int64_t> values = {5, 7, 2, 100, -1, 3};
    std::vector<std::int64_t> before(6), earlier(6);
    REQUIRE(exclusive_running_sums<std::int64_t>(keys, values, 2, before, earlier));
    CHECK(before == std::vector<std::int64_t>{0, 0, 5, 0, 7, 7});
    CHECK(earlier == std::vector<std::int64_t>{0, 0, 1, 0, 2, 1});
}

TEST_CASE("exclusive running sums refuse keys out of range and sums beyond the type") {
    std::vector<std::int64_t> before(3), earlier(3);
    const std::vector<std::int64_t> ones = {1, 1, 1};
    CHECK_FALSE(exclusive_running_sums<std::int64_t>(std::vector<std::int64_t>{0, 2, 0}, ones, 2, before, earlier));
    CHECK_FALSE(exclusive_running_sums<std::int64_t>(std::vector<std::int64_t>{0, -2, 0}, ones, 2, before, earlier));
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() / 2 + 1;
    CHECK_FALSE(exclusive_running_sums<std::int64_t>(std::vector<std::int64_t>{0, 0, 0}, std::vector<std::int64_t>{big, big, 1},
                                                     1, before, earlier));
    // lengths that differ are refused
    CHECK_FALSE(exclusive_running_sums<std::int64_t>(std::vector<std::int64_t>{0, 0}, ones, 1, before, earlier));
}
