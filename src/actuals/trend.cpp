#include "costmodel/actuals/trend.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Dense>
#include "costmodel/input_error.hpp"
#include "student_t.hpp"

namespace costmodel::actuals {

operational_trend fit_operational_trend(const table::table& lines, const daily_rate_options& options, date first, date last) {
    if (last < first) {
        throw input_error(options.source, "last", "the last day " + last.to_string() + " is before the first, " + first.to_string(), last.to_string());
    }
    const int span = last - first + 1;
    const day_sums sums = sum_by_day(lines, options, first, span);

    std::vector<int> xs;
    std::vector<double> ys;
    for (int i = 0; i < span; ++i) {
        if (!sums.covered[static_cast<std::size_t>(i)]) continue;
        xs.push_back(i);
        // To double only here, for the statistic: the table keeps the exact amount.
        ys.push_back(Decimal::from_units(sums.operational[static_cast<std::size_t>(i)]).to_double());
    }
    const auto n = static_cast<Eigen::Index>(xs.size());
    if (n < 3) {
        throw input_error(options.source, "first",
                          "a trend needs at least 3 days with data, got " + std::to_string(n) + " from " + first.to_string() + " to " + last.to_string(),
                          first.to_string());
    }
    Eigen::MatrixXd design(n, 2);
    Eigen::VectorXd cost(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        design(k, 0) = 1.0;
        design(k, 1) = xs[static_cast<std::size_t>(k)];
        cost(k) = ys[static_cast<std::size_t>(k)];
    }
    const Eigen::Vector2d beta = design.colPivHouseholderQr().solve(cost);
    const Eigen::VectorXd residuals = cost - design * beta;
    const double s = std::sqrt(residuals.squaredNorm() / static_cast<double>(n - 2));
    const double mean_x = design.col(1).mean();
    const double sxx = (design.col(1).array() - mean_x).square().sum();
    const double t = detail::t_quantile_975(static_cast<double>(n - 2));

    operational_trend result;
    result.first = first;
    result.days = static_cast<int>(n);
    result.intercept = beta(0);
    result.slope_per_day = beta(1);
    result.residual_sd = s;
    auto& day_col = result.table.add_date("date");
    auto& operational = result.table.add_decimal("operational", true);
    // The estimates as Decimal columns (line tables hold no binary floats), each rounded explicitly,
    // half-even, to 6 places from its double.
    auto& fitted = result.table.add_decimal("trend");
    auto& lower = result.table.add_decimal("lower");
    auto& upper = result.table.add_decimal("upper");
    const auto estimate = [](double value) { return Decimal::from_double(value).round(6); };
    for (int i = 0; i < span; ++i) {
        const auto k = static_cast<std::size_t>(i);
        day_col.append(first.plus_days(i).days());
        if (sums.covered[k]) operational.append(Decimal::from_units(sums.operational[k]));
        else operational.append_null();
        const double x = i;
        const double fit = beta(0) + beta(1) * x;
        const double half = t * s * std::sqrt(1.0 + 1.0 / static_cast<double>(n) + (x - mean_x) * (x - mean_x) / sxx);
        fitted.append(estimate(fit));
        lower.append(estimate(fit - half));
        upper.append(estimate(fit + half));
    }
    return result;
}

}  // namespace costmodel::actuals
