// The parts of Decimal and Money compiled once: multiplication of wide operands, and what touches the
// standard library's I/O or floating point.

#include <charconv>
#include <ostream>
#include <system_error>

#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"

namespace costmodel {

Decimal Decimal::multiply_wide(Decimal a, Decimal b, rounding_mode mode) {
    const bool negative = (a.units_ < 0) != (b.units_ < 0);
    const unsigned_rep ma = magnitude_of(a.units_);
    const unsigned_rep mb = magnitude_of(b.units_);
    unsigned_rep product = 0;
    if (!__builtin_mul_overflow(ma, mb, &product)) {
        return detail::signed_result(detail::divide_by_one_rounded(product, mode, negative), negative, "multiplication");
    }
    const detail::int256 wide = detail::to_int256(ma) * detail::to_int256(mb);
    const detail::int256 quotient = detail::divide_rounded<detail::int256>(wide, detail::int256(units_per_one), mode, negative);
    if (quotient > detail::to_int256(max_units)) throw std::overflow_error("Decimal: multiplication result out of range (limit 10^28 - 10^-10)");
    return detail::signed_result(detail::from_int256(quotient), negative, "multiplication");
}

Decimal Decimal::from_double(double value, rounding_mode mode) {
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (error != std::errc()) throw std::invalid_argument("Decimal::from_double: cannot format the value");
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    if (text.find_first_of("ni") != std::string_view::npos) {  // nan, inf
        throw std::invalid_argument("Decimal::from_double: " + std::string(text) + " is not a finite number");
    }
    return parse(text, mode);
}

double Decimal::to_double() const noexcept {
    double result = 0;
    const std::string text = to_string();
    std::from_chars(text.data(), text.data() + text.size(), result);
    return result;
}

std::ostream& operator<<(std::ostream& os, Decimal d) { return os << d.to_string(); }
std::ostream& operator<<(std::ostream& os, const Money& m) { return os << m.to_string(); }

}  // namespace costmodel
