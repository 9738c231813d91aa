// The private extension module costmodel._core. Each concept registers itself from its own file.

#include <pybind11/pybind11.h>

#include <stdexcept>

#include "costmodel/version.hpp"
#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "costmodel compiled core (private: use the costmodel package)";
    m.attr("__version__") = costmodel::version;

    // C++ exceptions become the Python exceptions a Python user expects, with the C++ message:
    //   std::domain_error     -> ZeroDivisionError (Decimal's division by zero)
    //   std::overflow_error   -> OverflowError     (a result beyond 10^28 - 10^-10)
    //   std::invalid_argument -> ValueError        (malformed text, unknown currency or mode, mixed currencies)
    // TypeError is raised directly by the conversions (float, bool, wrong type). The translator is
    // local to this module, so other pybind11 modules in the same process keep their own mapping.
    py::register_local_exception_translator([](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const std::domain_error& e) {
            PyErr_SetString(PyExc_ZeroDivisionError, e.what());
        } catch (const std::overflow_error& e) {
            PyErr_SetString(PyExc_OverflowError, e.what());
        } catch (const std::invalid_argument& e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        }
    });

    costmodel::python::register_decimal(m);
    costmodel::python::register_money(m);
    costmodel::python::register_allocate(m);
    costmodel::python::register_catalog(m);
    costmodel::python::register_estimate(m);
    costmodel::python::register_table(m);
}
