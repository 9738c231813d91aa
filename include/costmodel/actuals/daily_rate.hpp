#pragma once
// The support-split daily rate and annual projection of seed 003, over a Cost Explorer table
// (cost_explorer.hpp), exactly as docs/actuals.md defines it:
//
//   end = as_of - offset (exclusive)          start = end - window
//   operational = Σ metric over [start, end), RECORD_TYPE not Tax/Support, BILLING_ENTITY = AWS, chosen accounts
//   support_date = the first day of the month containing end
//   days_in_support_month = the days of the month before support_date (the month its charge covers;
//                           support_month_reading::end_month: the month containing end, the seed's literal text)
//   support_cost = Σ metric of Support rows on support_date (chosen accounts)
//   daily_operational = operational ÷ days_in_support_month
//   support_per_day = support_cost × support_share ÷ days_in_support_month
//   daily_rate = daily_operational + support_per_day        annual_projection = daily_rate × 365
//
// A table without a RECORD_TYPE, BILLING_ENTITY or LINKED_ACCOUNT column is taken as already filtered
// on that dimension (the query's Filter did it); the result says so in its notes.
//
// The computation is a pure function of the table, in two steps: one pass over the rows sums the
// metric per day (sum_by_day), and the rate is a few operations on those sums (daily_rate_from), so a
// projection for every as-of day of a period costs one pass, not one per day.

#include <cstdint>
#include <string>
#include <vector>

#include "costmodel/date.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::actuals {

enum class daily_rate_rounding : std::uint8_t {
    // Every figure is its exact value rounded once to 10 fractional digits (half-even): the daily
    // rate is (operational + support_cost × share) ÷ days, the projection that × 365 ÷ days. Rounded
    // to cents only for display.
    exact,
    // As the seed's worked example (and a spreadsheet showing cents) does: daily_operational and
    // support_per_day rounded half-up to cents, added, and that cent figure × 365.
    console,
};

enum class support_month_reading : std::uint8_t {
    // The month before support_date: the month the support charge billed on support_date covers
    // (October, 31 days, for an end date of 2025-11-02). The contract's reading.
    previous,
    // The month containing end, as the seed's text literally says (November, 30 days, in its example).
    end_month,
};

struct daily_rate_options {
    date as_of;
    int offset = 2;   // days, >= 0
    int window = 30;  // days, >= 1
    Decimal support_share = Decimal::parse("0.5");  // in [0, 1]
    std::string metric = "NetAmortizedCost";
    std::vector<std::string> accounts;  // LINKED_ACCOUNT values; empty: every account
    daily_rate_rounding rounding = daily_rate_rounding::exact;
    support_month_reading support_month = support_month_reading::previous;
    std::string source = "<cost explorer table>";  // names the input in errors
};

// The metric summed per day over [first, first + days): one pass over the table.
struct day_sums {
    date first;
    std::vector<__int128> operational;  // units of 10^-10, per day
    std::vector<__int128> support;
    std::vector<std::uint8_t> covered;    // 1: the table has a row of the metric for the day
    std::vector<std::uint8_t> estimated;  // 1: a row of the day is Estimated
    std::string currency;
    bool has_record_type = false;
    bool has_billing_entity = false;
    bool has_linked_account = false;
    // The days the metric's rows cover in the whole table, for messages: [data_first, data_end).
    bool has_data = false;
    date data_first;
    date data_end;
};

struct daily_rate_result {
    date start;
    date end;  // exclusive
    int days_in_window = 0;
    Decimal operational;
    date support_date;
    date support_month;  // the first day of the month whose days divide
    int days_in_support_month = 0;
    Decimal support_cost;
    Decimal support_share;
    Decimal daily_operational;
    Decimal support_per_day;
    Decimal daily_rate;
    Decimal annual_projection;
    std::string currency;
    std::string metric;
    daily_rate_rounding rounding = daily_rate_rounding::exact;
    support_month_reading support_month_used = support_month_reading::previous;
    std::vector<date> estimated_days;  // days of the window (and the support date) AWS marks Estimated
    std::vector<date> missing_days;    // days of the window with no row of the metric
    bool support_found = false;        // the table has a row of the metric on support_date
    std::vector<std::string> notes;    // filters taken as already applied, support date outside the data
};

[[nodiscard]] std::string_view to_string(daily_rate_rounding rounding) noexcept;
[[nodiscard]] std::string_view to_string(support_month_reading reading) noexcept;
// "exact" / "console"; "previous" / "end". input_error naming `source` and the option otherwise.
[[nodiscard]] daily_rate_rounding parse_daily_rate_rounding(std::string_view name, const std::string& source);
[[nodiscard]] support_month_reading parse_support_month(std::string_view name, const std::string& source);

// The first day, the window's days and the support date for the options (no table needed).
struct rate_dates {
    date start;
    date end;
    date support_date;
    date support_month;
    int days_in_support_month;
};
[[nodiscard]] rate_dates daily_rate_dates(const daily_rate_options& options);

// The metric's operational and support sums per day over [first, first + days), with the options'
// accounts. Rows outside the range are passed over; a MONTHLY row inside it is an input_error.
[[nodiscard]] day_sums sum_by_day(const table::table& lines, const daily_rate_options& options, date first, int days);

// The rate from sums that cover the options' window and support date.
[[nodiscard]] daily_rate_result daily_rate_from(const day_sums& sums, const daily_rate_options& options);

// sum_by_day over the window and support date, then daily_rate_from.
[[nodiscard]] daily_rate_result daily_rate(const table::table& lines, const daily_rate_options& options);

// The daily rate for every as-of day of [first_as_of, last_as_of] (inclusive), from one pass over the
// table: a line table with columns as_of, start, end (exclusive), days_in_support_month, operational,
// support_cost, daily_rate, annual_projection (null for an as-of day whose window has no data),
// estimated_days and missing_days (counts within the window). options.as_of is ignored; every other
// option applies to each day. Throws input_error when last_as_of is before first_as_of or the period
// is longer than 36,600 days.
[[nodiscard]] table::table daily_rate_series(const table::table& lines, const daily_rate_options& options, date first_as_of,
                                             date last_as_of);

}  // namespace costmodel::actuals
