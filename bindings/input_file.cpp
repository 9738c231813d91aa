#include "input_file.hpp"

#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"

namespace costmodel::python {

std::string printable_path(const std::string& path) {
    std::string text;
    text.reserve(path.size());
    for (const char c : path) {
        if (c == '\0') {
            text += "\\0";
        } else {
            text += c;
        }
    }
    return text;
}

void check_path(const std::string& path) {
    if (path.find('\0') != std::string::npos) {
        throw input_error(printable_path(path), "", "the path contains a NUL character", printable_path(path));
    }
}

std::string read_input_file(const std::string& path) {
    check_path(path);
    // The library's one file reader: regular files only, the size limit, encoding checks.
    return costmodel::read_input_file(path);
}

}  // namespace costmodel::python
