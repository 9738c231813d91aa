// Glue Data Catalog: objects stored (object-months) and requests. The first million of each is free
// when the scenario turns free tiers on; the estimate draws those pools, not this model.

#include "costmodel/services/glue_catalog.hpp"

namespace costmodel {

void meter(const glue_catalog_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    sink.add("storage", "glue", "catalog_storage", "", quantity<units::object_month>(w.objects),
             sink.text() << w.objects << " objects stored for the month");
    if (w.requests_per_month > Decimal()) {
        sink.add("requests", "glue", "catalog_requests", "", quantity<units::request>(w.requests_per_month),
                 sink.text() << w.requests_per_month << " requests");
    }
}

// Numbers >= 0 (fields()); nothing relates them.
void validate(const glue_catalog_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
