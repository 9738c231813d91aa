// Glue crawlers: DPU-hours, billed per second of each run (rounded up to the second) with a 10-minute
// minimum per run.

#include "costmodel/services/glue_crawler.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const glue_crawler_workload& w, const scenario_settings& settings, usage_sink& sink) {
    if (w.dpu.is_negative()) throw std::invalid_argument(sink.workload() + ": dpu must be >= 0");
    const exact_ratio minimum(Decimal(600));
    exact_ratio per_run = w.runs.seconds_per_run().ceil();
    const bool minimum_applies = per_run < minimum;
    if (minimum_applies) per_run = minimum;
    const exact_ratio runs = w.runs.monthly_runs(settings);
    const exact_ratio dpu_hours = runs * per_run * exact_ratio(w.dpu) / exact_ratio(Decimal(3600));
    sink.add("crawler", "glue", "crawler", "", quantity<units::dpu_hour>(dpu_hours.to_decimal()),
             sink.text() << runs.to_decimal() << " runs × " << per_run.to_decimal() << " s"
                         << (minimum_applies ? " (10-minute minimum)" : "") << " × " << w.dpu << " DPU / 3600");
}

namespace detail {

template <>
glue_crawler_workload read_workload<glue_crawler_workload>(json_object_reader& reader) {
    glue_crawler_workload w;
    w.dpu = reader.non_negative_or("dpu", Decimal(1));
    if (w.dpu.is_zero()) reader.fail("dpu", "expected a number > 0, got 0");
    w.runs = parse_repetition(reader, true);
    return w;
}

}  // namespace detail
}  // namespace costmodel
