// Line tables: building, typed access, slicing, filtering, sorting and grouped sums.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/table/table.hpp"

using costmodel::Decimal;
using costmodel::table::column_type;
using costmodel::table::missing_column;
using costmodel::table::table;

namespace {

Decimal dec(const char* text) { return Decimal::parse(text); }

// workload, service, cost: four priced lines whose totals are easy to add by hand.
table priced_lines() {
    table t;
    auto& workload = t.add_string("workload");
    auto& service = t.add_string("service");
    auto& cost = t.add_decimal("cost");
    auto& hours = t.add_int64("hours");
    const char* rows[][3] = {{"api", "lambda", "1.25"}, {"etl", "glue", "0.88"}, {"api", "s3", "0.0000000001"}, {"api", "lambda", "2.5"}};
    std::int64_t h = 730;
    for (const auto& row : rows) {
        workload.append(row[0]);
        service.append(row[1]);
        cost.append(dec(row[2]));
        hours.append(h++);
    }
    return t;
}

}  // namespace

TEST_CASE("a table is built column by column and read through spans", "[table]") {
    const table t = priced_lines();
    REQUIRE(t.num_rows() == 4);
    REQUIRE(t.num_columns() == 4);
    CHECK(t.column_names() == std::vector<std::string>{"workload", "service", "cost", "hours"});

    const auto units = t.decimals("cost");
    REQUIRE(units.size() == 4);
    CHECK(units[0] == static_cast<__int128>(12'500'000'000LL));  // 1.25 in 10^-10 units
    CHECK(units[2] == 1);
    CHECK(t.get_as<costmodel::table::decimal_column>("cost")[3] == dec("2.5"));

    // Strings are interned: two distinct workloads, "api" always code 0.
    const auto codes = t.codes("workload");
    CHECK(std::vector<std::int32_t>(codes.begin(), codes.end()) == std::vector<std::int32_t>{0, 1, 0, 0});
    CHECK(t.strings("workload").dictionary().size() == 2);
    CHECK(t.strings("workload").dictionary()[1] == "etl");
    CHECK(t.strings("service")[2] == "s3");
    CHECK(t.int64s("hours")[3] == 733);

    const auto s = t.schema();
    REQUIRE(s.size() == 4);
    CHECK(s[2].type == column_type::decimal);
    CHECK_FALSE(s[2].nullable);
}

TEST_CASE("a missing column is named beside the columns that exist", "[table]") {
    const table t = priced_lines();
    try {
        (void)t.decimals("costs");
        FAIL("no exception");
    } catch (const missing_column& e) {
        CHECK(std::string(e.what()) == "table has no column 'costs' (columns: workload, service, cost, hours)");
        CHECK(e.name() == "costs");
    }
    CHECK_THROWS_WITH(t.decimals("workload"), "table: column 'workload' is string, not decimal");
    table u;
    u.add_int32("n");
    CHECK_THROWS_AS(u.add_int32("n"), std::invalid_argument);
}

TEST_CASE("nulls are kept in a validity bitmap made on the first null", "[table]") {
    table t;
    auto& amount = t.add_decimal("amount", true);
    amount.append(dec("1"));
    CHECK(amount.validity() == nullptr);
    amount.append_null();
    amount.append(dec("3"));
    REQUIRE(amount.validity() != nullptr);
    CHECK(amount.null_count() == 1);
    CHECK(amount.is_valid(0));
    CHECK(amount.is_null(1));
    CHECK(amount.is_valid(2));
    // Arrow's bit order: rows 0 and 2 valid -> 0b101.
    CHECK(amount.validity()->data()[0] == 0b101);

    auto& strict = t.add_decimal("strict");
    CHECK_THROWS_AS(strict.append_null(), std::invalid_argument);
}

TEST_CASE("a table's columns must be equal in length before it is read whole", "[table]") {
    table t;
    t.add_int32("a").append(1);
    t.add_int32("b");
    CHECK_THROWS_AS(t.validate(), std::logic_error);
    t.get_as<costmodel::table::int32_column>("b").append(2);
    CHECK_NOTHROW(t.validate());
}

TEST_CASE("appending a table re-codes strings into the target's dictionary", "[table]") {
    table a = priced_lines();
    table b;
    b.add_string("workload").append("etl");  // etl is code 0 here, code 1 in a
    b.add_string("service").append("athena");
    b.add_decimal("cost").append(dec("4"));
    b.add_int64("hours").append(1);
    a.append(b);
    REQUIRE(a.num_rows() == 5);
    CHECK(a.codes("workload")[4] == 1);
    CHECK(a.strings("service")[4] == "athena");
    CHECK(a.decimals("cost")[4] == static_cast<__int128>(40'000'000'000LL));

    table wrong;
    wrong.add_int32("workload");
    CHECK_THROWS_AS(a.append(wrong), std::invalid_argument);
}

TEST_CASE("a copied table is independent of the original", "[table]") {
    table a = priced_lines();
    table b = a;
    b.get_as<costmodel::table::string_column>("workload").append("new");
    CHECK(a.strings("workload").dictionary().size() == 2);
    CHECK(b.strings("workload").dictionary().size() == 3);
    CHECK(a == priced_lines());
}
