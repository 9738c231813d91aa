// CloudWatch: each component is its own usage — logs ingested (GB), logs stored (GB-months), custom
// metrics (metric-months, tiered over the scenario's aggregate), dashboards, standard and
// high-resolution alarms (alarm-months, variants "standard" and "high_resolution"). Components of zero
// are not metered.

#include "costmodel/services/cloudwatch.hpp"

namespace costmodel {

void meter(const cloudwatch_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const std::size_t before = sink.count();
    if (w.logs_ingested_gb > Decimal()) {
        sink.add("logs_ingestion", "cloudwatch", "logs_ingestion", "", quantity<units::gb>(w.logs_ingested_gb),
                 sink.text() << w.logs_ingested_gb << " GB of logs ingested");
    }
    if (w.logs_stored_gb > Decimal()) {
        sink.add("logs_storage", "cloudwatch", "logs_storage", "", quantity<units::gb_month>(w.logs_stored_gb),
                 sink.text() << w.logs_stored_gb << " GB of logs stored for the month");
    }
    if (w.custom_metrics > Decimal()) {
        sink.add("custom_metrics", "cloudwatch", "custom_metrics", "", quantity<units::metric_month>(w.custom_metrics),
                 sink.text() << w.custom_metrics << " custom metrics for the month");
    }
    if (w.dashboards > Decimal()) {
        sink.add("dashboards", "cloudwatch", "dashboards", "", quantity<units::dashboard_month>(w.dashboards),
                 sink.text() << w.dashboards << " dashboards for the month");
    }
    if (w.alarms > Decimal()) {
        sink.add("alarms", "cloudwatch", "alarms", "standard", quantity<units::alarm_month>(w.alarms),
                 sink.text() << w.alarms << " standard-resolution alarms for the month");
    }
    if (w.high_resolution_alarms > Decimal()) {
        sink.add("high_resolution_alarms", "cloudwatch", "alarms", "high_resolution",
                 quantity<units::alarm_month>(w.high_resolution_alarms),
                 sink.text() << w.high_resolution_alarms << " high-resolution alarms for the month");
    }
    if (sink.count() == before) sink.warn("no CloudWatch usage given: nothing metered");
}

// Every key is a number >= 0 with a default; nothing relates them.
void validate(const cloudwatch_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
