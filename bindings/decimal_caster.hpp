#pragma once
// pybind11 conversion between costmodel::Decimal and Python numbers: decimal.Decimal, int and str are
// accepted exactly; float and bool are refused with a TypeError (binary floating point never becomes
// money silently); results come back as decimal.Decimal.
//
// The conversion never consults Python's decimal context: a decimal.Decimal is read from str(), which
// is exact whatever the context's precision, and a result is built with decimal.Decimal(text), which
// is exact too. A 38-digit value survives a global context of 28 (or 5) digits unchanged.

#include <pybind11/pybind11.h>

#include <optional>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/rounding.hpp"

namespace costmodel::python {

// decimal.Decimal (looked up once per interpreter).
pybind11::object decimal_class();

// The exact text of a Python number accepted as a Decimal (int, str, decimal.Decimal, or an object
// with __index__ such as numpy.int64). Throws TypeError for float, bool and anything else, ValueError
// for NaN/Infinity, OverflowError for integers far beyond the range.
std::string decimal_text_from_python(pybind11::handle value);
// The exact Decimal (throws as above, and as Decimal::parse does); with a mode, digits beyond the
// tenth fractional place are rounded instead of refused.
Decimal decimal_from_python(pybind11::handle value);
Decimal decimal_from_python(pybind11::handle value, rounding_mode mode);
pybind11::object decimal_to_python(Decimal value);
// decimal.Decimal with exactly `places` fractional digits (0..10), like decimal's quantize result.
pybind11::object decimal_to_python(Decimal value, int places);

// Whether `value` is a number a Decimal parameter accepts; throws TypeError (with the explicit ways to
// convert) for float. Used by operators, which must return NotImplemented for other types.
bool accepts_as_decimal(pybind11::handle value);

// A rounding mode from its name: Python's decimal constants (decimal.ROUND_HALF_EVEN is the string
// "ROUND_HALF_EVEN") or the lower-case C++ spelling; anything else is a ValueError listing the names.
inline rounding_mode rounding_from_python(std::string_view name) { return parse_rounding_mode(name); }

// The message of the TypeError raised for a float.
std::string float_refusal(pybind11::handle value);

}  // namespace costmodel::python

namespace pybind11::detail {

template <>
struct type_caster<costmodel::Decimal> {
    PYBIND11_TYPE_CASTER(costmodel::Decimal, io_name("decimal.Decimal | int | str", "decimal.Decimal"));

    // Refusals raise at once (rather than returning false) so that the user sees why a float or a
    // malformed string is not a number, not pybind11's generic list of signatures.
    bool load(handle source, bool /*convert*/) {
        value = costmodel::python::decimal_from_python(source);
        return true;
    }
    static handle cast(costmodel::Decimal source, return_value_policy, handle) {
        return costmodel::python::decimal_to_python(source).release();
    }
};

}  // namespace pybind11::detail
