#pragma once
// The monthly chargeback of leases (seed 001, docs/leases.md "Chargeback") as CSV text, in one pass
// over Arrow columns read in place (table/arrow_view.hpp): the kernel behind
// costmodel.leases.chargeback_csv.
//
//   chargeback_columns columns = ...;                       // views of a LeaseColumns table
//   auto rows = chargeback_rows(columns, chargeback_by::end, first, last);
//   std::optional<std::string> csv = chargeback_csv(columns, *rows, std::nullopt);
//
// Rows (chargeback_rows): the leases whose endDate (`end`), startDate (`start`) or collectedAt
// (`collected`, seconds since the epoch, UTC) falls in [first, last] (calendar days, inclusive), in
// the order of startDate, then leaseId (byte order; a null leaseId last), ties kept in row order. A row
// whose chosen field is null is not in the month.
//
// Fields of each CSV line, in CHARGEBACK_COLUMNS' order:
//   OrgUnit, OwnerEmail, LeaseID, AccountID   text; null is empty; OwnerEmail is ownerEmail, or ownerId
//                                             when ownerEmail is null or empty (when an owner_id view is given)
//   StartDate, EndDate                        YYYY-MM-DD
//   Duration                                  the duration column if given, else EndDate − StartDate in days
//   Budget                                    cents, whole figures without ".00" ("£1000", "£1250.50")
//   ActualCost                                cents ("£856.34", "-£12.00")
//   Variance                                  the variance column if given, else ActualCost − Budget
//                                             exactly, then cents, "+" before a positive figure
// Cents: the exact amount rounded once to 2 digits, half-up (ties away from zero, Python's
// ROUND_HALF_UP); a figure that rounds to zero has no sign ("£0.00"). A null Budget or Variance is an
// empty field. The symbol is `symbol` when given, else £ $ € for GBP USD EUR, else the currency code and
// a space ("CHF 12.00"). A field holding a comma, a quote, CR or LF is quoted, its quotes doubled (RFC
// 4180, as Python's csv module writes). Lines end in "\n", the header first.
//
// nullopt (the caller then takes its general path, with the same result) when a column is not of the
// layout the views read, an amount's scale is not 10, or a selected row has a null startDate, endDate,
// currency or totalCost.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/date.hpp"
#include "costmodel/table/arrow_view.hpp"

namespace costmodel::actuals {

struct chargeback_columns {
    table::arrow::text_view org_unit, owner_email, lease_id, account_id, currency;
    std::optional<table::arrow::text_view> owner_id;  // the fallback of an empty owner email
    table::arrow::int32_view start_date, end_date;    // days since the epoch
    std::optional<table::arrow::int64_view> duration;  // else end − start
    std::optional<table::arrow::int64_view> collected_at;  // seconds since the epoch (for chargeback_by::collected)
    table::arrow::decimal_view budget, total_cost;
    std::optional<table::arrow::decimal_view> variance;  // else total_cost − budget
    std::int64_t length = 0;                              // rows (every view has at least this many)
};

enum class chargeback_by : std::uint8_t { end, start, collected };

// The rows of the month in the chargeback's order; nullopt when the chosen column is missing.
[[nodiscard]] std::optional<std::vector<std::int64_t>> chargeback_rows(const chargeback_columns& columns, chargeback_by by,
                                                                       date first, date last);

// The CSV of `rows` (in that order); nullopt as said above.
[[nodiscard]] std::optional<std::string> chargeback_csv(const chargeback_columns& columns, std::span<const std::int64_t> rows,
                                                        std::optional<std::string_view> symbol);

}  // namespace costmodel::actuals
