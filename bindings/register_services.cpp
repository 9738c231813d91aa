// The registered services and their keys, for costmodel.services(): plain tuples the Python layer
// turns into its Service and Key types.

#include <pybind11/pybind11.h>

#include "costmodel/services/description.hpp"
#include "python_text.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

void register_services(py::module_& m) {
    m.def(
        "services",
        [] {
            py::list out;
            for (const service_description& service : describe_services()) {
                py::list keys;
                for (const key_description& key : service.keys) {
                    py::list choices;
                    for (const std::string_view choice : key.choices) choices.append(py::str(choice.data(), choice.size()));
                    keys.append(py::make_tuple(py::str(key.name.data(), key.name.size()), py::str(key.kind.data(), key.kind.size()),
                                               py::str(std::string(to_string(key.presence))), python_text(key.default_value),
                                               py::str(key.rule.data(), key.rule.size()), py::tuple(choices),
                                               python_text(key.doc)));
                }
                out.append(py::make_tuple(py::str(service.name.data(), service.name.size()),
                                          py::str(service.summary.data(), service.summary.size()), py::tuple(keys)));
            }
            return out;
        },
        "(name, summary, keys) of each registered service, in the registry's order; each key is "
        "(name, kind, presence, default, rule, choices, doc).");
}

}  // namespace costmodel::python
