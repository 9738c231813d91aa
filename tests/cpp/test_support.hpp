#pragma once
// Helpers the C++ test files share.

#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"

namespace costmodel_test {

// The source tree, for the test data and docs the tests read.
inline const std::string source_dir = COSTMODEL_SOURCE_DIR;

inline costmodel::Decimal dec(const std::string& text) { return costmodel::Decimal::parse(text); }

// A scenario document with the given top-level settings (JSON members, without braces) and workloads.
inline std::string document(std::string_view workloads, std::string_view settings = "") {
    std::string text = R"({"schema": "costmodel/scenario/v1", "name": "test", )";
    if (!settings.empty()) text += std::string(settings) + ", ";
    text += R"("workloads": [)" + std::string(workloads) + "]}";
    return text;
}

}  // namespace costmodel_test
