// NAT gateways: gateway-hours (gateways × hours) and GB of data processed.

#include "costmodel/services/nat_gateway.hpp"

namespace costmodel {

void meter(const nat_gateway_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    const exact_ratio gateway_hours = exact_ratio(w.gateways) * exact_ratio(hours);
    sink.add("hours", "nat_gateway", "hours", "", quantity<units::gateway_hour>(gateway_hours.to_decimal()),
             sink.text() << w.gateways << " gateway(s) × " << hours << " h");
    if (w.data_processed_gb > Decimal()) {
        sink.add("data_processed", "nat_gateway", "data_processed", "", quantity<units::gb>(w.data_processed_gb),
                 sink.text() << w.data_processed_gb << " GB processed");
    }
}

// Numbers >= 0 (fields()); nothing relates them.
void validate(const nat_gateway_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
