// costmodel._core.exclusive_running_sums (table/running_sum.hpp) over int64 buffers — numpy arrays
// through the buffer protocol, read and written in place with the GIL released.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <span>
#include <string>

#include "costmodel/table/running_sum.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

// A one-dimensional, contiguous int64 buffer, or a TypeError naming the argument.
template <class Pointer>
std::span<std::remove_pointer_t<Pointer>> int64_span(const py::buffer_info& info, const char* name, bool writable) {
    const bool int64 = info.itemsize == 8 && (info.format == "l" || info.format == "q" || info.format == "<l" ||
                                             info.format == "<q" || info.format == "=l" || info.format == "=q");
    if (!int64 || info.ndim != 1 || (info.shape[0] > 1 && info.strides[0] != 8))
        throw py::type_error(std::string("exclusive_running_sums: ") + name + " must be a contiguous one-dimensional int64 array");
    if (writable && info.readonly) throw py::type_error(std::string("exclusive_running_sums: ") + name + " must be writable");
    return {static_cast<Pointer>(info.ptr), static_cast<std::size_t>(info.shape[0])};
}

py::buffer_info buffer_of(const py::object& value, const char* name, bool writable) {
    if (!PyObject_CheckBuffer(value.ptr()))
        throw py::type_error(std::string("exclusive_running_sums: ") + name + " must be an int64 array (a buffer)");
    return py::reinterpret_borrow<py::buffer>(value).request(writable);
}

}  // namespace

void register_running_sum(py::module_& m) {
    m.def(
        "exclusive_running_sums",
        [](const py::object& keys, const py::object& values, std::int64_t key_count, const py::object& before,
           const py::object& earlier) {
            const py::buffer_info k = buffer_of(keys, "keys", false), v = buffer_of(values, "values", false),
                                  b = buffer_of(before, "before", true), e = buffer_of(earlier, "earlier", true);
            const auto key_span = int64_span<const std::int64_t*>(k, "keys", false);
            const auto value_span = int64_span<const std::int64_t*>(v, "values", false);
            const auto before_span = int64_span<std::int64_t*>(b, "before", true);
            const auto earlier_span = int64_span<std::int64_t*>(e, "earlier", true);
            py::gil_scoped_release unlocked;
            return table::exclusive_running_sums<std::int64_t>(key_span, value_span, key_count, before_span, earlier_span);
        },
        py::arg("keys"), py::arg("values"), py::arg("key_count"), py::arg("before"), py::arg("earlier"),
        "For each row, the sum of `values` over the earlier rows of its key and how many they are, written into "
        "`before` and `earlier` (int64 arrays of the same length). Keys are 0 .. key_count - 1, or -1 for no "
        "group. False when a key is out of range or a sum leaves int64 (the outputs are then not to be used).");
}

}  // namespace costmodel::python
