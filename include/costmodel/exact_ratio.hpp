#pragma once
// An exact rational number for usage arithmetic: products and quotients of Decimals (memory MB ÷ 1024
// × milliseconds ÷ 1000 × invocations × 52 ÷ 12 ...) are carried exactly and rounded once, at the end,
// to a Decimal. That is how a quantity is "rounded to 10 fractional digits once".

#include <boost/multiprecision/cpp_int.hpp>

#include "costmodel/decimal.hpp"

namespace costmodel {

class exact_ratio {
public:
    using integer = boost::multiprecision::cpp_int;

    exact_ratio() = default;
    exact_ratio(Decimal value);  // NOLINT: every Decimal is a ratio
    exact_ratio(integer numerator, integer denominator);

    [[nodiscard]] static exact_ratio fraction(std::int64_t numerator, std::int64_t denominator) {
        return exact_ratio(integer(numerator), integer(denominator));
    }

    friend exact_ratio operator*(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator/(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator+(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator-(const exact_ratio& a, const exact_ratio& b);
    friend bool operator==(const exact_ratio& a, const exact_ratio& b) { return a.numerator_ == b.numerator_ && a.denominator_ == b.denominator_; }
    friend bool operator<(const exact_ratio& a, const exact_ratio& b);

    // Rounded once to 10 fractional digits (throws std::overflow_error beyond Decimal's range).
    [[nodiscard]] Decimal to_decimal(rounding_mode mode = default_rounding) const;
    // The smallest integer >= this value.
    [[nodiscard]] exact_ratio ceil() const;
    [[nodiscard]] bool is_negative() const { return numerator_ < 0; }

private:
    integer numerator_ = 0;
    integer denominator_ = 1;
    void normalize();
};

}  // namespace costmodel
