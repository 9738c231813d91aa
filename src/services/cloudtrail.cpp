// CloudTrail: data events, extra copies of management events (the first copy is free and not metered),
// Insights events — each in events — and CloudTrail Lake ingestion in GB. Components of zero are not
// metered.

#include "costmodel/services/cloudtrail.hpp"

namespace costmodel {

void meter(const cloudtrail_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const std::size_t before = sink.count();
    if (w.data_events_per_month > Decimal()) {
        sink.add("data_events", "cloudtrail", "data_events", "", quantity<units::event>(w.data_events_per_month),
                 sink.text() << w.data_events_per_month << " data events");
    }
    if (w.extra_management_events_per_month > Decimal()) {
        sink.add("management_events_extra", "cloudtrail", "management_events_extra", "",
                 quantity<units::event>(w.extra_management_events_per_month),
                 sink.text() << w.extra_management_events_per_month << " management events in extra trail copies");
    }
    if (w.insights_events_per_month > Decimal()) {
        sink.add("insights_events", "cloudtrail", "insights_events", "", quantity<units::event>(w.insights_events_per_month),
                 sink.text() << w.insights_events_per_month << " Insights events");
    }
    if (w.lake_ingested_gb > Decimal()) {
        sink.add("lake_ingestion", "cloudtrail", "lake_ingestion", "", quantity<units::gb>(w.lake_ingested_gb),
                 sink.text() << w.lake_ingested_gb << " GB ingested into CloudTrail Lake");
    }
    if (sink.count() == before) sink.warn("no CloudTrail usage given: nothing metered (the first copy of management events is free)");
}

// Every key is a number >= 0 with a default; nothing relates them.
void validate(const cloudtrail_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
