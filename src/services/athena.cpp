// Athena: TB scanned. Each query's scan rounds up to the next whole MB, with a 10 MB minimum per query;
// 1 TB = 1024 × 1024 MB, so TB = queries × billed MB / 1,048,576, exact and rounded once.
// Given scanned_tb_per_month instead, the figure is taken as it stands: without the number of queries
// no per-query rounding or minimum can be applied.

#include "costmodel/services/athena.hpp"


namespace costmodel {

namespace {
constexpr int minimum_mb_per_query = 10;
constexpr int mb_per_tb = 1024 * 1024;
}  // namespace

void meter(const athena_workload& w, const scenario_settings& settings, usage_sink& sink) {
    if (w.scanned_tb_per_month) {
        sink.add("data_scanned", "athena", "data_scanned", "", quantity<units::tb>(*w.scanned_tb_per_month),
                 w.scanned_tb_per_month->to_string() + " TB as stated (no per-query rounding or 10 MB minimum applied)");
        return;
    }
    exact_ratio queries;
    std::string how;
    if (w.queries_per_month) {
        queries = exact_ratio(*w.queries_per_month);
        how = w.queries_per_month->to_string() + " queries";
    } else {
        queries = exact_ratio(*w.queries_per_week) * settings.weeks_per_month;
        how = w.queries_per_week->to_string() + " queries/week × " + settings.weeks_per_month_text + " weeks";
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

void validate(const athena_workload& w, const workload_checks& checks) {
    const bool per_query = w.queries_per_month || w.queries_per_week || w.scanned_mb_per_query;
    if (w.queries_per_month && w.queries_per_week) checks.fail("queries_per_week", "give queries_per_month or queries_per_week, not both");
    if (w.scanned_tb_per_month) {
        if (per_query) checks.fail("scanned_tb_per_month", "give scanned_tb_per_month, or queries with scanned_mb_per_query, not both");
        return;
    }
    require_one_of(checks, w.queries_per_month.has_value(), "queries_per_month", w.queries_per_week.has_value(), "queries_per_week",
                   "scanned_tb_per_month");
    if (!w.scanned_mb_per_query) checks.fail("scanned_mb_per_query", "missing required key (or scanned_tb_per_month)");
}
}  // namespace costmodel
