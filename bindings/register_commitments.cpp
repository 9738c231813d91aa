// Savings Plans and Reserved Instances for Python: a costmodel/commitments/v1 document (text or file)
// applied in C++ with the GIL released. The result is held by reference; its tables reach Python as
// costmodel.Table (Arrow without a copy), its totals as decimal.Decimal, its document from the one C++
// writer.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "costmodel/commitments/savings_plans.hpp"
#include "decimal_caster.hpp"
#include "python_text.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

struct applied_plans {
    savings_plans_result result;
    bool series = false;
};

savings_plans_options options_of(const std::string& detail) {
    if (detail == "summary") return {savings_plans_detail::summary};
    if (detail == "lines") return {savings_plans_detail::lines};
    throw std::invalid_argument("detail must be \"summary\" or \"lines\", got \"" + detail + "\"");
}

std::shared_ptr<applied_plans> apply(const commitments_document& document, const savings_plans_options& options) {
    auto out = std::make_shared<applied_plans>();
    out->result = apply_savings_plans(document, options);
    out->series = document.series;
    return out;
}

py::dict totals_dict(const savings_plans_totals& t) {
    py::dict out;
    out["on_demand_equivalent"] = t.on_demand_equivalent;
    out["on_demand_charges"] = t.on_demand_charges;
    out["commitment_charges"] = t.commitment_charges;
    out["commitment_used"] = t.commitment_used;
    out["commitment_unused"] = t.commitment_unused;
    out["reserved_charges"] = t.reserved_priced ? py::cast(t.reserved_charges) : py::none();
    out["covered_on_demand_equivalent"] = t.covered_on_demand_equivalent;
    out["total"] = t.total;
    out["savings"] = t.savings;
    out["utilization"] = t.utilization;
    out["coverage"] = t.coverage;
    return out;
}

template <table::table savings_plans_result::*Member>
std::shared_ptr<table::table> table_of(const std::shared_ptr<applied_plans>& self) {
    return std::shared_ptr<table::table>(self, &(self->result.*Member));
}

}  // namespace

void register_commitments(py::module_& m) {
    py::class_<applied_plans, std::shared_ptr<applied_plans>>(
        m, "SavingsPlansResult", "Savings Plans applied to hours of usage (private: use costmodel.apply_savings_plans).")
        .def_property_readonly("hours", [](const applied_plans& self) { return self.result.hours; })
        .def_property_readonly("series", [](const applied_plans& self) { return self.series; })
        .def_property_readonly("detail", [](const applied_plans& self) {
            return std::string(self.result.detail == savings_plans_detail::lines ? "lines" : "summary");
        })
        .def_property_readonly("wide_path", [](const applied_plans& self) { return self.result.wide_path; })
        .def_property_readonly("totals", [](const applied_plans& self) { return totals_dict(self.result.totals); })
        .def("hour_totals", [](const applied_plans& self, std::size_t hour) {
            if (hour >= self.result.hours) throw py::index_error("hour " + std::to_string(hour) + " beyond the " + std::to_string(self.result.hours) + " hours");
            return totals_dict(self.result.hour_totals[hour]);
        }, py::arg("hour"))
        .def_property_readonly("usage", &table_of<&savings_plans_result::usage>)
        .def_property_readonly("covered", &table_of<&savings_plans_result::covered>)
        .def_property_readonly("plans", &table_of<&savings_plans_result::plans>)
        .def_property_readonly("hour_table", &table_of<&savings_plans_result::hour_table>)
        .def_property_readonly("plan_hours", &table_of<&savings_plans_result::plan_hours>)
        .def_property_readonly("usage_lines", &table_of<&savings_plans_result::usage_lines>)
        .def_property_readonly("covered_lines", &table_of<&savings_plans_result::covered_lines>)
        .def(
            "to_json",
            [](const applied_plans& self, int indent) {
                std::string text;
                {
                    py::gil_scoped_release release;
                    text = savings_plans_to_json(self.result, self.series, indent);
                }
                return python_text(text);
            },
            py::arg("indent") = -1, "The result document (docs/commitments.md), amounts as exact decimal strings.");

    m.def(
        "apply_savings_plans_text",
        [](const std::string& text, const std::string& source_name, const std::string& detail) {
            const savings_plans_options options = options_of(detail);
            py::gil_scoped_release release;
            return apply(parse_commitments(text, source_name), options);
        },
        py::arg("text"), py::arg("source_name") = "<savings plans text>", py::arg("detail") = "summary",
        "Applies the plans of a costmodel/commitments/v1 document given as JSON text.");
    m.def(
        "apply_savings_plans_file",
        [](const std::string& path, const std::string& detail) {
            const savings_plans_options options = options_of(detail);
            py::gil_scoped_release release;
            return apply(load_commitments(path), options);
        },
        py::arg("path"), py::arg("detail") = "summary", "Applies the plans of a costmodel/commitments/v1 file.");
}

}  // namespace costmodel::python
