// The support-split daily rate: the seed's example in both roundings and both support-month readings,
// windows across month and year ends, leap February, as-of on the 1st and 2nd of a month, filters,
// missing and estimated days, and the input errors.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/actuals/daily_rate.hpp"
#include "costmodel/actuals/trend.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::date;
using costmodel::Decimal;
using costmodel::actuals::daily_rate_options;
using costmodel::actuals::daily_rate_result;
using costmodel::actuals::daily_rate_rounding;
using costmodel::actuals::support_month_reading;
using costmodel_test::dec;

namespace {

date day(const char* text) { return *date::parse(text); }

const costmodel::table::table& seed_table() {
    static const costmodel::actuals::cost_explorer_table t = costmodel::actuals::read_cost_explorer_files(
        {costmodel_test::source_dir + "/examples/seed-003/page-1.json", costmodel_test::source_dir + "/examples/seed-003/page-2.json",
         costmodel_test::source_dir + "/examples/seed-003/page-3.json"});
    return t.lines;
}

daily_rate_options options_for(const char* as_of) {
    daily_rate_options o;
    o.as_of = day(as_of);
    return o;
}

// DAILY responses from `first` for `days` days, grouped by RECORD_TYPE, BILLING_ENTITY and... one
// LINKED_ACCOUNT per call: Usage of `per_day` each day by AWS, Tax 7.00 and a Marketplace line of
// 5.00 (both excluded), and Support of `support` on the first of each month.
std::string responses(const char* first, int days, const char* per_day, const char* support, const char* account = "111") {
    std::string results;
    const date start = day(first);
    for (int i = 0; i < days; ++i) {
        const date d = start.plus_days(i);
        const auto group = [&](const char* type, const char* entity, const char* amount) {
            return std::string(R"({"Keys": [")") + type + R"(", ")" + entity + R"(", ")" + account +
                   R"("], "Metrics": {"NetAmortizedCost": {"Amount": ")" + amount + R"(", "Unit": "USD"}}})";
        };
        std::string groups = group("Usage", "AWS", per_day) + ", " + group("Tax", "AWS", "7.00") + ", " + group("Usage", "AWS Marketplace", "5.00");
        if (d.day() == 1) groups += ", " + group("Support", "AWS", support);
        results += (results.empty() ? "" : ", ") + std::string(R"({"TimePeriod": {"Start": ")") + d.to_string() + R"(", "End": ")" +
                   d.plus_days(1).to_string() + R"("}, "Total": {}, "Groups": [)" + groups + R"(], "Estimated": false})";
    }
    return R"({"GroupDefinitions": [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}, {"Type": "DIMENSION", "Key": "BILLING_ENTITY"},
              {"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}], "ResultsByTime": [)" + results + "]}";
}

costmodel::table::table table_of(const std::vector<std::string>& texts) {
    costmodel::actuals::cost_explorer_reader reader;
    for (std::size_t i = 0; i < texts.size(); ++i) reader.add_text(texts[i], "<page " + std::to_string(i + 1) + ">");
    return std::move(reader).finish().lines;
}

std::string error_of(const costmodel::table::table& t, const daily_rate_options& o, std::string* path = nullptr) {
    try {
        (void)costmodel::actuals::daily_rate(t, o);
    } catch (const costmodel::input_error& e) {
        if (path) *path = e.path();
        return e.what();
    }
    FAIL("no input_error");
    return {};
}

}  // namespace

TEST_CASE("the seed's example, console rounding, gives its figures", "[actuals][daily-rate]") {
    daily_rate_options o = options_for("2025-11-04");
    o.rounding = daily_rate_rounding::console;
    const daily_rate_result r = costmodel::actuals::daily_rate(seed_table(), o);
    CHECK(r.start == day("2025-10-03"));
    CHECK(r.end == day("2025-11-02"));  // exclusive: the 30 days Oct 3 ... Nov 1
    CHECK(r.days_in_window == 30);
    CHECK(r.operational == dec("450000.00"));
    CHECK(r.support_date == day("2025-11-01"));
    CHECK(r.support_month == day("2025-10-01"));
    CHECK(r.days_in_support_month == 31);
    CHECK(r.support_cost == dec("15000.00"));
    CHECK(r.daily_operational == dec("14516.13"));  // 450,000 / 31 = 14,516.129032... -> 14,516.13
    CHECK(r.support_per_day == dec("241.94"));      // 15,000 × 0.5 / 31 = 241.935483... -> 241.94
    CHECK(r.daily_rate == dec("14758.07"));         // 14,516.13 + 241.94
    CHECK(r.annual_projection == dec("5386695.55"));  // 14,758.07 × 365 (the seed prints $5,386,695)
    CHECK(r.currency == "USD");
    CHECK(r.estimated_days == std::vector<date>{day("2025-10-31"), day("2025-11-01")});
    CHECK(r.missing_days.empty());
    CHECK(r.support_found);
}

TEST_CASE("the seed's example, exact: each figure rounded once from its exact value", "[actuals][daily-rate]") {
    const daily_rate_result r = costmodel::actuals::daily_rate(seed_table(), options_for("2025-11-04"));
    CHECK(r.daily_operational == dec("14516.1290322581"));    // 450,000 / 31 = 14,516.12903225806|45...
    CHECK(r.support_per_day == dec("241.9354838710"));        // 7,500 / 31 = 241.93548387096|77...
    CHECK(r.daily_rate == dec("14758.0645161290"));           // 457,500 / 31 = 14,758.06451612903|2...
    CHECK(r.annual_projection == dec("5386693.5483870968"));  // 457,500 × 365 / 31 = 5,386,693.54838709677|4...
}

TEST_CASE("the seed's literal reading divides by the days of the month containing the end date", "[actuals][daily-rate]") {
    for (const auto rounding : {daily_rate_rounding::exact, daily_rate_rounding::console}) {
        daily_rate_options o = options_for("2025-11-04");
        o.support_month = support_month_reading::end_month;
        o.rounding = rounding;
        const daily_rate_result r = costmodel::actuals::daily_rate(seed_table(), o);
        CHECK(r.days_in_support_month == 30);           // November
        CHECK(r.daily_operational == dec("15000"));     // 450,000 / 30
        CHECK(r.support_per_day == dec("250"));         // 7,500 / 30
        CHECK(r.daily_rate == dec("15250"));
        CHECK(r.annual_projection == dec("5566250"));   // 15,250 × 365
    }
}

TEST_CASE("window and support month dates by hand", "[actuals][daily-rate]") {
    struct expected {
        const char* as_of;
        const char* start;
        const char* end;
        const char* support_date;
        int days;
    };
    const expected cases[] = {
        {"2025-11-04", "2025-10-03", "2025-11-02", "2025-11-01", 31},  // the seed: October
        {"2025-12-01", "2025-10-30", "2025-11-29", "2025-11-01", 31},  // as-of on the 1st
        {"2025-12-02", "2025-10-31", "2025-11-30", "2025-11-01", 31},  // as-of on the 2nd
        {"2025-12-03", "2025-11-01", "2025-12-01", "2025-12-01", 30},  // end on the 1st: November's support, outside the window
        {"2026-01-02", "2025-12-01", "2025-12-31", "2025-12-01", 30},  // year end, November
        {"2026-01-05", "2025-12-04", "2026-01-03", "2026-01-01", 31},  // across the year: December
        {"2024-03-05", "2024-02-02", "2024-03-03", "2024-03-01", 29},  // leap February
        {"2025-03-05", "2025-02-01", "2025-03-03", "2025-03-01", 28},  // February: window from 2025-02-01 (30 days back from 03-03)
        {"2025-10-10", "2025-09-08", "2025-10-08", "2025-10-01", 30},  // September
    };
    for (const expected& c : cases) {
        INFO(c.as_of);
        const auto d = costmodel::actuals::daily_rate_dates(options_for(c.as_of));
        CHECK(d.start == day(c.start));
        CHECK(d.end == day(c.end));
        CHECK(d.support_date == day(c.support_date));
        CHECK(d.days_in_support_month == c.days);
    }
}

TEST_CASE("rates across month ends, a year end and a leap February, by hand", "[actuals][daily-rate]") {
    SECTION("31-day support month: 30 days of 31.00 / 31 = 30.00, support 62.00 × 0.5 / 31 = 1.00") {
        const auto t = table_of({responses("2025-10-01", 40, "31.00", "62.00")});
        const auto r = costmodel::actuals::daily_rate(t, options_for("2025-11-04"));
        CHECK(r.operational == dec("930.00"));  // Tax and Marketplace lines excluded
        CHECK(r.daily_operational == dec("30"));
        CHECK(r.support_per_day == dec("1"));
        CHECK(r.daily_rate == dec("31"));
        CHECK(r.annual_projection == dec("11315"));  // 31 × 365
    }
    SECTION("leap February (29 days): 30 days of 29.00 / 29 = 30.00; support 58.00 × 0.5 / 29 = 1.00") {
        const auto t = table_of({responses("2024-01-25", 45, "29.00", "58.00")});
        const auto r = costmodel::actuals::daily_rate(t, options_for("2024-03-05"));
        CHECK(r.days_in_support_month == 29);
        CHECK(r.daily_operational == dec("30"));
        CHECK(r.support_per_day == dec("1"));
    }
    SECTION("February 2025 (28 days): 30 days of 28.00 / 28 = 30.00") {
        const auto t = table_of({responses("2025-01-25", 45, "28.00", "56.00")});
        const auto r = costmodel::actuals::daily_rate(t, options_for("2025-03-05"));
        CHECK(r.days_in_support_month == 28);
        CHECK(r.daily_operational == dec("30"));
        CHECK(r.support_per_day == dec("1"));
    }
    SECTION("across the year end: support of 2026-01-01 for December (31 days)") {
        const auto t = table_of({responses("2025-11-20", 50, "31.00", "620.00")});
        const auto r = costmodel::actuals::daily_rate(t, options_for("2026-01-05"));
        CHECK(r.support_cost == dec("620.00"));
        CHECK(r.support_per_day == dec("10"));  // 620 × 0.5 / 31
        CHECK(r.daily_rate == dec("40"));       // 930 / 31 + 10
    }
    SECTION("end on the 1st: the support date is outside the window and still read") {
        const auto t = table_of({responses("2025-10-20", 45, "30.00", "60.00")});
        const auto r = costmodel::actuals::daily_rate(t, options_for("2025-12-03"));
        CHECK(r.support_date == day("2025-12-01"));
        CHECK(r.support_cost == dec("60.00"));
        CHECK(r.daily_operational == dec("30"));  // 900 / 30 (November)
    }
}

TEST_CASE("accounts, missing and estimated days", "[actuals][daily-rate]") {
    const auto t = table_of({responses("2025-10-01", 40, "31.00", "62.00", "111"), responses("2025-10-01", 40, "10.00", "31.00", "222")});
    daily_rate_options o = options_for("2025-11-04");
    CHECK(costmodel::actuals::daily_rate(t, o).operational == dec("1230.00"));  // (31 + 10) × 30
    o.accounts = {"222"};
    const auto r = costmodel::actuals::daily_rate(t, o);
    CHECK(r.operational == dec("300.00"));
    CHECK(r.support_cost == dec("31.00"));

    // Two days of the window left out of the responses: they are listed, and the sum lacks them.
    const auto gap = table_of({responses("2025-10-01", 10, "31.00", "62.00"), responses("2025-10-13", 30, "31.00", "62.00")});
    const auto g = costmodel::actuals::daily_rate(gap, options_for("2025-11-04"));
    CHECK(g.missing_days == std::vector<date>{day("2025-10-11"), day("2025-10-12")});
    CHECK(g.operational == dec("868.00"));  // 28 × 31
}

TEST_CASE("daily rate input errors", "[actuals][daily-rate][errors]") {
    std::string path;
    SECTION("an empty window") {
        daily_rate_options o = options_for("2025-11-04");
        o.window = 0;
        CHECK_THAT(error_of(seed_table(), o, &path), Catch::Contains("an empty window"));
        CHECK(path == "window");
    }
    SECTION("a window without data") {
        const std::string message = error_of(seed_table(), options_for("2026-03-01"), &path);
        CHECK(path == "as_of");
        CHECK_THAT(message, Catch::Contains("no data in the window 2026-01-28 to 2026-02-27") && Catch::Contains("covers 2025-10-03 to 2025-11-02"));
    }
    SECTION("a misspelt metric") {
        daily_rate_options o = options_for("2025-11-04");
        o.metric = "NetAmortisedCost";
        CHECK_THAT(error_of(seed_table(), o, &path), Catch::Contains("did you mean \"NetAmortizedCost\""));
        CHECK(path == "metric");
    }
    SECTION("a metric the responses lack") {
        daily_rate_options o = options_for("2025-11-04");
        o.metric = "BlendedCost";
        CHECK_THAT(error_of(seed_table(), o), Catch::Contains("the responses have no BlendedCost (they hold UnblendedCost, NetAmortizedCost"));
    }
    SECTION("a share above 1") {
        daily_rate_options o = options_for("2025-11-04");
        o.support_share = dec("1.5");
        CHECK_THAT(error_of(seed_table(), o, &path), Catch::Contains("expected a share from 0 to 1"));
        CHECK(path == "support_share");
    }
    SECTION("MONTHLY data") {
        const auto t = costmodel::actuals::read_cost_explorer_files({costmodel_test::source_dir + "/tests/data/cost-explorer/ungrouped-monthly.json"});
        daily_rate_options o = options_for("2025-10-20");
        o.metric = "UnblendedCost";
        CHECK_THAT(error_of(t.lines, o), Catch::Contains("a MONTHLY row (2025-09-15 to 2025-10-01)"));
    }
}

TEST_CASE("a series of as-of days equals the rate computed day by day", "[actuals][daily-rate][series]") {
    // 2025-10-01 to 2025-12-09 at 31.00 a day, support 62.00 on Nov 1 and 62.00 on Dec 1.
    const auto t = table_of({responses("2025-10-01", 70, "31.00", "62.00")});
    daily_rate_options o;
    const auto series = costmodel::actuals::daily_rate_series(t, o, day("2025-11-01"), day("2025-12-11"));
    REQUIRE(series.num_rows() == 41);
    const auto as_of = series.get_as<costmodel::table::date_column>("as_of");
    const auto& rate = series.get_as<costmodel::table::decimal_column>("daily_rate");
    for (std::size_t i = 0; i < series.num_rows(); ++i) {
        o.as_of = date::from_days(as_of[i]);
        const auto alone = costmodel::actuals::daily_rate(t, o);
        CHECK(rate[i] == alone.daily_rate);
    }
    // As of 2025-11-04: 30 days of 31.00 / 31 (October) + 62.00 × 0.5 / 31 = 30 + 1.
    CHECK(rate[3] == Decimal(31));
    // As of 2025-12-11 the window is [2025-11-09, 2025-12-09): the data ends on 2025-12-09, so no day
    // is missing; as of 2025-12-11 + more days it would be.
    CHECK(series.get_as<costmodel::table::int32_column>("missing_days")[40] == 0);
    CHECK_THROWS_AS(costmodel::actuals::daily_rate_series(t, o, day("2025-11-05"), day("2025-11-04")), costmodel::input_error);
}

TEST_CASE("the operational trend: a least-squares line with a prediction interval, as an estimate", "[actuals][trend]") {
    // Days 0..9 from 2025-03-01 costing 100 + 2 × day (100, 102, ..., 118) on a line: slope 2, intercept
    // 100, no residual, so the interval has no width. Tax and Marketplace lines are left out.
    std::string results;
    const date first = day("2025-03-01");
    for (int i = 0; i < 10; ++i) {
        const date d = first.plus_days(i);
        results += (results.empty() ? "" : ", ") + std::string(R"({"TimePeriod": {"Start": ")") + d.to_string() + R"(", "End": ")" +
                   d.plus_days(1).to_string() + R"("}, "Total": {}, "Groups": [{"Keys": ["Usage", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": ")" +
                   std::to_string(100 + 2 * i) + R"(", "Unit": "USD"}}}, {"Keys": ["Tax", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": "9", "Unit": "USD"}}}], "Estimated": false})";
    }
    const auto t = table_of({R"({"GroupDefinitions": [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}, {"Type": "DIMENSION", "Key": "BILLING_ENTITY"}],
                                "ResultsByTime": [)" + results + "]}"});
    const daily_rate_options o;
    const auto trend = costmodel::actuals::fit_operational_trend(t, o, first, day("2025-03-12"));
    CHECK(trend.days == 10);
    CHECK(trend.slope_per_day == Approx(2.0));
    CHECK(trend.intercept == Approx(100.0));
    CHECK(trend.residual_sd == Approx(0.0).margin(1e-9));
    REQUIRE(trend.table.num_rows() == 12);
    const auto& fitted = trend.table.get_as<costmodel::table::decimal_column>("trend");
    const auto& lower = trend.table.get_as<costmodel::table::decimal_column>("lower");
    const auto& operational = trend.table.get_as<costmodel::table::decimal_column>("operational");
    CHECK(operational[3] == Decimal(106));
    CHECK(operational.is_null(10));  // 2025-03-11: no data; the line still extends over it
    CHECK(fitted[11] == Decimal(122));  // 100 + 2 × 11
    CHECK(lower[11] == Decimal(122));

    // With noise (± 3 on alternate days) the residuals are nonzero: the interval has width, widest
    // away from the middle of the fitted days, and holds the fit.
    std::string noisy;
    for (int i = 0; i < 10; ++i) {
        const date d = first.plus_days(i);
        noisy += (noisy.empty() ? "" : ", ") + std::string(R"({"TimePeriod": {"Start": ")") + d.to_string() + R"(", "End": ")" +
                 d.plus_days(1).to_string() + R"("}, "Total": {}, "Groups": [{"Keys": ["Usage", "AWS"], "Metrics": {"NetAmortizedCost": {"Amount": ")" +
                 std::to_string(100 + 2 * i + (i % 2 == 0 ? 3 : -3)) + R"(", "Unit": "USD"}}}], "Estimated": false})";
    }
    const auto t2 = table_of({R"({"GroupDefinitions": [{"Type": "DIMENSION", "Key": "RECORD_TYPE"}, {"Type": "DIMENSION", "Key": "BILLING_ENTITY"}],
                                 "ResultsByTime": [)" + noisy + "]}"});
    const auto wide = costmodel::actuals::fit_operational_trend(t2, o, first, day("2025-03-10"));
    CHECK(wide.residual_sd > 0);
    const auto& f2 = wide.table.get_as<costmodel::table::decimal_column>("trend");
    const auto& lo2 = wide.table.get_as<costmodel::table::decimal_column>("lower");
    const auto& up2 = wide.table.get_as<costmodel::table::decimal_column>("upper");
    for (std::size_t i = 0; i < wide.table.num_rows(); ++i) CHECK((lo2[i] < f2[i] && f2[i] < up2[i]));
    CHECK(up2[0] - lo2[0] > up2[5] - lo2[5]);

    // Fewer than 3 days with data, and a period backwards, are input errors.
    CHECK_THROWS_AS(costmodel::actuals::fit_operational_trend(t, o, day("2025-03-10"), day("2025-03-12")), costmodel::input_error);
    CHECK_THROWS_AS(costmodel::actuals::fit_operational_trend(t, o, day("2025-03-05"), day("2025-03-01")), costmodel::input_error);
}
