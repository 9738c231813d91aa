// Amortisation of a commitment's fees over its term: figures checked by hand, the sum property,
// leap years, terms that start mid-month, and the input errors.

#include <catch2/catch.hpp>

#include <string>

#include "costmodel/commitments/amortisation.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::amortisation;
using costmodel::commitment_terms;
using costmodel::Decimal;
using costmodel_test::dec;

namespace {

costmodel::date day(const char* text) { return *costmodel::date::parse(text); }

commitment_terms terms(const char* start, std::optional<int> years, const char* upfront) {
    commitment_terms t;
    t.id = "ri";
    t.start = day(start);
    t.term_years = years;
    t.upfront = dec(upfront);
    return t;
}

Decimal column_sum(const costmodel::table::table& t, const char* name) {
    Decimal sum;
    for (const __int128 units : t.decimals(name)) sum += Decimal::from_units(units);
    return sum;
}

Decimal at(const costmodel::table::table& t, const char* name, std::size_t row) { return t.get_as<costmodel::table::decimal_column>(name)[row]; }

std::string error_of(const commitment_terms& t) {
    try {
        (void)costmodel::amortize(t, "<ri>");
    } catch (const costmodel::input_error& e) {
        return e.path() + " | " + e.what();
    }
    return "<no input_error>";
}

}  // namespace

TEST_CASE("Dates: ISO text, months, years with and without 29 February", "[amortisation][date]") {
    CHECK(day("2026-04-01").to_string() == "2026-04-01");
    CHECK(day("2026-04-01").days() == 20544);  // 56 years from 1970 with 14 leap days: 56 × 365 + 14 + 90 (Jan–Mar)
    CHECK_FALSE(costmodel::date::parse("2026-02-29").has_value());
    CHECK(costmodel::date::parse("2028-02-29").has_value());
    CHECK_FALSE(costmodel::date::parse("2026-4-01").has_value());
    CHECK(costmodel::date::parse_month("2026-05") == day("2026-05-01"));
    CHECK(day("2028-02-29").plus_years(1) == day("2029-03-01"));
    CHECK(day("2028-02-29").plus_years(4) == day("2032-02-29"));
    CHECK(day("2026-12-31").next_month() == day("2027-01-01"));
}

TEST_CASE("$30 upfront + $2.48 a month over a 30-day month: 0.16485844749 a day", "[amortisation]") {
    // One year from 1 April 2026: 365 days (no 29 February before 1 April 2027); April has 30 days.
    // Exactly, a day of April costs 30/365 + 2.48/30 = (900 + 905.2) / 10950 = 1805.2/10950
    // = 0.164858447488584..., Cost Explorer's "about $0.165 per day".
    commitment_terms t = terms("2026-04-01", 1, "30");
    t.recurring_monthly = dec("2.48");
    const amortisation a = costmodel::amortize(t);
    CHECK(a.end == day("2027-04-01"));
    CHECK(a.days == 365);
    // Upfront: 30 / 365 = 0.08219178082...; floors 0.0821917808 × 365 = 29.999999992, so the 80 units
    // of 10^-10 left go one each to the first 80 days.
    CHECK(at(a.daily, "upfront", 0) == dec("0.0821917809"));
    CHECK(at(a.daily, "upfront", 79) == dec("0.0821917809"));
    CHECK(at(a.daily, "upfront", 80) == dec("0.0821917808"));
    // April's 2.48 / 30 = 0.08266666666...; floors × 30 = 2.479999998, the 20 units left to 1–20 April.
    CHECK(at(a.daily, "recurring", 0) == dec("0.0826666667"));
    CHECK(at(a.daily, "recurring", 19) == dec("0.0826666667"));
    CHECK(at(a.daily, "recurring", 20) == dec("0.0826666666"));
    CHECK(at(a.daily, "cost", 0) == dec("0.1648584476"));
    CHECK(at(a.daily, "cost", 29) == dec("0.1648584475"));
    // Every day of April is within 10^-10 of the exact rate, which rounds to 0.165.
    for (std::size_t i = 0; i < 30; ++i) CHECK(abs(at(a.daily, "cost", i) - dec("0.1648584475")) <= dec("0.0000000001"));
    // The whole: 30 + 12 × 2.48 = 59.76.
    CHECK(a.recurring == dec("29.76"));
    CHECK(a.total == dec("59.76"));
    CHECK(column_sum(a.daily, "cost") == dec("59.76"));
    CHECK(column_sum(a.daily, "upfront") == dec("30"));
    // Months: April 2026 to March 2027, each with its 2.48.
    REQUIRE(a.monthly.num_rows() == 12);
    CHECK(a.monthly.get_as<costmodel::table::date_column>("month")[0] == day("2026-04-01").days());
    CHECK(a.monthly.int32s("days")[0] == 30);
    CHECK(at(a.monthly, "recurring", 0) == dec("2.48"));
    CHECK(at(a.monthly, "upfront", 0) == dec("2.465753427"));  // 30 × 0.0821917809
    CHECK(at(a.monthly, "cost", 0) == dec("4.945753427"));
    CHECK(column_sum(a.monthly, "cost") == dec("59.76"));
}

TEST_CASE("Leap years: 366 days in a term through 29 February", "[amortisation]") {
    // 2028 is a leap year: one year from 1 January 2028 is 366 days; 366 upfront is 1 a day exactly.
    commitment_terms t = terms("2028-01-01", 1, "366");
    t.recurring_monthly = dec("29");
    const amortisation a = costmodel::amortize(t);
    CHECK(a.days == 366);
    CHECK(at(a.daily, "upfront", 365) == dec("1"));
    // February 2028 has 29 days: 29 a month is 1 a day (day 31 is 1 February).
    CHECK(at(a.daily, "recurring", 31) == dec("1"));
    CHECK(at(a.monthly, "recurring", 1) == dec("29"));
    CHECK(a.monthly.int32s("days")[1] == 29);
    CHECK(a.total == dec("714"));  // 366 + 12 × 29

    // Three years from 1 March 2027 cross 29 February 2028: 365 + 366 + 365 = 1096 days.
    CHECK(costmodel::amortize(terms("2027-03-01", 3, "0")).days == 1096);
    // From 29 February: the term ends on 1 March of a year without one; 366 + 365 + 365 = 1096.
    const amortisation leap_start = costmodel::amortize(terms("2028-02-29", 3, "1096"));
    CHECK(leap_start.end == day("2031-03-01"));
    CHECK(leap_start.days == 1096);
    CHECK(at(leap_start.daily, "upfront", 1095) == dec("1"));
}

TEST_CASE("A term that starts mid-month: its first and last months in part", "[amortisation]") {
    // 15 January 2026 for a year: January 2026 holds 17 days (15–31) of 31, January 2027 holds 14.
    // A fee of 31 a month: 31 × 17/31 = 17 and 31 × 14/31 = 14; the whole, 17 + 11 × 31 + 14 = 372.
    commitment_terms t = terms("2026-01-15", 1, "0");
    t.recurring_monthly = dec("31");
    const amortisation a = costmodel::amortize(t);
    REQUIRE(a.monthly.num_rows() == 13);
    CHECK(a.monthly.int32s("days")[0] == 17);
    CHECK(at(a.monthly, "recurring", 0) == dec("17"));
    CHECK(a.monthly.int32s("days")[12] == 14);
    CHECK(at(a.monthly, "recurring", 12) == dec("14"));
    CHECK(at(a.daily, "recurring", 0) == dec("1"));
    // February: 31 / 28 = 1.107142857142857...; floors 1.1071428571 × 28 = 30.9999999988, 12 units left.
    CHECK(at(a.daily, "recurring", 17) == dec("1.1071428572"));
    CHECK(at(a.daily, "recurring", 17 + 27) == dec("1.1071428571"));
    CHECK(a.recurring == dec("372"));

    // A part month whose share is not exact: 10 a month from 10 February to 20 March 2026.
    // February: 10 × 19/28 = 6.78571428571428... → 6.7857142857 (half-even at 10 places);
    // March: 10 × 19/31 = 6.12903225806451... → 6.1290322581. Together 12.9147465438.
    commitment_terms part;
    part.id = "sp";
    part.start = day("2026-02-10");
    part.end = day("2026-03-20");
    part.recurring_monthly = dec("10");
    const amortisation p = costmodel::amortize(part);
    CHECK(p.days == 38);
    CHECK(at(p.monthly, "recurring", 0) == dec("6.7857142857"));
    CHECK(at(p.monthly, "recurring", 1) == dec("6.1290322581"));
    CHECK(p.total == dec("12.9147465438"));
    CHECK(column_sum(p.daily, "cost") == p.total);
}

TEST_CASE("An hourly recurring fee is 24 hours a day", "[amortisation]") {
    // 0.125 an hour × 24 = 3 a day; 10 days = 30; with 5 upfront, 0.5 a day more.
    commitment_terms t;
    t.id = "sp";
    t.start = day("2026-01-01");
    t.end = day("2026-01-11");
    t.upfront = dec("5");
    t.recurring_hourly = dec("0.125");
    const amortisation a = costmodel::amortize(t);
    CHECK(at(a.daily, "cost", 0) == dec("3.5"));
    CHECK(a.recurring == dec("30"));
    CHECK(a.total == dec("35"));
    CHECK(a.daily.strings("commitment")[0] == "sp");
}

TEST_CASE("The daily amounts sum exactly to upfront + recurring", "[amortisation]") {
    const char* starts[] = {"2026-05-17", "2027-12-31", "2028-02-29", "2024-02-01"};
    const char* upfronts[] = {"1234.5678901234", "0.0000000007", "99999.99", "3"};
    const char* monthly[] = {"98.7654321", "0.01", "1.0000000001", "0"};
    for (const char* start : starts) {
        for (std::size_t k = 0; k < 4; ++k) {
            for (const int years : {1, 3}) {
                commitment_terms t = terms(start, years, upfronts[k]);
                t.recurring_monthly = dec(monthly[k]);
                const amortisation a = costmodel::amortize(t);
                CHECK(column_sum(a.daily, "upfront") == dec(upfronts[k]));
                CHECK(column_sum(a.daily, "recurring") == a.recurring);
                CHECK(column_sum(a.daily, "cost") == a.total);
                CHECK(column_sum(a.monthly, "cost") == a.total);
                CHECK(a.daily.num_rows() == static_cast<std::size_t>(a.days));
                std::int32_t month_days = 0;
                for (const std::int32_t d : a.monthly.int32s("days")) month_days += d;
                CHECK(month_days == a.days);
            }
        }
    }
}

TEST_CASE("Bad terms and fees are input errors naming the field and the value", "[amortisation]") {
    CHECK(error_of(terms("2026-01-01", 1, "-30")) == "upfront | <ri>: upfront: expected a fee >= 0, got -30");
    commitment_terms negative_monthly = terms("2026-01-01", 1, "30");
    negative_monthly.recurring_monthly = dec("-2.48");
    CHECK(error_of(negative_monthly) == "recurring_monthly | <ri>: recurring_monthly: expected a fee >= 0, got -2.48");
    CHECK(error_of(terms("2026-01-01", 2, "30")) == "term_years | <ri>: term_years: expected 1 or 3 (years), got 2");
    CHECK(error_of(terms("2026-01-01", 0, "30")) == "term_years | <ri>: term_years: expected 1 or 3 (years), got 0");
    CHECK(error_of(terms("2026-01-01", std::nullopt, "30")) == "term_years | <ri>: term_years: missing: give term_years (1 or 3) or end");
    commitment_terms zero = terms("2026-01-01", std::nullopt, "30");
    zero.end = day("2026-01-01");
    CHECK(error_of(zero) == "end | <ri>: end: the term must end after it starts (2026-01-01), got 2026-01-01");
    commitment_terms backwards = terms("2026-01-01", std::nullopt, "30");
    backwards.end = day("2025-12-01");
    CHECK(error_of(backwards) == "end | <ri>: end: the term must end after it starts (2026-01-01), got 2025-12-01");
    commitment_terms both = terms("2026-01-01", 1, "30");
    both.end = day("2027-01-01");
    CHECK(error_of(both) == "end | <ri>: end: give term_years or end, not both");
    commitment_terms two_fees = terms("2026-01-01", 1, "30");
    two_fees.recurring_monthly = dec("1");
    two_fees.recurring_hourly = dec("1");
    CHECK(error_of(two_fees) == "recurring_hourly | <ri>: recurring_hourly: give recurring_monthly or recurring_hourly, not both");
}
