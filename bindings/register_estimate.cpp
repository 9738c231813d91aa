// Estimates cross the boundary as the contract's JSON text: one serialiser, so the CLI, Python and C++
// give the same document by construction. Pricing runs with the GIL released.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "costmodel/estimate.hpp"
#include "costmodel/json.hpp"
#include "input_file.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

void register_estimate(py::module_& m) {
    m.def(
        "estimate_scenario_json",
        [](const scenario_handle& s, const catalog_handle& prices) {
            py::gil_scoped_release release;
            const estimate_result result = estimate(*s.value, *prices.value);
            return estimate_to_json(result, &s.value->settings, -1);
        },
        py::arg("scenario"), py::arg("catalog"),
        "Prices a parsed scenario against a catalog; returns the estimate document as JSON text.");
    m.def(
        "estimate_json",
        [](const std::string& scenario_text, const std::string& source_name, const std::string& base_dir) {
            py::gil_scoped_release release;
            scenario s = parse_scenario(scenario_text, source_name);
            if (s.catalog != "builtin" && !base_dir.empty() && s.catalog.front() != '/') s.catalog = base_dir + "/" + s.catalog;
            check_path(s.catalog);
            const estimate_result result = estimate(s);
            return estimate_to_json(result, &s.settings, -1);
        },
        py::arg("scenario_text"), py::arg("source_name") = "<scenario>", py::arg("base_dir") = "",
        "Prices a scenario document (JSON text); returns the estimate document as JSON text.");
    m.def(
        "estimate_file_json",
        [](const std::string& path) {
            check_path(path);
            py::gil_scoped_release release;
            const scenario s = load_scenario(path);
            check_path(s.catalog);
            const estimate_result result = estimate(s);
            return estimate_to_json(result, &s.settings, -1);
        },
        py::arg("path"), "Reads and prices a scenario file; returns the estimate document as JSON text.");
}

}  // namespace costmodel::python
