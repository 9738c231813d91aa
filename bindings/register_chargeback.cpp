// costmodel._core.chargeback_csv: the chargeback CSV kernel (actuals/chargeback.hpp) over Arrow arrays
// read in place through the PyCapsule interface (__arrow_c_array__). The capsules stay referenced for
// the call, so the kernel reads the producer's memory with the GIL released; nothing is copied or
// released here (each capsule's destructor releases its struct).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "costmodel/actuals/chargeback.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

namespace arrow = costmodel::table::arrow;

// One column's capsules, kept alive while its views are read.
struct borrowed_array {
    py::object capsules;  // (schema capsule, array capsule)
    const ArrowSchema* schema = nullptr;
    const ArrowArray* array = nullptr;
};

std::optional<borrowed_array> borrow(const py::dict& columns, const char* name) {
    if (!columns.contains(name)) return std::nullopt;
    py::object column = columns[name];
    if (column.is_none()) return std::nullopt;
    if (!py::hasattr(column, "__arrow_c_array__"))
        throw py::type_error(std::string("chargeback_csv: column '") + name + "' has no __arrow_c_array__");
    borrowed_array b;
    b.capsules = column.attr("__arrow_c_array__")();
    const auto pair = b.capsules.cast<py::tuple>();
    if (pair.size() != 2) throw py::type_error("__arrow_c_array__ must return (schema capsule, array capsule)");
    b.schema = static_cast<const ArrowSchema*>(PyCapsule_GetPointer(pair[0].ptr(), "arrow_schema"));
    if (b.schema == nullptr) throw py::error_already_set();
    b.array = static_cast<const ArrowArray*>(PyCapsule_GetPointer(pair[1].ptr(), "arrow_array"));
    if (b.array == nullptr) throw py::error_already_set();
    return b;
}

// The views of the columns; nullopt when a required one is missing or of another layout.
std::optional<actuals::chargeback_columns> views_of(const std::vector<std::optional<borrowed_array>>& held) {
    // held: org_unit, owner_email, owner_id, lease_id, account_id, currency, start, end, duration,
    // collected_at, budget, total_cost, variance
    const auto text = [&](std::size_t k) -> std::optional<arrow::text_view> {
        if (!held[k]) return std::nullopt;
        return arrow::view_text(held[k]->schema, held[k]->array);
    };
    actuals::chargeback_columns c;
    const auto org = text(0), email = text(1), lease = text(3), account = text(4), currency = text(5);
    if (!org || !email || !lease || !account || !currency) return std::nullopt;
    c.org_unit = *org;
    c.owner_email = *email;
    c.lease_id = *lease;
    c.account_id = *account;
    c.currency = *currency;
    if (held[2]) {
        c.owner_id = text(2);
        if (!c.owner_id) return std::nullopt;
    }
    if (!held[6] || !held[7] || !held[10] || !held[11]) return std::nullopt;
    const auto start = arrow::view_int32(held[6]->schema, held[6]->array);
    const auto end = arrow::view_int32(held[7]->schema, held[7]->array);
    const auto budget = arrow::view_decimal128(held[10]->schema, held[10]->array);
    const auto total = arrow::view_decimal128(held[11]->schema, held[11]->array);
    if (!start || !end || !budget || !total) return std::nullopt;
    if (std::string_view(held[6]->schema->format) != "tdD" || std::string_view(held[7]->schema->format) != "tdD") return std::nullopt;
    c.start_date = *start;
    c.end_date = *end;
    c.budget = *budget;
    c.total_cost = *total;
    if (held[8]) {
        c.duration = arrow::view_int64(held[8]->schema, held[8]->array);
        if (!c.duration) return std::nullopt;
    }
    if (held[9]) {
        c.collected_at = arrow::view_int64(held[9]->schema, held[9]->array);
        if (!c.collected_at) return std::nullopt;
    }
    if (held[12]) {
        c.variance = arrow::view_decimal128(held[12]->schema, held[12]->array);
        if (!c.variance) return std::nullopt;
    }
    c.length = c.total_cost.length;
    return c;
}

}  // namespace

void register_chargeback(py::module_& m) {
    m.def(
        "chargeback_csv",
        [](const py::dict& columns, const std::optional<std::string>& by, std::int32_t first_day, std::int32_t last_day,
           const std::optional<std::string>& symbol) -> py::object {
            static const char* const names[] = {"orgUnit",  "ownerEmail",  "ownerId", "leaseId",   "accountId",
                                                "currency", "startDate",   "endDate", "duration",  "collectedAt",
                                                "budget",   "totalCost",   "variance"};
            std::vector<std::optional<borrowed_array>> held;
            for (const char* name : names) held.push_back(borrow(columns, name));
            const auto views = views_of(held);
            if (!views) return py::none();
            std::optional<actuals::chargeback_by> order;
            if (by) {
                if (*by == "end") order = actuals::chargeback_by::end;
                else if (*by == "start") order = actuals::chargeback_by::start;
                else if (*by == "collected") order = actuals::chargeback_by::collected;
                else throw py::value_error("chargeback_csv: by must be 'end', 'start' or 'collected'");
            }
            std::optional<std::string> text;
            {
                py::gil_scoped_release unlocked;
                std::vector<std::int64_t> all;
                std::optional<std::vector<std::int64_t>> rows;
                if (order) {
                    rows = actuals::chargeback_rows(*views, *order, date::from_days(first_day), date::from_days(last_day));
                } else {
                    all.resize(static_cast<std::size_t>(views->length));
                    for (std::int64_t i = 0; i < views->length; ++i) all[static_cast<std::size_t>(i)] = i;
                    rows = std::move(all);
                }
                if (rows) text = actuals::chargeback_csv(*views, *rows, symbol ? std::optional<std::string_view>(*symbol) : std::nullopt);
            }
            if (!text) return py::none();
            PyObject* decoded = PyUnicode_DecodeUTF8(text->data(), static_cast<Py_ssize_t>(text->size()), "strict");
            if (decoded == nullptr) {  // text that is not UTF-8: the general path says so its own way
                PyErr_Clear();
                return py::none();
            }
            return py::reinterpret_steal<py::object>(decoded);
        },
        py::arg("columns"), py::arg("by"), py::arg("first_day"), py::arg("last_day"), py::arg("symbol") = py::none(),
        "The chargeback CSV (docs/leases.md, \"Chargeback\") of Arrow columns keyed orgUnit, ownerEmail, ownerId?, "
        "leaseId, accountId, currency, startDate, endDate, duration?, collectedAt?, budget, totalCost, variance?: "
        "the rows of the month [first_day, last_day] (days since the epoch) chosen `by` 'end', 'start' or "
        "'collected', ordered by start date and lease id; or, with by=None, every row in order. None when a "
        "column is not of a layout the kernel reads (the caller's general path then writes it).");
}

}  // namespace costmodel::python
