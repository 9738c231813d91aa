#pragma once
// The final cost of a running lease, forecast from its daily costs so far (docs/leases.md "Lease
// reports"). A statistic, not money: the line is fitted in double (Eigen) and the forecast and its
// interval are estimates, rounded to cents half-up where they become amounts; `spent` stays exact.
//
// With n ≥ 3 days so far (day x = 0 … n − 1, cost y_x, in order) and m = total_days − n days to go:
//   line      y ≈ a + b·x, by least squares
//   forecast  = spent + Σ_{x = n}^{total_days − 1} (a + b·x)  = spent + m·(a + b·x̄_f), x̄_f the mean
//               of the remaining days' x
//   interval  = forecast ± t(0.975, n − 2) · s · sqrt(m + m²·(1/n + (x̄_f − x̄)² / Σ(x − x̄)²))
// with s the residual standard deviation and t Student's quantile (Boost.Math): the 95% prediction
// interval of the sum of the m days still to come (each day's own noise, m·s², plus the line's
// uncertainty at their mean, m²·Var(a + b·x̄_f)). With m = 0 the forecast is spent and the interval
// [spent, spent].
//
// What is spent is spent: the forecast and both bounds are clipped at `spent` rounded to cents
// half-up (`clipped` says whether any was), so a line falling through the remaining days, or a wide
// interval, never forecasts less than the lease has already cost. A day with credits can still cost
// less than nothing; the forecast is of what the lease will have been charged, not of refunds to come.
//
// With 1 or 2 days: forecast = spent ÷ n × total_days, exactly, then rounded to cents half-up; no
// interval (too few days to estimate the noise).
//
// input_error: no daily costs, total_days < 1, or fewer total days than days so far.

#include <optional>
#include <span>
#include <string>

#include "costmodel/decimal.hpp"

namespace costmodel::actuals {

struct final_cost_forecast {
    Decimal spent;             // exact: Σ daily
    int days = 0;              // days so far
    int total_days = 0;
    Decimal forecast;          // estimate, cents
    std::optional<Decimal> lower;  // estimate, cents; none with fewer than 3 days
    std::optional<Decimal> upper;
    std::string method;        // "linear" (the fitted line) or "run-rate" (spent ÷ n × total_days)
    double slope_per_day = 0;  // estimate: the line's b (0 for run-rate)
    bool clipped = false;      // the forecast or a bound was below spent and was raised to it
};

[[nodiscard]] final_cost_forecast forecast_final_cost(std::span<const Decimal> daily, int total_days,
                                                      const std::string& source = "<forecast arguments>");

}  // namespace costmodel::actuals
