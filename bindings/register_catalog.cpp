// costmodel::catalog for Python: the built-in catalog or one loaded from a file (read and parsed with
// the GIL released), shared by every estimate priced against it; price lookup; listings.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "costmodel/catalog.hpp"
#include "costmodel/json.hpp"
#include "decimal_caster.hpp"
#include "input_file.hpp"
#include "register.hpp"
#include "shared_values.hpp"

namespace py = pybind11;

namespace costmodel::python {

namespace {

catalog_handle builtin_handle() {
    // The built-in catalog lives as long as the library: shared without ownership.
    return catalog_handle{std::shared_ptr<const catalog>(&builtin_catalog(), [](const catalog*) {})};
}

catalog_handle load_handle(const std::string& path) {
    check_path(path);
    py::gil_scoped_release release;
    return catalog_handle{std::make_shared<const catalog>(load_catalog(path))};
}

// Several catalogs ("builtin" or paths) layered in order; `regions` for the EC2 and Savings Plans
// offer files (None: us-east-1).
catalog_handle load_layers(const std::vector<std::string>& paths, const std::optional<std::vector<std::string>>& regions) {
    for (const std::string& path : paths) {
        if (path != "builtin") check_path(path);
    }
    catalog_options options;
    if (regions) options.regions = *regions;
    py::gil_scoped_release release;
    return catalog_handle{std::make_shared<const catalog>(load_catalogs(paths, options))};
}

py::dict sku_dict(const sku& entry) {
    py::list tiers;
    for (const price_tier& tier : entry.tiers) {
        py::dict item;
        item["from"] = decimal_to_python(tier.from);
        item["to"] = tier.to ? decimal_to_python(*tier.to) : py::none();
        item["price"] = decimal_to_python(tier.unit_price);
        tiers.append(std::move(item));
    }
    py::dict out;
    out["service"] = entry.key.service;
    out["usage_type"] = entry.key.usage_type;
    out["region"] = entry.key.region;
    out["variant"] = entry.key.variant;
    out["unit"] = entry.unit;
    out["tiers"] = std::move(tiers);
    out["description"] = entry.description;
    out["effective"] = entry.effective;
    out["source"] = entry.source;
    out["free_tier"] = entry.free_tier;
    return out;
}

std::string listing_json(const catalog& loaded, const std::string& service) {
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
}

}  // namespace

void register_catalog(py::module_& m) {
    py::class_<catalog_handle>(m, "Catalog", "A price catalog (immutable; shared by the estimates priced against it).")
        .def_static("builtin", &builtin_handle, "The built-in catalog (AWS us-east-1 list prices).")
        .def_static("load", &load_handle, py::arg("path"),
                    "Reads a catalog file: our catalog JSON or an AWS Price List offer file.")
        .def_static("load_layers", &load_layers, py::arg("paths"), py::arg("regions") = py::none(),
                    "Reads catalogs ('builtin' or paths) and layers them in order: a later one's SKU replaces an earlier one's.")
        .def_property_readonly("id", [](const catalog_handle& self) { return self.value->id(); })
        .def_property_readonly("effective", [](const catalog_handle& self) { return self.value->effective(); })
        .def_property_readonly("currency", [](const catalog_handle& self) { return std::string(self.value->currency_code().code()); })
        .def_property_readonly("source", [](const catalog_handle& self) { return self.value->source(); })
        .def("__len__", [](const catalog_handle& self) { return self.value->size(); })
        .def(
            "price",
            [](const catalog_handle& self, const std::string& service, const std::string& usage_type,
               const std::string& region, const std::string& variant) -> py::object {
                const sku* found = self.value->try_find(sku_key{service, usage_type, region, variant});
                if (found == nullptr) return py::none();
                return sku_dict(*found);
            },
            py::arg("service"), py::arg("usage_type"), py::arg("region") = "us-east-1", py::arg("variant") = "",
            "The SKU as a dict (tiers with exact Decimal bounds and prices), or None when there is none.")
        .def(
            "skus",
            [](const catalog_handle& self, const std::string& service) {
                py::list out;
                for (const sku* entry : self.value->skus(service)) out.append(sku_dict(*entry));
                return out;
            },
            py::arg("service") = "", "Every SKU (or one service's) as dicts, in key order.")
        .def(
            "listing_json", [](const catalog_handle& self, const std::string& service) { return listing_json(*self.value, service); },
            py::arg("service") = "", "The catalog's SKUs and free tiers (optionally of one service) as JSON text.");

    m.def(
        "catalog_json",
        [](const std::string& source, const std::string& service) {
            const catalog_handle loaded = source == "builtin" ? builtin_handle() : load_handle(source);
            return listing_json(*loaded.value, service);
        },
        py::arg("source") = "builtin", py::arg("service") = "",
        "The SKUs of a catalog ('builtin' or a path), optionally of one service, as JSON text.");
}

}  // namespace costmodel::python
