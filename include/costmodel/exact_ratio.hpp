#pragma once
// An exact rational number for usage arithmetic: products and quotients of Decimals (memory MB ÷ 1024
// × milliseconds ÷ 1000 × invocations × 52 ÷ 12 ...) are carried exactly and rounded once, at the end,
// to a Decimal. That is how a quantity is "rounded to 10 fractional digits once".
//
// A ratio whose numerator and denominator fit 128 bits (nearly all of them) is kept in __int128 and
// computed with overflow-checked machine arithmetic; an operation that would overflow moves to
// arbitrary-precision integers (Boost.Multiprecision cpp_int), and a result that fits again comes back.
// Either way the value is exact and kept in lowest terms with a positive denominator.
//
// Metering does a handful of these operations per usage row, so the common cases are inline and take
// shortcuts that keep the result exact and in lowest terms: an integer (denominator 1) needs no gcd, a
// Decimal's denominator 10^10 has only the prime factors 2 and 5, and operands below 2^63 use 64-bit
// gcd and division in place of the library's 128-bit division. The arbitrary-precision form sits behind
// a pointer, so copying a small ratio copies two integers.

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <numeric>

#include "costmodel/decimal.hpp"

namespace costmodel {

class exact_ratio {
public:
    using integer = boost::multiprecision::cpp_int;

    exact_ratio() = default;
    exact_ratio(Decimal value) { set_decimal(value.units()); }  // NOLINT: every Decimal is a ratio
    exact_ratio(integer numerator, integer denominator);

    exact_ratio(const exact_ratio& other)
        : numerator_(other.numerator_), denominator_(other.denominator_),
          big_(other.big_ ? std::make_unique<big_form>(*other.big_) : nullptr) {}
    exact_ratio(exact_ratio&& other) noexcept = default;
    exact_ratio& operator=(const exact_ratio& other) {
        if (this != &other) {
            numerator_ = other.numerator_;
            denominator_ = other.denominator_;
            big_ = other.big_ ? std::make_unique<big_form>(*other.big_) : nullptr;
        }
        return *this;
    }
    exact_ratio& operator=(exact_ratio&& other) noexcept = default;
    ~exact_ratio() = default;

    [[nodiscard]] static exact_ratio fraction(std::int64_t numerator, std::int64_t denominator);

    friend exact_ratio operator*(const exact_ratio& a, const exact_ratio& b) {
        exact_ratio result;
        if (a.is_small() && b.is_small() && multiply_small(a, b, result)) return result;
        return multiply_big(a, b);
    }
    friend exact_ratio operator/(const exact_ratio& a, const exact_ratio& b) {
        if (b.is_small() && b.numerator_ != 0) {
            // The reciprocal of a ratio in lowest terms is in lowest terms: only the sign moves.
            exact_ratio reciprocal;
            reciprocal.numerator_ = b.numerator_ < 0 ? -b.denominator_ : b.denominator_;
            reciprocal.denominator_ = b.numerator_ < 0 ? -b.numerator_ : b.numerator_;
            return a * reciprocal;
        }
        return divide_big(a, b);
    }
    friend exact_ratio operator+(const exact_ratio& a, const exact_ratio& b) {
        if (a.is_small() && b.is_small() && a.denominator_ == 1 && b.denominator_ == 1) {
            exact_ratio result;
            if (checked_add(a.numerator_, b.numerator_, result.numerator_)) return result;
        }
        return add_general(a, b);
    }
    friend exact_ratio operator-(const exact_ratio& a, const exact_ratio& b);
    friend bool operator==(const exact_ratio& a, const exact_ratio& b) {
        // Both are in lowest terms and small whenever they fit, so equal values have equal forms.
        if (a.is_small() != b.is_small()) return false;
        if (a.is_small()) return a.numerator_ == b.numerator_ && a.denominator_ == b.denominator_;
        return equal_big(a, b);
    }
    friend bool operator<(const exact_ratio& a, const exact_ratio& b) {
        if (a.is_small() && b.is_small() && a.denominator_ == 1 && b.denominator_ == 1) return a.numerator_ < b.numerator_;
        return less_general(a, b);
    }

    // Rounded once to 10 fractional digits (throws std::overflow_error beyond Decimal's range).
    [[nodiscard]] Decimal to_decimal(rounding_mode mode = default_rounding) const {
        if (is_small()) {
            // An integer, or a quotient whose scaled numerator and denominator both fit 64 bits.
            const bool negative = numerator_ < 0;
            const unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(numerator_) : static_cast<unsigned __int128>(numerator_);
            if (denominator_ == 1) {
                if (magnitude <= static_cast<unsigned __int128>(Decimal::max_units / Decimal::units_per_one)) {
                    const auto units = static_cast<__int128>(magnitude) * Decimal::units_per_one;
                    return Decimal::from_units(negative ? -units : units);
                }
            } else if (magnitude <= max_u64 / static_cast<std::uint64_t>(Decimal::units_per_one) && denominator_ <= static_cast<__int128>(max_u64)) {
                const std::uint64_t scaled = static_cast<std::uint64_t>(magnitude) * static_cast<std::uint64_t>(Decimal::units_per_one);
                const std::uint64_t units =
                    detail::divide_rounded<std::uint64_t>(scaled, static_cast<std::uint64_t>(denominator_), mode, negative);
                return Decimal::from_units(negative ? -static_cast<__int128>(units) : static_cast<__int128>(units));
            }
        }
        return to_decimal_general(mode);
    }
    // The smallest integer >= this value.
    [[nodiscard]] exact_ratio ceil() const {
        if (is_small()) {
            if (denominator_ == 1) return *this;
            // In lowest terms with a denominator above 1, the value is not an integer: the ceiling is the
            // truncated quotient, plus one when positive.
            exact_ratio result;
            result.numerator_ = quotient(numerator_, denominator_) + (numerator_ > 0 ? 1 : 0);
            return result;
        }
        return ceil_big();
    }
    [[nodiscard]] bool is_negative() const { return is_small() ? numerator_ < 0 : big_->numerator < 0; }

    [[nodiscard]] integer numerator() const;
    [[nodiscard]] integer denominator() const;

private:
    struct big_form {
        integer numerator;
        integer denominator;
    };
    static constexpr std::uint64_t max_u64 = ~std::uint64_t{0};
    static constexpr std::int64_t max_i64 = static_cast<std::int64_t>(max_u64 >> 1);

    // Small form: numerator_ / denominator_ (denominator_ > 0; numerator_ never the minimum, so negation
    // is safe). Big form: denominator_ == 0 and the value is big_->numerator / big_->denominator.
    __int128 numerator_ = 0;
    __int128 denominator_ = 1;
    std::unique_ptr<big_form> big_;

    [[nodiscard]] bool is_small() const { return denominator_ != 0; }

    [[nodiscard]] static bool fits_i64(__int128 value) { return value >= -max_i64 && value <= max_i64; }
    [[nodiscard]] static bool checked_add(__int128 a, __int128 b, __int128& out) {
        return !__builtin_add_overflow(a, b, &out) && out != static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
    }
    [[nodiscard]] static bool checked_multiply(__int128 a, __int128 b, __int128& out) {
        return !__builtin_mul_overflow(a, b, &out) && out != static_cast<__int128>(static_cast<unsigned __int128>(1) << 127);
    }
    // a / b truncated, b > 0; 64-bit division when both fit.
    [[nodiscard]] static __int128 quotient(__int128 a, __int128 b) {
        if (fits_i64(a) && b <= max_i64) return static_cast<std::int64_t>(a) / static_cast<std::int64_t>(b);
        return a / b;
    }
    // gcd(|a|, b) for b > 0 (never 0).
    [[nodiscard]] static __int128 gcd_with(__int128 a, __int128 b) {
        if (fits_i64(a) && b <= max_i64) {
            const auto magnitude = static_cast<std::uint64_t>(a < 0 ? -a : a);
            return static_cast<__int128>(std::gcd(magnitude, static_cast<std::uint64_t>(b)));
        }
        return gcd_wide(a, b);
    }
    [[nodiscard]] static __int128 gcd_wide(__int128 a, __int128 b);

    void set_decimal(__int128 units) {
        constexpr auto one = static_cast<std::uint64_t>(Decimal::units_per_one);
        if (fits_i64(units)) {
            const bool negative = units < 0;
            std::uint64_t magnitude = static_cast<std::uint64_t>(negative ? -units : units);
            if (magnitude % one == 0) {
                numerator_ = units / static_cast<std::int64_t>(one);
                return;
            }
            // units / 10^10 = units / (2^10 × 5^10): the common factors are powers of 2 and 5.
            const int twos = std::min(__builtin_ctzll(magnitude), 10);
            magnitude >>= twos;
            std::uint64_t denominator = one >> twos;
            while (denominator % 5 == 0 && magnitude % 5 == 0) {
                magnitude /= 5;
                denominator /= 5;
            }
            numerator_ = negative ? -static_cast<__int128>(magnitude) : static_cast<__int128>(magnitude);
            denominator_ = denominator;
            return;
        }
        *this = from_small(units, Decimal::units_per_one);
    }

    // a × b for two small ratios, in lowest terms; false when the product does not fit 128 bits.
    [[nodiscard]] static bool multiply_small(const exact_ratio& a, const exact_ratio& b, exact_ratio& result) {
        if (a.numerator_ == 0 || b.numerator_ == 0) return true;  // result is 0/1 already
        if (a.denominator_ == 1 && b.denominator_ == 1) return checked_multiply(a.numerator_, b.numerator_, result.numerator_);
        // Cross-reduce first: the product is then in lowest terms, and overflows less often.
        __int128 an = a.numerator_, ad = a.denominator_, bn = b.numerator_, bd = b.denominator_;
        if (bd != 1) {
            const __int128 g = gcd_with(an, bd);
            if (g != 1) {
                an = quotient(an, g);
                bd = quotient(bd, g);
            }
        }
        if (ad != 1) {
            const __int128 g = gcd_with(bn, ad);
            if (g != 1) {
                bn = quotient(bn, g);
                ad = quotient(ad, g);
            }
        }
        return checked_multiply(an, bn, result.numerator_) && checked_multiply(ad, bd, result.denominator_);
    }

    [[nodiscard]] static exact_ratio multiply_big(const exact_ratio& a, const exact_ratio& b);
    [[nodiscard]] static exact_ratio divide_big(const exact_ratio& a, const exact_ratio& b);
    [[nodiscard]] static exact_ratio add_general(const exact_ratio& a, const exact_ratio& b);
    [[nodiscard]] static bool equal_big(const exact_ratio& a, const exact_ratio& b);
    [[nodiscard]] static bool less_general(const exact_ratio& a, const exact_ratio& b);
    [[nodiscard]] Decimal to_decimal_general(rounding_mode mode) const;
    [[nodiscard]] exact_ratio ceil_big() const;

    // From a numerator and a nonzero denominator of any sign and size: lowest terms, small when it fits.
    [[nodiscard]] static exact_ratio from_big(integer numerator, integer denominator);
    [[nodiscard]] static exact_ratio from_small(__int128 numerator, __int128 denominator);
};

}  // namespace costmodel
