// CloudTrail: data events, extra copies of management events (the first copy is free and not metered),
// Insights events — each in events — and CloudTrail Lake ingestion in GB. Components of zero are not
// metered.

#include "costmodel/services/cloudtrail.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const cloudtrail_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    for (const Decimal value : {w.data_events_per_month, w.extra_management_events_per_month, w.insights_events_per_month, w.lake_ingested_gb}) {
        if (value.is_negative()) throw std::invalid_argument(sink.workload() + ": CloudTrail usage must be >= 0");
    }
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

namespace detail {

template <>
cloudtrail_workload read_workload<cloudtrail_workload>(json_object_reader& reader) {
    cloudtrail_workload w;
    w.data_events_per_month = reader.non_negative_or("data_events_per_month", Decimal(0));
    w.extra_management_events_per_month = reader.non_negative_or("extra_management_events_per_month", Decimal(0));
    w.insights_events_per_month = reader.non_negative_or("insights_events_per_month", Decimal(0));
    w.lake_ingested_gb = reader.non_negative_or("lake_ingested_gb", Decimal(0));
    return w;
}

}  // namespace detail
}  // namespace costmodel
