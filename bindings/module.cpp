// The private extension module costmodel._core. Each concept registers itself from its own file.

#include <pybind11/pybind11.h>

#include <stdexcept>

#include "costmodel/input_error.hpp"
#include "costmodel/version.hpp"
#include "python_text.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace {

constexpr const char* input_error_doc =
    "Input a user got wrong: a scenario, catalog or number that cannot be read as given.\n\n"
    "A ValueError, so code that catches ValueError keeps working. str(error) is\n"
    "'source: path: message'; the parts are attributes:\n\n"
    "- source: the input (a file path, '<scenario dict>', '<scenario text>')\n"
    "- path: where in it (a JSON path such as 'workloads[3].memry_gb'; '' for the whole input)\n"
    "- message: what is wrong\n"
    "- value: the offending value as written ('' when there is none to show)";

// InputError(message, source="", path="", value=""): the attributes, and args[0] composed as the C++
// error composes its message, so str() reads the same from either side.
void init_input_error(py::object self, const std::string& message, const std::string& source, const std::string& path,
                      const std::string& value) {
    const costmodel::input_error composed(source, path, message, value);
    py::handle(PyExc_ValueError).attr("__init__")(self, py::str(std::string(composed.what())));
    self.attr("message") = py::str(message);
    self.attr("source") = py::str(source);
    self.attr("path") = py::str(path);
    self.attr("value") = py::str(value);
}

// Pickles (and copies) rebuild the error from its parts, not from the composed text.
py::tuple reduce_input_error(py::object self) {
    return py::make_tuple(py::type::of(self), py::make_tuple(self.attr("message"), self.attr("source"),
                                                             self.attr("path"), self.attr("value")));
}

py::object make_input_error(py::module_& m) {
    py::object type = py::reinterpret_steal<py::object>(
        PyErr_NewExceptionWithDoc("costmodel.InputError", input_error_doc, PyExc_ValueError, nullptr));
    if (!type) throw py::error_already_set();
    type.attr("__init__") = py::cpp_function(&init_input_error, py::is_method(type), py::arg("message"),
                                             py::arg("source") = "", py::arg("path") = "", py::arg("value") = "");
    type.attr("__reduce__") = py::cpp_function(&reduce_input_error, py::is_method(type));
    m.attr("InputError") = type;
    return type;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "costmodel compiled core (private: use the costmodel package)";
    m.attr("__version__") = costmodel::version;
    make_input_error(m);

    // C++ exceptions become the Python exceptions a Python user expects, with the C++ message:
    //   costmodel::input_error -> InputError        (a ValueError with source, path, message, value)
    //   std::domain_error      -> ZeroDivisionError (Decimal's division by zero)
    //   std::overflow_error    -> OverflowError     (a result beyond 10^28 - 10^-10)
    //   std::invalid_argument  -> ValueError        (malformed text, unknown currency or mode, mixed currencies)
    // TypeError is raised directly by the conversions (float, bool, wrong type). The translator is
    // local to this module, so other pybind11 modules in the same process keep their own mapping.
    // Messages go through a Python str, never a C string, so a NUL in one does not cut it.
    py::register_local_exception_translator([](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const costmodel::input_error& e) {
            // The message without "source: path: ", as the constructor takes it.
            const std::string full = e.what();
            std::string prefix = costmodel::input_error(e.source(), e.path(), "").what();
            std::string message = full.starts_with(prefix) ? full.substr(prefix.size()) : full;
            py::object type = py::module_::import("costmodel._core").attr("InputError");
            using costmodel::python::python_text;
            py::object instance = type(python_text(message), python_text(e.source()), python_text(e.path()), python_text(e.value()));
            PyErr_SetObject(type.ptr(), instance.ptr());
        } catch (const std::domain_error& e) {
            PyErr_SetObject(PyExc_ZeroDivisionError, costmodel::python::python_text(e.what()).ptr());
        } catch (const std::overflow_error& e) {
            PyErr_SetObject(PyExc_OverflowError, costmodel::python::python_text(e.what()).ptr());
        } catch (const std::invalid_argument& e) {
            PyErr_SetObject(PyExc_ValueError, costmodel::python::python_text(e.what()).ptr());
        }
    });

    costmodel::python::register_decimal(m);
    costmodel::python::register_money(m);
    costmodel::python::register_allocate(m);
    costmodel::python::register_catalog(m);
    costmodel::python::register_scenario(m);
    costmodel::python::register_services(m);
    // Tables before the concepts that return them, so their signatures name costmodel._core.Table.
    costmodel::python::register_table(m);
    costmodel::python::register_estimate(m);
    costmodel::python::register_instance_cost(m);
    costmodel::python::register_commitments(m);
    costmodel::python::register_support(m);
    costmodel::python::register_amortisation(m);
    costmodel::python::register_recommend(m);
    costmodel::python::register_actuals(m);
    costmodel::python::register_lease_report(m);
    costmodel::python::register_chargeback(m);
    costmodel::python::register_running_sum(m);
}
