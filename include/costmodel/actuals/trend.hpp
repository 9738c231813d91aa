#pragma once
// The trend of the daily operational cost: a least-squares line through the operational cost of each
// day of a period (the daily rate's filters: RECORD_TYPE not Tax or Support, BILLING_ENTITY AWS, the
// chosen accounts), with a 95% prediction interval. A statistic, not money: it is computed in double
// (Eigen) and every figure it gives is an estimate; the days' own costs stay exact beside it.
//
//   cost(day) ≈ intercept + slope × (day − first)
//   interval  = fit ± t(0.975, n − 2) × s × sqrt(1 + 1/n + (x − x̄)² / Σ(x − x̄)²)
//
// with s the residual standard deviation and t Student's quantile (Boost.Math).

#include "costmodel/actuals/daily_rate.hpp"
#include "costmodel/date.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::actuals {

struct operational_trend {
    date first;
    int days = 0;                 // days with data, which the line is fitted to
    double intercept = 0;         // estimate: the fitted cost on `first`
    double slope_per_day = 0;     // estimate: the change of the daily cost per day
    double residual_sd = 0;       // estimate
    // Per day of [first, last]: date, operational (exact, null without data), trend, lower, upper
    // (estimates, double).
    table::table table;
};

// The trend over [first, last] (inclusive) with the options' metric and accounts (options.as_of and
// the window are not used). Throws input_error when the period has fewer than 3 days with data or
// last is before first.
[[nodiscard]] operational_trend fit_operational_trend(const table::table& lines, const daily_rate_options& options, date first,
                                                      date last);

}  // namespace costmodel::actuals
