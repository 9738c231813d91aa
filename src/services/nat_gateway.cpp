// NAT gateways: gateway-hours (gateways × hours) and GB of data processed.

#include "costmodel/services/nat_gateway.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const nat_gateway_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    if (w.gateways.is_negative() || hours.is_negative() || w.data_processed_gb.is_negative()) {
        throw std::invalid_argument(sink.workload() + ": NAT gateway usage must be >= 0");
    }
    const exact_ratio gateway_hours = exact_ratio(w.gateways) * exact_ratio(hours);
    sink.add("hours", "nat_gateway", "hours", "", quantity<units::gateway_hour>(gateway_hours.to_decimal()),
             sink.text() << w.gateways << " gateway(s) × " << hours << " h");
    if (w.data_processed_gb > Decimal()) {
        sink.add("data_processed", "nat_gateway", "data_processed", "", quantity<units::gb>(w.data_processed_gb),
                 sink.text() << w.data_processed_gb << " GB processed");
    }
}

namespace detail {

template <>
nat_gateway_workload read_workload<nat_gateway_workload>(json_object_reader& reader) {
    nat_gateway_workload w;
    w.gateways = reader.required_non_negative("gateways");
    w.hours_per_month = reader.optional_non_negative("hours_per_month");
    w.data_processed_gb = reader.non_negative_or("data_processed_gb", Decimal(0));
    return w;
}

}  // namespace detail
}  // namespace costmodel
