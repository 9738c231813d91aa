// Decimal arithmetic for Python: functions over decimal.Decimal / int / str operands that compute with
// costmodel::Decimal (scale 10, 38 digits) and return decimal.Decimal. The public names live in
// costmodel.exact; these are also what the property tests compare with Python's decimal module.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>

#include "costmodel/decimal.hpp"
#include "costmodel/rounding.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* half_even = "ROUND_HALF_EVEN";

py::tuple rounding_mode_names() {
    py::tuple names(8);
    const rounding_mode modes[] = {rounding_mode::round_down,    rounding_mode::round_half_up,
                                   rounding_mode::round_half_even, rounding_mode::round_ceiling,
                                   rounding_mode::round_floor,   rounding_mode::round_up,
                                   rounding_mode::round_half_down, rounding_mode::round_05up};
    for (std::size_t i = 0; i < 8; ++i) names[i] = py::str(std::string(to_string(modes[i])));
    return names;
}

}  // namespace

void register_decimal(py::module_& m) {
    m.attr("SCALE") = Decimal::scale;
    m.attr("MAX_DIGITS") = Decimal::max_digits;
    m.attr("MAX") = decimal_to_python(Decimal::max());
    m.attr("MIN") = decimal_to_python(Decimal::min());
    m.attr("EPSILON") = decimal_to_python(Decimal::epsilon());
    m.attr("ROUNDING_MODES") = rounding_mode_names();
    m.attr("DEFAULT_ROUNDING") = py::str(half_even);

    m.def(
        "parse",
        [](const std::string& text, const std::optional<std::string>& rounding) {
            return rounding ? Decimal::parse(text, rounding_from_python(*rounding)) : Decimal::parse(text);
        },
        py::arg("text"), py::arg("rounding") = py::none(),
        "Exact value of decimal text ('12.5', '-1e-3', '.5'). More than 10 fractional digits is a ValueError "
        "unless a rounding mode is given; more than 28 integer digits is an OverflowError.");

    m.def(
        "to_decimal",
        [](py::handle value, const std::optional<std::string>& rounding) {
            return rounding ? decimal_from_python(value, rounding_from_python(*rounding)) : decimal_from_python(value);
        },
        py::arg("value"), py::arg("rounding") = py::none(),
        "The value of a decimal.Decimal, int or str as costmodel holds it (canonical decimal.Decimal). "
        "float is a TypeError; more than 10 fractional digits is a ValueError unless a rounding mode is given.");

    m.def(
        "from_float",
        [](py::handle value, const std::string& rounding) {
            if (PyBool_Check(value.ptr()) || !(PyFloat_Check(value.ptr()) || PyLong_Check(value.ptr()))) {
                throw py::type_error("from_float: expected float or int, got " +
                                     py::str(py::type::of(value).attr("__name__")).cast<std::string>());
            }
            if (PyLong_Check(value.ptr())) return decimal_from_python(value);
            return Decimal::from_double(value.cast<double>(), rounding_from_python(rounding));
        },
        py::arg("value"), py::arg("rounding") = half_even,
        "Explicit conversion of a float: the shortest decimal text that reads back as the same float "
        "(repr(x): 0.1 -> 0.1), rounded to 10 fractional digits with `rounding`. NaN and infinities are a "
        "ValueError.");

    m.def(
        "add", [](Decimal a, Decimal b) { return a + b; }, py::arg("a"), py::arg("b"),
        "a + b, exact; OverflowError beyond 10^28 - 10^-10.");
    m.def(
        "subtract", [](Decimal a, Decimal b) { return a - b; }, py::arg("a"), py::arg("b"),
        "a - b, exact; OverflowError beyond 10^28 - 10^-10.");
    m.def(
        "multiply",
        [](Decimal a, Decimal b, const std::string& rounding) {
            return Decimal::multiply(a, b, rounding_from_python(rounding));
        },
        py::arg("a"), py::arg("b"), py::arg("rounding") = half_even,
        "a * b rounded once to 10 fractional digits with `rounding`.");
    m.def(
        "divide",
        [](Decimal a, Decimal b, const std::string& rounding) {
            return Decimal::divide(a, b, rounding_from_python(rounding));
        },
        py::arg("a"), py::arg("b"), py::arg("rounding") = half_even,
        "a / b rounded once to 10 fractional digits with `rounding`; ZeroDivisionError when b is zero.");
    m.def(
        "quantize",
        [](Decimal value, int places, const std::string& rounding) {
            const Decimal rounded = value.round(places, rounding_from_python(rounding));
            return places >= 0 ? decimal_to_python(rounded, places) : decimal_to_python(rounded);
        },
        py::arg("value"), py::arg("places"), py::arg("rounding") = half_even,
        "`value` rounded to `places` fractional digits (-27..10) with `rounding`. For places 0..10 the result "
        "has exactly that many fractional digits, like decimal's quantize: quantize('2.5', 2) is "
        "Decimal('2.50').");
    m.def(
        "negate", [](Decimal a) { return -a; }, py::arg("a"), "-a, exact.");
    m.def(
        "abs", [](Decimal a) { return abs(a); }, py::arg("a"), "|a|, exact.");
    m.def(
        "to_string",
        [](Decimal value, const std::optional<int>& places, const std::string& rounding) {
            return places ? value.to_string(*places, rounding_from_python(rounding)) : value.to_string();
        },
        py::arg("value"), py::arg("places") = py::none(), py::arg("rounding") = half_even,
        "Text of `value`: canonical ('12.5', no exponent) or with exactly `places` (0..10) fractional digits.");
    m.def(
        "rounding_mode",
        [](const std::string& name) { return std::string(to_string(rounding_from_python(name))); },
        py::arg("name"),
        "The canonical name of a rounding mode ('round_half_up' -> 'ROUND_HALF_UP'); ValueError if unknown.");
}

}  // namespace costmodel::python
