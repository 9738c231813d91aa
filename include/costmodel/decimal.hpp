#pragma once
// costmodel::Decimal — an exact fixed-point number: a signed 128-bit count of 10^-10 units.
//
// Why this representation: every amount, quantity and unit price in costmodel is a Decimal, and
// every value is a valid Arrow decimal128(38, 10) / DuckDB DECIMAL(38,10) / SQL NUMERIC(38,10), so
// columns move to and from those systems without conversion. The magnitude limit is 10^38 - 1 units
// (28 integer digits, 10 fractional digits).
//
// Exactness: parsing and formatting are exact. Addition and subtraction are exact (or throw
// std::overflow_error). Multiplication and division compute the exact result and round it once to
// 10 fractional digits with a rounding mode (default round_half_even); intermediates that do not fit
// 128 bits go through Boost.Multiprecision's checked 256-bit integer.

#include <algorithm>
#include <compare>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/multiprecision/cpp_int.hpp>

#include "costmodel/rounding.hpp"

namespace costmodel {

namespace detail {
[[nodiscard]] constexpr unsigned __int128 pow10_u128(int n) noexcept {
    unsigned __int128 value = 1;
    for (int i = 0; i < n; ++i) value *= 10;
    return value;
}
}  // namespace detail

class Decimal {
public:
    using rep = __int128;
    using unsigned_rep = unsigned __int128;

    static constexpr int scale = 10;                                   // fractional digits
    static constexpr int max_digits = 38;                              // total digits
    static constexpr std::int64_t units_per_one = 10'000'000'000LL;    // 10^scale

    // 10^n for n in [0, 38], as an unsigned 128-bit integer.
    [[nodiscard]] static constexpr unsigned_rep pow10(int n) noexcept { return detail::pow10_u128(n); }
    static constexpr unsigned_rep max_units = detail::pow10_u128(max_digits) - 1;  // 10^38 - 1

    constexpr Decimal() noexcept = default;

    // Exact from any integer type; throws std::overflow_error past 28 integer digits.
    template <class Integer, std::enable_if_t<std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>, int> = 0>
    constexpr explicit Decimal(Integer value) : units_(checked_scale_integer(value)) {}

    // A value from its raw count of 10^-10 units; throws std::overflow_error beyond the limit.
    [[nodiscard]] static constexpr Decimal from_units(rep units) {
        if (magnitude_of(units) > max_units) throw std::overflow_error("Decimal: units out of range");
        Decimal d;
        d.units_ = units;
        return d;
    }
    [[nodiscard]] constexpr rep units() const noexcept { return units_; }

    [[nodiscard]] static constexpr Decimal max() noexcept { return unchecked(static_cast<rep>(max_units)); }
    [[nodiscard]] static constexpr Decimal min() noexcept { return unchecked(-static_cast<rep>(max_units)); }
    // The smallest positive value, 10^-10.
    [[nodiscard]] static constexpr Decimal epsilon() noexcept { return unchecked(1); }

    // Exact parsing of decimal text: optional sign, digits with an optional point, optional exponent
    // ("12.5", "-0.0000166667", "1e-3", ".5", "5.", "+1E+3"). No spaces, no fractions, no NaN/Infinity.
    // Text with more than 10 fractional digits (after the exponent is applied) is an error, unless the
    // extra digits are all zeros, or a rounding mode is given.
    [[nodiscard]] static constexpr Decimal parse(std::string_view text) { return parse_impl(text, nullptr); }
    [[nodiscard]] static constexpr Decimal parse(std::string_view text, rounding_mode mode) {
        return parse_impl(text, &mode);
    }

    // The nearest value to a double, through its shortest round-trip text, rounded with `mode`.
    // Deliberately a named function: binary floating point never becomes money by accident.
    [[nodiscard]] static Decimal from_double(double value, rounding_mode mode = default_rounding);
    [[nodiscard]] double to_double() const noexcept;

    // Canonical text: no exponent, no trailing fractional zeros, "0" for zero ("12.5", "-0.0001").
    [[nodiscard]] std::string to_string() const;
    // The same text appended to `out` (no temporary string).
    void append_to(std::string& out) const;
    // Exactly `places` fractional digits (0..10), rounding first with `mode` where digits are dropped.
    [[nodiscard]] std::string to_string(int places, rounding_mode mode = default_rounding) const;

    // Rounds to `places` fractional digits (-27..10; negative rounds to tens, hundreds, ...).
    [[nodiscard]] constexpr Decimal round(int places, rounding_mode mode = default_rounding) const;

    [[nodiscard]] constexpr bool is_zero() const noexcept { return units_ == 0; }
    [[nodiscard]] constexpr bool is_negative() const noexcept { return units_ < 0; }
    [[nodiscard]] constexpr bool is_integer() const noexcept { return units_ % units_per_one == 0; }
    [[nodiscard]] constexpr int signum() const noexcept { return (units_ > 0) - (units_ < 0); }

    [[nodiscard]] constexpr Decimal operator-() const noexcept { return unchecked(-units_); }
    [[nodiscard]] constexpr Decimal operator+() const noexcept { return *this; }
    [[nodiscard]] friend constexpr Decimal abs(Decimal d) noexcept { return d.units_ < 0 ? -d : d; }

    [[nodiscard]] friend constexpr Decimal operator+(Decimal a, Decimal b) { return from_sum(a.units_, b.units_, false); }
    [[nodiscard]] friend constexpr Decimal operator-(Decimal a, Decimal b) { return from_sum(a.units_, b.units_, true); }
    constexpr Decimal& operator+=(Decimal b) { return *this = *this + b; }
    constexpr Decimal& operator-=(Decimal b) { return *this = *this - b; }

    // a × b rounded once to 10 fractional digits.
    [[nodiscard]] static Decimal multiply(Decimal a, Decimal b, rounding_mode mode = default_rounding);
    // a ÷ b rounded once to 10 fractional digits; throws std::domain_error on division by zero.
    [[nodiscard]] static Decimal divide(Decimal a, Decimal b, rounding_mode mode = default_rounding);

    [[nodiscard]] friend Decimal operator*(Decimal a, Decimal b) { return multiply(a, b); }
    [[nodiscard]] friend Decimal operator/(Decimal a, Decimal b) { return divide(a, b); }
    Decimal& operator*=(Decimal b) { return *this = multiply(*this, b); }
    Decimal& operator/=(Decimal b) { return *this = divide(*this, b); }

    friend constexpr bool operator==(Decimal a, Decimal b) noexcept = default;
    friend constexpr std::strong_ordering operator<=>(Decimal a, Decimal b) noexcept {
        return a.units_ < b.units_ ? std::strong_ordering::less
               : a.units_ > b.units_ ? std::strong_ordering::greater
                                     : std::strong_ordering::equal;
    }

    friend std::ostream& operator<<(std::ostream& os, Decimal d);

    [[nodiscard]] static constexpr unsigned_rep magnitude_of(rep units) noexcept {
        return units < 0 ? unsigned_rep(0) - static_cast<unsigned_rep>(units) : static_cast<unsigned_rep>(units);
    }

private:
    rep units_ = 0;

    [[nodiscard]] static constexpr Decimal unchecked(rep units) noexcept {
        Decimal d;
        d.units_ = units;
        return d;
    }

    template <class Integer>
    [[nodiscard]] static constexpr rep checked_scale_integer(Integer value) {
        // Every 64-bit integer times 10^10 fits comfortably in 128 bits; only wider types need the check.
        const bool negative = value < 0;
        unsigned_rep magnitude = negative ? unsigned_rep(0) - static_cast<unsigned_rep>(static_cast<rep>(value))
                                          : static_cast<unsigned_rep>(value);
        if (magnitude > max_units / units_per_one) throw std::overflow_error("Decimal: integer out of range");
        const rep units = static_cast<rep>(magnitude * units_per_one);
        return negative ? -units : units;
    }

    // Room for the longest text: 28 integer digits, a point, 10 fractional digits and a sign.
    static constexpr std::size_t text_capacity = 48;
    // Writes the text of to_string() so that it ends just before `end`; returns where it starts.
    char* write_text(char* end) const;
    // The part of multiply for operands of 2^64 units or more: a checked 128-bit product, else 256 bits.
    // Compiled in src/decimal.cpp, out of line, so that multiply itself stays small enough to inline
    // into a caller's loop.
    [[nodiscard]] static Decimal multiply_wide(Decimal a, Decimal b, rounding_mode mode);

    [[nodiscard]] static constexpr Decimal from_sum(rep a, rep b, bool subtract) {
        // Computed modulo 2^128 (unsigned: no undefined behaviour). Both operands lie within ±max_units, so
        // the exact result lies within ±2 max_units, and if it does not fit 128 bits the wrapped value lies
        // beyond ±(2^128 - 2 max_units), outside the limit too: checking the computed result is enough.
        const unsigned_rep result = subtract ? static_cast<unsigned_rep>(a) - static_cast<unsigned_rep>(b)
                                             : static_cast<unsigned_rep>(a) + static_cast<unsigned_rep>(b);
        // Fast check on the high 64 bits alone: a signed high word h in [-H, H - 1], where H is the high word
        // of max_units, means the value lies in [-H 2^64, H 2^64 - 1], well inside the limit. As an unsigned
        // test: h + H < 2H. Only values within 2^64 units (about 1.8e9) of the limit take the exact check,
        // which holds exactly when result + max_units lies in [0, 2 max_units] (a value below -max_units
        // wraps to at least 2^128 - max_units > 2 max_units). A column sum then runs within 2x of bare
        // __int128 additions (bench/decimal.cpp, docs/benchmarks.md).
        constexpr auto high_limit = static_cast<std::uint64_t>(max_units >> 64);
        const auto high = static_cast<std::uint64_t>(result >> 64);
        if (high + high_limit >= 2 * high_limit) [[unlikely]] {
            if (result + max_units > 2 * max_units) {
                throw std::overflow_error(subtract ? "Decimal: subtraction out of range (limit 10^28 - 10^-10)"
                                                   : "Decimal: addition out of range (limit 10^28 - 10^-10)");
            }
        }
        return unchecked(static_cast<rep>(result));
    }

    [[nodiscard]] static constexpr Decimal parse_impl(std::string_view text, const rounding_mode* mode);
};

namespace detail {

[[noreturn]] inline void throw_parse_error(std::string_view text, std::string_view why) {
    throw std::invalid_argument("invalid decimal \"" + std::string(text) + "\": " + std::string(why));
}

// Rounds an unsigned magnitude to a multiple of `divisor` given as a quotient count: returns
// round(magnitude / divisor) with the mode's rule. `divisor` must be > 0.
template <class Unsigned>
[[nodiscard]] constexpr Unsigned divide_rounded(const Unsigned& magnitude, const Unsigned& divisor, rounding_mode mode,
                                                bool negative) {
    Unsigned quotient = magnitude / divisor;
    const Unsigned remainder = magnitude - quotient * divisor;
    const auto last_digit = static_cast<unsigned>(quotient % 10);
    if (increments_magnitude(mode, classify_remainder(remainder, divisor), negative, last_digit)) ++quotient;
    return quotient;
}

}  // namespace detail

constexpr Decimal Decimal::parse_impl(std::string_view text, const rounding_mode* mode) {
    std::size_t pos = 0;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative = text[pos++] == '-';

    // Significant digits, without leading zeros, kept as text positions; we never need more than
    // 38 + 1 of them plus the knowledge whether any later digit is non-zero.
    char significant[max_digits + 2] = {};
    int significant_count = 0;     // significant digits seen (may exceed the buffer)
    bool nonzero_beyond_buffer = false;
    long long exponent = 0;        // value = significant × 10^exponent
    bool any_digit = false;
    bool seen_point = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (c == '.') {
            if (seen_point) detail::throw_parse_error(text, "more than one decimal point");
            seen_point = true;
            continue;
        }
        if (c < '0' || c > '9') break;
        any_digit = true;
        if (seen_point) --exponent;
        if (significant_count == 0 && c == '0') continue;
        if (significant_count < max_digits + 2) {
            significant[significant_count] = c;
        } else {
            // Digits beyond the buffer shift the value left by one place each; remember only whether
            // they are non-zero (they can matter only for rounding, and then only as "something").
            if (c != '0') nonzero_beyond_buffer = true;
            ++exponent;
        }
        ++significant_count;
    }
    if (!any_digit) detail::throw_parse_error(text, "expected digits");
    if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
        ++pos;
        bool exponent_negative = false;
        if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exponent_negative = text[pos++] == '-';
        if (pos >= text.size()) detail::throw_parse_error(text, "expected digits after the exponent marker");
        long long written = 0;
        for (; pos < text.size(); ++pos) {
            const char c = text[pos];
            if (c < '0' || c > '9') break;
            written = std::min<long long>(written * 10 + (c - '0'), 1'000'000'000LL);  // saturate: beyond is absurd
        }
        exponent += exponent_negative ? -written : written;
    }
    if (pos != text.size()) detail::throw_parse_error(text, "unexpected character '" + std::string(1, text[pos]) + "'");

    const int kept_in_buffer = std::min(significant_count, max_digits + 2);
    if (kept_in_buffer == 0) return Decimal();  // zero, whatever its exponent

    // units = significant × 10^(exponent + scale)
    const long long shift = exponent + scale;
    if (shift >= 0) {
        if (kept_in_buffer + shift > max_digits) throw std::overflow_error("Decimal: \"" + std::string(text) + "\" is out of range (more than 28 integer digits)");
        unsigned_rep magnitude = 0;
        for (int i = 0; i < kept_in_buffer; ++i) magnitude = magnitude * 10 + static_cast<unsigned>(significant[i] - '0');
        magnitude *= pow10(static_cast<int>(shift));
        if (magnitude > max_units) throw std::overflow_error("Decimal: \"" + std::string(text) + "\" is out of range");
        const rep units = static_cast<rep>(magnitude);
        return unchecked(negative ? -units : units);
    }

    // Some trailing digits fall below 10^-10. Keep the first `keep` digits of the buffer.
    const long long dropped = -shift;
    const long long keep = kept_in_buffer - dropped;  // may be <= 0: everything is dropped
    if (keep > max_digits) throw std::overflow_error("Decimal: \"" + std::string(text) + "\" is out of range (more than 28 integer digits)");
    unsigned_rep magnitude = 0;
    for (long long i = 0; i < keep; ++i) magnitude = magnitude * 10 + static_cast<unsigned>(significant[i] - '0');

    // Classify the dropped digits: those of the buffer from `keep` on (with implied leading zeros when
    // keep < 0), then any non-zero digit beyond the buffer.
    detail::discarded_part discarded = detail::discarded_part::zero;
    {
        const long long first = keep;  // index of the first dropped digit; negative means implied zeros lead
        bool any_nonzero = nonzero_beyond_buffer;
        for (long long i = std::max<long long>(first, 0); i < kept_in_buffer; ++i) any_nonzero |= significant[i] != '0';
        if (any_nonzero) {
            if (first < 0) {
                discarded = detail::discarded_part::below_half;  // leading implied zero: below one half
            } else {
                const char lead = significant[first];
                bool rest_nonzero = nonzero_beyond_buffer;
                for (long long i = first + 1; i < kept_in_buffer; ++i) rest_nonzero |= significant[i] != '0';
                if (lead < '5') discarded = detail::discarded_part::below_half;
                else if (lead > '5' || rest_nonzero) discarded = detail::discarded_part::above_half;
                else discarded = detail::discarded_part::half;
            }
        }
    }
    if (discarded != detail::discarded_part::zero) {
        if (mode == nullptr) {
            detail::throw_parse_error(text, "more than 10 fractional digits (give a rounding mode to round it)");
        }
        if (detail::increments_magnitude(*mode, discarded, negative, static_cast<unsigned>(magnitude % 10))) ++magnitude;
    }
    if (magnitude > max_units) throw std::overflow_error("Decimal: \"" + std::string(text) + "\" is out of range");
    const rep units = static_cast<rep>(magnitude);
    return unchecked(negative ? -units : units);
}

constexpr Decimal Decimal::round(int places, rounding_mode mode) const {
    if (places < -27 || places > scale) throw std::invalid_argument("Decimal::round: places must be in -27..10, got " + std::to_string(places));
    if (places == scale) return *this;
    const unsigned_rep step = pow10(scale - places);
    const bool negative = units_ < 0;
    unsigned_rep magnitude = detail::divide_rounded(magnitude_of(units_), step, mode, negative) * step;
    if (magnitude > max_units) throw std::overflow_error("Decimal::round: result out of range");
    const rep units = static_cast<rep>(magnitude);
    return unchecked(negative ? -units : units);
}

namespace detail {
using int256 = boost::multiprecision::checked_int256_t;

[[nodiscard]] inline int256 to_int256(unsigned __int128 value) {
    int256 result = static_cast<std::uint64_t>(value >> 64);
    result <<= 64;
    result += static_cast<std::uint64_t>(value);
    return result;
}

[[nodiscard]] inline unsigned __int128 from_int256(const int256& value) {
    const auto high = static_cast<std::uint64_t>(value >> 64);
    const auto low = static_cast<std::uint64_t>(value & std::numeric_limits<std::uint64_t>::max());
    return (static_cast<unsigned __int128>(high) << 64) | low;
}

// round(magnitude / 10^10) with the mode's rule, for a 128-bit magnitude. 10^10 = 2^10 × 5^10: a shift,
// then three 64-bit divisions by the constant 5^10 (each a multiply-and-shift once compiled) in place of
// the library's 128-bit division, which is most of the cost of amount × rate when the product needs more
// than 64 bits. The remainder is rebuilt exactly: m = q 2^10 + r1, q = Q 5^10 + r5, so
// m = Q 10^10 + (r5 2^10 + r1) with r5 2^10 + r1 < 10^10.
[[nodiscard]] constexpr unsigned __int128 divide_by_one_rounded(unsigned __int128 magnitude, rounding_mode mode, bool negative) {
    constexpr std::uint64_t five_to_the_ten = 9'765'625;  // < 2^24
    const auto low_bits = static_cast<std::uint64_t>(magnitude & 1023U);
    const unsigned __int128 shifted = magnitude >> 10;    // < 2^118
    const auto high = static_cast<std::uint64_t>(shifted >> 64);
    const auto low = static_cast<std::uint64_t>(shifted);
    const std::uint64_t q_high = high / five_to_the_ten;
    std::uint64_t rest = high % five_to_the_ten;
    const std::uint64_t upper_half = (rest << 32) | (low >> 32);  // < 2^56
    const std::uint64_t q_upper = upper_half / five_to_the_ten;
    rest = upper_half % five_to_the_ten;
    const std::uint64_t lower_half = (rest << 32) | (low & 0xFFFF'FFFFU);
    const std::uint64_t q_lower = lower_half / five_to_the_ten;
    rest = lower_half % five_to_the_ten;
    unsigned __int128 quotient = (static_cast<unsigned __int128>(q_high) << 64) + (static_cast<unsigned __int128>(q_upper) << 32) + q_lower;
    const std::uint64_t remainder = (rest << 10) | low_bits;
    const auto last_digit = static_cast<unsigned>(q_lower % 10 + (q_upper % 10) * 6 + (q_high % 10) * 6);  // 2^32 ≡ 2^64 ≡ 6 (mod 10)
    if (increments_magnitude(mode, classify_remainder<std::uint64_t>(remainder, static_cast<std::uint64_t>(Decimal::units_per_one)), negative, last_digit % 10)) ++quotient;
    return quotient;
}

[[nodiscard]] inline Decimal signed_result(unsigned __int128 magnitude, bool negative, const char* operation) {
    if (magnitude > Decimal::max_units) {
        throw std::overflow_error(std::string("Decimal: ") + operation + " result out of range (limit 10^28 - 10^-10)");
    }
    const auto units = static_cast<__int128>(magnitude);
    return Decimal::from_units(negative ? -units : units);
}
}  // namespace detail

inline Decimal Decimal::multiply(Decimal a, Decimal b, rounding_mode mode) {
    const unsigned_rep ma = magnitude_of(a.units_);
    const unsigned_rep mb = magnitude_of(b.units_);
    if (((ma | mb) >> 64) != 0) return multiply_wide(a, b, mode);
    // The common case (amount × rate): both operands below 2^64 units (1.8e9), one 64x64->128
    // multiplication that cannot overflow. A product below 2^64 divides by the constant 10^10 with a
    // multiply-and-shift; a wider one in 64-bit steps (divide_by_one_rounded).
    const bool negative = (a.units_ < 0) != (b.units_ < 0);
    const unsigned_rep product = static_cast<unsigned_rep>(static_cast<std::uint64_t>(ma)) * static_cast<std::uint64_t>(mb);
    if ((product >> 64) == 0) {
        const auto narrow = static_cast<std::uint64_t>(product);
        const std::uint64_t quotient = detail::divide_rounded<std::uint64_t>(narrow, units_per_one, mode, negative);
        return unchecked(negative ? -static_cast<rep>(quotient) : static_cast<rep>(quotient));
    }
    // (2^64 - 1)^2 / 10^10 < 3.5e28 units: always within the limit of 10^38 - 1 units.
    const unsigned_rep quotient = detail::divide_by_one_rounded(product, mode, negative);
    return unchecked(negative ? -static_cast<rep>(quotient) : static_cast<rep>(quotient));
}

inline Decimal Decimal::divide(Decimal a, Decimal b, rounding_mode mode) {
    if (b.units_ == 0) throw std::domain_error("Decimal: division by zero");
    const bool negative = (a.units_ < 0) != (b.units_ < 0);
    const unsigned_rep ma = magnitude_of(a.units_);
    const unsigned_rep mb = magnitude_of(b.units_);
    unsigned_rep numerator = 0;
    if (!__builtin_mul_overflow(ma, static_cast<unsigned_rep>(units_per_one), &numerator)) {
        return detail::signed_result(detail::divide_rounded<unsigned_rep>(numerator, mb, mode, negative), negative, "division");
    }
    const detail::int256 wide = detail::to_int256(ma) * detail::int256(units_per_one);
    const detail::int256 quotient = detail::divide_rounded<detail::int256>(wide, detail::to_int256(mb), mode, negative);
    if (quotient > detail::to_int256(max_units)) throw std::overflow_error("Decimal: division result out of range (limit 10^28 - 10^-10)");
    return detail::signed_result(detail::from_int256(quotient), negative, "division");
}

namespace detail {
// Writes `value` as exactly `width` decimal digits (zero-padded) ending just before `end`; returns the
// first written position. 64-bit arithmetic only: formatting is on the hot path of every estimate line.
inline char* write_padded_digits(char* end, std::uint64_t value, int width) {
    for (int i = 0; i < width; ++i) {
        *--end = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return end;
}
inline char* write_digits(char* end, std::uint64_t value) {
    do {
        *--end = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    return end;
}
}  // namespace detail

inline char* Decimal::write_text(char* end) const {
    // The magnitude splits into an integer part and 10 fractional digits; an integer part of 2^64 or
    // more splits again at 10^19, so every digit comes from 64-bit divisions by constants (a magnitude
    // below 2^64 splits in 64 bits too, without the library's 128-bit division).
    const unsigned_rep magnitude = magnitude_of(units_);
    std::uint64_t fraction = 0;
    unsigned_rep integer = 0;
    if ((magnitude >> 64) == 0) {
        const auto narrow = static_cast<std::uint64_t>(magnitude);
        fraction = narrow % static_cast<std::uint64_t>(units_per_one);
        integer = narrow / static_cast<std::uint64_t>(units_per_one);
    } else {
        fraction = static_cast<std::uint64_t>(magnitude % static_cast<unsigned_rep>(units_per_one));
        integer = magnitude / static_cast<unsigned_rep>(units_per_one);
    }
    char* first = end;
    if (fraction != 0) {
        std::uint64_t kept = fraction;
        int width = scale;
        while (kept % 10 == 0) {  // trailing fractional zeros are not printed
            kept /= 10;
            --width;
        }
        first = detail::write_padded_digits(first, kept, width);
        *--first = '.';
    }
    constexpr std::uint64_t ten_to_the_19 = 10'000'000'000'000'000'000ULL;
    if ((integer >> 64) == 0) {
        first = detail::write_digits(first, static_cast<std::uint64_t>(integer));
    } else {
        first = detail::write_padded_digits(first, static_cast<std::uint64_t>(integer % ten_to_the_19), 19);
        first = detail::write_digits(first, static_cast<std::uint64_t>(integer / ten_to_the_19));
    }
    if (units_ < 0) *--first = '-';
    return first;
}

inline std::string Decimal::to_string() const {
    char buffer[text_capacity];
    char* const end = buffer + sizeof buffer;
    return std::string(write_text(end), end);
}

inline void Decimal::append_to(std::string& out) const {
    char buffer[text_capacity];
    char* const end = buffer + sizeof buffer;
    const char* first = write_text(end);
    out.append(first, static_cast<std::size_t>(end - first));
}

inline std::string Decimal::to_string(int places, rounding_mode mode) const {
    if (places < 0 || places > scale) throw std::invalid_argument("Decimal::to_string: places must be in 0..10, got " + std::to_string(places));
    const Decimal rounded = round(places, mode);
    std::string out = rounded.to_string();
    const auto point = out.find('.');
    const int have = point == std::string::npos ? 0 : static_cast<int>(out.size() - point - 1);
    if (places > 0 && point == std::string::npos) out.push_back('.');
    out.append(static_cast<std::size_t>(places - have), '0');
    return out;
}

namespace literals {
// "0.04048"_d — exact, checked at compile time when used in a constant expression.
[[nodiscard]] consteval Decimal operator""_d(const char* text, std::size_t size) {
    return Decimal::parse(std::string_view(text, size));
}
}  // namespace literals

}  // namespace costmodel

template <>
struct std::hash<costmodel::Decimal> {
    [[nodiscard]] std::size_t operator()(costmodel::Decimal d) const noexcept {
        const auto u = static_cast<unsigned __int128>(d.units());
        const auto low = static_cast<std::uint64_t>(u);
        const auto high = static_cast<std::uint64_t>(u >> 64);
        return std::hash<std::uint64_t>{}(low ^ (high * 0x9E3779B97F4A7C15ULL));
    }
};
