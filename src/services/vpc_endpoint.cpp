// VPC endpoints: endpoint-hours (endpoints × AZs × hours) and GB of data processed (tiered over the
// scenario's aggregate). Gateway endpoints (S3, DynamoDB) meter the same usage at variant "gateway",
// which the catalog prices at 0, so they still show as lines.

#include "costmodel/services/vpc_endpoint.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const vpc_endpoint_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const std::string& name = sink.workload();
    if (w.type != "interface" && w.type != "gateway") {
        throw std::invalid_argument(name + ": type must be interface or gateway, got \"" + w.type + "\"");
    }
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    if (w.endpoints.is_negative() || w.azs.is_negative() || hours.is_negative() || w.data_processed_gb.is_negative()) {
        throw std::invalid_argument(name + ": VPC endpoint usage must be >= 0");
    }
    const exact_ratio endpoint_hours = exact_ratio(w.endpoints) * exact_ratio(w.azs) * exact_ratio(hours);
    const std::string_view free = w.type == "gateway" ? " (gateway endpoint: free)" : "";
    sink.add("endpoint_hours", "vpc_endpoint", "endpoint_hours", w.type, quantity<units::endpoint_hour>(endpoint_hours.to_decimal()),
             sink.text() << w.endpoints << " " << w.type << " endpoint(s) × " << w.azs << " AZ(s) × " << hours << " h" << free);
    if (w.data_processed_gb > Decimal()) {
        sink.add("data_processed", "vpc_endpoint", "data_processed", w.type, quantity<units::gb>(w.data_processed_gb),
                 sink.text() << w.data_processed_gb << " GB processed" << free);
    }
}

namespace detail {

template <>
vpc_endpoint_workload read_workload<vpc_endpoint_workload>(json_object_reader& reader) {
    vpc_endpoint_workload w;
    w.type = reader.choice_or("type", {"interface", "gateway"}, "interface");
    w.endpoints = reader.required_non_negative("endpoints");
    w.azs = reader.non_negative_or("azs", Decimal(1));
    w.hours_per_month = reader.optional_non_negative("hours_per_month");
    w.data_processed_gb = reader.non_negative_or("data_processed_gb", Decimal(0));
    return w;
}

}  // namespace detail
}  // namespace costmodel
