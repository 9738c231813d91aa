// Cost Explorer responses into a line table: the seed's example pages, ungrouped and MONTHLY results,
// tags, members in any order, exact amounts, and each malformed response as an input_error naming the
// input and the path.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::actuals::cost_explorer_reader;
using costmodel::actuals::cost_explorer_table;
using costmodel_test::dec;

namespace {

std::string data(const std::string& name) { return costmodel_test::source_dir + "/tests/data/cost-explorer/" + name; }
std::string seed_page(int n) { return costmodel_test::source_dir + "/examples/seed-003/page-" + std::to_string(n) + ".json"; }

using costmodel::actuals::cost_explorer_parsing;

cost_explorer_table read_text_with(const std::string& text, cost_explorer_parsing parsing) {
    cost_explorer_reader reader;
    reader.set_parsing(parsing);
    reader.add_text(text, "<response>");
    return std::move(reader).finish();
}

void check_same(const cost_explorer_table& bulk, const cost_explorer_table& streamed) {
    CHECK(bulk.lines.equals(streamed.lines));
    CHECK(bulk.lines.column_names() == streamed.lines.column_names());
    CHECK(bulk.group_keys == streamed.group_keys);
    CHECK(bulk.currency == streamed.currency);
    CHECK(bulk.pages == streamed.pages);
}

// Read both ways (simdjson's tree replayed, and nlohmann's stream): every case checks they agree.
cost_explorer_table read_text(const std::string& text) {
    cost_explorer_table bulk = read_text_with(text, cost_explorer_parsing::bulk);
    check_same(bulk, read_text_with(text, cost_explorer_parsing::streamed));
    return bulk;
}

struct caught {
    std::string source, path, value, message;
    bool operator==(const caught&) const = default;
};

caught error_with(const std::vector<std::string>& texts, cost_explorer_parsing parsing) {
    try {
        cost_explorer_reader reader;
        reader.set_parsing(parsing);
        for (std::size_t i = 0; i < texts.size(); ++i) reader.add_text(texts[i], "<page " + std::to_string(i + 1) + ">");
        (void)std::move(reader).finish();
    } catch (const costmodel::input_error& e) {
        return {e.source(), e.path(), e.value(), e.what()};
    }
    FAIL("no input_error");
    return {};
}

caught error_of(const std::vector<std::string>& texts) {
    const caught bulk = error_with(texts, cost_explorer_parsing::bulk);
    const caught streamed = error_with(texts, cost_explorer_parsing::streamed);
    CHECK(bulk.message == streamed.message);
    CHECK(bulk == streamed);
    return bulk;
}

Decimal sum_where(const costmodel::table::table& t, const std::string& metric, const std::string& column = "", const std::string& value = "") {
    Decimal sum;
    const auto& metrics = t.strings("metric");
    for (std::size_t r = 0; r < t.num_rows(); ++r) {
        if (metrics[r] != metric) continue;
        if (!column.empty() && t.strings(column)[r] != value) continue;
        sum += t.get_as<costmodel::table::decimal_column>("amount")[r];
    }
    return sum;
}

// One grouped response of one day, the group written by `group`.
std::string with_group(const std::string& group, const std::string& definitions = R"([{"Type": "DIMENSION", "Key": "SERVICE"}])") {
    return R"({"GroupDefinitions": )" + definitions +
           R"(, "ResultsByTime": [{"TimePeriod": {"Start": "2025-10-01", "End": "2025-10-02"}, "Total": {}, "Groups": [)" + group +
           R"(], "Estimated": false}]})";
}
const std::string good_group = R"({"Keys": ["AWS Lambda"], "Metrics": {"UnblendedCost": {"Amount": "1.5", "Unit": "USD"}}})";

}  // namespace

TEST_CASE("the seed's three example pages read into one table", "[actuals][cost-explorer]") {
    const cost_explorer_table t = costmodel::actuals::read_cost_explorer_files({seed_page(1), seed_page(2), seed_page(3)});
    CHECK(t.pages == 3);
    CHECK(t.currency == "USD");
    CHECK(t.group_keys == std::vector<std::string>{"RECORD_TYPE", "BILLING_ENTITY"});
    CHECK(t.lines.column_names() ==
          std::vector<std::string>{"date", "end", "granularity", "RECORD_TYPE", "BILLING_ENTITY", "metric", "amount", "unit", "estimated"});
    // 30 days × 4 groups × 2 metrics, and the Support group of 2025-11-01 × 2 metrics.
    CHECK(t.lines.num_rows() == 30 * 4 * 2 + 2);
    CHECK(t.lines.strings("granularity")[0] == "DAILY");
    CHECK(t.lines.column_at(0).value_text(0) == "2025-10-03");
    CHECK(t.lines.column_at(1).value_text(0) == "2025-10-04");
    // The operational rows (Usage and Credit of AWS) add up to the seed's $450,000.00.
    CHECK(sum_where(t.lines, "NetAmortizedCost", "BILLING_ENTITY", "AWS") - sum_where(t.lines, "NetAmortizedCost", "RECORD_TYPE", "Tax") -
              sum_where(t.lines, "NetAmortizedCost", "RECORD_TYPE", "Support") ==
          dec("450000.00"));
    CHECK(sum_where(t.lines, "NetAmortizedCost", "RECORD_TYPE", "Support") == dec("15000.00"));
    // Estimated: the last two days (2025-10-31 and 2025-11-01), 8 + 10 rows.
    std::size_t estimated = 0;
    for (std::size_t r = 0; r < t.lines.num_rows(); ++r) estimated += t.lines.booleans("estimated")[r] ? 1 : 0;
    CHECK(estimated == 18);
}

TEST_CASE("ungrouped MONTHLY responses give their Total, amounts exact from the text", "[actuals][cost-explorer]") {
    const cost_explorer_table t = costmodel::actuals::read_cost_explorer_files({data("ungrouped-monthly.json")});
    CHECK(t.group_keys.empty());
    REQUIRE(t.lines.num_rows() == 4);
    CHECK(t.lines.strings("granularity")[0] == "MONTHLY");  // 2025-09-15 to 2025-10-01: the part of September queried
    CHECK(t.lines.get_as<costmodel::table::decimal_column>("amount")[0] == dec("1200.0000000001"));
    CHECK(t.lines.strings("unit")[1] == "N/A");
    CHECK(t.lines.booleans("estimated")[3]);
    CHECK(sum_where(t.lines, "UnblendedCost") == dec("3600.1000000001"));
}

TEST_CASE("tag groups are named tag:<Key>; members may come in any order", "[actuals][cost-explorer]") {
    const cost_explorer_table t = costmodel::actuals::read_cost_explorer_files({data("tags.json")});
    CHECK(t.group_keys == std::vector<std::string>{"tag:Environment", "SERVICE"});
    CHECK(t.currency == "EUR");
    REQUIRE(t.lines.num_rows() == 2);
    CHECK(t.lines.strings("tag:Environment")[1] == "Environment$");
    CHECK(t.lines.strings("SERVICE")[0] == "Amazon Simple Storage Service");
    CHECK(t.lines.get_as<costmodel::table::decimal_column>("amount")[1] == dec("0.002"));  // "2e-3"
    CHECK(t.lines.column_at(0).value_text(1) == "2025-10-01");                            // TimePeriod came last
}

TEST_CASE("every metric is read, and a number Amount as exactly as a string", "[actuals][cost-explorer]") {
    std::string metrics;
    for (const std::string_view m : costmodel::actuals::cost_explorer_metrics) {
        const bool cost = costmodel::actuals::is_cost_metric(m);
        metrics += (metrics.empty() ? "" : ", ") + ("\"" + std::string(m) + "\": {\"Amount\": 0.3, \"Unit\": \"") + (cost ? "USD" : "Hrs") + "\"}";
    }
    const auto t = read_text(with_group(R"({"Keys": ["EC2"], "Metrics": {)" + metrics + "}}"));
    CHECK(t.lines.num_rows() == 7);
    CHECK(sum_where(t.lines, "NormalizedUsageAmount") == dec("0.3"));
}

TEST_CASE("malformed responses are input errors naming the input and the path", "[actuals][cost-explorer][errors]") {
    SECTION("not JSON") {
        const caught e = error_of({"{\"ResultsByTime\": [}"});
        CHECK(e.source == "<page 1>");
        CHECK_THAT(e.message, Catch::Contains("invalid JSON") && Catch::Contains("byte offset"));
    }
    SECTION("no ResultsByTime") {
        const caught e = error_of({R"({"GroupDefinitions": []})"});
        CHECK(e.path == "ResultsByTime");
        CHECK_THAT(e.message, Catch::Contains("missing required key"));
    }
    SECTION("an unknown key, with did you mean") {
        const caught e = error_of({R"({"ResultByTime": []})"});
        CHECK(e.path == "ResultByTime");
        CHECK_THAT(e.message, Catch::Contains("did you mean \"ResultsByTime\""));
    }
    SECTION("a misspelt metric") {
        const caught e = error_of({with_group(R"({"Keys": ["x"], "Metrics": {"NetAmortisedCost": {"Amount": "1", "Unit": "USD"}}})")});
        CHECK(e.path == "ResultsByTime[0].Groups[0].Metrics.NetAmortisedCost");
        CHECK_THAT(e.message, Catch::Contains("did you mean \"NetAmortizedCost\""));
    }
    SECTION("a non-numeric Amount") {
        const caught e = error_of({with_group(good_group + R"(, {"Keys": ["S3"], "Metrics": {"UnblendedCost": {"Amount": "12,50", "Unit": "USD"}}})")});
        CHECK(e.path == "ResultsByTime[0].Groups[1].Metrics.UnblendedCost.Amount");
        CHECK(e.value == "\"12,50\"");
    }
    SECTION("more than 10 fractional digits") {
        const caught e = error_of({with_group(R"({"Keys": ["S3"], "Metrics": {"UnblendedCost": {"Amount": "0.00000000001", "Unit": "USD"}}})")});
        CHECK_THAT(e.message, Catch::Contains("at most 10 fractional digits"));
    }
    SECTION("a cost metric in a usage unit") {
        const caught e = error_of({with_group(R"({"Keys": ["S3"], "Metrics": {"UnblendedCost": {"Amount": "1", "Unit": "Hrs"}}})")});
        CHECK(e.path == "ResultsByTime[0].Groups[0].Metrics.UnblendedCost.Unit");
        CHECK_THAT(e.message, Catch::Contains("must be a currency"));
    }
    SECTION("two currencies, in two pages") {
        const caught e = error_of({with_group(good_group),
                                   with_group(R"({"Keys": ["S3"], "Metrics": {"UnblendedCost": {"Amount": "1", "Unit": "EUR"}}})")});
        CHECK(e.source == "<page 2>");
        CHECK(e.path == "ResultsByTime[0].Groups[0].Metrics.UnblendedCost.Unit");
        CHECK_THAT(e.message, Catch::Contains("several currencies") && Catch::Contains("USD at <page 1>"));
    }
    SECTION("End before Start") {
        const caught e = error_of({R"({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-02", "End": "2025-10-01"}, "Total": {}}]})"});
        CHECK(e.path == "ResultsByTime[0].TimePeriod.End");
        CHECK_THAT(e.message, Catch::Contains("is not after Start 2025-10-02"));
    }
    SECTION("a period over two months") {
        const caught e = error_of({R"({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-02", "End": "2025-11-02"}, "Total": {}}]})"});
        CHECK(e.path == "ResultsByTime[0].TimePeriod");
    }
    SECTION("an HOURLY period") {
        const caught e = error_of({R"({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-02T00:00:00Z", "End": "2025-10-02T01:00:00Z"}}]})"});
        CHECK(e.path == "ResultsByTime[0].TimePeriod.Start");
        CHECK_THAT(e.message, Catch::Contains("HOURLY"));
    }
    SECTION("a page with other GroupDefinitions") {
        const caught e = error_of({with_group(good_group),
                                   with_group(good_group, R"([{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}])")});
        CHECK(e.source == "<page 2>");
        CHECK(e.path == "GroupDefinitions");
        CHECK_THAT(e.message, Catch::Contains("DIMENSION:LINKED_ACCOUNT") && Catch::Contains("DIMENSION:SERVICE"));
    }
    SECTION("a group with more keys than GroupDefinitions") {
        const caught e = error_of({with_group(R"({"Keys": ["a", "b"], "Metrics": {}})")});
        CHECK(e.path == "GroupDefinitions");
    }
    SECTION("Estimated as a string") {
        const caught e = error_of({R"({"ResultsByTime": [{"TimePeriod": {"Start": "2025-10-01", "End": "2025-10-02"}, "Estimated": "no"}]})"});
        CHECK(e.path == "ResultsByTime[0].Estimated");
        CHECK(e.value == "\"no\"");
    }
    SECTION("a key given twice") {
        const caught e = error_of({with_group(R"({"Keys": ["S3"], "Metrics": {"UnblendedCost": {"Amount": "1", "Amount": "2", "Unit": "USD"}}})")});
        CHECK(e.path == "ResultsByTime[0].Groups[0].Metrics.UnblendedCost.Amount");
        CHECK_THAT(e.message, Catch::Contains("duplicate key"));
    }
    SECTION("a group key named as one of the table's own columns") {
        const caught e = error_of({with_group(good_group, R"([{"Type": "DIMENSION", "Key": "granularity"}])")});
        CHECK(e.path == "GroupDefinitions[0].Key");
        CHECK(e.value == "\"granularity\"");
        CHECK_THAT(e.message, Catch::Contains("the table's own columns"));
    }
    SECTION("an array, not a response") {
        const caught e = error_of({"[]"});
        CHECK_THAT(e.message, Catch::Contains("expected a GetCostAndUsage response"));
    }
    SECTION("a file that does not exist") {
        try {
            (void)costmodel::actuals::read_cost_explorer_files({data("no-such-file.json")});
            FAIL("no error");
        } catch (const costmodel::input_error& e) {
            CHECK_THAT(e.source(), Catch::EndsWith("no-such-file.json"));
            CHECK_THAT(std::string(e.what()), Catch::Contains("no such file"));
        }
    }
}

TEST_CASE("a page whose Amount is a JSON number is read again whole, after pages read in bulk", "[actuals][cost-explorer]") {
    // The first page goes through simdjson; the second is replayed up to its number Amount (one
    // group in), dropped and streamed: the table must be what streaming both gives.
    const std::string first = with_group(good_group);
    const std::string second = with_group(R"({"Keys": ["Amazon S3"], "Metrics": {"UnblendedCost": {"Amount": "2.25", "Unit": "USD"}}}, )"
                                          R"({"Keys": ["Amazon EC2"], "Metrics": {"UnblendedCost": {"Amount": 0.10, "Unit": "USD"}}})");
    const auto read_both = [&](cost_explorer_parsing parsing) {
        cost_explorer_reader reader;
        reader.set_parsing(parsing);
        reader.add_text(first, "<page 1>");
        reader.add_text(second, "<page 2>");
        return std::move(reader).finish();
    };
    const cost_explorer_table bulk = read_both(cost_explorer_parsing::bulk);
    check_same(bulk, read_both(cost_explorer_parsing::streamed));
    CHECK(bulk.lines.num_rows() == 3);
    CHECK(bulk.pages == 2);
    CHECK(sum_where(bulk.lines, "UnblendedCost") == dec("3.85"));
    CHECK(sum_where(bulk.lines, "UnblendedCost", "SERVICE", "Amazon EC2") == dec("0.1"));
}

TEST_CASE("files are read the same both ways, and a file too large for bulk reading streams", "[actuals][cost-explorer]") {
    const std::vector<std::string> paths = {seed_page(1), seed_page(2), seed_page(3)};
    const auto read_files = [&](cost_explorer_parsing parsing) {
        cost_explorer_reader reader;
        reader.set_parsing(parsing);
        for (const std::string& path : paths) reader.add_file(path);
        return std::move(reader).finish();
    };
    check_same(read_files(cost_explorer_parsing::bulk), read_files(cost_explorer_parsing::streamed));
    // The size limit is the streamed reader's own message in both modes.
    costmodel::read_limits tight;
    tight.max_streamed_file_bytes = 100;
    for (const cost_explorer_parsing parsing : {cost_explorer_parsing::bulk, cost_explorer_parsing::streamed}) {
        cost_explorer_reader reader;
        reader.set_parsing(parsing);
        CHECK_THROWS_AS(reader.add_file(seed_page(1), tight), costmodel::input_error);
    }
}

TEST_CASE("amounts of every length read as Decimal::parse reads them", "[actuals][cost-explorer]") {
    // Around the 19 digits summed in 64 bits, and the 10 fractional digits read without Decimal::parse.
    std::vector<std::string> amounts = {"0", "-0", "0.0", "7", "-7.5", "0.0000000001", "-0.0000000001", "18446744073709551615",
                                        "18446744073709551616", "9999999999.999999999", "99999999999.999999999",
                                        "999999999999999999999999999.9999999999", "-123456789012345678.9012345678", "1.2345678901"};
    for (int digits = 1; digits <= 27; ++digits) {
        std::string integer(static_cast<std::size_t>(digits), '9');
        amounts.push_back(integer);
        for (int fraction = 1; fraction <= 10; ++fraction) amounts.push_back("-" + integer + "." + std::string(static_cast<std::size_t>(fraction), '8'));
    }
    std::string groups;
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        groups += (i == 0 ? "" : ", ") + (R"({"Keys": ["S)" + std::to_string(i % 3) + R"("], "Metrics": {"UnblendedCost": {"Amount": ")") + amounts[i] +
                  R"(", "Unit": "USD"}}})";
    }
    const auto t = read_text(with_group(groups));
    REQUIRE(t.lines.num_rows() == amounts.size());
    const auto& amount = t.lines.get_as<costmodel::table::decimal_column>("amount");
    const auto& service = t.lines.strings("SERVICE");
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        INFO(amounts[i]);
        CHECK(amount[i] == Decimal::parse(amounts[i]));
        CHECK(service[i] == "S" + std::to_string(i % 3));
    }
}

TEST_CASE("a group key equal to the previous group's, or not, gets its own string", "[actuals][cost-explorer]") {
    const std::string definitions = R"([{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}, {"Type": "DIMENSION", "Key": "SERVICE"}])";
    const auto group = [](const std::string& account, const std::string& service) {
        return R"({"Keys": [")" + account + R"(", ")" + service + R"("], "Metrics": {"UnblendedCost": {"Amount": "1", "Unit": "USD"}}})";
    };
    const auto t = read_text(with_group(group("111", "EC2") + ", " + group("111", "S3") + ", " + group("222", "S3") + ", " + group("111", "111") +
                                            ", " + group("", "") + ", " + group("", "EC2"),
                                        definitions));
    REQUIRE(t.lines.num_rows() == 6);
    const std::vector<std::string> accounts = {"111", "111", "222", "111", "", ""}, services = {"EC2", "S3", "S3", "111", "", "EC2"};
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(t.lines.strings("LINKED_ACCOUNT")[i] == accounts[i]);
        CHECK(t.lines.strings("SERVICE")[i] == services[i]);
    }
}
