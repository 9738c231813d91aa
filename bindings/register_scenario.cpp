// costmodel::scenario for Python: parsed once from JSON text or a file (the GIL released while the
// file is read and the text parsed), then priced any number of times.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <filesystem>

#include "costmodel/scenario.hpp"
#include "input_file.hpp"
#include "python_text.hpp"
#include "scenario_dict.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

// A relative catalog path is taken relative to `base_dir`: the scenario file's folder, or the folder
// the caller names for text (the working directory for costmodel.estimate).
scenario_handle parse_handle(std::string text, std::string source, std::string base_dir) {
    auto parsed = std::make_shared<scenario>(parse_scenario(text, source));
    if (parsed->catalog != "builtin" && !base_dir.empty()) {
        const std::filesystem::path catalog_path(parsed->catalog);
        if (catalog_path.is_relative()) parsed->catalog = (std::filesystem::path(base_dir) / catalog_path).lexically_normal().string();
    }
    return scenario_handle{std::move(parsed), std::move(text), std::move(source), std::move(base_dir)};
}

}  // namespace

void register_scenario(py::module_& m) {
    py::class_<scenario_handle>(m, "Scenario", "A parsed scenario (contract costmodel/scenario/v1).")
        .def_static(
            "from_json",
            [](std::string text, std::string source_name, std::string base_dir) {
                py::gil_scoped_release release;
                return parse_handle(std::move(text), std::move(source_name), std::move(base_dir));
            },
            py::arg("text"), py::arg("source_name") = "<scenario text>", py::arg("base_dir") = "",
            "Parses a scenario document; a relative catalog path is taken relative to base_dir.")
        .def_static(
            "from_dict",
            [](py::handle document, std::string source_name, std::string base_dir) {
                scenario_dict read = read_scenario_dict(document, source_name);
                py::object copy = std::move(read.copy);
                scenario_handle handle;
                {
                    py::gil_scoped_release release;
                    handle = parse_handle(std::move(read.text), std::move(source_name), std::move(base_dir));
                }
                return py::make_tuple(std::move(handle), std::move(copy));
            },
            py::arg("document"), py::arg("source_name") = "<scenario dict>", py::arg("base_dir") = "",
            "Reads a scenario dict in one walk (floats and other types refused with the key's path) and parses "
            "it; returns (scenario, plain copy of the dict).")
        .def_static(
            "dict_text",
            [](py::handle document, const std::string& source_name) {
                return python_text(dict_json_text(document, source_name, "a scenario"));
            },
            py::arg("document"), py::arg("source_name") = "<scenario dict>",
            "The exact JSON text from_dict parses for a scenario dict.")
        .def_static(
            "load",
            [](const std::string& path) {
                py::gil_scoped_release release;
                std::string text = read_input_file(path);
                const std::string folder = std::filesystem::path(path).parent_path().string();
                return parse_handle(std::move(text), path, folder.empty() ? "." : folder);
            },
            py::arg("path"), "Reads and parses a scenario file; a relative catalog path is taken from its folder.")
        .def_property_readonly("name", [](const scenario_handle& self) { return python_text(self.value->name); })
        .def_property_readonly("catalog", [](const scenario_handle& self) { return self.value->catalog; },
                               "'builtin', or the catalog's path (relative paths resolved).")
        .def_property_readonly("source", [](const scenario_handle& self) { return self.source; })
        .def_property_readonly("base_dir", [](const scenario_handle& self) { return self.base_dir; })
        .def_property_readonly("text", [](const scenario_handle& self) { return py::bytes(self.text); },
                               "The document the scenario was parsed from (UTF-8 bytes).")
        .def_property_readonly(
            "parameters",
            [](const scenario_handle& self) {
                py::list out;
                for (const auto& [name, value] : self.value->parameters) out.append(py::make_tuple(python_text(name), value));
                return out;
            },
            "(name, value) of each declared parameter, in the document's order.")
        .def(
            "canonical_json",
            [](const scenario_handle& self) {
                std::string text;
                {
                    py::gil_scoped_release release;
                    text = to_json(*self.value);
                }
                return python_text(text);
            },
            "The scenario as the library writes it: every key of every workload, defaults filled in, numbers in "
            "plain notation, expressions as their values.")
        .def_property_readonly(
            "workloads",
            [](const scenario_handle& self) {
                py::list names;
                for (const workload& item : self.value->workloads) {
                    names.append(py::make_tuple(python_text(item.name), python_text(service_name(item.spec))));
                }
                return names;
            },
            "(name, service) of each workload, in the document's order.");
}

}  // namespace costmodel::python
