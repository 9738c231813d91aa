#pragma once
// Amortisation of a commitment (a Reserved Instance or a Savings Plan): its upfront fee and recurring
// fee spread over the term's days, as Cost Explorer's amortised view shows effective cost
// (docs/commitments.md, "Amortisation").
//
// Conventions, all exact:
// - The term runs from `start` (inclusive) to its end (exclusive): `end`, or the same day 1 or 3
//   years later (29 February to 1 March in a year without one). Days are UTC days of 24 hours.
// - Upfront: per day = upfront / days in the term. The split is the largest-remainder method at
//   10^-10 (allocate.hpp): each day gets the floor of that quota and the units left over go one each
//   to the earliest days, so the daily amounts sum exactly to the upfront fee.
// - Recurring monthly fee: a calendar month's fee is spread over that month's days (per day = fee /
//   days in the month), so a month wholly in the term carries exactly the fee. A month the term only
//   partly covers (the first and last) carries fee × term days in it / days in the month, rounded
//   half-even at the 10th fractional digit; within each month the amounts are split over its days by
//   largest remainder, so they sum exactly to the month's share.
// - Recurring hourly fee: 24 × the hourly fee each day, exactly.
// The recurring total is the sum of the months' shares; upfront + recurring is the sum of the daily
// amounts, exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "costmodel/date.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel {

struct commitment_terms {
    std::string id;                          // names the commitment in the tables ("ri-m5")
    date start;
    std::optional<int> term_years;           // 1 or 3; or
    std::optional<date> end;                 // the first day after the term
    Decimal upfront;                         // >= 0
    std::optional<Decimal> recurring_monthly;  // per calendar month; or
    std::optional<Decimal> recurring_hourly;   // per hour of the term
};

struct amortisation {
    date start;
    date end;            // exclusive
    std::int32_t days = 0;
    Decimal upfront;     // the fee, as given
    Decimal recurring;   // the sum of the recurring shares over the term
    Decimal total;       // upfront + recurring = the sum of `daily`'s cost
    // commitment (string), date, upfront, recurring, cost (= upfront + recurring): one row per day.
    table::table daily;
    // commitment, month (its first day), days (of the term in it, int32), upfront, recurring, cost:
    // the sums of the month's daily rows.
    table::table monthly;
};

// Throws input_error naming `source`, the field (upfront, recurring_monthly, term_years, end, ...) and
// the value for a negative fee, a term of other than 1 or 3 years, both or neither of term_years and
// end, an end on or before the start, or both recurring fees.
[[nodiscard]] amortisation amortize(const commitment_terms& terms, std::string_view source = "<commitment>");

}  // namespace costmodel
