// S3: storage in GB-months (Standard, or Intelligent-Tiering priced at its Frequent Access tier, which
// costs what Standard does), PUT/COPY/POST/LIST and GET/SELECT requests, and Intelligent-Tiering's
// monitoring charge per object-month. Storage tiers (50 TB, 500 TB) apply to the scenario's aggregate
// storage; the estimate applies them.

#include "costmodel/services/s3.hpp"

namespace costmodel {

void meter(const s3_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const bool tiering = w.storage_class == "intelligent_tiering";
    sink.add("storage", "s3", "storage", w.storage_class, quantity<units::gb_month>(w.storage_gb),
             sink.text() << w.storage_gb << " GB stored for the month" << (tiering ? " (Frequent Access tier prices)" : ""));
    if (w.put_requests_per_month > Decimal()) {
        sink.add("put_requests", "s3", "put_requests", "", quantity<units::request>(w.put_requests_per_month),
                 sink.text() << w.put_requests_per_month << " PUT/COPY/POST/LIST requests");
    }
    if (w.get_requests_per_month > Decimal()) {
        sink.add("get_requests", "s3", "get_requests", "", quantity<units::request>(w.get_requests_per_month),
                 sink.text() << w.get_requests_per_month << " GET/SELECT requests");
    }
    if (tiering) {
        if (w.objects > Decimal()) {
            sink.add("monitoring", "s3", "monitoring", "intelligent_tiering", quantity<units::object_month>(w.objects),
                     sink.text() << w.objects << " objects monitored for the month");
        } else {
            sink.warn("Intelligent-Tiering without objects: the monitoring charge (per object) is not metered");
        }
    }
}

void validate(const s3_workload& w, const workload_checks& checks) {
    if (w.objects > Decimal() && w.storage_class != "intelligent_tiering") {
        checks.fail("objects", "objects are metered for Intelligent-Tiering monitoring only; storage_class is " + w.storage_class,
                    w.objects.to_string());
    }
}

}  // namespace costmodel
