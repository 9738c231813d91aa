#pragma once
// pybind11 conversion between costmodel::Decimal and Python numbers: decimal.Decimal, int and str are
// accepted exactly; float is refused (binary floating point never becomes money silently); results
// come back as decimal.Decimal.

#include <pybind11/pybind11.h>

#include "costmodel/decimal.hpp"

namespace costmodel::python {

pybind11::object decimal_class();
Decimal decimal_from_python(pybind11::handle value);
pybind11::object decimal_to_python(Decimal value);

}  // namespace costmodel::python

namespace pybind11::detail {

template <>
struct type_caster<costmodel::Decimal> {
    PYBIND11_TYPE_CASTER(costmodel::Decimal, const_name("decimal.Decimal"));

    bool load(handle source, bool /*convert*/) {
        value = costmodel::python::decimal_from_python(source);
        return true;
    }
    static handle cast(costmodel::Decimal source, return_value_policy, handle) {
        return costmodel::python::decimal_to_python(source).release();
    }
};

}  // namespace pybind11::detail
