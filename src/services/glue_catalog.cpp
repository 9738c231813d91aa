// Glue Data Catalog: objects stored (object-months) and requests. The first million of each is free
// when the scenario turns free tiers on; the estimate draws those pools, not this model.

#include "costmodel/services/glue_catalog.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const glue_catalog_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    if (w.objects.is_negative() || w.requests_per_month.is_negative()) {
        throw std::invalid_argument(sink.workload() + ": objects and requests_per_month must be >= 0");
    }
    sink.add("storage", "glue", "catalog_storage", "", quantity<units::object_month>(w.objects),
             sink.text() << w.objects << " objects stored for the month");
    if (w.requests_per_month > Decimal()) {
        sink.add("requests", "glue", "catalog_requests", "", quantity<units::request>(w.requests_per_month),
                 sink.text() << w.requests_per_month << " requests");
    }
}

namespace detail {

template <>
glue_catalog_workload read_workload<glue_catalog_workload>(json_object_reader& reader) {
    glue_catalog_workload w;
    w.objects = reader.required_non_negative("objects");
    w.requests_per_month = reader.non_negative_or("requests_per_month", Decimal(0));
    return w;
}

}  // namespace detail
}  // namespace costmodel
