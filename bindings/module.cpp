// The private extension module costmodel._core. Each concept registers itself from its own file.

#include <pybind11/pybind11.h>

#include <stdexcept>

#include "costmodel/version.hpp"
#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "costmodel compiled core (private: use the costmodel package)";
    m.attr("__version__") = costmodel::version;

    // std::domain_error is what Decimal throws on division by zero.
    py::register_exception_translator([](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const std::domain_error& e) {
            PyErr_SetString(PyExc_ZeroDivisionError, e.what());
        }
    });

    costmodel::python::register_decimal(m);
    costmodel::python::register_money(m);
    costmodel::python::register_allocate(m);
}
