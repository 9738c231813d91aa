#pragma once
// An exact rational number for usage arithmetic: products and quotients of Decimals (memory MB ÷ 1024
// × milliseconds ÷ 1000 × invocations × 52 ÷ 12 ...) are carried exactly and rounded once, at the end,
// to a Decimal. That is how a quantity is "rounded to 10 fractional digits once".
//
// A ratio whose numerator and denominator fit 128 bits (nearly all of them) is kept in __int128 and
// computed with overflow-checked machine arithmetic; an operation that would overflow moves to
// arbitrary-precision integers (Boost.Multiprecision cpp_int), and a result that fits again comes back.
// Either way the value is exact and kept in lowest terms with a positive denominator.

#include <boost/multiprecision/cpp_int.hpp>

#include "costmodel/decimal.hpp"

namespace costmodel {

class exact_ratio {
public:
    using integer = boost::multiprecision::cpp_int;

    exact_ratio() = default;
    exact_ratio(Decimal value);  // NOLINT: every Decimal is a ratio
    exact_ratio(integer numerator, integer denominator);

    [[nodiscard]] static exact_ratio fraction(std::int64_t numerator, std::int64_t denominator);

    friend exact_ratio operator*(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator/(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator+(const exact_ratio& a, const exact_ratio& b);
    friend exact_ratio operator-(const exact_ratio& a, const exact_ratio& b);
    friend bool operator==(const exact_ratio& a, const exact_ratio& b);
    friend bool operator<(const exact_ratio& a, const exact_ratio& b);

    // Rounded once to 10 fractional digits (throws std::overflow_error beyond Decimal's range).
    [[nodiscard]] Decimal to_decimal(rounding_mode mode = default_rounding) const;
    // The smallest integer >= this value.
    [[nodiscard]] exact_ratio ceil() const;
    [[nodiscard]] bool is_negative() const { return is_small() ? numerator_ < 0 : big_numerator_ < 0; }

    [[nodiscard]] integer numerator() const;
    [[nodiscard]] integer denominator() const;

private:
    // Small form: numerator_ / denominator_ (denominator_ > 0). Big form: denominator_ == 0 and the
    // value is big_numerator_ / big_denominator_.
    __int128 numerator_ = 0;
    __int128 denominator_ = 1;
    integer big_numerator_;
    integer big_denominator_;

    [[nodiscard]] bool is_small() const { return denominator_ != 0; }
    // From a numerator and a nonzero denominator of any sign and size: lowest terms, small when it fits.
    [[nodiscard]] static exact_ratio from_big(integer numerator, integer denominator);
    [[nodiscard]] static exact_ratio from_small(__int128 numerator, __int128 denominator);
};

}  // namespace costmodel
