// Line tables: building, typed access, slicing, filtering, sorting and grouped sums.

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/table/group_sum.hpp"
#include "costmodel/table/operations.hpp"
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

TEST_CASE("truncating a column drops its last rows, their nulls and bits, and appends go on after", "[table]") {
    costmodel::table::decimal_column amount(true);
    amount.append(dec("1"));
    amount.append_null();
    amount.append(dec("3"));
    amount.append_null();
    amount.truncate(2);
    CHECK(amount.size() == 2);
    CHECK(amount.null_count() == 1);
    amount.append(dec("5"));
    CHECK(amount.size() == 3);
    CHECK(amount.is_valid(2));
    CHECK(amount[2] == dec("5"));
    CHECK(amount.validity()->data()[0] == 0b101);
    CHECK_THROWS_AS(amount.truncate(4), std::out_of_range);

    costmodel::table::boolean_column flags;
    for (int i = 0; i < 11; ++i) flags.append(true);
    flags.truncate(3);  // the cleared bits 3..7 of the first byte must not read as set once appended
    flags.append(false);
    flags.append(false);
    CHECK(flags.size() == 5);
    CHECK(flags.boolean_bits().data()[0] == 0b00111);

    costmodel::table::string_column names;
    names.append("a");
    names.append("b");
    names.truncate(1);
    CHECK(names.size() == 1);
    CHECK(names.dictionary().size() == 2);  // the dictionary is kept whole
    CHECK(names.append("b") == 1);
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

namespace {

std::vector<std::string> texts(const table& t, const std::string& name) {
    std::vector<std::string> out;
    const auto& c = t[name];
    for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.value_text(i));
    return out;
}

using strings = std::vector<std::string>;

}  // namespace

TEST_CASE("slice takes a range of rows and stops at the end", "[table]") {
    const table t = priced_lines();
    const table s = costmodel::table::slice(t, 1, 2);
    CHECK(texts(s, "workload") == strings{"etl", "api"});
    CHECK(texts(s, "cost") == strings{"0.88", "0.0000000001"});
    CHECK(costmodel::table::slice(t, 3, 100).num_rows() == 1);
    CHECK(costmodel::table::slice(t, 4, 1).num_rows() == 0);
    CHECK_THROWS_AS(costmodel::table::slice(t, 5, 1), std::out_of_range);
}

TEST_CASE("filter keeps masked rows; an index list also reorders", "[table]") {
    const table t = priced_lines();
    const bool mask[] = {true, false, false, true};
    const table f = costmodel::table::filter(t, std::span<const bool>(mask));
    CHECK(texts(f, "cost") == strings{"1.25", "2.5"});
    CHECK(texts(f, "hours") == strings{"730", "733"});

    const std::vector<std::int64_t> rows{3, 1, 1};
    const table g = costmodel::table::take(t, rows);
    CHECK(texts(g, "service") == strings{"lambda", "glue", "glue"});

    table m;
    auto& keep = m.add_boolean("keep", true);
    keep.append(true);
    keep.append_null();
    keep.append(false);
    keep.append(true);
    CHECK(texts(costmodel::table::filter(t, keep), "hours") == strings{"730", "733"});
    const std::vector<std::int64_t> outside{4};
    CHECK_THROWS_AS(costmodel::table::take(t, outside), std::out_of_range);
}

TEST_CASE("sort is stable, by several keys, strings by text and nulls last", "[table]") {
    table t;
    auto& name = t.add_string("name", true);
    auto& amount = t.add_decimal("amount");
    auto& id = t.add_int32("id");
    // "zeta" is interned first (code 0), so sorting by codes would put it first.
    const char* names[] = {"zeta", "alpha", nullptr, "alpha", "beta"};
    const char* amounts[] = {"1", "2", "3", "1", "2"};
    for (int i = 0; i < 5; ++i) {
        if (names[i]) name.append(names[i]);
        else name.append_null();
        amount.append(Decimal::parse(amounts[i]));
        id.append(i);
    }
    using costmodel::table::sort_key;
    const table by_name = costmodel::table::sort(t, {{"name"}});
    CHECK(texts(by_name, "id") == strings{"1", "3", "4", "0", "2"});
    const table by_name_desc_amount = costmodel::table::sort(t, {{"name", true}, {"amount"}});
    CHECK(texts(by_name_desc_amount, "id") == strings{"0", "4", "3", "1", "2"});
    const table by_amount_desc = costmodel::table::sort(t, {{"amount", true}});
    CHECK(texts(by_amount_desc, "id") == strings{"2", "1", "4", "0", "3"});  // ties keep their order
}

TEST_CASE("grouped sums equal the sums added by hand", "[table]") {
    const table t = priced_lines();
    const table by_workload = costmodel::table::group_sum(t, {"workload"}, {"cost"});
    // api: 1.25 + 0.0000000001 + 2.5; etl: 0.88 — groups in order of first appearance.
    CHECK(texts(by_workload, "workload") == strings{"api", "etl"});
    CHECK(texts(by_workload, "cost") == strings{"3.7500000001", "0.88"});

    const table by_two = costmodel::table::group_sum(t, {"workload", "service"}, {"cost"});
    CHECK(texts(by_two, "service") == strings{"lambda", "glue", "s3"});
    CHECK(texts(by_two, "cost") == strings{"3.75", "0.88", "0.0000000001"});

    const table total = costmodel::table::group_sum(t, {}, {"cost"});
    CHECK(texts(total, "cost") == strings{"4.6300000001"});
    CHECK_THROWS_AS(costmodel::table::group_sum(t, {"workload"}, {"hours"}), std::invalid_argument);
}

TEST_CASE("null keys form a group; null amounts are skipped", "[table]") {
    table t;
    auto& key = t.add_int64("account", true);
    auto& cost = t.add_decimal("cost", true);
    key.append(7);   cost.append(Decimal(1));
    key.append_null(); cost.append(Decimal(2));
    key.append(7);   cost.append_null();
    key.append_null(); cost.append(Decimal(5));
    const table g = costmodel::table::group_sum(t, {"account"}, {"cost"});
    CHECK(texts(g, "account") == strings{"7", "null"});
    CHECK(texts(g, "cost") == strings{"1", "7"});
}

TEST_CASE("a sum beyond the Decimal range throws, whatever the order of the parts", "[table]") {
    table t;
    auto& key = t.add_string("k");
    auto& cost = t.add_decimal("cost");
    for (int i = 0; i < 2; ++i) {
        key.append("x");
        cost.append(Decimal::max());
    }
    CHECK_THROWS_AS(costmodel::table::group_sum(t, {"k"}, {"cost"}), std::overflow_error);

    // max + max - max: a running 128-bit check would throw in this order; the exact sum fits.
    key.append("x");
    cost.append(-Decimal::max());
    CHECK(texts(costmodel::table::group_sum(t, {"k"}, {"cost"}), "cost") == strings{Decimal::max().to_string()});
}

TEST_CASE("partial sums merged in any order equal the one-pass result", "[table]") {
    // 1000 lines over 7 services and 3 regions, amounts with all ten decimals in use.
    table t;
    auto& service = t.add_string("service");
    auto& region = t.add_string("region");
    auto& day = t.add_date("day");
    auto& cost = t.add_decimal("cost");
    std::uint64_t state = 12345;
    for (int i = 0; i < 1000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        service.append("svc" + std::to_string((state >> 33) % 7));
        region.append(i % 3 == 0 ? "us-east-1" : (i % 3 == 1 ? "eu-west-1" : "ap-south-1"));
        day.append(static_cast<std::int32_t>(20'000 + i % 5));
        cost.append_units(static_cast<__int128>((state >> 11) % 100'000'000'000'000ULL) - 30'000'000'000'000LL);
    }
    const table expected = costmodel::table::group_sum(t, {"service", "region", "day"}, {"cost"});
    REQUIRE(expected.num_rows() > 20);

    // Four chunks, each in its own partial, combined in three different orders.
    std::vector<costmodel::table::grouped_sum> parts;
    for (std::size_t start = 0; start < 1000; start += 250) {
        costmodel::table::grouped_sum p({"service", "region", "day"}, {"cost"});
        p.update(costmodel::table::slice(t, start, 250), static_cast<std::int64_t>(start));
        parts.push_back(std::move(p));
    }
    const std::vector<std::vector<int>> orders{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}};
    for (const auto& order : orders) {
        costmodel::table::grouped_sum merged({"service", "region", "day"}, {"cost"});
        for (int i : order) merged.combine(parts[static_cast<std::size_t>(i)]);
        CHECK(merged.finalize() == expected);
    }
    // A tree: (3 + 1) + (0 + 2).
    costmodel::table::grouped_sum left = parts[3], right = parts[0];
    left.combine(parts[1]);
    right.combine(parts[2]);
    left.combine(right);
    CHECK(left.finalize() == expected);

    // One partial fed chunk after chunk numbers the rows itself.
    costmodel::table::grouped_sum sequential({"service", "region", "day"}, {"cost"});
    for (std::size_t start = 0; start < 1000; start += 300) sequential.update(costmodel::table::slice(t, start, 300));
    CHECK(sequential.finalize() == expected);

    // And the sums equal a plain loop over the lines of one group.
    __int128 by_hand = 0;
    const auto codes = t.codes("service");
    const auto svc = t.strings("service").dictionary().find(expected.strings("service")[0]);
    const auto reg = t.strings("region").dictionary().find(expected.strings("region")[0]);
    for (std::size_t i = 0; i < 1000; ++i)
        if (codes[i] == svc && t.codes("region")[i] == reg && t.dates("day")[i] == expected.dates("day")[0])
            by_hand += t.decimals("cost")[i];
    CHECK(expected.decimals("cost")[0] == by_hand);
}

TEST_CASE("to_string shows the first rows aligned, with the size beneath", "[table]") {
    table t;
    t.add_string("workload").append("api");
    t.add_decimal("cost").append(Decimal::parse("1.5"));
    t.add_date("day").append(costmodel::table::days_from_civil(2026, 11, 30));
    t.add_timestamp("at").append(86'400'000'000LL + 1);
    CHECK(t.to_string() ==
          "workload  cost         day                           at\n"
          "api        1.5  2026-11-30  1970-01-02T00:00:00.000001Z\n"
          "(1 row, 4 columns)");
}
