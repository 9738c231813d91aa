// Lease cost reports (actuals/lease_report.hpp) and the final-cost forecast (actuals/forecast.hpp):
// a batch of leases over Cost Explorer tables, its four result tables and the contract's documents.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/actuals/forecast.hpp"
#include "costmodel/actuals/lease_report.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

using report_set = actuals::lease_report_set;

// A table of the set, sharing its ownership (the set lives as long as any table handed out).
std::shared_ptr<table::table> part(const std::shared_ptr<report_set>& set, table::table report_set::*member) {
    return std::shared_ptr<table::table>(set, &((*set).*member));
}

std::string text_of(py::handle value) { return py::str(value).cast<std::string>(); }

// (leaseId, accountId, startDate, endDate, budget or None) tuples, checked: a bad one is an
// input_error at leases[i].<key>.
std::vector<actuals::lease_period> leases_of(const py::list& items, const std::string& source) {
    std::vector<actuals::lease_period> leases;
    leases.reserve(items.size());
    std::size_t i = 0;
    for (const py::handle item : items) {
        const auto fields = item.cast<py::tuple>();
        if (fields.size() != 5) throw py::type_error("lease_reports: expected (leaseId, accountId, startDate, endDate, budget) tuples");
        const std::string at = "leases[" + std::to_string(i) + "]";
        actuals::lease_period lease;
        lease.lease_id = fields[0].cast<std::string>();
        lease.account_id = fields[1].cast<std::string>();
        const auto date_at = [&](std::size_t k, const char* key) {
            const std::string text = fields[k].cast<std::string>();
            const auto parsed = date::parse(text);
            if (!parsed) throw input_error(source, at + "." + key, "expected a date YYYY-MM-DD, got \"" + text + "\"", text);
            return *parsed;
        };
        lease.first = date_at(2, "startDate");
        lease.last = date_at(3, "endDate");
        if (!fields[4].is_none()) {
            try {
                lease.budget = decimal_from_python(fields[4]);
            } catch (const std::invalid_argument& error) {
                throw input_error(source, at + ".budget", error.what(), text_of(fields[4]));
            } catch (const py::value_error& error) {
                throw input_error(source, at + ".budget", error.what(), text_of(fields[4]));
            } catch (const py::type_error& error) {
                throw input_error(source, at + ".budget", error.what(), text_of(fields[4]));
            }
        }
        leases.push_back(std::move(lease));
        ++i;
    }
    return leases;
}

}  // namespace

void register_lease_report(py::module_& m) {
    py::class_<report_set, std::shared_ptr<report_set>>(m, "LeaseReportSet", "The lease reports of a batch: four tables and the contract's documents.")
        .def("__len__", &report_set::size)
        .def_property_readonly("summary", [](const std::shared_ptr<report_set>& s) { return part(s, &report_set::summary); })
        .def_property_readonly("daily", [](const std::shared_ptr<report_set>& s) { return part(s, &report_set::daily); })
        .def_property_readonly("services", [](const std::shared_ptr<report_set>& s) { return part(s, &report_set::services); })
        .def_property_readonly("regions", [](const std::shared_ptr<report_set>& s) { return part(s, &report_set::regions); })
        .def_property_readonly("daily_offsets", [](const report_set& s) { return s.daily_offsets; })
        .def_property_readonly("service_offsets", [](const report_set& s) { return s.service_offsets; })
        .def_property_readonly("region_offsets", [](const report_set& s) { return s.region_offsets; })
        .def_readonly("currency", &report_set::currency)
        .def_readonly("metric", &report_set::metric)
        .def(
            "json", [](const report_set& s, std::size_t index, int indent) { return actuals::lease_report_json(s, index).dump(indent); },
            py::arg("index"), py::arg("indent") = -1, "The contract's document of lease `index`, as JSON text.")
        .def(
            "json_all",
            [](const report_set& s, int indent) {
                py::gil_scoped_release release;
                return actuals::lease_reports_to_json(s, indent);
            },
            py::arg("indent") = -1, "Every lease's document, as a JSON array.");

    m.def(
        "lease_reports",
        [](const table::table& by_service, const std::optional<std::shared_ptr<table::table>>& by_region, const py::list& leases, const std::string& metric,
           const std::string& source, const std::string& region_source, const std::string& leases_source) {
            actuals::lease_report_options options;
            options.metric = metric;
            if (!source.empty()) options.source = source;
            if (!region_source.empty()) options.region_source = region_source;
            if (!leases_source.empty()) options.leases_source = leases_source;
            const std::vector<actuals::lease_period> periods = leases_of(leases, options.leases_source);
            auto set = std::make_shared<report_set>();
            {
                py::gil_scoped_release release;
                *set = actuals::lease_reports(by_service, by_region ? by_region->get() : nullptr, periods, options);
            }
            return set;
        },
        py::arg("by_service"), py::arg("by_region"), py::arg("leases"), py::arg("metric"), py::arg("source"), py::arg("region_source"),
        py::arg("leases_source"), R"doc(The reports of (leaseId, accountId, startDate, endDate, budget) leases over Cost Explorer tables.)doc");

    m.def(
        "metric_days",
        [](const table::table& lines, const std::string& metric) -> py::object {
            const auto days = actuals::metric_days(lines, metric);
            if (!days) return py::none();
            return py::make_tuple(days->first.to_string(), days->second.to_string());
        },
        py::arg("table"), py::arg("metric"), "The first and last day (YYYY-MM-DD, inclusive) the metric's rows cover, or None.");

    m.def(
        "forecast_final_cost",
        [](const py::list& daily, int total_days, const std::string& source) {
            std::vector<Decimal> days;
            days.reserve(daily.size());
            std::size_t i = 0;
            for (const py::handle value : daily) {
                const std::string at = "daily_costs[" + std::to_string(i++) + "]";
                try {
                    days.push_back(decimal_from_python(value));
                } catch (const std::invalid_argument& error) {
                    throw input_error(source, at, error.what(), text_of(value));
                } catch (const py::value_error& error) {
                    throw input_error(source, at, error.what(), text_of(value));
                } catch (const py::type_error& error) {
                    throw input_error(source, at, error.what(), text_of(value));
                }
            }
            const actuals::final_cost_forecast f = actuals::forecast_final_cost(days, total_days, source);
            const auto optional = [](const std::optional<Decimal>& value) -> py::object {
                return value ? decimal_to_python(*value, 2) : py::none();
            };
            return py::make_tuple(decimal_to_python(f.spent), f.days, f.total_days, decimal_to_python(f.forecast, 2), optional(f.lower),
                                  optional(f.upper), f.method, f.slope_per_day, f.clipped);
        },
        py::arg("daily"), py::arg("total_days"), py::arg("source"),
        R"doc(The final cost of a lease from its daily costs: (spent, days, total_days, forecast, lower, upper, method, slope_per_day, clipped): forecast and bounds at least spent.)doc");
}

}  // namespace costmodel::python
