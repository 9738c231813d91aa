// costmodel._core.Table: a line table, and its way to and from every Arrow-speaking library through
// the Arrow PyCapsule interface (__arrow_c_stream__, __arrow_c_schema__, __arrow_c_array__).
//
// Capsules follow the protocol page of the Arrow documentation: names "arrow_schema", "arrow_array"
// and "arrow_array_stream"; each capsule owns a heap-allocated struct, and its destructor calls the
// struct's release callback unless a consumer has already moved the struct out (release == NULL).
// Importing moves a struct out of its capsule in the same way. The Arrow work (snapshots on export,
// conversion on import) runs with the GIL released: it touches no Python object.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "costmodel/table/arrow.hpp"
#include "costmodel/table/group_sum.hpp"
#include "costmodel/table/operations.hpp"
#include "costmodel/table/table.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

using costmodel::table::table;
namespace arrow = costmodel::table::arrow;

constexpr const char* schema_capsule_name = "arrow_schema";
constexpr const char* array_capsule_name = "arrow_array";
constexpr const char* stream_capsule_name = "arrow_array_stream";

void schema_capsule_destructor(PyObject* capsule) {
    auto* schema = static_cast<ArrowSchema*>(PyCapsule_GetPointer(capsule, schema_capsule_name));
    if (schema == nullptr) return;
    if (schema->release != nullptr) schema->release(schema);
    delete schema;
}
void array_capsule_destructor(PyObject* capsule) {
    auto* array = static_cast<ArrowArray*>(PyCapsule_GetPointer(capsule, array_capsule_name));
    if (array == nullptr) return;
    if (array->release != nullptr) array->release(array);
    delete array;
}
void stream_capsule_destructor(PyObject* capsule) {
    auto* stream = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, stream_capsule_name));
    if (stream == nullptr) return;
    if (stream->release != nullptr) stream->release(stream);
    delete stream;
}

template <class Struct>
py::capsule make_capsule(std::unique_ptr<Struct> value, const char* name, void (*destructor)(PyObject*)) {
    PyObject* capsule = PyCapsule_New(value.get(), name, destructor);
    if (capsule == nullptr) throw py::error_already_set();
    value.release();
    return py::reinterpret_steal<py::capsule>(capsule);
}

py::capsule schema_capsule(const table& t) {
    auto schema = std::make_unique<ArrowSchema>();
    arrow::export_schema(t, schema.get());
    return make_capsule(std::move(schema), schema_capsule_name, &schema_capsule_destructor);
}

py::tuple array_capsules(const table& t) {
    auto schema = std::make_unique<ArrowSchema>();
    auto array = std::make_unique<ArrowArray>();
    {
        py::gil_scoped_release unlocked;
        arrow::export_table(t, schema.get(), array.get());
    }
    py::capsule s = make_capsule(std::move(schema), schema_capsule_name, &schema_capsule_destructor);
    py::capsule a = make_capsule(std::move(array), array_capsule_name, &array_capsule_destructor);
    return py::make_tuple(s, a);
}

py::capsule stream_capsule(const table& t, std::size_t batch_rows) {
    auto stream = std::make_unique<ArrowArrayStream>();
    {
        py::gil_scoped_release unlocked;
        arrow::export_stream(t, stream.get(), batch_rows);
    }
    return make_capsule(std::move(stream), stream_capsule_name, &stream_capsule_destructor);
}

// Moves the struct out of a capsule: the capsule keeps a released struct, we own the contents.
template <class Struct>
Struct take_from_capsule(py::handle capsule, const char* name) {
    if (!PyCapsule_IsValid(capsule.ptr(), name))
        throw py::type_error(std::string("expected a PyCapsule named \"") + name + "\"");
    auto* pointer = static_cast<Struct*>(PyCapsule_GetPointer(capsule.ptr(), name));
    if (pointer->release == nullptr) throw py::value_error(std::string("the ") + name + " capsule was already consumed");
    Struct moved = *pointer;
    pointer->release = nullptr;
    return moved;
}

table from_arrow(py::handle source) {
    if (py::hasattr(source, "__arrow_c_stream__")) {
        py::object capsule = source.attr("__arrow_c_stream__")();
        ArrowArrayStream stream = take_from_capsule<ArrowArrayStream>(capsule, stream_capsule_name);
        py::gil_scoped_release unlocked;
        return arrow::import_stream(&stream);
    }
    if (py::hasattr(source, "__arrow_c_array__")) {
        py::tuple capsules = source.attr("__arrow_c_array__")();
        if (capsules.size() != 2) throw py::type_error("__arrow_c_array__ must return (schema capsule, array capsule)");
        ArrowSchema schema = take_from_capsule<ArrowSchema>(capsules[0], schema_capsule_name);
        ArrowArray array{};
        try {
            array = take_from_capsule<ArrowArray>(capsules[1], array_capsule_name);
        } catch (...) {
            schema.release(&schema);
            throw;
        }
        py::gil_scoped_release unlocked;
        return arrow::import_array(&schema, &array);
    }
    throw py::type_error("Table.from_arrow: expected an object with __arrow_c_stream__ or __arrow_c_array__ "
                         "(a pyarrow Table or RecordBatch, a polars DataFrame, ...), got " +
                         py::str(py::type::of(source).attr("__name__")).cast<std::string>());
}

// The values of one column as Python objects: decimal.Decimal, str, int, bool, datetime.date,
// datetime.datetime (UTC); None for nulls.
py::list column_values(const table& t, const std::string& name) {
    using costmodel::table::column_type;
    const auto& c = t[name];
    py::list values(c.size());
    py::module_ datetime = py::module_::import("datetime");
    py::object date_from_ordinal = datetime.attr("date").attr("fromordinal");
    py::object epoch = datetime.attr("datetime")(1970, 1, 1, py::arg("tzinfo") = datetime.attr("timezone").attr("utc"));
    py::object timedelta = datetime.attr("timedelta");
    const auto& buffer = c.value_buffer();
    for (std::size_t i = 0; i < c.size(); ++i) {
        py::object value = py::none();
        if (c.is_valid(i)) {
            switch (c.type()) {
                case column_type::decimal: value = decimal_to_python(Decimal::from_units(buffer.as<__int128>()[i])); break;
                case column_type::string: {
                    const auto text = c.dictionary()[buffer.as<std::int32_t>()[i]];
                    value = py::str(text.data(), text.size());
                    break;
                }
                case column_type::int64: value = py::int_(buffer.as<std::int64_t>()[i]); break;
                case column_type::int32: value = py::int_(buffer.as<std::int32_t>()[i]); break;
                case column_type::boolean: value = py::bool_(c.boolean_bits()[i]); break;
                case column_type::date: value = date_from_ordinal(buffer.as<std::int32_t>()[i] + 719'163); break;
                case column_type::timestamp:
                    value = epoch + timedelta(py::arg("microseconds") = buffer.as<std::int64_t>()[i]);
                    break;
            }
        }
        values[i] = std::move(value);
    }
    return values;
}

// Priced-line-shaped rows for benchmarks and tests: 3 decimals, 6 strings, 1 date per line.
table sample_lines(std::size_t rows) {
    table t;
    auto& workload = t.add_string("workload");
    auto& service = t.add_string("service");
    auto& component = t.add_string("component");
    auto& unit = t.add_string("unit");
    auto& sku = t.add_string("sku");
    auto& region = t.add_string("region");
    auto& day = t.add_date("day");
    auto& quantity = t.add_decimal("quantity");
    auto& unit_price = t.add_decimal("unit_price");
    auto& cost = t.add_decimal("cost");
    t.reserve(rows);
    static const char* services[] = {"lambda", "fargate", "s3", "glue", "athena", "cloudwatch", "nat_gateway"};
    static const char* units[] = {"GB-second", "request", "GB-month", "DPU-hour", "TB", "GB", "hour"};
    static const char* regions[] = {"us-east-1", "eu-west-1", "ap-south-1"};
    std::int32_t workload_codes[1000];
    for (int w = 0; w < 1000; ++w) workload_codes[w] = workload.intern("workload-" + std::to_string(w));
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    for (std::size_t i = 0; i < rows; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto s = static_cast<std::size_t>((state >> 33) % 7);
        workload.append_code(workload_codes[(state >> 20) % 1000]);
        service.append(services[s]);
        component.append(i % 2 ? "compute" : "requests");
        unit.append(units[s]);
        sku.append(std::string("SKU-") + services[s]);
        region.append(regions[i % 3]);
        day.append(20'423 + static_cast<std::int32_t>(i % 30));
        const auto q = static_cast<__int128>((state >> 24) % 10'000'000) * 10'000'000'000LL;
        const auto p = static_cast<__int128>(166'667 + s);  // 0.0000166667 and neighbours
        quantity.append_units(q);
        unit_price.append_units(p);
        cost.append(Decimal::multiply(Decimal::from_units(q), Decimal::from_units(p)));
    }
    return t;
}

}  // namespace

void register_table(py::module_& m) {
    py::register_local_exception_translator([](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const costmodel::table::missing_column& e) {
            PyErr_SetString(PyExc_KeyError, e.what());
        }
    });

    py::class_<table, std::shared_ptr<table>>(m, "Table", R"doc(A line table: named, typed columns of equal length.

Decimal columns are exact (Arrow decimal128(38, 10)); strings are dictionary-encoded. The table speaks
the Arrow PyCapsule interface, so pyarrow.table(t), polars.from_arrow(t) and DuckDB read it without a
per-cell copy.)doc")
        .def(py::init<>())
        .def_static("from_arrow", &from_arrow, py::arg("source"),
                    "A table from any object with __arrow_c_stream__ or __arrow_c_array__ (pyarrow, polars, ...).")
        .def_property_readonly("num_rows", &table::num_rows)
        .def_property_readonly("num_columns", &table::num_columns)
        .def_property_readonly("column_names", [](const table& t) { return t.column_names(); })
        .def("__len__", &table::num_rows)
        .def("__repr__", [](const table& t) { return "costmodel.Table\n" + t.to_string(10); })
        .def("to_string", &table::to_string, py::arg("max_rows") = 10, "The first rows as an aligned text table.")
        .def("__eq__", [](const table& a, const table& b) { return a == b; }, py::is_operator())
        .def("column", &column_values, py::arg("name"),
             "A column's values: decimal.Decimal, str, int, bool, datetime.date or datetime.datetime (UTC); None for nulls.")
        .def("column_type", [](const table& t, const std::string& name) { return std::string(to_string(t[name].type())); },
             py::arg("name"))
        .def("memory_bytes", &table::memory_bytes, "Bytes held by the column buffers and dictionaries.")
        .def(
            "group_sum",
            [](const table& t, std::vector<std::string> keys, std::vector<std::string> sums) {
                py::gil_scoped_release unlocked;
                return costmodel::table::group_sum(t, std::move(keys), std::move(sums));
            },
            py::arg("keys"), py::arg("sums"),
            "Exact sums of the decimal columns `sums` per group of `keys`, groups in order of first appearance.")
        .def(
            "slice",
            [](const table& t, std::size_t offset, std::size_t length) { return costmodel::table::slice(t, offset, length); },
            py::arg("offset"), py::arg("length"))
        .def(
            "filter",
            [](const table& t, const std::vector<bool>& mask) {
                // std::vector<bool> packs bits: the library's filter takes one bool per row.
                const std::unique_ptr<bool[]> rows(new bool[mask.size()]);
                std::copy(mask.begin(), mask.end(), rows.get());
                py::gil_scoped_release unlocked;
                return costmodel::table::filter(t, std::span<const bool>(rows.get(), mask.size()));
            },
            py::arg("mask"), "The rows whose mask entry is true, in order (one entry per row).")
        .def(
            "take",
            [](const table& t, const std::vector<std::int64_t>& rows) {
                for (const std::int64_t row : rows) {
                    if (row < 0 || static_cast<std::size_t>(row) >= t.num_rows()) {
                        throw py::index_error("take: row " + std::to_string(row) + " of a table of " + std::to_string(t.num_rows()) +
                                              " rows");
                    }
                }
                py::gil_scoped_release unlocked;
                return costmodel::table::take(t, rows);
            },
            py::arg("rows"), "The rows at these positions, in this order (repeats allowed).")
        .def(
            "sort_by",
            [](const table& t, const std::vector<std::string>& keys, bool descending) {
                std::vector<costmodel::table::sort_key> sort_keys;
                for (const auto& k : keys) sort_keys.push_back({k, descending});
                py::gil_scoped_release unlocked;
                return costmodel::table::sort(t, sort_keys);
            },
            py::arg("keys"), py::arg("descending") = false, "A stable sort by the key columns (strings by text, nulls last).")
        .def(
            "__arrow_c_schema__", [](const table& t) -> py::object { return schema_capsule(t); },
            "The schema as an \"arrow_schema\" PyCapsule (a struct of the columns).")
        .def(
            "__arrow_c_array__",
            [](const table& t, py::object /*requested_schema*/) { return array_capsules(t); },
            py::arg("requested_schema") = py::none(),
            "(\"arrow_schema\", \"arrow_array\") PyCapsules of the table as one struct array. The requested "
            "schema is not applied: consumers cast where they need another type.")
        .def(
            "__arrow_c_stream__",
            [](const table& t, py::object /*requested_schema*/) -> py::object { return stream_capsule(t, 0); },
            py::arg("requested_schema") = py::none(),
            "An \"arrow_array_stream\" PyCapsule of the table (one batch). The requested schema is not applied.")
        .def(
            "_arrow_c_stream_batches",
            [](const table& t, std::size_t batch_rows) -> py::object { return stream_capsule(t, batch_rows); },
            py::arg("batch_rows"), "An \"arrow_array_stream\" PyCapsule of batches of at most batch_rows rows.")
        .def(
            "_decimal_buffer_address",
            [](const table& t, const std::string& name) {
                return reinterpret_cast<std::uintptr_t>(t.decimals(name).data());
            },
            py::arg("name"), "The address of a decimal column's values (for tests of zero-copy export).")
        .def_static(
            "_sample_lines",
            [](std::size_t rows) {
                py::gil_scoped_release unlocked;
                return sample_lines(rows);
            },
            py::arg("rows"), "Priced-line-shaped rows (3 decimals, 6 strings, a date) for benchmarks and tests.");
}

}  // namespace costmodel::python
