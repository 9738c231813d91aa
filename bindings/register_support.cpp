// support_fee(): a support plan's fee for a month's charges, under the built-in rule sets or rule sets
// given as JSON (commitments/support.hpp).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/commitments/support.hpp"
#include "costmodel/input_error.hpp"
#include "decimal_caster.hpp"
#include "input_file.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* arguments = "<support_fee arguments>";

}  // namespace

void register_support(py::module_& m) {
    m.def(
        "support_fee",
        [](const std::string& plan, py::handle charges, const std::vector<std::string>& rules, const std::vector<std::string>& rule_files,
           py::object month_argument, const std::string& rounding) {
            // None or a str (a py::object, so the signature reads the same in every pybind11 version).
            const std::optional<std::string> month =
                month_argument.is_none() ? std::nullopt : std::optional<std::string>(month_argument.cast<std::string>());
            const support_plan chosen = parse_support_plan(plan, arguments, "plan");
            std::vector<support_rule_set> sets;
            for (std::size_t i = 0; i < rules.size(); ++i) sets.push_back(parse_support_rules(rules[i], "<support rules " + std::to_string(i) + ">"));
            for (const std::string& path : rule_files) {
                const std::string text = read_input_file(path);
                sets.push_back(parse_support_rules(text, path));
            }
            const std::span<const support_rule_set> candidates = sets.empty() ? builtin_support_rule_sets() : std::span<const support_rule_set>(sets);
            // Without a month: the set that starts last.
            const support_rule_set* set = &*std::max_element(candidates.begin(), candidates.end(), [](const support_rule_set& a, const support_rule_set& b) {
                return a.effective_from < b.effective_from;
            });
            if (month) {
                const auto when = date::parse_month(*month);
                if (!when) throw input_error(arguments, "month", "expected a month YYYY-MM or a date YYYY-MM-DD, got \"" + *month + "\"", *month);
                set = &support_rules_for(candidates, *when, arguments, "month");
            }
            const rounding_policy policy = [&] {
                try {
                    return parse_rounding_policy(rounding);
                } catch (const std::invalid_argument& error) {
                    throw input_error(arguments, "rounding", error.what(), rounding);
                }
            }();
            Decimal amount;
            try {
                amount = decimal_from_python(charges);
            } catch (const std::invalid_argument& error) {
                throw input_error(arguments, "charges", error.what(), py::str(charges).cast<std::string>());
            } catch (const py::value_error& error) {
                throw input_error(arguments, "charges", error.what(), py::str(charges).cast<std::string>());
            }
            const support_fee_result fee = support_fee(*set, chosen, amount, policy, arguments);
            py::dict out;
            out["plan"] = std::string(to_string(fee.plan));
            out["charges"] = fee.charges;
            out["tiered"] = fee.tiered;
            out["minimum"] = fee.minimum;
            out["minimum_applies"] = fee.minimum_applies;
            out["tier_parts"] = fee.tier_parts;
            out["fee"] = fee.fee;
            out["rule_set"] = fee.rule_set;
            return out;
        },
        py::arg("plan"), py::arg("charges"), py::arg("rules"), py::arg("rule_files"), py::arg("month"), py::arg("rounding"),
        R"doc(A support plan's fee for a month's charges, with how it came about (a dict).

`rules` are rule sets as JSON texts (costmodel/support-rules/v1) and `rule_files` paths of rule set
files; both empty for the built-in ones. `month`
("YYYY-MM") chooses the set in force that month (none: the newest). `rounding` is none, cents or
invoice.)doc");

    m.def("support_plans", [] {
        std::vector<std::string> names;
        for (const std::string_view name : support_plan_names) names.emplace_back(name);
        return names;
    }, "The support plans' names.");
}

}  // namespace costmodel::python
