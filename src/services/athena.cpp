// Athena: TB scanned. Each query's scan rounds up to the next whole MB, with a 10 MB minimum per query;
// 1 TB = 1024 × 1024 MB, so TB = queries × billed MB / 1,048,576, exact and rounded once.
// Given scanned_tb_per_month instead, the figure is taken as it stands: without the number of queries
// no per-query rounding or minimum can be applied.

#include "costmodel/services/athena.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

namespace {
constexpr int minimum_mb_per_query = 10;
constexpr int mb_per_tb = 1024 * 1024;
}  // namespace

void meter(const athena_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const std::string& name = sink.workload();
    const bool per_query = w.queries_per_month || w.queries_per_week || w.scanned_mb_per_query;
    if (w.scanned_tb_per_month) {
        if (per_query) throw std::invalid_argument(name + ": give scanned_tb_per_month or queries with scanned_mb_per_query, not both");
        if (w.scanned_tb_per_month->is_negative()) throw std::invalid_argument(name + ": scanned_tb_per_month must be >= 0");
        sink.add("data_scanned", "athena", "data_scanned", "", quantity<units::tb>(*w.scanned_tb_per_month),
                 w.scanned_tb_per_month->to_string() + " TB as stated (no per-query rounding or 10 MB minimum applied)");
        return;
    }
    if (w.queries_per_month && w.queries_per_week) throw std::invalid_argument(name + ": give queries_per_month or queries_per_week, not both");
    if (!w.scanned_mb_per_query) throw std::invalid_argument(name + ": no scanned_mb_per_query (or scanned_tb_per_month) given");
    exact_ratio queries;
    std::string how;
    if (w.queries_per_month) {
        queries = exact_ratio(*w.queries_per_month);
        how = w.queries_per_month->to_string() + " queries";
    } else if (w.queries_per_week) {
        queries = exact_ratio(*w.queries_per_week) * settings.weeks_per_month;
        how = w.queries_per_week->to_string() + " queries/week × " + settings.weeks_per_month_text + " weeks";
    } else {
        throw std::invalid_argument(name + ": no queries_per_month or queries_per_week given");
    }
    if (queries.is_negative() || w.scanned_mb_per_query->is_negative()) {
        throw std::invalid_argument(name + ": queries and scanned_mb_per_query must be >= 0");
    }

    // Billed MB per query: rounded up to the whole MB, at least 10 MB.
    exact_ratio billed_mb = exact_ratio(*w.scanned_mb_per_query).ceil();
    const exact_ratio minimum{Decimal(minimum_mb_per_query)};
    text_builder rounding = sink.text(1);
    if (billed_mb < minimum) {
        billed_mb = minimum;
        rounding << " (10 MB minimum per query)";
    } else if (!(billed_mb == exact_ratio(*w.scanned_mb_per_query))) {
        rounding << " (" << *w.scanned_mb_per_query << " MB rounded up to the MB)";
    }
    const exact_ratio tb = queries * billed_mb / exact_ratio(Decimal(mb_per_tb));
    sink.add("data_scanned", "athena", "data_scanned", "", quantity<units::tb>(tb.to_decimal()),
             sink.text() << how << " × " << billed_mb.to_decimal() << " MB" << rounding.view() << " / 1048576 MB per TB");
}

namespace detail {

template <>
athena_workload read_workload<athena_workload>(json_object_reader& reader) {
    athena_workload w;
    w.queries_per_month = reader.optional_non_negative("queries_per_month");
    w.queries_per_week = reader.optional_non_negative("queries_per_week");
    w.scanned_mb_per_query = reader.optional_non_negative("scanned_mb_per_query");
    w.scanned_tb_per_month = reader.optional_non_negative("scanned_tb_per_month");
    if (w.queries_per_month && w.queries_per_week) reader.fail("queries_per_week", "give queries_per_month or queries_per_week, not both");
    const bool per_query = w.queries_per_month || w.queries_per_week || w.scanned_mb_per_query;
    if (w.scanned_tb_per_month) {
        if (per_query) {
            reader.fail("scanned_tb_per_month", "give scanned_tb_per_month, or queries with scanned_mb_per_query, not both");
        }
        return w;
    }
    if (!w.queries_per_month && !w.queries_per_week) {
        reader.fail("queries_per_month", "missing required key (or queries_per_week, or scanned_tb_per_month)");
    }
    if (!w.scanned_mb_per_query) reader.fail("scanned_mb_per_query", "missing required key (or scanned_tb_per_month)");
    return w;
}

}  // namespace detail
}  // namespace costmodel
