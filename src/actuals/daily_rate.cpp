// The support-split daily rate (include/costmodel/actuals/daily_rate.hpp, docs/actuals.md).

#include "costmodel/actuals/daily_rate.hpp"

#include <algorithm>
#include <limits>

#include "../did_you_mean.hpp"
#include "../json_document.hpp"
#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/exact_ratio.hpp"
#include "costmodel/input_error.hpp"

namespace costmodel::actuals {

std::string_view to_string(daily_rate_rounding rounding) noexcept {
    return rounding == daily_rate_rounding::console ? "console" : "exact";
}

std::string_view to_string(support_month_reading reading) noexcept {
    return reading == support_month_reading::end_month ? "end" : "previous";
}

daily_rate_rounding parse_daily_rate_rounding(std::string_view name, const std::string& source) {
    if (name == "exact") return daily_rate_rounding::exact;
    if (name == "console") return daily_rate_rounding::console;
    throw input_error(source, "rounding", "unknown rounding \"" + detail::printable(name) + "\" (expected exact or console)",
                      "\"" + detail::printable(name) + "\"");
}

support_month_reading parse_support_month(std::string_view name, const std::string& source) {
    if (name == "previous") return support_month_reading::previous;
    if (name == "end") return support_month_reading::end_month;
    throw input_error(source, "support_month",
                      "unknown support month \"" + detail::printable(name) +
                          "\" (expected previous: the month before the support date, or end: the month containing the end date)",
                      "\"" + detail::printable(name) + "\"");
}

rate_dates daily_rate_dates(const daily_rate_options& options) {
    // Bounds keep every date within the years date handles; a window of more than ten years is a mistake.
    if (options.offset < 0 || options.offset > 3660) {
        throw input_error(options.source, "offset", "expected a number of days from 0 to 3660, got " + std::to_string(options.offset),
                          std::to_string(options.offset));
    }
    if (options.window < 1 || options.window > 3660) {
        throw input_error(options.source, "window",
                          "expected a window of 1 to 3660 days, got " + std::to_string(options.window) +
                              (options.window == 0 ? " (an empty window has no rate)" : ""),
                          std::to_string(options.window));
    }
    rate_dates dates{};
    dates.end = options.as_of.plus_days(-options.offset);
    dates.start = dates.end.plus_days(-options.window);
    dates.support_date = dates.end.first_of_month();
    dates.support_month = options.support_month == support_month_reading::previous ? dates.support_date.plus_days(-1).first_of_month()
                                                                                    : dates.end.first_of_month();
    dates.days_in_support_month = static_cast<int>(days_in_month(dates.support_month.year(), dates.support_month.month()));
    return dates;
}

namespace {

[[noreturn]] void missing(const table::table& lines, const daily_rate_options& options, std::string_view column) {
    std::string names;
    for (const std::string& name : lines.column_names()) names += (names.empty() ? "" : ", ") + name;
    throw input_error(options.source, std::string(column),
                      "the table has no column '" + std::string(column) + "' (a Cost Explorer table has date, end, metric, amount, unit, "
                      "estimated and its group keys; this one has " + (names.empty() ? std::string("none") : names) + ")");
}

template <class Column>
const Column& need(const table::table& lines, const daily_rate_options& options, std::string_view name) {
    if (!lines.has_column(name)) missing(lines, options, name);
    try {
        return lines.get_as<Column>(name);
    } catch (const std::invalid_argument& error) {
        throw input_error(options.source, std::string(name), error.what());
    }
}

// A string column's code for `text`, or -1 (also when the table has no such column).
std::int32_t code_of(const table::string_column* column, std::string_view text) {
    return column == nullptr ? -1 : column->dictionary().find(text);
}

const table::string_column* optional_strings(const table::table& lines, const daily_rate_options& options, std::string_view name) {
    if (!lines.has_column(name)) return nullptr;
    return &need<table::string_column>(lines, options, name);
}

void add_units(__int128& sum, __int128 units) {
    if (__builtin_add_overflow(sum, units, &sum)) throw std::overflow_error("daily rate: a day's sum is beyond the Decimal range");
}

// `value` rounded at `places` fractional digits with `mode`, from its exact value (one rounding).
Decimal round_ratio(const exact_ratio& value, int places, rounding_mode mode) {
    // value / 10^(10 - places) rounded at 10 digits is value rounded at `places`, scaled down; scaling
    // back up is exact.
    const auto shift = static_cast<std::int64_t>(Decimal::pow10(Decimal::scale - places));
    const Decimal scaled = (value / exact_ratio(Decimal(shift))).to_decimal(mode);
    return scaled * Decimal(shift);
}

}  // namespace

day_sums sum_by_day(const table::table& lines, const daily_rate_options& options, date first, int days) {
    lines.validate();
    const auto& dates = need<table::date_column>(lines, options, "date");
    const auto& ends = need<table::date_column>(lines, options, "end");
    const auto& metrics = need<table::string_column>(lines, options, "metric");
    const auto& amounts = need<table::decimal_column>(lines, options, "amount");
    const auto& units = need<table::string_column>(lines, options, "unit");
    const auto& estimated = need<table::boolean_column>(lines, options, "estimated");
    const table::string_column* record_type = optional_strings(lines, options, "RECORD_TYPE");
    const table::string_column* billing_entity = optional_strings(lines, options, "BILLING_ENTITY");
    const table::string_column* linked_account = optional_strings(lines, options, "LINKED_ACCOUNT");

    if (!is_cost_metric(options.metric) ||
        std::find(std::begin(cost_explorer_metrics), std::end(cost_explorer_metrics), options.metric) == std::end(cost_explorer_metrics)) {
        std::string message = "\"" + detail::printable(options.metric) + "\" is not a cost metric";
        static constexpr std::string_view costs[] = {"UnblendedCost", "NetUnblendedCost", "AmortizedCost", "NetAmortizedCost", "BlendedCost"};
        if (const auto near = detail::nearest_name(options.metric, costs)) message += " (did you mean \"" + std::string(*near) + "\"?)";
        throw input_error(options.source, "metric",
                          message + "; expected one of UnblendedCost, NetUnblendedCost, AmortizedCost, NetAmortizedCost, BlendedCost",
                          "\"" + detail::printable(options.metric) + "\"");
    }
    // -1 when no row has it; the check that some row does follows the pass.
    const std::int32_t metric = metrics.dictionary().find(options.metric);

    const std::int32_t tax = code_of(record_type, "Tax");
    const std::int32_t support = code_of(record_type, "Support");
    const std::int32_t aws = code_of(billing_entity, "AWS");
    std::vector<std::uint8_t> chosen;
    const bool filter_accounts = linked_account != nullptr && !options.accounts.empty();
    if (filter_accounts) {
        chosen.assign(linked_account->dictionary().size(), 0);
        for (const std::string& account : options.accounts) {
            const std::int32_t code = linked_account->dictionary().find(account);
            if (code >= 0) chosen[static_cast<std::size_t>(code)] = 1;
        }
    }

    day_sums sums;
    sums.first = first;
    sums.operational.assign(static_cast<std::size_t>(days), 0);
    sums.support.assign(static_cast<std::size_t>(days), 0);
    sums.covered.assign(static_cast<std::size_t>(days), 0);
    sums.estimated.assign(static_cast<std::size_t>(days), 0);
    sums.has_record_type = record_type != nullptr;
    sums.has_billing_entity = billing_entity != nullptr;
    sums.has_linked_account = linked_account != nullptr;

    const std::span<const std::int32_t> day = dates.values();
    const std::span<const std::int32_t> end = ends.values();
    const std::span<const std::int32_t> metric_codes = metrics.codes();
    const std::span<const __int128> amount = amounts.units();
    const std::span<const std::int32_t> unit_codes = units.codes();
    const std::span<const std::int32_t> record_codes = record_type ? record_type->codes() : std::span<const std::int32_t>();
    const std::span<const std::int32_t> entity_codes = billing_entity ? billing_entity->codes() : std::span<const std::int32_t>();
    const std::span<const std::int32_t> account_codes = linked_account ? linked_account->codes() : std::span<const std::int32_t>();
    const std::int32_t lo = first.days();
    const std::int32_t hi = first.days() + days;
    std::int32_t unit = -1;
    std::int32_t data_first = std::numeric_limits<std::int32_t>::max();
    std::int32_t data_last = std::numeric_limits<std::int32_t>::min();
    const std::size_t rows = lines.num_rows();
    for (std::size_t r = 0; r < rows; ++r) {
        if (metric_codes[r] != metric) continue;
        const std::int32_t d = day[r];
        data_first = std::min(data_first, d);
        data_last = std::max(data_last, end[r]);
        if (unit != unit_codes[r]) {
            if (unit >= 0) {
                throw input_error(options.source, "unit",
                                  "several currencies in one input: " + std::string(units.dictionary()[unit]) + " and " +
                                      std::string(units.dictionary()[unit_codes[r]]) + " (" + options.metric + ")",
                                  std::string(units.dictionary()[unit_codes[r]]));
            }
            unit = unit_codes[r];
        }
        if (d >= hi || end[r] <= lo) continue;
        if (end[r] - d != 1) {
            throw input_error(options.source, "granularity",
                              "a MONTHLY row (" + date::from_days(d).to_string() + " to " + date::from_days(end[r]).to_string() +
                                  ") where the daily rate needs DAILY data: query with Granularity DAILY");
        }
        const auto i = static_cast<std::size_t>(d - lo);
        sums.covered[i] = 1;
        if (estimated[r]) sums.estimated[i] = 1;
        if (filter_accounts && !chosen[static_cast<std::size_t>(account_codes[r])]) continue;
        if (record_type != nullptr) {
            const std::int32_t kind = record_codes[r];
            if (kind == support) {
                add_units(sums.support[i], amount[r]);
                continue;
            }
            if (kind == tax) continue;
        }
        if (billing_entity != nullptr && entity_codes[r] != aws) continue;
        add_units(sums.operational[i], amount[r]);
    }
    if (data_first > data_last) {
        std::string present;
        const auto& names = metrics.dictionary();
        std::vector<bool> used(names.size(), false);
        for (const std::int32_t code : metric_codes) used[static_cast<std::size_t>(code)] = true;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (used[i]) present += (present.empty() ? "" : ", ") + std::string(names[static_cast<std::int32_t>(i)]);
        throw input_error(options.source, "metric",
                          "the responses have no " + options.metric + " (they hold " + (present.empty() ? std::string("no rows") : present) +
                              "; request it in the query's Metrics)",
                          "\"" + options.metric + "\"");
    }
    if (unit >= 0) sums.currency = std::string(units.dictionary()[unit]);
    if (data_first <= data_last) {
        sums.data_first = date::from_days(data_first);
        sums.data_end = date::from_days(data_last);
        sums.has_data = true;
    }
    return sums;
}

daily_rate_result daily_rate_from(const day_sums& sums, const daily_rate_options& options) {
    const rate_dates dates = daily_rate_dates(options);
    if (options.support_share < Decimal() || options.support_share > Decimal(1)) {
        throw input_error(options.source, "support_share", "expected a share from 0 to 1, got " + options.support_share.to_string(),
                          options.support_share.to_string());
    }
    const std::int32_t days = static_cast<std::int32_t>(sums.operational.size());
    const auto index = [&](date d) -> std::int32_t {
        const std::int32_t i = d - sums.first;
        return i >= 0 && i < days ? i : -1;
    };

    daily_rate_result result;
    result.start = dates.start;
    result.end = dates.end;
    result.days_in_window = options.window;
    result.support_date = dates.support_date;
    result.support_month = dates.support_month;
    result.days_in_support_month = dates.days_in_support_month;
    result.support_share = options.support_share;
    result.currency = sums.currency;
    result.metric = options.metric;
    result.rounding = options.rounding;
    result.support_month_used = options.support_month;

    __int128 operational = 0;
    bool any = false;
    for (date d = dates.start; d < dates.end; d = d.plus_days(1)) {
        const std::int32_t i = index(d);
        if (i < 0) throw std::logic_error("daily_rate_from: the sums do not cover the window");
        const auto k = static_cast<std::size_t>(i);
        add_units(operational, sums.operational[k]);
        if (!sums.covered[k]) result.missing_days.push_back(d);
        any = any || sums.covered[k];
        if (sums.estimated[k]) result.estimated_days.push_back(d);
    }
    if (!any) {
        const std::string covered = sums.has_data ? "the responses' " + options.metric + " covers " + sums.data_first.to_string() + " to " +
                                                        sums.data_end.to_string() + " (exclusive)"
                                                  : "the responses hold no " + options.metric;
        throw input_error(options.source, "as_of",
                          "no data in the window " + dates.start.to_string() + " to " + dates.end.to_string() + " (exclusive) for as-of " +
                              options.as_of.to_string() + ": " + covered,
                          options.as_of.to_string());
    }
    result.operational = Decimal::from_units(operational);

    const std::int32_t s = index(dates.support_date);
    if (s >= 0) {
        const auto k = static_cast<std::size_t>(s);
        result.support_cost = Decimal::from_units(sums.support[k]);
        result.support_found = sums.covered[k] != 0;
        if (sums.estimated[k] && (dates.support_date < dates.start || dates.support_date >= dates.end)) {
            result.estimated_days.push_back(dates.support_date);
        }
    }

    if (!sums.has_record_type) {
        result.notes.push_back("no RECORD_TYPE column: every row is taken as operational (Tax and Support filtered out by the query), "
                               "and support_cost is 0");
    } else if (!result.support_found) {
        result.notes.push_back("no " + options.metric + " data on the support date " + dates.support_date.to_string() +
                               ": support_cost is 0 (add the responses that cover it)");
    } else if (result.support_cost.is_zero()) {
        result.notes.push_back("no Support charge on the support date " + dates.support_date.to_string());
    }
    if (!sums.has_billing_entity) result.notes.push_back("no BILLING_ENTITY column: the rows are taken as the AWS billing entity's only");
    if (!options.accounts.empty() && !sums.has_linked_account) {
        result.notes.push_back("no LINKED_ACCOUNT column: the rows are taken as the chosen accounts' only (filtered by the query)");
    }

    const exact_ratio per_month(Decimal(dates.days_in_support_month));
    const exact_ratio op(result.operational);
    const exact_ratio shared = exact_ratio(result.support_cost) * exact_ratio(options.support_share);
    if (options.rounding == daily_rate_rounding::console) {
        result.daily_operational = round_ratio(op / per_month, 2, rounding_mode::round_half_up);
        result.support_per_day = round_ratio(shared / per_month, 2, rounding_mode::round_half_up);
        result.daily_rate = result.daily_operational + result.support_per_day;
        result.annual_projection = result.daily_rate * Decimal(365);
    } else {
        result.daily_operational = (op / per_month).to_decimal();
        result.support_per_day = (shared / per_month).to_decimal();
        result.daily_rate = ((op + shared) / per_month).to_decimal();
        result.annual_projection = ((op + shared) * exact_ratio(Decimal(365)) / per_month).to_decimal();
    }
    return result;
}

daily_rate_result daily_rate(const table::table& lines, const daily_rate_options& options) {
    const rate_dates dates = daily_rate_dates(options);
    const date first = std::min(dates.start, dates.support_date);
    const date last = std::max(dates.end, dates.support_date.plus_days(1));
    return daily_rate_from(sum_by_day(lines, options, first, last - first), options);
}

table::table daily_rate_series(const table::table& lines, const daily_rate_options& options, date first_as_of, date last_as_of) {
    if (last_as_of < first_as_of) {
        throw input_error(options.source, "through", "the last as-of day " + last_as_of.to_string() + " is before the first, " + first_as_of.to_string(),
                          last_as_of.to_string());
    }
    if (last_as_of - first_as_of > 36600) {
        throw input_error(options.source, "through", "a series of at most 36,600 days, got " + std::to_string(last_as_of - first_as_of + 1),
                          last_as_of.to_string());
    }
    // The days every as-of day needs, summed once: from the first window's start (or support date) to
    // the last window's end (or the day after its support date).
    daily_rate_options day = options;
    date first = first_as_of, last = first_as_of;
    bool started = false;
    for (date as_of = first_as_of; as_of <= last_as_of; as_of = as_of.plus_days(1)) {
        day.as_of = as_of;
        const rate_dates dates = daily_rate_dates(day);
        const date from = std::min(dates.start, dates.support_date);
        const date to = std::max(dates.end, dates.support_date.plus_days(1));
        if (!started || from < first) first = from;
        if (!started || to > last) last = to;
        started = true;
    }
    const day_sums sums = sum_by_day(lines, options, first, last - first);

    table::table out;
    auto& as_of_col = out.add_date("as_of");
    auto& start_col = out.add_date("start");
    auto& end_col = out.add_date("end");
    auto& month_days = out.add_int32("days_in_support_month");
    auto& operational = out.add_decimal("operational", true);
    auto& support = out.add_decimal("support_cost", true);
    auto& rate = out.add_decimal("daily_rate", true);
    auto& projection = out.add_decimal("annual_projection", true);
    auto& estimated = out.add_int32("estimated_days");
    auto& missing = out.add_int32("missing_days");
    for (date as_of = first_as_of; as_of <= last_as_of; as_of = as_of.plus_days(1)) {
        day.as_of = as_of;
        const rate_dates dates = daily_rate_dates(day);
        as_of_col.append(as_of.days());
        start_col.append(dates.start.days());
        end_col.append(dates.end.days());
        month_days.append(dates.days_in_support_month);
        try {
            const daily_rate_result r = daily_rate_from(sums, day);
            operational.append(r.operational);
            support.append(r.support_cost);
            rate.append(r.daily_rate);
            projection.append(r.annual_projection);
            estimated.append(static_cast<std::int32_t>(r.estimated_days.size()));
            missing.append(static_cast<std::int32_t>(r.missing_days.size()));
        } catch (const input_error& error) {
            if (error.path() != "as_of") throw;  // only "no data in the window" makes an empty row
            operational.append_null();
            support.append_null();
            rate.append_null();
            projection.append_null();
            estimated.append(0);
            missing.append(options.window);
        }
    }
    return out;
}

}  // namespace costmodel::actuals
