// instance_cost(): the instance cost formula of commitments/instance_cost.hpp, from a dict of inputs to
// a dict of every step's figure (python/costmodel/_instance_cost.py makes the result a dataclass).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <set>
#include <string>

#include "costmodel/commitments/instance_cost.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* source = "<instance_cost arguments>";

std::string text_of(py::handle value, const std::string& path) {
    if (!py::isinstance<py::str>(value)) {
        throw input_error(source, path, "expected a string, got " + py::repr(value).cast<std::string>(), py::repr(value).cast<std::string>());
    }
    return value.cast<std::string>();
}

Decimal number_of(py::handle value, const std::string& path) {
    try {
        return decimal_from_python(value);
    } catch (const py::type_error& e) {
        throw input_error(source, path, e.what(), py::repr(value).cast<std::string>());
    } catch (const py::value_error& e) {
        throw input_error(source, path, e.what(), py::repr(value).cast<std::string>());
    }
}

void reject_unknown(const py::dict& given, const std::set<std::string>& known, const std::string& prefix) {
    for (const auto& [key, value] : given) {
        const std::string name = py::str(key).cast<std::string>();
        if (known.count(name) == 0) throw input_error(source, prefix + name, "unknown key");
    }
}

pricing_terms terms_of(py::handle value, const std::string& key) {
    pricing_terms terms;
    if (value.is_none()) return terms;
    if (!py::isinstance<py::dict>(value)) throw input_error(source, key, "expected a dict of pricing terms");
    const py::dict given = value.cast<py::dict>();
    reject_unknown(given, {"pricing_model", "term", "payment_option", "discount_percent", "reserved_hourly_rate", "utilization_percent"},
                   key + ".");
    const auto get = [&given](const char* name) -> py::object {
        return given.contains(name) ? py::reinterpret_borrow<py::object>(given[name]) : py::none();
    };
    if (!get("pricing_model").is_none()) terms.model = parse_pricing_model(text_of(get("pricing_model"), key + ".pricing_model"), source, key + ".pricing_model");
    if (!get("term").is_none()) terms.term = parse_commitment_term(text_of(get("term"), key + ".term"), source, key + ".term");
    if (!get("payment_option").is_none()) {
        terms.payment = parse_payment_option(text_of(get("payment_option"), key + ".payment_option"), source, key + ".payment_option");
    }
    if (!get("discount_percent").is_none()) terms.discount_percent = number_of(get("discount_percent"), key + ".discount_percent");
    if (!get("reserved_hourly_rate").is_none()) terms.reserved_hourly_rate = number_of(get("reserved_hourly_rate"), key + ".reserved_hourly_rate");
    if (!get("utilization_percent").is_none()) terms.utilization_percent = number_of(get("utilization_percent"), key + ".utilization_percent");
    return terms;
}

py::object optional_decimal(const std::optional<Decimal>& value) { return value ? decimal_to_python(*value) : py::none(); }

py::dict run(const py::dict& spec, const catalog_handle& prices) {
    reject_unknown(spec, {"instance_type", "os", "region", "on_demand_rate", "count", "workload", "production", "non_production",
                          "hours_per_month", "os_factor", "storage_gb", "storage_price_per_gb", "storage_factor", "rounding"},
                   "");
    const auto get = [&spec](const char* name) -> py::object {
        return spec.contains(name) ? py::reinterpret_borrow<py::object>(spec[name]) : py::none();
    };
    instance_cost_input in;
    if (!get("instance_type").is_none()) in.instance_type = text_of(get("instance_type"), "instance_type");
    if (!get("os").is_none()) in.os = text_of(get("os"), "os");
    if (!get("region").is_none()) in.region = text_of(get("region"), "region");
    if (!get("on_demand_rate").is_none()) in.on_demand_rate = number_of(get("on_demand_rate"), "on_demand_rate");
    if (!get("count").is_none()) in.count = number_of(get("count"), "count");
    if (!get("workload").is_none()) {
        const std::string workload = text_of(get("workload"), "workload");
        if (workload != "production" && workload != "non_production") {
            throw input_error(source, "workload", "expected one of production, non_production, got \"" + workload + "\"", "\"" + workload + "\"");
        }
        in.production = workload == "production";
    }
    in.production_terms = terms_of(get("production"), "production");
    in.non_production_terms = terms_of(get("non_production"), "non_production");
    if (!get("hours_per_month").is_none()) in.hours_per_month = number_of(get("hours_per_month"), "hours_per_month");
    if (!get("os_factor").is_none()) in.os_factor = number_of(get("os_factor"), "os_factor");
    if (!get("storage_gb").is_none()) in.storage_gb = number_of(get("storage_gb"), "storage_gb");
    if (!get("storage_price_per_gb").is_none()) in.storage_price_per_gb = number_of(get("storage_price_per_gb"), "storage_price_per_gb");
    if (!get("storage_factor").is_none()) in.storage_factor = number_of(get("storage_factor"), "storage_factor");
    if (!get("rounding").is_none()) in.rounding = parse_instance_rounding(text_of(get("rounding"), "rounding"), source, "rounding");

    const instance_cost_result r = instance_cost(in, *prices.value);
    py::dict out;
    out["instance_type"] = r.instance_type;
    out["os"] = r.os;
    out["region"] = r.region;
    out["workload"] = in.production ? "production" : "non_production";
    out["pricing_model"] = std::string(name_of(r.model));
    out["term"] = r.term ? py::object(py::str(std::string(name_of(*r.term)))) : py::none();
    out["payment_option"] = r.payment ? py::object(py::str(std::string(name_of(*r.payment)))) : py::none();
    out["rounding"] = std::string(name_of(r.rounding));
    out["on_demand_rate"] = decimal_to_python(r.on_demand_rate);
    out["on_demand_source"] = r.on_demand_source;
    out["discount_percent"] = optional_decimal(r.discount_percent);
    out["discount_source"] = r.discount_source;
    out["hourly_rate"] = decimal_to_python(r.hourly_rate);
    out["hours_per_month"] = decimal_to_python(r.hours_per_month);
    out["utilization"] = decimal_to_python(r.utilization);
    out["effective_hours"] = decimal_to_python(r.effective_hours);
    out["base_monthly_cost"] = decimal_to_python(r.base_monthly_cost);
    out["os_factor"] = decimal_to_python(r.os_factor);
    out["instance_monthly_cost"] = decimal_to_python(r.instance_monthly_cost);
    out["committed_monthly_cost"] = decimal_to_python(r.committed_monthly_cost);
    out["count"] = decimal_to_python(r.count);
    out["instances_monthly_cost"] = decimal_to_python(r.instances_monthly_cost);
    out["committed_instances_monthly_cost"] = decimal_to_python(r.committed_instances_monthly_cost);
    out["storage_cost"] = decimal_to_python(r.storage_cost);
    out["total_monthly_cost"] = decimal_to_python(r.total_monthly_cost);
    out["notes"] = r.notes;
    return out;
}

py::list discount_rows(const discount_table& table) {
    py::list rows;
    for (const discount_entry& e : table.entries) {
        py::dict row;
        row["pricing_model"] = std::string(name_of(e.model));
        row["term"] = std::string(name_of(e.term));
        row["payment_option"] = std::string(name_of(e.payment));
        row["discount_percent"] = decimal_to_python(e.percent);
        row["note"] = e.note;
        rows.append(row);
    }
    return rows;
}

}  // namespace

void register_instance_cost(py::module_& m) {
    m.def("instance_cost", &run, py::arg("spec"), py::arg("catalog"),
          "The instance cost formula (docs/commitments.md): a dict of inputs to a dict of every step's figure.");
    m.def(
        "seed_004_discounts",
        [] {
            py::dict out;
            out["description"] = seed_004_discounts().description;
            out["entries"] = discount_rows(seed_004_discounts());
            return out;
        },
        "The built-in discount table: seed 004's ranges at their midpoints.");
}

}  // namespace costmodel::python
