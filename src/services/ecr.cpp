// ECR: image storage in GB-months.

#include "costmodel/services/ecr.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const ecr_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    if (w.storage_gb.is_negative()) throw std::invalid_argument(sink.workload() + ": storage_gb must be >= 0");
    sink.add("storage", "ecr", "storage", "", quantity<units::gb_month>(w.storage_gb),
             sink.text() << w.storage_gb << " GB stored for the month");
}

namespace detail {

template <>
ecr_workload read_workload<ecr_workload>(json_object_reader& reader) {
    ecr_workload w;
    w.storage_gb = reader.required_non_negative("storage_gb");
    return w;
}

}  // namespace detail
}  // namespace costmodel
