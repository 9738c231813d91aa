// amortize(): a commitment's upfront and recurring fees spread over its term's days, as line tables
// (commitments/amortisation.hpp).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>

#include "costmodel/commitments/amortisation.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* arguments = "<amortize arguments>";

date date_argument(const std::string& text, const char* field) {
    const auto parsed = date::parse(text);
    if (!parsed) throw input_error(arguments, field, "expected a date YYYY-MM-DD, got \"" + text + "\"", text);
    return *parsed;
}

// A fee argument: a number read exactly, or an input_error naming the field.
std::optional<Decimal> fee_argument(py::handle value, const char* field) {
    if (value.is_none()) return std::nullopt;
    try {
        return decimal_from_python(value);
    } catch (const std::invalid_argument& error) {
        throw input_error(arguments, field, error.what(), py::str(value).cast<std::string>());
    } catch (const py::value_error& error) {
        throw input_error(arguments, field, error.what(), py::str(value).cast<std::string>());
    }
}

}  // namespace

void register_amortisation(py::module_& m) {
    m.def(
        "amortize",
        [](const std::string& id, const std::string& start, py::handle upfront, py::object term_years, py::object end,
           py::handle recurring_monthly, py::handle recurring_hourly) {
            // term_years and end: None or an int / a str (py::objects, so the signature reads the same in
            // every pybind11 version).
            commitment_terms terms;
            terms.id = id;
            terms.start = date_argument(start, "start");
            if (!term_years.is_none()) {
                if (!PyLong_Check(term_years.ptr()) || PyBool_Check(term_years.ptr())) {
                    throw py::type_error("term_years: expected an int (1 or 3), got " + py::str(py::type::of(term_years).attr("__name__")).cast<std::string>());
                }
                const long years = term_years.cast<long>();
                terms.term_years = years >= -1000 && years <= 1000 ? static_cast<int>(years) : 0;
            }
            if (!end.is_none()) terms.end = date_argument(end.cast<std::string>(), "end");
            terms.upfront = fee_argument(upfront, "upfront").value_or(Decimal());
            terms.recurring_monthly = fee_argument(recurring_monthly, "recurring_monthly");
            terms.recurring_hourly = fee_argument(recurring_hourly, "recurring_hourly");
            amortisation result = amortize(terms, arguments);
            return py::make_tuple(std::make_shared<table::table>(std::move(result.daily)),
                                  std::make_shared<table::table>(std::move(result.monthly)), result.upfront, result.recurring,
                                  result.total, result.days, result.end.to_string());
        },
        py::arg("id"), py::arg("start"), py::arg("upfront"), py::arg("term_years"), py::arg("end"), py::arg("recurring_monthly"),
        py::arg("recurring_hourly"),
        R"doc(A commitment amortised over its term: (daily table, monthly table, upfront, recurring, total, days, end).)doc");
}

}  // namespace costmodel::python
