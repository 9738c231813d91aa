// recommend_savings_plan(): the Savings Plan recommendation of commitments/recommend.hpp, from a
// commitments-v1 document's text or a parsed scenario, to the result document and the curve table
// (python/costmodel/_recommend.py makes them a result object).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>

#include "../src/did_you_mean.hpp"
#include "costmodel/commitments/recommend.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* arguments = "<recommend_savings_plan arguments>";

Decimal number_of(py::handle value, const std::string& path) {
    try {
        return decimal_from_python(value);
    } catch (const py::type_error& e) {
        throw input_error(arguments, path, e.what(), py::repr(value).cast<std::string>());
    } catch (const py::value_error& e) {
        throw input_error(arguments, path, e.what(), py::repr(value).cast<std::string>());
    }
}

recommend_options options_of(const std::string& type, const std::string& family, const std::string& region, const std::string& term,
                             const std::string& payment_option, const py::dict& discounts, py::handle step, long long points) {
    recommend_options options;
    if (type == "compute") {
        options.type = plan_type::compute;
    } else if (type == "ec2_instance") {
        options.type = plan_type::ec2_instance;
    } else {
        constexpr std::string_view known[] = {"compute", "ec2_instance"};
        std::string message = "unknown plan type; expected compute or ec2_instance";
        if (const auto near = detail::nearest_name(type, known)) message += " (did you mean \"" + std::string(*near) + "\"?)";
        throw input_error(arguments, "plan_type", message, "\"" + type + "\"");
    }
    options.family = family;
    options.region = region;
    options.term = term;
    options.payment_option = payment_option;
    for (const auto& [key, value] : discounts) {
        const std::string service = py::str(key).cast<std::string>();
        options.discounts.emplace_back(service, number_of(value, "discounts." + service));
    }
    if (!step.is_none()) options.step = number_of(step, "step");
    // The options are the call's arguments, not part of the document: their errors name the call.
    if (options.step <= Decimal()) throw input_error(arguments, "step", "the step must be greater than 0", options.step.to_string());
    if (points < 2 || points > 100000) throw input_error(arguments, "points", "the curve needs 2 to 100000 points", std::to_string(points));
    options.points = static_cast<std::size_t>(points);
    return options;
}

py::tuple result_of(recommendation r) {
    std::string text = recommendation_to_json(r, -1);
    auto curve = std::make_shared<table::table>(std::move(r.curve));
    return py::make_tuple(py::str(text), curve);
}

}  // namespace

void register_recommend(py::module_& m) {
    m.def(
        "recommend_savings_plan_text",
        [](const std::string& text, const std::string& source, const std::string& type, const std::string& family, const std::string& region,
           const std::string& term, const std::string& payment_option, const py::dict& discounts, py::object step, long long points) {
            const recommend_options options = options_of(type, family, region, term, payment_option, discounts, step, points);
            recommendation r;
            {
                py::gil_scoped_release release;
                r = recommend_savings_plan(parse_commitments(text, source), options, source);
            }
            return result_of(std::move(r));
        },
        py::arg("text"), py::arg("source"), py::arg("plan_type"), py::arg("family"), py::arg("region"), py::arg("term"),
        py::arg("payment_option"), py::arg("discounts"), py::arg("step"), py::arg("points"),
        "Sizes one Savings Plan for a costmodel/commitments/v1 document: (result JSON text, curve table).");
    m.def(
        "recommend_savings_plan_scenario",
        [](const scenario_handle& s, const catalog_handle& prices, const std::string& type, const std::string& family, const std::string& region,
           const std::string& term, const std::string& payment_option, const py::dict& discounts, py::object step, long long points) {
            const recommend_options options = options_of(type, family, region, term, payment_option, discounts, step, points);
            recommendation r;
            {
                py::gil_scoped_release release;
                r = recommend_savings_plan(*s.value, *prices.value, options);
            }
            return result_of(std::move(r));
        },
        py::arg("scenario"), py::arg("catalog"), py::arg("plan_type"), py::arg("family"), py::arg("region"), py::arg("term"),
        py::arg("payment_option"), py::arg("discounts"), py::arg("step"), py::arg("points"),
        "Sizes one Savings Plan for a scenario's eligible lines over its month: (result JSON text, curve table).");
}

}  // namespace costmodel::python
