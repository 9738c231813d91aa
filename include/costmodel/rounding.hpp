#pragma once
// Rounding modes and the rule that applies one of them to a discarded remainder.
//
// The eight modes are those of Python's `decimal` module, with the same names and the same meanings,
// so a figure computed here can be checked with `decimal.Decimal.quantize(..., rounding=...)`.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace costmodel {

// Each mode decides what happens to a value that lies strictly between two representable neighbours.
// "Away from zero" and "towards zero" speak of the magnitude, so they treat -x as the mirror of x;
// ceiling and floor speak of the signed value.
enum class rounding_mode : std::uint8_t {
    // Towards zero: the discarded digits are dropped (truncation). 2.19 -> 2.1, -2.19 -> -2.1.
    round_down,
    // Nearest; a tie (discarded part exactly one half) goes away from zero. 2.15 -> 2.2, -2.15 -> -2.2.
    round_half_up,
    // Nearest; a tie goes to the neighbour whose last digit is even ("banker's rounding").
    // 2.15 -> 2.2, 2.25 -> 2.2, -2.25 -> -2.2. The default everywhere a mode is not named.
    round_half_even,
    // Towards +infinity. 2.11 -> 2.2, -2.19 -> -2.1.
    round_ceiling,
    // Towards -infinity. 2.19 -> 2.1, -2.11 -> -2.2.
    round_floor,
    // Away from zero: any non-zero discarded part increments the magnitude. 2.11 -> 2.2, -2.11 -> -2.2.
    round_up,
    // Nearest; a tie goes towards zero. 2.15 -> 2.1, 2.16 -> 2.2, -2.15 -> -2.1.
    round_half_down,
    // Towards zero, unless the last kept digit would then be 0 or 5, in which case away from zero
    // (only when something non-zero is discarded). 2.01 -> 2.1 (at one place), 2.11 -> 2.1, 2.51 -> 2.6.
    round_05up,
};

inline constexpr rounding_mode default_rounding = rounding_mode::round_half_even;

// Python's spelling ("ROUND_HALF_EVEN") and ours ("round_half_even") are both accepted.
[[nodiscard]] constexpr std::string_view to_string(rounding_mode mode) noexcept {
    switch (mode) {
        case rounding_mode::round_down: return "ROUND_DOWN";
        case rounding_mode::round_half_up: return "ROUND_HALF_UP";
        case rounding_mode::round_half_even: return "ROUND_HALF_EVEN";
        case rounding_mode::round_ceiling: return "ROUND_CEILING";
        case rounding_mode::round_floor: return "ROUND_FLOOR";
        case rounding_mode::round_up: return "ROUND_UP";
        case rounding_mode::round_half_down: return "ROUND_HALF_DOWN";
        case rounding_mode::round_05up: return "ROUND_05UP";
    }
    return "ROUND_HALF_EVEN";
}

[[nodiscard]] inline std::optional<rounding_mode> rounding_mode_from_string(std::string_view name) {
    std::string upper;
    upper.reserve(name.size());
    for (char c : name) upper.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c);
    for (auto mode : {rounding_mode::round_down, rounding_mode::round_half_up, rounding_mode::round_half_even,
                      rounding_mode::round_ceiling, rounding_mode::round_floor, rounding_mode::round_up,
                      rounding_mode::round_half_down, rounding_mode::round_05up}) {
        if (upper == to_string(mode)) return mode;
    }
    return std::nullopt;
}

[[nodiscard]] inline rounding_mode parse_rounding_mode(std::string_view name) {
    if (auto mode = rounding_mode_from_string(name)) return *mode;
    throw std::invalid_argument("unknown rounding mode \"" + std::string(name) +
                                "\" (expected one of ROUND_DOWN, ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_CEILING, "
                                "ROUND_FLOOR, ROUND_UP, ROUND_HALF_DOWN, ROUND_05UP)");
}

namespace detail {

// How the discarded part of a magnitude compares with one half of the last kept unit.
enum class discarded_part : std::uint8_t { zero, below_half, half, above_half };

// Whether a magnitude whose kept part ends in `last_kept_digit` must be incremented by one unit.
// `negative` is the sign of the whole value, needed by ceiling and floor only.
[[nodiscard]] constexpr bool increments_magnitude(rounding_mode mode, discarded_part discarded, bool negative,
                                                  unsigned last_kept_digit) noexcept {
    if (discarded == discarded_part::zero) return false;
    switch (mode) {
        case rounding_mode::round_down: return false;
        case rounding_mode::round_up: return true;
        case rounding_mode::round_ceiling: return !negative;
        case rounding_mode::round_floor: return negative;
        case rounding_mode::round_half_up: return discarded != discarded_part::below_half;
        case rounding_mode::round_half_down: return discarded == discarded_part::above_half;
        case rounding_mode::round_half_even:
            return discarded == discarded_part::above_half ||
                   (discarded == discarded_part::half && (last_kept_digit % 2 == 1));
        case rounding_mode::round_05up: return last_kept_digit == 0 || last_kept_digit == 5;
    }
    return false;
}

// Classifies remainder r of a division by d (0 <= r < d) without forming 2r, which could overflow.
template <class Unsigned>
[[nodiscard]] constexpr discarded_part classify_remainder(const Unsigned& r, const Unsigned& d) noexcept {
    if (r == 0) return discarded_part::zero;
    const Unsigned rest = d - r;
    if (r < rest) return discarded_part::below_half;
    if (r == rest) return discarded_part::half;
    return discarded_part::above_half;
}

}  // namespace detail
}  // namespace costmodel
