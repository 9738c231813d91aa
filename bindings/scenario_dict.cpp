// Walks a scenario dict once, in C++: the text the reader parses and the copy to_dict() returns, with
// no path string made unless there is an error to report.

#include "scenario_dict.hpp"

#include <pybind11/gil_safe_call_once.h>

#include <vector>

#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

// Beyond this adjusted exponent a Decimal has more than 28 integer digits: out of every range.
constexpr long max_adjusted = 27;

py::object mapping_class() {
    PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
    return storage.call_once_and_store_result([] { return py::module_::import("collections.abc").attr("Mapping"); }).get_stored();
}

py::object json_dumps() {
    PYBIND11_CONSTINIT static py::gil_safe_call_once_and_store<py::object> storage;
    return storage.call_once_and_store_result([] { return py::module_::import("json").attr("dumps"); }).get_stored();
}

// format(value, "f"): plain notation, exact.
PyObject* format_fixed(py::handle value) {
    PyObject* text = PyObject_Format(value.ptr(), py::str("f").ptr());
    if (text == nullptr) throw py::error_already_set();
    return text;
}

std::string type_name(py::handle value) { return py::str(py::type::of(value).attr("__name__")).cast<std::string>(); }

class dict_walker {
public:
    dict_walker(std::string& out, std::string_view source, std::string_view what, bool copy)
        : out_(out), source_(source), what_(what), copy_(copy) {}

    // The value's JSON text appended to `out`; returns the plain copy (a null object without `copy`).

    py::object walk(py::handle value) {
        PyObject* object = value.ptr();
        if (object == Py_None) {
            out_ += "null";
        } else if (object == Py_True) {
            out_ += "true";
        } else if (object == Py_False) {
            out_ += "false";
        } else if (PyUnicode_Check(object)) {
            string(value);
        } else if (PyLong_Check(object)) {
            integer(value);
        } else if (PyDict_Check(object)) {
            return mapping(value);
        } else if (PyList_Check(object)) {
            return sequence(value);
        } else if (PyFloat_Check(object)) {
            const std::string shown = py::repr(value).cast<std::string>();
            throw py::type_error(path() + ": float " + shown + " is not accepted as an exact number: write it as a string ('" +
                                 shown + "') or a decimal.Decimal");
        } else if (py::isinstance(value, decimal_class())) {
            decimal(value);
        } else if (PyDict_Check(object) || py::isinstance(value, mapping_class())) {
            return mapping(value);
        } else if (PyList_Check(object) || PyTuple_Check(object)) {
            return sequence(value);
        } else {
            const std::string name = type_name(value);
            throw input_error(std::string(source_), path(), "cannot use a " + name + " in " + std::string(what_), name);
        }
        return copy_ ? py::reinterpret_borrow<py::object>(value) : py::object();
    }

private:
    std::string& out_;
    std::string_view source_;
    std::string_view what_;
    bool copy_;
    // Where the walk is: keys and indices, made into "workloads[3].memory_mb" only for an error.
    struct step {
        py::handle key;  // a str, or null for an index
        std::size_t index;
    };
    std::vector<step> where_;

    [[nodiscard]] std::string path() const {
        std::string text;
        for (const step& s : where_) {
            if (s.key) {
                if (!text.empty()) text += '.';
                text += py::str(s.key).cast<std::string>();
            } else {
                text += "[" + std::to_string(s.index) + "]";
            }
        }
        return text;
    }

    void string(py::handle value) {
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(value.ptr(), &size);
        if (utf8 == nullptr) {
            // Not encodable as UTF-8 (a lone surrogate): json.dumps's escapes, for the reader to judge.
            PyErr_Clear();
            out_ += json_dumps()(value).cast<std::string>();
            return;
        }
        static constexpr char hex[] = "0123456789abcdef";
        out_.push_back('"');
        for (Py_ssize_t i = 0; i < size; ++i) {
            const char c = utf8[i];
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_.push_back('\\');
                out_.push_back(c);
            } else if (byte < 0x20) {
                out_ += "\\u00";
                out_.push_back(hex[byte >> 4]);
                out_.push_back(hex[byte & 0xF]);
            } else {
                out_.push_back(c);
            }
        }
        out_.push_back('"');
    }

    void integer(py::handle value) {
        const auto bits = py::reinterpret_borrow<py::int_>(value).attr("bit_length")().cast<long long>();
        if (bits > 128) {
            throw input_error(std::string(source_), path(), "number out of range (more than 28 integer digits)",
                              "an integer of " + std::to_string(bits) + " bits");
        }
        // Through int(): an int subclass (an IntEnum) writes its value, not its name.
        out_ += py::str(py::reinterpret_steal<py::object>(PyNumber_Long(value.ptr()))).cast<std::string>();
    }

    // A Decimal as a JSON string of its exact text (the reader takes decimal strings as numbers).
    void decimal(py::handle value) {
        const std::string shown = py::str(value).cast<std::string>();
        if (!value.attr("is_finite")().cast<bool>()) {
            throw input_error(std::string(source_), path(), shown + " is not a finite number", shown);
        }
        if (!value.attr("is_zero")().cast<bool>() && value.attr("adjusted")().cast<long>() > max_adjusted) {
            throw input_error(std::string(source_), path(), "number out of range (more than 28 integer digits)", shown);
        }
        const long exponent = value.attr("as_tuple")().attr("exponent").cast<long>();
        // More than 10 fractional digits: the exponent form, a few bytes however small the exponent (the
        // reader refuses it, or reads it when the extra digits are zeros); otherwise plain notation.
        const std::string text = exponent < -10 ? shown : py::reinterpret_steal<py::str>(format_fixed(value)).cast<std::string>();
        out_.push_back('"');
        out_ += text;
        out_.push_back('"');
    }

    void member(py::dict& copy, bool& first, py::handle key, py::handle item) {
        if (!PyUnicode_Check(key.ptr())) {
            const std::string shown = py::repr(key).cast<std::string>();
            const std::string at = path();
            throw input_error(std::string(source_), at.empty() ? shown : at + "." + shown, "a key must be a string, not " + type_name(key),
                              shown);
        }
        if (!first) out_.push_back(',');
        first = false;
        string(key);
        out_.push_back(':');
        where_.push_back({key, 0});
        py::object walked = walk(item);
        if (copy_) copy[key] = std::move(walked);
        where_.pop_back();
    }

    py::object mapping(py::handle value) {
        py::dict copy = copy_ ? py::dict() : py::reinterpret_steal<py::dict>(py::handle());
        out_.push_back('{');
        bool first = true;
        if (PyDict_Check(value.ptr())) {
            // A dict's own entries, borrowed in place: no items view, no tuple per member.
            PyObject* key = nullptr;
            PyObject* item = nullptr;
            Py_ssize_t position = 0;
            while (PyDict_Next(value.ptr(), &position, &key, &item)) member(copy, first, key, item);
        } else {
            for (const py::handle entry : value.attr("items")()) {
                const py::tuple pair = py::reinterpret_borrow<py::tuple>(entry);
                member(copy, first, pair[0], pair[1]);
            }
        }
        out_.push_back('}');
        return copy_ ? py::object(std::move(copy)) : py::object();
    }

    py::object sequence(py::handle value) {
        py::list copy = copy_ ? py::list() : py::reinterpret_steal<py::list>(py::handle());
        out_.push_back('[');
        std::size_t index = 0;
        for (const py::handle item : value) {
            if (index > 0) out_.push_back(',');
            where_.push_back({py::handle(), index});
            py::object walked = walk(item);
            if (copy_) copy.append(std::move(walked));
            where_.pop_back();
            ++index;
        }
        out_.push_back(']');
        return copy_ ? py::object(std::move(copy)) : py::object();
    }
};

}  // namespace

scenario_dict read_scenario_dict(py::handle document, std::string_view source, std::string_view what) {
    scenario_dict result;
    result.text.reserve(4096);
    dict_walker walker(result.text, source, what, true);
    result.copy = walker.walk(document);
    return result;
}

std::string dict_json_text(py::handle document, std::string_view source, std::string_view what) {
    std::string text;
    text.reserve(4096);
    dict_walker walker(text, source, what, false);
    (void)walker.walk(document);
    return text;
}

}  // namespace costmodel::python
