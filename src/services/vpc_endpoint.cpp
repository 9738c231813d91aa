// VPC endpoints: endpoint-hours (endpoints × AZs × hours) and GB of data processed (tiered over the
// scenario's aggregate). Gateway endpoints (S3, DynamoDB) meter the same usage at variant "gateway",
// which the catalog prices at 0, so they still show as lines.

#include "costmodel/services/vpc_endpoint.hpp"

namespace costmodel {

void meter(const vpc_endpoint_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    const exact_ratio endpoint_hours = exact_ratio(w.endpoints) * exact_ratio(w.azs) * exact_ratio(hours);
    const std::string_view free = w.type == "gateway" ? " (gateway endpoint: free)" : "";
    sink.add("endpoint_hours", "vpc_endpoint", "endpoint_hours", w.type, quantity<units::endpoint_hour>(endpoint_hours.to_decimal()),
             sink.text() << w.endpoints << " " << w.type << " endpoint(s) × " << w.azs << " AZ(s) × " << hours << " h" << free);
    if (w.data_processed_gb > Decimal()) {
        sink.add("data_processed", "vpc_endpoint", "data_processed", w.type, quantity<units::gb>(w.data_processed_gb),
                 sink.text() << w.data_processed_gb << " GB processed" << free);
    }
}

// Numbers >= 0 and a type among its choices (fields()); nothing relates them.
void validate(const vpc_endpoint_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
