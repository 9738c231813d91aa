// Scenarios and estimates cross the boundary as the contract's JSON text: one parser (the C++ one)
// and one serialiser, so the CLI, Python and C++ give the same document by construction.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "costmodel/estimate.hpp"
#include "costmodel/json.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

void register_estimate(py::module_& m) {
    m.def(
        "estimate_json",
        [](const std::string& scenario_text, const std::string& source_name, const std::string& base_dir) {
            scenario s = parse_scenario(scenario_text, source_name);
            if (s.catalog != "builtin" && !base_dir.empty() && s.catalog.front() != '/') s.catalog = base_dir + "/" + s.catalog;
            py::gil_scoped_release release;
            const estimate_result result = estimate(s, *catalog_named(s.catalog));
            return estimate_to_json(result, &s.settings, -1);
        },
        py::arg("scenario_text"), py::arg("source_name") = "<scenario>", py::arg("base_dir") = "",
        "Prices a scenario document (JSON text); returns the estimate document as JSON text.");
    m.def(
        "estimate_file_json",
        [](const std::string& path) {
            const scenario s = load_scenario(path);
            py::gil_scoped_release release;
            const estimate_result result = estimate(s, *catalog_named(s.catalog));
            return estimate_to_json(result, &s.settings, -1);
        },
        py::arg("path"), "Reads and prices a scenario file; returns the estimate document as JSON text.");
}

}  // namespace costmodel::python
