#pragma once
// Text from C++ to Python when it may hold bytes that are not UTF-8 (a name or a message quoting a
// file that is not UTF-8): such bytes are shown as \xNN escapes instead of failing the conversion
// with a UnicodeDecodeError that hides the error being reported.

#include <pybind11/pybind11.h>

#include <string_view>

namespace costmodel::python {

inline pybind11::str python_text(std::string_view text) {
    PyObject* decoded = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "backslashreplace");
    if (decoded == nullptr) throw pybind11::error_already_set();
    return pybind11::reinterpret_steal<pybind11::str>(decoded);
}

}  // namespace costmodel::python
