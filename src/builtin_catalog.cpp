// The built-in catalog: src/catalog/aws-us-east-1.json, embedded at build time (cmake/costmodel_sources.cmake
// writes it into a generated header as a string literal), parsed once on first use.

#include "catalog_formats.hpp"
#include "costmodel/catalog.hpp"
#include "costmodel_builtin_catalog_data.hpp"

namespace costmodel {

const catalog& builtin_catalog() {
    static const catalog instance = [] {
        const detail::json_document document = detail::json_document::parse(detail::builtin_catalog_json, "builtin");
        return detail::catalog_from_document(document.root(), "builtin");
    }();
    return instance;
}

}  // namespace costmodel
