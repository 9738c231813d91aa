#pragma once
// Reading an input file for the bindings. The file is read once, with the GIL released by the caller,
// and its text kept: a Scenario made from a file can give back the document it was made from.

#include <string>

namespace costmodel::python {

// Throws costmodel::input_error naming the path when the path holds a NUL (a C library call would
// silently read the file named by the part before it), or when the file cannot be read.
void check_path(const std::string& path);
// The library's read_input_file (costmodel/input_file.hpp) after check_path.
[[nodiscard]] std::string read_input_file(const std::string& path);

// The path as an error message shows it: a NUL is written as \0 so the message is not cut there.
[[nodiscard]] std::string printable_path(const std::string& path);

}  // namespace costmodel::python
