// Catalog listings for Python and the CLI, as JSON text.

#include <pybind11/pybind11.h>

#include "costmodel/catalog.hpp"
#include "costmodel/json.hpp"
#include "register.hpp"

namespace py = pybind11;

namespace costmodel::python {

void register_catalog(py::module_& m) {
    m.def(
        "catalog_json",
        [](const std::string& source, const std::string& service) {
            const catalog loaded = source == "builtin" ? builtin_catalog() : load_catalog(source);
            nlohmann::ordered_json document = nlohmann::ordered_json::object();
            document["id"] = loaded.id();
            document["currency"] = std::string(loaded.currency_code().code());
            document["effective"] = loaded.effective();
            document["skus"] = nlohmann::ordered_json::array();
            for (const sku* entry : loaded.skus(service)) document["skus"].push_back(*entry);
            document["free_tiers"] = nlohmann::ordered_json::array();
            for (const free_tier_pool* pool : loaded.pools()) {
                document["free_tiers"].push_back({{"name", pool->name}, {"unit", pool->unit},
                                                  {"quantity", pool->quantity.to_string()},
                                                  {"description", pool->description}, {"source", pool->source}});
            }
            return document.dump();
        },
        py::arg("source") = "builtin", py::arg("service") = "",
        "The SKUs of a catalog ('builtin' or a path), optionally of one service, as JSON text.");
}

}  // namespace costmodel::python
