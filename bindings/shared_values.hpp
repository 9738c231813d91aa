#pragma once
// The values Python holds by reference: a parsed scenario and a loaded catalog. Both are immutable
// once made, so one object serves any number of estimates (and threads) without a copy.

#include <memory>
#include <string>

#include "costmodel/catalog.hpp"
#include "costmodel/scenario.hpp"

namespace costmodel::python {

struct scenario_handle {
    std::shared_ptr<const scenario> value;
    std::string text;    // the document the scenario was parsed from, as given
    std::string source;  // the name errors give it: a path, "<scenario text>", "<scenario dict>"
    std::string base_dir;  // the folder a relative catalog path was taken from ("" when none)
};

struct catalog_handle {
    std::shared_ptr<const catalog> value;
};

}  // namespace costmodel::python
