#include "decimal_caster.hpp"

#include <string>

namespace py = pybind11;

namespace costmodel::python {

py::object decimal_class() {
    // Looked up on each call through the module cache: cheap, and safe across interpreter restarts.
    return py::module_::import("decimal").attr("Decimal");
}

Decimal decimal_from_python(py::handle value) {
    if (PyFloat_Check(value.ptr())) {
        throw py::type_error("float " + py::repr(value).cast<std::string>() +
                             " is not accepted as an exact amount: pass decimal.Decimal(str(x)) or a string "
                             "such as '0.1' to say which decimal you mean");
    }
    if (PyBool_Check(value.ptr())) throw py::type_error("bool is not accepted as a number");
    if (PyLong_Check(value.ptr())) return Decimal::parse(py::str(value).cast<std::string>());
    if (PyUnicode_Check(value.ptr())) return Decimal::parse(value.cast<std::string>());
    if (py::isinstance(value, decimal_class())) {
        if (!value.attr("is_finite")().cast<bool>()) {
            throw py::value_error("Decimal " + py::str(value).cast<std::string>() + " is not a finite number");
        }
        // format 'f' spells the value without an exponent and exactly, whatever its context.
        return Decimal::parse(py::format(value, py::str("f")).cast<std::string>());
    }
    throw py::type_error("expected decimal.Decimal, int or str, got " +
                         py::str(py::type::of(value).attr("__name__")).cast<std::string>());
}

py::object decimal_to_python(Decimal value) { return decimal_class()(value.to_string()); }

}  // namespace costmodel::python
