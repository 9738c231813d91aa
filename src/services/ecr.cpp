// ECR: image storage in GB-months.

#include "costmodel/services/ecr.hpp"

namespace costmodel {

void meter(const ecr_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    sink.add("storage", "ecr", "storage", "", quantity<units::gb_month>(w.storage_gb),
             sink.text() << w.storage_gb << " GB stored for the month");
}

// One key, a number >= 0 (fields()).
void validate(const ecr_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
