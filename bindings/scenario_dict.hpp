#pragma once
// A scenario dict read in one walk: its exact JSON text for the scenario reader, and the plain copy
// (dicts and lists; numbers and strings shared) that Scenario.to_dict() returns. Floats and other
// types are refused as the Python layer documents, with the key's path.

#include <pybind11/pybind11.h>

#include <string>
#include <string_view>

namespace costmodel::python {

struct scenario_dict {
    std::string text;
    pybind11::object copy;
};

// `source` names the dict in errors ("<scenario dict>"); `what` says what it is ("a scenario"). Other
// readers of Python dicts (Cost Explorer responses) use the same walk.
[[nodiscard]] scenario_dict read_scenario_dict(pybind11::handle document, std::string_view source, std::string_view what = "a scenario");
// The same walk's JSON text alone, without the copy (a Cost Explorer response is read, not kept).
[[nodiscard]] std::string dict_json_text(pybind11::handle document, std::string_view source, std::string_view what);

}  // namespace costmodel::python
