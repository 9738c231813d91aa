// allocate(): the largest-remainder split of allocate.hpp, for a decimal total or a Money total.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "costmodel/allocate.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"
#include "decimal_caster.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

std::string type_name(py::handle value) { return py::str(py::type::of(value).attr("__name__")).cast<std::string>(); }

// The weights as Decimals; a weight that is not a number is reported with its index.
std::vector<Decimal> weight_list(py::handle weights) {
    if (PyUnicode_Check(weights.ptr()) || !py::isinstance<py::iterable>(weights)) {
        throw py::type_error("allocate: weights must be an iterable of numbers, got " + type_name(weights));
    }
    std::vector<Decimal> result;
    std::size_t index = 0;
    for (py::handle item : weights) {
        const std::string where = "allocate: weight " + std::to_string(index) + ": ";
        try {
            result.push_back(decimal_from_python(item));
        } catch (const py::type_error& e) {
            throw py::type_error(where + e.what());
        } catch (const py::value_error& e) {
            throw py::value_error(where + e.what());
        } catch (const std::overflow_error& e) {
            throw std::overflow_error(where + e.what());
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(where + e.what());
        }
        ++index;
    }
    return result;
}

}  // namespace

void register_allocate(py::module_& m) {
    m.def(
        "allocate",
        [](py::handle total, py::handle weights, py::handle unit) -> py::object {
            const std::vector<Decimal> parsed_weights = weight_list(weights);
            const Decimal parsed_unit = unit.is_none() ? Decimal::epsilon() : decimal_from_python(unit);
            if (py::isinstance<Money>(total)) {
                return py::cast(allocate(total.cast<Money>(), parsed_weights, parsed_unit));
            }
            return py::cast(allocate(decimal_from_python(total), parsed_weights, parsed_unit));
        },
        py::arg("total"), py::arg("weights"), py::arg("unit") = py::none(),
        R"doc(Split `total` into shares proportional to `weights` that sum to it exactly.

`total` is a decimal.Decimal, int or str (the result is a list of decimal.Decimal) or a Money (the result
is a list of Money in its currency). `unit` (default 10^-10) is the granularity: Decimal('0.01') splits
whole cents, and the total must be a whole number of units. Largest-remainder method: each share is the
floor of its exact quota plus at most one unit, given to the largest remainders (ties: larger weight,
then lower index). A zero weight gets zero; a negative total is split by its magnitude and every share
keeps the sign. Weights must be >= 0 and not all zero (ValueError).)doc");
}

}  // namespace costmodel::python
