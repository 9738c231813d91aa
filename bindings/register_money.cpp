// costmodel::Money for Python: an exact amount in one ISO 4217 currency, and the rounding policies of
// rounding_policy.hpp (none, cents, invoice: the scenario contract's line_rounding names).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/currency.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"
#include "costmodel/rounding_policy.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

constexpr const char* half_even = "ROUND_HALF_EVEN";

std::string money_repr(const Money& money) {
    return "Money('" + money.amount().to_string() + "', '" + std::string(money.currency_code().code()) + "')";
}

// Money * number and Money / number: a number (decimal.Decimal, int, str) scales the amount; float is a
// TypeError that says how to convert; any other type gives NotImplemented so Python can try the other
// operand.
py::object scale_by(const Money& money, py::handle factor) {
    if (!accepts_as_decimal(factor)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    return py::cast(money.scaled(decimal_from_python(factor)));
}

std::vector<Money> money_list(py::handle lines, const char* function) {
    if (PyUnicode_Check(lines.ptr()) || !py::isinstance<py::iterable>(lines)) {
        throw py::type_error(std::string(function) + ": expected an iterable of Money, got " +
                             py::str(py::type::of(lines).attr("__name__")).cast<std::string>());
    }
    std::vector<Money> result;
    std::size_t index = 0;
    for (py::handle item : lines) {
        if (!py::isinstance<Money>(item)) {
            throw py::type_error(std::string(function) + ": line " + std::to_string(index) + " is " +
                                 py::str(py::type::of(item).attr("__name__")).cast<std::string>() +
                                 ", expected Money");
        }
        result.push_back(item.cast<Money>());
        ++index;
    }
    return result;
}

py::tuple policy_names() {
    return py::make_tuple(std::string(to_string(rounding_policy::none)),
                          std::string(to_string(rounding_policy::cents)),
                          std::string(to_string(rounding_policy::invoice)));
}

}  // namespace

void register_money(py::module_& m) {
    py::class_<Money> money(m, "Money", R"doc(An exact decimal amount in one ISO 4217 currency.

Money('12.50', 'USD') holds exactly 12.5 US dollars. The amount is a decimal.Decimal, int or str
(float is refused); the currency must be an active ISO 4217 code. Adding, subtracting, comparing or
dividing amounts of two currencies is a ValueError naming both. Multiplying or dividing by a number
rounds once to 10 fractional digits (half-even); rounding to cents happens only on request.)doc");

    money
        .def(py::init([](Decimal amount, std::string_view code) { return Money(amount, currency(code)); }),
             py::arg("amount"), py::arg("currency") = "USD")
        .def_static(
            "zero", [](std::string_view code) { return Money::zero(currency(code)); }, py::arg("currency") = "USD",
            "Zero in `currency`.")
        .def_property_readonly(
            "amount", [](const Money& self) { return self.amount(); }, "The exact amount, a decimal.Decimal.")
        .def_property_readonly(
            "currency", [](const Money& self) { return std::string(self.currency_code().code()); },
            "The ISO 4217 code, e.g. 'USD'.")
        .def_property_readonly(
            "minor_units", [](const Money& self) { return self.currency_code().minor_units(); },
            "Decimal places of the currency's minor unit: USD 2, JPY 0, KWD 3.")
        .def(
            "round_to_minor_units",
            [](const Money& self, const std::string& rounding) {
                return self.round_to_minor_units(rounding_from_python(rounding));
            },
            py::arg("rounding") = half_even, "Rounded to the currency's minor units (USD cents, JPY yen).")
        .def(
            "round",
            [](const Money& self, int places, const std::string& rounding) {
                return Money(self.amount().round(places, rounding_from_python(rounding)), self.currency_code());
            },
            py::arg("places"), py::arg("rounding") = half_even, "Rounded to `places` fractional digits (-27..10).")
        .def(
            "scaled",
            [](const Money& self, Decimal factor, const std::string& rounding) {
                return self.scaled(factor, rounding_from_python(rounding));
            },
            py::arg("factor"), py::arg("rounding") = half_even,
            "amount * factor rounded once to 10 fractional digits with `rounding`.")
        .def(
            "divided",
            [](const Money& self, Decimal divisor, const std::string& rounding) {
                return self.divided(divisor, rounding_from_python(rounding));
            },
            py::arg("divisor"), py::arg("rounding") = half_even,
            "amount / divisor rounded once to 10 fractional digits with `rounding`.")
        .def(
            "__add__", [](const Money& a, const Money& b) { return a + b; }, py::is_operator())
        .def(
            "__sub__", [](const Money& a, const Money& b) { return a - b; }, py::is_operator())
        .def("__neg__", [](const Money& a) { return -a; })
        .def("__pos__", [](const Money& a) { return a; })
        .def("__abs__", [](const Money& a) { return Money(abs(a.amount()), a.currency_code()); })
        .def("__mul__", &scale_by, py::is_operator())
        .def("__rmul__", &scale_by, py::is_operator())
        .def(
            "__truediv__",
            [](const Money& self, py::handle other) -> py::object {
                if (py::isinstance<Money>(other)) return py::cast(self / other.cast<Money>());
                if (!accepts_as_decimal(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::cast(self.divided(decimal_from_python(other)));
            },
            py::is_operator())
        .def(
            "__eq__", [](const Money& a, const Money& b) { return a == b; }, py::is_operator())
        .def(
            "__ne__", [](const Money& a, const Money& b) { return a != b; }, py::is_operator())
        .def(
            "__lt__", [](const Money& a, const Money& b) { return a < b; }, py::is_operator())
        .def(
            "__le__", [](const Money& a, const Money& b) { return a <= b; }, py::is_operator())
        .def(
            "__gt__", [](const Money& a, const Money& b) { return a > b; }, py::is_operator())
        .def(
            "__ge__", [](const Money& a, const Money& b) { return a >= b; }, py::is_operator())
        .def("__hash__", [](const Money& a) { return std::hash<Money>{}(a); })
        .def("__repr__", &money_repr)
        .def("__str__", [](const Money& a) { return a.to_string(); })
        // Pickling through __reduce__ (class, (amount text, code)): exact, and it works with every pickle
        // protocol. (py::pickle's __getstate__/__setstate__ pair cannot be restored under protocols 0
        // and 1, where pybind11 aborts the process.)
        .def("__reduce__", [](py::handle self) {
            const Money& value = self.cast<const Money&>();
            return py::make_tuple(py::type::of(self), py::make_tuple(value.amount().to_string(),
                                                                     std::string(value.currency_code().code())));
        });

    m.attr("ROUNDING_POLICIES") = policy_names();

    m.def(
        "apply_policy",
        [](const Money& line, const std::string& policy) { return apply_policy(line, parse_rounding_policy(policy)); },
        py::arg("line"), py::arg("policy"),
        "One line as the policy reports it: 'none' unchanged; 'cents' half-up to the currency's minor "
        "units; 'invoice' as cents, but a positive line under one minor unit becomes one minor unit.");
    m.def(
        "sum_lines",
        [](py::handle lines, const std::string& policy, const std::optional<std::string>& code) {
            const std::vector<Money> list = money_list(lines, "sum_lines");
            const rounding_policy parsed = parse_rounding_policy(policy);
            if (!code && list.empty()) {
                throw std::invalid_argument("sum_lines: no lines and no currency: pass currency= for an empty list");
            }
            const currency total_currency = code ? currency(*code) : list.front().currency_code();
            return sum_lines(list, parsed, total_currency);
        },
        py::arg("lines"), py::arg("policy") = "none", py::arg("currency") = py::none(),
        "The total of `lines` under the policy (each line rounded as apply_policy does, then summed "
        "exactly). All lines must be in one currency; `currency` (default: that of the first line) is "
        "needed only for an empty list.");
    m.def(
        "currency_minor_units", [](std::string_view code) { return currency(code).minor_units(); },
        py::arg("currency"), "Decimal places of the currency's minor unit: USD 2, JPY 0, KWD 3.");
    m.def(
        "is_known_currency", [](std::string_view code) { return currency::is_known(code); }, py::arg("currency"),
        "Whether `currency` is an active ISO 4217 code.");
}

}  // namespace costmodel::python
