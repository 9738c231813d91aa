#pragma once
// Named policies for turning exact line amounts into a reported total. The names are the scenario
// contract's `line_rounding` values: none, cents, invoice.

#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "costmodel/money.hpp"

namespace costmodel {

enum class rounding_policy : std::uint8_t {
    // No rounding: the total is the exact sum of the exact lines; round only for display.
    none,
    // Each line rounded half-up to the currency's minor units, then summed — how AWS's published pricing
    // examples add up. A line of 0.004 USD becomes 0.00.
    cents,
    // As cents, but a positive line below one minor unit becomes one minor unit, as on AWS invoices
    // (a charge of 0.004 USD is billed 0.01). Zero and negative lines follow cents.
    invoice,
};

[[nodiscard]] constexpr std::string_view to_string(rounding_policy policy) noexcept {
    switch (policy) {
        case rounding_policy::none: return "none";
        case rounding_policy::cents: return "cents";
        case rounding_policy::invoice: return "invoice";
    }
    return "none";
}

[[nodiscard]] inline rounding_policy parse_rounding_policy(std::string_view name) {
    if (name == "none") return rounding_policy::none;
    if (name == "cents") return rounding_policy::cents;
    if (name == "invoice") return rounding_policy::invoice;
    throw std::invalid_argument("unknown rounding policy \"" + std::string(name) + "\" (expected none, cents or invoice)");
}

// One line as the policy reports it.
[[nodiscard]] inline Money apply_policy(Money line, rounding_policy policy) {
    if (policy == rounding_policy::none) return line;
    Money rounded = line.round_to_minor_units(rounding_mode::round_half_up);
    if (policy == rounding_policy::invoice && line.amount() > Decimal() && rounded.amount().is_zero()) {
        const int places = line.currency_code().minor_units();
        rounded = Money(Decimal::from_units(static_cast<__int128>(Decimal::pow10(Decimal::scale - places))), line.currency_code());
    }
    return rounded;
}

// The total of `lines` under the policy; an empty list sums to zero in `code`.
[[nodiscard]] inline Money sum_lines(std::span<const Money> lines, rounding_policy policy, currency code) {
    Money total = Money::zero(code);
    for (const Money& line : lines) total += apply_policy(line, policy);
    return total;
}

}  // namespace costmodel
