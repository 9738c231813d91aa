#include "decimal_caster.hpp"

#include <pybind11/gil_safe_call_once.h>

#include <string>

namespace py = pybind11;

namespace costmodel::python {

py::object decimal_class() {
    PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
    return storage
        .call_once_and_store_result([] { return py::module_::import("decimal").attr("Decimal"); })
        .get_stored();
}

std::string float_refusal(py::handle value) {
    return "float " + py::repr(value).cast<std::string>() +
           " is not accepted as an exact number: pass a string such as '0.1' or decimal.Decimal('0.1') to say "
           "which decimal you mean, or costmodel.from_float(x, rounding) to convert a float explicitly";
}

namespace {

std::string type_name(py::handle value) { return py::str(py::type::of(value).attr("__name__")).cast<std::string>(); }

}  // namespace

std::string decimal_text_from_python(py::handle value) {
    PyObject* object = value.ptr();
    if (PyFloat_Check(object)) throw py::type_error(float_refusal(value));
    if (PyBool_Check(object)) throw py::type_error("bool is not accepted as a number (pass 0 or 1)");
    if (PyUnicode_Check(object)) return value.cast<std::string>();
    if (PyLong_Check(object) || (PyIndex_Check(object) && !py::isinstance(value, decimal_class()))) {
        const py::int_ integer = py::reinterpret_steal<py::int_>(PyNumber_Index(object));
        if (!integer) throw py::error_already_set();
        // More than 128 bits is out of range whatever the digits; checking first keeps Python's
        // int-to-str digit limit (4300 digits) from turning an overflow into a different error.
        const auto bits = integer.attr("bit_length")().cast<long long>();
        if (bits > 128) {
            throw std::overflow_error("Decimal: an integer of " + std::to_string(bits) +
                                      " bits is out of range (more than 28 integer digits)");
        }
        return py::str(integer).cast<std::string>();
    }
    if (py::isinstance(value, decimal_class())) {
        if (!value.attr("is_finite")().cast<bool>()) {
            throw py::value_error("decimal.Decimal('" + py::str(value).cast<std::string>() +
                                  "') is not a finite number");
        }
        // str() is exact and ignores the context's precision and rounding (only its `capitals` flag
        // matters, and the parser accepts both 'E' and 'e'). Unlike format(x, 'f') it keeps the
        // exponent, so Decimal('1E+999999999') costs a few bytes, not a gigabyte of zeros.
        return py::str(value).cast<std::string>();
    }
    throw py::type_error("expected decimal.Decimal, int or str, got " + type_name(value));
}

Decimal decimal_from_python(py::handle value) { return Decimal::parse(decimal_text_from_python(value)); }

Decimal decimal_from_python(py::handle value, rounding_mode mode) {
    return Decimal::parse(decimal_text_from_python(value), mode);
}

py::object decimal_to_python(Decimal value) { return decimal_class()(value.to_string()); }

py::object decimal_to_python(Decimal value, int places) { return decimal_class()(value.to_string(places)); }

bool accepts_as_decimal(py::handle value) {
    PyObject* object = value.ptr();
    if (PyFloat_Check(object)) throw py::type_error(float_refusal(value));
    if (PyBool_Check(object)) return false;
    return PyUnicode_Check(object) || PyLong_Check(object) || PyIndex_Check(object) ||
           py::isinstance(value, decimal_class());
}

}  // namespace costmodel::python
