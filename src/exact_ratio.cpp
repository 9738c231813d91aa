#include "costmodel/exact_ratio.hpp"

#include <stdexcept>

#include "costmodel/scenario_settings.hpp"

namespace costmodel {

using integer = exact_ratio::integer;

exact_ratio::exact_ratio(Decimal value) {
    const auto magnitude = Decimal::magnitude_of(value.units());
    integer units = static_cast<std::uint64_t>(magnitude >> 64);
    units <<= 64;
    units += static_cast<std::uint64_t>(magnitude);
    numerator_ = value.is_negative() ? integer(-units) : units;
    denominator_ = Decimal::units_per_one;
    normalize();
}

exact_ratio::exact_ratio(integer numerator, integer denominator)
    : numerator_(std::move(numerator)), denominator_(std::move(denominator)) {
    if (denominator_ == 0) throw std::domain_error("exact_ratio: zero denominator");
    normalize();
}

void exact_ratio::normalize() {
    if (denominator_ < 0) {
        numerator_ = -numerator_;
        denominator_ = -denominator_;
    }
    const integer divisor = boost::multiprecision::gcd(numerator_, denominator_);
    if (divisor > 1) {
        numerator_ /= divisor;
        denominator_ /= divisor;
    }
}

exact_ratio operator*(const exact_ratio& a, const exact_ratio& b) {
    return exact_ratio(a.numerator_ * b.numerator_, a.denominator_ * b.denominator_);
}
exact_ratio operator/(const exact_ratio& a, const exact_ratio& b) {
    if (b.numerator_ == 0) throw std::domain_error("exact_ratio: division by zero");
    return exact_ratio(a.numerator_ * b.denominator_, a.denominator_ * b.numerator_);
}
exact_ratio operator+(const exact_ratio& a, const exact_ratio& b) {
    return exact_ratio(a.numerator_ * b.denominator_ + b.numerator_ * a.denominator_, a.denominator_ * b.denominator_);
}
exact_ratio operator-(const exact_ratio& a, const exact_ratio& b) {
    return exact_ratio(a.numerator_ * b.denominator_ - b.numerator_ * a.denominator_, a.denominator_ * b.denominator_);
}
bool operator<(const exact_ratio& a, const exact_ratio& b) {
    return a.numerator_ * b.denominator_ < b.numerator_ * a.denominator_;
}

Decimal exact_ratio::to_decimal(rounding_mode mode) const {
    const bool negative = numerator_ < 0;
    const integer magnitude = (negative ? integer(-numerator_) : numerator_) * Decimal::units_per_one;
    const integer units = detail::divide_rounded<integer>(magnitude, denominator_, mode, negative);
    if (units > integer(detail::to_int256(Decimal::max_units))) throw std::overflow_error("quantity out of range (limit 10^28)");
    const auto narrow = static_cast<__int128>(detail::from_int256(detail::int256(units)));
    return Decimal::from_units(negative ? -narrow : narrow);
}

exact_ratio exact_ratio::ceil() const {
    integer quotient = numerator_ / denominator_;  // truncates towards zero
    if (quotient * denominator_ != numerator_ && numerator_ > 0) quotient += 1;
    return exact_ratio(quotient, 1);
}

exact_ratio repetition::monthly_runs(const scenario_settings& settings) const {
    if (runs_per_month) return exact_ratio(*runs_per_month);
    if (runs_per_week) return exact_ratio(*runs_per_week) * settings.weeks_per_month;
    throw std::invalid_argument("no runs_per_month or runs_per_week given");
}

exact_ratio repetition::seconds_per_run() const {
    if (run_seconds) return exact_ratio(*run_seconds);
    if (run_minutes) return exact_ratio(*run_minutes) * exact_ratio(Decimal(60));
    throw std::invalid_argument("no run_minutes or run_seconds given");
}

}  // namespace costmodel
