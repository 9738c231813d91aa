#include "costmodel/exact_ratio.hpp"

#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>


namespace costmodel {

using integer = exact_ratio::integer;
using u128 = unsigned __int128;

namespace {

integer to_integer(__int128 value) {
    const bool negative = value < 0;
    const u128 magnitude = negative ? u128(0) - static_cast<u128>(value) : static_cast<u128>(value);
    integer result = static_cast<std::uint64_t>(magnitude >> 64);
    result <<= 64;
    result += static_cast<std::uint64_t>(magnitude);
    return negative ? integer(-result) : result;
}

// The value as __int128 when it fits (the minimum is excluded, so that negation never overflows).
bool fits(const integer& value, __int128& out) {
    static const integer limit = to_integer(std::numeric_limits<__int128>::max());
    if (value > limit || value < -limit) return false;
    const bool negative = value < 0;
    const integer magnitude = negative ? integer(-value) : value;
    const auto low = static_cast<std::uint64_t>(magnitude & std::numeric_limits<std::uint64_t>::max());
    const auto high = static_cast<std::uint64_t>(magnitude >> 64);
    const auto result = static_cast<__int128>((static_cast<u128>(high) << 64) | low);
    out = negative ? -result : result;
    return true;
}

u128 magnitude(__int128 value) { return value < 0 ? u128(0) - static_cast<u128>(value) : static_cast<u128>(value); }

int trailing_zeros(u128 value) {
    const auto low = static_cast<std::uint64_t>(value);
    return low != 0 ? __builtin_ctzll(low) : 64 + __builtin_ctzll(static_cast<std::uint64_t>(value >> 64));
}

// Binary GCD: shifts and subtractions only, no 128-bit division (64-bit operands take the library's).
u128 gcd(u128 a, u128 b) {
    if (((a | b) >> 64) == 0) return std::gcd(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b));
    if (a == 0) return b;
    if (b == 0) return a;
    const int shift = trailing_zeros(a | b);
    a >>= trailing_zeros(a);
    do {
        b >>= trailing_zeros(b);
        if (a > b) std::swap(a, b);
        b -= a;
    } while (b != 0);
    return a << shift;
}

bool multiply(__int128 a, __int128 b, __int128& out) {
    return !__builtin_mul_overflow(a, b, &out) && out != std::numeric_limits<__int128>::min();
}
bool add(__int128 a, __int128 b, __int128& out) {
    return !__builtin_add_overflow(a, b, &out) && out != std::numeric_limits<__int128>::min();
}

}  // namespace

__int128 exact_ratio::gcd_wide(__int128 a, __int128 b) { return static_cast<__int128>(gcd(magnitude(a), static_cast<u128>(b))); }

exact_ratio exact_ratio::from_small(__int128 numerator, __int128 denominator) {
    // Both operands exclude the minimum, so negation is safe.
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    exact_ratio result;
    if (numerator == 0) return result;
    const __int128 divisor = gcd_with(numerator, denominator);
    if (divisor > 1) {
        numerator = quotient(numerator, divisor);
        denominator = quotient(denominator, divisor);
    }
    result.numerator_ = numerator;
    result.denominator_ = denominator;
    return result;
}

exact_ratio exact_ratio::from_big(integer numerator, integer denominator) {
    if (denominator < 0) {
        numerator = -numerator;
        denominator = -denominator;
    }
    const integer divisor = boost::multiprecision::gcd(numerator, denominator);
    if (divisor > 1) {
        numerator /= divisor;
        denominator /= divisor;
    }
    exact_ratio result;
    __int128 small_numerator = 0;
    __int128 small_denominator = 0;
    if (fits(numerator, small_numerator) && fits(denominator, small_denominator)) {
        result.numerator_ = small_numerator;
        result.denominator_ = small_denominator;
    } else {
        result.denominator_ = 0;
        result.big_ = std::make_unique<big_form>(big_form{std::move(numerator), std::move(denominator)});
    }
    return result;
}

exact_ratio::exact_ratio(integer numerator, integer denominator) {
    if (denominator == 0) throw std::domain_error("exact_ratio: zero denominator");
    *this = from_big(std::move(numerator), std::move(denominator));
}

exact_ratio exact_ratio::fraction(std::int64_t numerator, std::int64_t denominator) {
    if (denominator == 0) throw std::domain_error("exact_ratio: zero denominator");
    return from_small(numerator, denominator);
}

integer exact_ratio::numerator() const { return is_small() ? to_integer(numerator_) : big_->numerator; }
integer exact_ratio::denominator() const { return is_small() ? to_integer(denominator_) : big_->denominator; }

exact_ratio exact_ratio::multiply_big(const exact_ratio& a, const exact_ratio& b) {
    return from_big(a.numerator() * b.numerator(), a.denominator() * b.denominator());
}

exact_ratio exact_ratio::divide_big(const exact_ratio& a, const exact_ratio& b) {
    if (b.is_small() ? b.numerator_ == 0 : b.big_->numerator == 0) throw std::domain_error("exact_ratio: division by zero");
    // b is big here (a small nonzero divisor takes the inline path).
    return a * from_big(b.big_->denominator, b.big_->numerator);
}

exact_ratio exact_ratio::add_general(const exact_ratio& a, const exact_ratio& b) {
    if (a.is_small() && b.is_small()) {
        if (a.denominator_ == b.denominator_) {
            __int128 numerator = 0;
            if (add(a.numerator_, b.numerator_, numerator)) return from_small(numerator, a.denominator_);
        }
        __int128 left = 0;
        __int128 right = 0;
        __int128 numerator = 0;
        __int128 denominator = 0;
        if (multiply(a.numerator_, b.denominator_, left) && multiply(b.numerator_, a.denominator_, right) &&
            add(left, right, numerator) && multiply(a.denominator_, b.denominator_, denominator)) {
            return from_small(numerator, denominator);
        }
    }
    return from_big(a.numerator() * b.denominator() + b.numerator() * a.denominator(), a.denominator() * b.denominator());
}

exact_ratio operator-(const exact_ratio& a, const exact_ratio& b) {
    exact_ratio negated = b;
    if (negated.is_small()) negated.numerator_ = -negated.numerator_;
    else negated.big_->numerator = -negated.big_->numerator;
    return a + negated;
}

bool exact_ratio::equal_big(const exact_ratio& a, const exact_ratio& b) {
    return a.big_->numerator == b.big_->numerator && a.big_->denominator == b.big_->denominator;
}

bool exact_ratio::less_general(const exact_ratio& a, const exact_ratio& b) {
    if (a.is_small() && b.is_small()) {
        __int128 left = 0;
        __int128 right = 0;
        if (multiply(a.numerator_, b.denominator_, left) && multiply(b.numerator_, a.denominator_, right)) return left < right;
    }
    return a.numerator() * b.denominator() < b.numerator() * a.denominator();
}

Decimal exact_ratio::to_decimal_general(rounding_mode mode) const {
    const bool negative = is_negative();
    if (is_small()) {
        u128 scaled = 0;
        if (!__builtin_mul_overflow(magnitude(numerator_), static_cast<u128>(Decimal::units_per_one), &scaled)) {
            const u128 units = detail::divide_rounded<u128>(scaled, static_cast<u128>(denominator_), mode, negative);
            return detail::signed_result(units, negative, "quantity");
        }
    }
    const integer n = numerator();
    const integer scaled = (negative ? integer(-n) : n) * Decimal::units_per_one;
    const integer units = detail::divide_rounded<integer>(scaled, denominator(), mode, negative);
    if (units > integer(detail::to_int256(Decimal::max_units))) throw std::overflow_error("quantity out of range (limit 10^28)");
    const auto narrow = static_cast<__int128>(detail::from_int256(detail::int256(units)));
    return Decimal::from_units(negative ? -narrow : narrow);
}

exact_ratio exact_ratio::ceil_big() const {
    integer quotient = big_->numerator / big_->denominator;
    if (quotient * big_->denominator != big_->numerator && big_->numerator > 0) quotient += 1;
    return from_big(std::move(quotient), 1);
}

}  // namespace costmodel
