// The parts of Decimal and Money that touch the standard library's I/O or floating point.

#include <charconv>
#include <ostream>
#include <system_error>

#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"

namespace costmodel {

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
