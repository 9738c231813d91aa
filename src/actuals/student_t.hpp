#pragma once
// Student's t quantile for the prediction intervals of the actuals' estimates (trend.cpp,
// forecast.cpp): one place that says which distribution and which library (Boost.Math).

#include <boost/math/distributions/students_t.hpp>

namespace costmodel::actuals::detail {

// The two-sided 95% quantile t(0.975, degrees_of_freedom); degrees_of_freedom > 0.
[[nodiscard]] inline double t_quantile_975(double degrees_of_freedom) {
    return boost::math::quantile(boost::math::students_t(degrees_of_freedom), 0.975);
}

}  // namespace costmodel::actuals::detail
