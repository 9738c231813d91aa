// Estimates for Python: the C++ estimate_result itself, held by reference. Its line table reaches
// Python as a costmodel.Table (Arrow without a copy); totals and subtotals as decimal.Decimal; the
// contract's document from the one C++ writer when asked for. Pricing runs with the GIL released.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <vector>

#include "costmodel/estimate.hpp"
#include "costmodel/estimate_many.hpp"
#include "costmodel/json.hpp"
#include "decimal_caster.hpp"
#include "python_text.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

// An estimate and the settings it was priced with (the document's "conventions").
struct priced_estimate {
    estimate_result result;
    scenario_settings settings;
};

// A table inside a value Python holds: the shared_ptr keeps the whole value alive.
template <class Owner>
std::shared_ptr<table::table> table_of(const std::shared_ptr<Owner>& owner, table::table Owner::*member) {
    return std::shared_ptr<table::table>(owner, &((*owner).*member));
}

py::list pairs(const std::vector<std::pair<std::string, Decimal>>& items) {
    py::list out;
    for (const auto& [name, amount] : items) out.append(py::make_tuple(python_text(name), amount));
    return out;
}

}  // namespace

void register_estimate(py::module_& m) {
    py::class_<priced_estimate, std::shared_ptr<priced_estimate>>(m, "EstimateResult",
                                                                   "A priced scenario (private: use costmodel.Estimate).")
        .def_property_readonly("scenario", [](const priced_estimate& e) { return python_text(e.result.scenario); })
        .def_property_readonly("currency", [](const priced_estimate& e) { return std::string(e.result.currency_code.code()); })
        .def_property_readonly("catalog_id", [](const priced_estimate& e) { return e.result.catalog_id; })
        .def_property_readonly("catalog_effective", [](const priced_estimate& e) { return e.result.catalog_effective; })
        .def_property_readonly("total", [](const priced_estimate& e) { return e.result.total; })
        .def_property_readonly("cost_per_user", [](const priced_estimate& e) { return e.result.cost_per_user; })
        .def_property_readonly("services", [](const priced_estimate& e) { return pairs(e.result.services); })
        .def_property_readonly("workloads", [](const priced_estimate& e) { return pairs(e.result.workloads); })
        .def_property_readonly("warnings",
                               [](const priced_estimate& e) {
                                   py::list out;
                                   for (const warning& w : e.result.warnings)
                                       out.append(py::make_tuple(python_text(w.workload), python_text(w.message)));
                                   return out;
                               })
        .def_property_readonly("audit",
                               [](const priced_estimate& e) {
                                   py::list out;
                                   for (const audit_item& a : e.result.audit)
                                       out.append(py::make_tuple(python_text(a.item), a.stated, a.computed, a.difference,
                                                                 a.stated_as_written()));
                                   return out;
                               })
        .def_property_readonly(
            "lines",
            [](const std::shared_ptr<priced_estimate>& e) {
                return std::shared_ptr<table::table>(e, &e->result.lines);
            },
            "The line table (shared with this result, not copied).")
        .def(
            "to_json",
            [](const priced_estimate& e, int indent, bool ascii) {
                py::gil_scoped_release release;
                return estimate_to_json(e.result, &e.settings, indent, ascii);
            },
            py::arg("indent") = -1, py::arg("ascii") = false,
            "The contract's estimate document as JSON text (the one C++ writer); ascii: \\uXXXX escapes as json.dumps.");

    m.def(
        "estimate",
        [](const scenario_handle& s, const catalog_handle& prices) {
            py::gil_scoped_release release;
            auto priced = std::make_shared<priced_estimate>();
            priced->result = costmodel::estimate(*s.value, *prices.value);
            priced->settings = s.value->settings;
            return priced;
        },
        py::arg("scenario"), py::arg("catalog"), "Prices a parsed scenario against a catalog.");

    py::class_<estimate_batch, std::shared_ptr<estimate_batch>>(m, "EstimateBatch",
                                                                 "Many priced scenarios (private: use costmodel.estimate_many).")
        .def_property_readonly("lines", [](const std::shared_ptr<estimate_batch>& b) { return table_of(b, &estimate_batch::lines); })
        .def_property_readonly("totals", [](const std::shared_ptr<estimate_batch>& b) { return table_of(b, &estimate_batch::totals); })
        .def_property_readonly("services",
                               [](const std::shared_ptr<estimate_batch>& b) { return table_of(b, &estimate_batch::services); })
        .def_property_readonly("warnings",
                               [](const std::shared_ptr<estimate_batch>& b) { return table_of(b, &estimate_batch::warnings); })
        .def_property_readonly("commitments",
                               [](const std::shared_ptr<estimate_batch>& b) { return table_of(b, &estimate_batch::commitments); });

    m.def(
        "estimate_many",
        [](const std::vector<scenario_handle>& handles, const catalog_handle& prices, unsigned threads) {
            std::vector<const scenario*> scenarios;
            scenarios.reserve(handles.size());
            for (const scenario_handle& h : handles) scenarios.push_back(h.value.get());
            py::gil_scoped_release release;
            return std::make_shared<estimate_batch>(costmodel::estimate_many(std::span<const scenario* const>(scenarios), *prices.value, threads));
        },
        py::arg("scenarios"), py::arg("catalog"), py::arg("threads") = 0,
        "Prices many parsed scenarios against one catalog, on `threads` threads (0: every core).");

    m.def(
        "sweep",
        [](const scenario_handle& s, const std::vector<std::string>& names, const py::sequence& columns, const catalog_handle& prices,
           unsigned threads) {
            // Column k holds parameter k's values, variant by variant; converted here, once, to rows.
            if (columns.size() != names.size()) {
                throw py::value_error("sweep: " + std::to_string(columns.size()) + " columns of values for " +
                                      std::to_string(names.size()) + " parameters");
            }
            std::vector<std::vector<Decimal>> values;
            for (std::size_t k = 0; k < names.size(); ++k) {
                const py::sequence column = py::reinterpret_borrow<py::sequence>(columns[k]);
                if (k == 0) values.resize(column.size(), std::vector<Decimal>(names.size()));
                if (column.size() != values.size()) throw py::value_error("sweep: every parameter needs the same number of values");
                std::size_t i = 0;
                for (const py::handle item : column) {
                    // "users[3]: float 0.1 is not accepted ...": which value, in the caller's terms.
                    const auto where = [&] { return names[k] + "[" + std::to_string(i) + "]: "; };
                    try {
                        values[i][k] = decimal_from_python(item);
                    } catch (const py::type_error& error) {
                        throw py::type_error(where() + error.what());
                    } catch (const py::value_error& error) {
                        throw py::value_error(where() + error.what());
                    } catch (const std::overflow_error& error) {
                        throw std::overflow_error(where() + error.what());
                    } catch (const std::invalid_argument& error) {
                        throw std::invalid_argument(where() + error.what());
                    }
                    ++i;
                }
            }
            py::gil_scoped_release release;
            std::vector<scenario> variants = sweep_scenarios(s.text, s.source, names, values, threads);
            for (scenario& variant : variants) variant.catalog = s.value->catalog;
            return std::make_shared<estimate_batch>(costmodel::estimate_many(variants, *prices.value, threads));
        },
        py::arg("scenario"), py::arg("names"), py::arg("values"), py::arg("catalog"), py::arg("threads") = 0,
        "Prices the scenario once per variant: values[k] holds parameter k's value for every variant (the document "
        "parsed once), on `threads` threads.");
}

}  // namespace costmodel::python
