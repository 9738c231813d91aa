#pragma once
// One register_<concept> per bindings/register_<concept>.cpp; module.cpp calls them all.

#include <pybind11/pybind11.h>

namespace costmodel::python {
void register_decimal(pybind11::module_& m);
void register_money(pybind11::module_& m);
void register_allocate(pybind11::module_& m);
void register_catalog(pybind11::module_& m);
void register_scenario(pybind11::module_& m);
void register_services(pybind11::module_& m);
void register_estimate(pybind11::module_& m);
void register_table(pybind11::module_& m);
void register_instance_cost(pybind11::module_& m);
void register_commitments(pybind11::module_& m);
void register_support(pybind11::module_& m);
void register_amortisation(pybind11::module_& m);
void register_recommend(pybind11::module_& m);
void register_actuals(pybind11::module_& m);
void register_lease_report(pybind11::module_& m);
void register_chargeback(pybind11::module_& m);
void register_running_sum(pybind11::module_& m);
}  // namespace costmodel::python
