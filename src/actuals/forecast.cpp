// The final cost of a running lease from its daily costs (include/costmodel/actuals/forecast.hpp).

#include "costmodel/actuals/forecast.hpp"

#include <cmath>
#include <vector>

#include <Eigen/Dense>

#include "costmodel/exact_ratio.hpp"
#include "costmodel/input_error.hpp"
#include "student_t.hpp"

namespace costmodel::actuals {

namespace {

Decimal to_cents(double value) { return Decimal::from_double(value).round(2, rounding_mode::round_half_up); }

// The forecast and its bounds at least what is spent, in cents (forecast.hpp).
final_cost_forecast at_least_spent(final_cost_forecast result) {
    const Decimal floor = result.spent.round(2, rounding_mode::round_half_up);
    const auto raise = [&](Decimal& value) {
        if (value < floor) {
            value = floor;
            result.clipped = true;
        }
    };
    raise(result.forecast);
    if (result.lower) raise(*result.lower);
    if (result.upper) raise(*result.upper);
    return result;
}

}  // namespace

final_cost_forecast forecast_final_cost(std::span<const Decimal> daily, int total_days, const std::string& source) {
    const auto n = static_cast<int>(daily.size());
    if (n == 0) throw input_error(source, "daily_costs", "a forecast needs the cost of at least one day");
    if (total_days < 1) throw input_error(source, "total_days", "expected at least 1 day, got " + std::to_string(total_days), std::to_string(total_days));
    if (total_days < n) {
        throw input_error(source, "total_days", "the lease lasts " + std::to_string(total_days) + " days but " + std::to_string(n) + " days of costs are given",
                          std::to_string(total_days));
    }
    final_cost_forecast result;
    result.days = n;
    result.total_days = total_days;
    for (const Decimal& cost : daily) result.spent += cost;

    if (n < 3) {
        result.method = "run-rate";
        const exact_ratio rate = exact_ratio(result.spent) * exact_ratio(Decimal(total_days)) / exact_ratio(Decimal(n));
        result.forecast = rate.to_decimal().round(2, rounding_mode::round_half_up);
        // Rounded at 10 digits, then at 2: the same as once from the exact ratio unless the exact
        // value lies within 10^-10 of a half cent; run-rate × whole days rarely does.
        return at_least_spent(std::move(result));
    }
    result.method = "linear";
    const int m = total_days - n;
    Eigen::MatrixXd design(n, 2);
    Eigen::VectorXd cost(n);
    for (int k = 0; k < n; ++k) {
        design(k, 0) = 1.0;
        design(k, 1) = k;
        // To double only here, for the statistic: spent stays exact.
        cost(k) = daily[static_cast<std::size_t>(k)].to_double();
    }
    const Eigen::Vector2d beta = design.colPivHouseholderQr().solve(cost);
    result.slope_per_day = beta(1);
    if (m == 0) {
        result.forecast = result.spent;
        result.lower = result.spent;
        result.upper = result.spent;
        return result;
    }
    const Eigen::VectorXd residuals = cost - design * beta;
    const double s = std::sqrt(residuals.squaredNorm() / static_cast<double>(n - 2));
    const double mean_x = (n - 1) / 2.0;
    const double sxx = (design.col(1).array() - mean_x).square().sum();
    const double mean_future = (n + total_days - 1) / 2.0;  // the mean of x = n … total_days − 1
    const double md = m;
    const double remaining = md * (beta(0) + beta(1) * mean_future);
    const double half = detail::t_quantile_975(static_cast<double>(n - 2)) * s *
                        std::sqrt(md + md * md * (1.0 / n + (mean_future - mean_x) * (mean_future - mean_x) / sxx));
    const double spent = result.spent.to_double();
    result.forecast = to_cents(spent + remaining);
    result.lower = to_cents(spent + remaining - half);
    result.upper = to_cents(spent + remaining + half);
    return at_least_spent(std::move(result));
}

}  // namespace costmodel::actuals
