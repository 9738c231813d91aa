#include "input_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "costmodel/input_error.hpp"

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
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (std::filesystem::is_directory(status)) throw input_error(path, "", "cannot read the file (it is a directory)");
    if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        throw input_error(path, "", "cannot read the file (not a regular file)");
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw input_error(path, "", "cannot read the file (" +
                                        std::string(std::filesystem::exists(status) ? "permission denied" : "no such file") + ")");
    }
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad()) throw input_error(path, "", "cannot read the file (read error)");
    return std::move(text).str();
}

}  // namespace costmodel::python
