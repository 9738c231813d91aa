// Lease cost reports (include/costmodel/actuals/lease_report.hpp, docs/leases.md "Lease reports").

#include "costmodel/actuals/lease_report.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "../did_you_mean.hpp"
#include "../json_document.hpp"
#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/exact_ratio.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/json.hpp"

namespace costmodel::actuals {

namespace {

constexpr int max_lease_days = 3660;

[[noreturn]] void missing(const table::table& lines, const std::string& source, std::string_view column, std::string_view why) {
    std::string names;
    for (const std::string& name : lines.column_names()) names += (names.empty() ? "" : ", ") + name;
    throw input_error(source, std::string(column),
                      "the table has no column '" + std::string(column) + "' (" + std::string(why) + "; this one has " +
                          (names.empty() ? std::string("none") : names) + ")");
}

template <class Column>
const Column& need(const table::table& lines, const std::string& source, std::string_view name, std::string_view why) {
    if (!lines.has_column(name)) missing(lines, source, name, why);
    try {
        return lines.get_as<Column>(name);
    } catch (const std::invalid_argument& error) {
        throw input_error(source, std::string(name), error.what());
    }
}

constexpr std::string_view ce_columns = "a Cost Explorer table has date, end, metric, amount, unit, estimated and its group keys";

void check_metric(const std::string& metric, const std::string& source) {
    if (is_cost_metric(metric) &&
        std::find(std::begin(cost_explorer_metrics), std::end(cost_explorer_metrics), metric) != std::end(cost_explorer_metrics)) {
        return;
    }
    std::string message = "\"" + detail::printable(metric) + "\" is not a cost metric";
    static constexpr std::string_view costs[] = {"UnblendedCost", "NetUnblendedCost", "AmortizedCost", "NetAmortizedCost", "BlendedCost"};
    if (const auto near = detail::nearest_name(metric, costs)) message += " (did you mean \"" + std::string(*near) + "\"?)";
    throw input_error(source, "metric", message + "; expected one of UnblendedCost, NetUnblendedCost, AmortizedCost, NetAmortizedCost, BlendedCost",
                      "\"" + detail::printable(metric) + "\"");
}

void add_units(__int128& sum, __int128 units) {
    if (__builtin_add_overflow(sum, units, &sum)) throw std::overflow_error("lease report: a sum is beyond the Decimal range");
}

// The leases of each LINKED_ACCOUNT code, as a compressed list: entries[offsets[c] .. offsets[c + 1])
// are the leases of code c, sorted by first day. A row's lease is found by a scan of its account's few
// entries; no lookup allocates.
struct lease_index {
    std::vector<std::uint32_t> offsets;
    std::vector<std::int32_t> firsts;
    std::vector<std::int32_t> lasts;
    std::vector<std::uint32_t> leases;
    bool by_account = false;  // false: the table has no LINKED_ACCOUNT column; every row is lease 0's

    // The lease of a row of account `code` on day `d`, or -1.
    [[nodiscard]] std::int32_t find(std::int32_t code, std::int32_t d) const noexcept {
        const std::size_t c = by_account ? static_cast<std::size_t>(code) : 0;
        for (std::uint32_t k = offsets[c]; k < offsets[c + 1]; ++k) {
            if (d < firsts[k]) return -1;  // sorted by first day, and the periods do not overlap
            if (d <= lasts[k]) return static_cast<std::int32_t>(leases[k]);
        }
        return -1;
    }
};

lease_index index_leases(std::span<const lease_period> leases, const table::string_column* accounts, const lease_report_options& options) {
    lease_index index;
    index.by_account = accounts != nullptr;
    const std::size_t codes = accounts != nullptr ? accounts->dictionary().size() : 1;
    std::vector<std::vector<std::uint32_t>> per_code(codes);
    for (std::size_t i = 0; i < leases.size(); ++i) {
        if (accounts == nullptr) {
            per_code[0].push_back(static_cast<std::uint32_t>(i));
            continue;
        }
        const std::int32_t code = accounts->dictionary().find(leases[i].account_id);
        if (code >= 0) per_code[static_cast<std::size_t>(code)].push_back(static_cast<std::uint32_t>(i));
    }
    index.offsets.assign(codes + 1, 0);
    for (std::size_t c = 0; c < codes; ++c) {
        std::vector<std::uint32_t>& list = per_code[c];
        std::sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) { return leases[a].first < leases[b].first; });
        for (std::size_t k = 1; k < list.size(); ++k) {
            const lease_period& before = leases[list[k - 1]];
            const lease_period& after = leases[list[k]];
            if (after.first <= before.last) {
                throw input_error(options.leases_source, "leases[" + std::to_string(list[k]) + "].startDate",
                                  "lease " + after.lease_id + " (" + after.first.to_string() + " to " + after.last.to_string() + ") overlaps lease " +
                                      before.lease_id + " (" + before.first.to_string() + " to " + before.last.to_string() + ") on account " +
                                      after.account_id + ": a day's cost would count in both",
                                  after.first.to_string());
            }
        }
        index.offsets[c + 1] = index.offsets[c] + static_cast<std::uint32_t>(list.size());
        for (const std::uint32_t i : list) {
            index.firsts.push_back(leases[i].first.days());
            index.lasts.push_back(leases[i].last.days());
            index.leases.push_back(i);
        }
    }
    return index;
}

// Sums per (lease, key code): a dense grid while leases × keys is small (the usual case: a batch of
// at most a few thousand leases and a few hundred services), else a hash map. `seen` marks a cell
// that some row reached, so a service whose rows sum to zero is still listed.
class key_sums {
public:
    key_sums(std::size_t leases, std::size_t keys, std::size_t dense_limit) : keys_(keys) {
        if (keys == 0 || leases <= dense_limit / keys) {  // keys == 0: no cells at all
            dense_ = true;
            sums_.assign(leases * keys, 0);
            seen_.assign(leases * keys, 0);
        }
    }
    void add(std::size_t lease, std::int32_t key, __int128 units) {
        const std::size_t cell = lease * keys_ + static_cast<std::size_t>(key);
        if (dense_) {
            add_units(sums_[cell], units);
            seen_[cell] = 1;
        } else {
            add_units(map_[cell], units);
        }
    }
    // After the last add: the sparse cells sorted, so that each lease's are one range.
    void finish() {
        if (dense_) return;
        cells_.assign(map_.begin(), map_.end());
        map_.clear();
        std::sort(cells_.begin(), cells_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    // (key code, sum) of lease `lease`'s cells reached by a row (after finish()).
    void collect(std::size_t lease, std::vector<std::pair<std::int32_t, __int128>>& out) const {
        out.clear();
        if (dense_) {
            const std::size_t base = lease * keys_;
            for (std::size_t k = 0; k < keys_; ++k)
                if (seen_[base + k]) out.emplace_back(static_cast<std::int32_t>(k), sums_[base + k]);
            return;
        }
        auto at = std::lower_bound(cells_.begin(), cells_.end(), lease * keys_, [](const auto& cell, std::size_t key) { return cell.first < key; });
        for (; at != cells_.end() && at->first < (lease + 1) * keys_; ++at) out.emplace_back(static_cast<std::int32_t>(at->first % keys_), at->second);
    }
    [[nodiscard]] bool dense() const noexcept { return dense_; }

private:
    std::size_t keys_;
    bool dense_ = false;
    std::vector<__int128> sums_;
    std::vector<std::uint8_t> seen_;
    std::unordered_map<std::size_t, __int128> map_;
    std::vector<std::pair<std::size_t, __int128>> cells_;
};

// One pass over a table's metric rows, calling `row(lease, day index, r)` for each row a lease claims.
struct pass_columns {
    std::span<const std::int32_t> day;
    std::span<const std::int32_t> end;
    std::span<const std::int32_t> metric_codes;
    std::span<const std::int32_t> unit_codes;
    std::span<const std::int32_t> account_codes;
    const table::string_column* units = nullptr;
    const table::string_column* metrics = nullptr;
    std::int32_t metric = -1;
};

pass_columns columns_of(const table::table& lines, const std::string& source, const std::string& metric_name, const table::string_column*& accounts) {
    lines.validate();
    pass_columns c;
    c.day = need<table::date_column>(lines, source, "date", ce_columns).values();
    c.end = need<table::date_column>(lines, source, "end", ce_columns).values();
    c.metrics = &need<table::string_column>(lines, source, "metric", ce_columns);
    c.metric_codes = c.metrics->codes();
    c.units = &need<table::string_column>(lines, source, "unit", ce_columns);
    c.unit_codes = c.units->codes();
    (void)need<table::decimal_column>(lines, source, "amount", ce_columns);
    (void)need<table::boolean_column>(lines, source, "estimated", ce_columns);
    accounts = lines.has_column("LINKED_ACCOUNT") ? &need<table::string_column>(lines, source, "LINKED_ACCOUNT", ce_columns) : nullptr;
    if (accounts != nullptr) c.account_codes = accounts->codes();
    c.metric = c.metrics->dictionary().find(metric_name);
    // The dictionary may hold a metric no row has: look for a row (the first one usually is).
    const bool has_metric = c.metric >= 0 && std::find(c.metric_codes.begin(), c.metric_codes.end(), c.metric) != c.metric_codes.end();
    if (!has_metric && lines.num_rows() > 0) {
        std::string present;
        const auto& names = c.metrics->dictionary();
        std::vector<bool> used(names.size(), false);
        for (const std::int32_t code : c.metric_codes) used[static_cast<std::size_t>(code)] = true;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (used[i]) present += (present.empty() ? "" : ", ") + std::string(names[static_cast<std::int32_t>(i)]);
        throw input_error(source, "metric", "the responses have no " + metric_name + " (they hold " + present + "; request it in the query's Metrics)",
                          "\"" + metric_name + "\"");
    }
    return c;
}

// The currency of the metric's rows: the first row's Unit; a row with another is an error.
void check_currency(const pass_columns& c, std::size_t r, std::int32_t& unit, std::string& currency, const std::string& source) {
    if (unit == c.unit_codes[r]) return;
    const std::string text(c.units->dictionary()[c.unit_codes[r]]);
    if (currency.empty()) {
        unit = c.unit_codes[r];
        currency = text;
        return;
    }
    if (text == currency) {  // the same currency from another table's dictionary
        unit = c.unit_codes[r];
        return;
    }
    throw input_error(source, "rows[" + std::to_string(r) + "].unit", "several currencies: " + currency + " and " + text, text);
}

[[noreturn]] void monthly_row(const pass_columns& c, std::size_t r, const lease_period& lease, const std::string& source) {
    throw input_error(source, "rows[" + std::to_string(r) + "].date",
                      "a period of " + std::to_string(c.end[r] - c.day[r]) + " days (" + date::from_days(c.day[r]).to_string() + " to " +
                          date::from_days(c.end[r]).to_string() + ", exclusive) in lease " + lease.lease_id +
                          ", where a lease report needs DAILY data: query with Granularity DAILY",
                      date::from_days(c.day[r]).to_string());
}

struct ranked {
    std::string_view name;
    std::int32_t code;
    __int128 units;
};

// Appends lease `lease`'s ranked keys to a services/regions table.
void append_ranked(const key_sums& sums, std::size_t lease, const table::string_column& names, std::int32_t lease_code,
                   table::string_column& lease_col, table::int32_column& rank_col, table::string_column& name_col, table::decimal_column& cost_col,
                   std::vector<std::pair<std::int32_t, __int128>>& scratch, std::vector<ranked>& order) {
    sums.collect(lease, scratch);
    order.clear();
    for (const auto& [code, units] : scratch) order.push_back({names.dictionary()[code], code, units});
    std::sort(order.begin(), order.end(), [](const ranked& a, const ranked& b) { return a.units != b.units ? a.units > b.units : a.name < b.name; });
    std::int32_t rank = 0;
    for (const ranked& entry : order) {
        lease_col.append_code(lease_code);
        rank_col.append(++rank);
        name_col.append_code(entry.code);  // name_col shares names' dictionary
        cost_col.append_units(entry.units);
    }
}

// `value` rounded once at `places` fractional digits, half-up, from its exact value.
Decimal round_half_up(const exact_ratio& value, int places) {
    const auto shift = static_cast<std::int64_t>(Decimal::pow10(Decimal::scale - places));
    const Decimal scaled = (value / exact_ratio(Decimal(shift))).to_decimal(rounding_mode::round_half_up);
    return scaled * Decimal(shift);
}

std::string cents(Decimal value) { return value.to_string(2, rounding_mode::round_half_up); }

}  // namespace

std::optional<std::pair<date, date>> metric_days(const table::table& lines, std::string_view metric) {
    if (!lines.has_column("metric") || !lines.has_column("date") || !lines.has_column("end")) return std::nullopt;
    const auto& metrics = lines.strings("metric");
    const std::int32_t code = metrics.dictionary().find(metric);
    if (code < 0) return std::nullopt;
    const auto codes = metrics.codes();
    const auto day = lines.dates("date");
    const auto end = lines.dates("end");
    std::int32_t lo = std::numeric_limits<std::int32_t>::max(), hi = std::numeric_limits<std::int32_t>::min();
    for (std::size_t r = 0; r < codes.size(); ++r) {
        if (codes[r] != code) continue;
        lo = std::min(lo, day[r]);
        hi = std::max(hi, end[r] - 1);
    }
    if (lo > hi) return std::nullopt;
    return std::make_pair(date::from_days(lo), date::from_days(hi));
}

lease_report_set lease_reports(const table::table& by_service, const table::table* by_region, std::span<const lease_period> leases,
                               const lease_report_options& options) {
    check_metric(options.metric, options.source);

    // The leases, checked.
    std::unordered_set<std::string_view> ids;
    for (std::size_t i = 0; i < leases.size(); ++i) {
        const lease_period& lease = leases[i];
        const std::string at = "leases[" + std::to_string(i) + "]";
        if (lease.lease_id.empty()) throw input_error(options.leases_source, at + ".leaseId", "a lease needs an id");
        if (!ids.insert(lease.lease_id).second) {
            throw input_error(options.leases_source, at + ".leaseId", "lease " + lease.lease_id + " is given twice", lease.lease_id);
        }
        if (lease.last < lease.first) {
            throw input_error(options.leases_source, at + ".endDate",
                              "lease " + lease.lease_id + " ends on " + lease.last.to_string() + ", before it starts on " + lease.first.to_string(),
                              lease.last.to_string());
        }
        if (lease.last - lease.first + 1 > max_lease_days) {
            throw input_error(options.leases_source, at + ".endDate",
                              "lease " + lease.lease_id + " lasts " + std::to_string(lease.last - lease.first + 1) + " days (at most " +
                                  std::to_string(max_lease_days) + ")",
                              lease.last.to_string());
        }
        if (lease.budget && lease.budget->is_negative()) {
            throw input_error(options.leases_source, at + ".budget", "a budget cannot be negative, got " + lease.budget->to_string(),
                              lease.budget->to_string());
        }
    }

    const table::string_column* accounts = nullptr;
    const pass_columns c = columns_of(by_service, options.source, options.metric, accounts);
    const auto& services = need<table::string_column>(by_service, options.source, "SERVICE",
                                                      "the services of a lease report come from a query grouped by SERVICE");
    const std::span<const std::int32_t> service_codes = services.codes();
    const std::span<const __int128> amount = by_service.decimals("amount");
    const table::boolean_column& estimated = by_service.booleans("estimated");
    if (accounts == nullptr && leases.size() > 1) {
        throw input_error(options.source, "LINKED_ACCOUNT",
                          "the table has no LINKED_ACCOUNT column, so it is one account's (the query filtered on it) and serves one lease, "
                          "not " + std::to_string(leases.size()) + ": group a batch by LINKED_ACCOUNT");
    }
    const lease_index index = index_leases(leases, accounts, options);

    // Regions: from by_region, or from by_service's REGION column, or none.
    const table::table* region_table = by_region;
    const table::string_column* region_accounts = accounts;
    pass_columns rc;
    std::string region_source = options.region_source;
    if (by_region != nullptr) {
        rc = columns_of(*by_region, options.region_source, options.metric, region_accounts);
        if (region_accounts == nullptr && leases.size() > 1) {
            throw input_error(options.region_source, "LINKED_ACCOUNT",
                              "the region table has no LINKED_ACCOUNT column, so it serves one lease, not " + std::to_string(leases.size()));
        }
    } else if (by_service.has_column("REGION")) {
        region_table = &by_service;
        rc = c;
        region_source = options.source;
    }
    const table::string_column* regions =
        region_table != nullptr ? &need<table::string_column>(*region_table, region_source, "REGION", "a region table is grouped by REGION") : nullptr;
    const lease_index region_index = by_region != nullptr ? index_leases(leases, region_accounts, options) : lease_index{};

    // Per lease, its days [first, last] as a slice of one flat array.
    const std::size_t n = leases.size();
    std::vector<std::size_t> day_base(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) day_base[i + 1] = day_base[i] + static_cast<std::size_t>(leases[i].last - leases[i].first + 1);
    std::vector<__int128> day_sum(day_base[n], 0);
    std::vector<std::uint8_t> day_covered(day_base[n], 0);
    std::vector<std::uint8_t> day_estimated(day_base[n], 0);
    std::vector<__int128> total(n, 0);
    key_sums service_sums(n, services.dictionary().size(), options.dense_cells);
    key_sums region_sums(n, regions != nullptr ? regions->dictionary().size() : 0, options.dense_cells);

    std::string currency;
    std::int32_t unit = -1;
    const std::size_t rows = by_service.num_rows();
    for (std::size_t r = 0; r < rows; ++r) {
        if (c.metric_codes[r] != c.metric) continue;
        check_currency(c, r, unit, currency, options.source);
        const std::int32_t lease = index.find(index.by_account ? c.account_codes[r] : 0, c.day[r]);
        if (lease < 0) continue;
        const auto i = static_cast<std::size_t>(lease);
        if (c.end[r] - c.day[r] != 1) monthly_row(c, r, leases[i], options.source);
        const std::size_t cell = day_base[i] + static_cast<std::size_t>(c.day[r] - leases[i].first.days());
        add_units(day_sum[cell], amount[r]);
        day_covered[cell] = 1;
        if (estimated[r]) day_estimated[cell] = 1;
        add_units(total[i], amount[r]);
        service_sums.add(i, service_codes[r], amount[r]);
        if (region_table == &by_service) region_sums.add(i, regions->codes()[r], amount[r]);
    }
    if (by_region != nullptr) {
        const std::span<const std::int32_t> region_codes = regions->codes();
        const std::span<const __int128> region_amount = by_region->decimals("amount");
        std::int32_t region_unit = -1;
        const std::size_t region_rows = by_region->num_rows();
        for (std::size_t r = 0; r < region_rows; ++r) {
            if (rc.metric_codes[r] != rc.metric) continue;
            check_currency(rc, r, region_unit, currency, options.region_source);
            const std::int32_t lease = region_index.find(region_index.by_account ? rc.account_codes[r] : 0, rc.day[r]);
            if (lease < 0) continue;
            const auto i = static_cast<std::size_t>(lease);
            if (rc.end[r] - rc.day[r] != 1) monthly_row(rc, r, leases[i], options.region_source);
            region_sums.add(i, region_codes[r], region_amount[r]);
        }
    }

    service_sums.finish();
    region_sums.finish();

    // The result tables, lease by lease.
    lease_report_set set;
    set.currency = currency;
    set.metric = options.metric;
    auto& s_lease = set.summary.add_string("lease_id");
    auto& s_account = set.summary.add_string("account_id");
    auto& s_first = set.summary.add_date("first");
    auto& s_last = set.summary.add_date("last");
    auto& s_total = set.summary.add_decimal("total");
    auto& s_budget = set.summary.add_decimal("budget", true);
    auto& s_over = set.summary.add_boolean("over_budget", true);
    auto& s_variance = set.summary.add_decimal("variance", true);
    auto& s_percent = set.summary.add_decimal("variance_percent", true);
    auto& s_status = set.summary.add_string("status", true);
    auto& s_duration = set.summary.add_int32("duration");
    auto& s_per_day = set.summary.add_decimal("cost_per_day", true);
    auto& s_currency = set.summary.add_string("currency");
    auto& s_estimated = set.summary.add_int32("estimated_days");

    auto& d_lease = set.daily.add_string("lease_id");
    auto& d_date = set.daily.add_date("date");
    auto& d_cost = set.daily.add_decimal("cost");
    auto& d_estimated = set.daily.add_boolean("estimated");
    auto& v_lease = set.services.add_string("lease_id");
    auto& v_rank = set.services.add_int32("rank");
    auto& v_service = set.services.add_string("service");
    auto& v_cost = set.services.add_decimal("cost");
    auto& g_lease = set.regions.add_string("lease_id");
    auto& g_rank = set.regions.add_int32("rank");
    auto& g_region = set.regions.add_string("region");
    auto& g_cost = set.regions.add_decimal("cost");
    // The lease ids first, so that the daily, services and regions tables can share the summary's
    // dictionary (shared until one interns a new string) and append codes without re-hashing.
    std::vector<std::int32_t> lease_codes(n);
    for (std::size_t i = 0; i < n; ++i) lease_codes[i] = s_lease.append(leases[i].lease_id);
    d_lease.share_dictionary(s_lease);
    v_lease.share_dictionary(s_lease);
    g_lease.share_dictionary(s_lease);
    v_service.share_dictionary(services);
    if (regions != nullptr) g_region.share_dictionary(*regions);
    set.summary.reserve(n);
    set.daily_offsets.assign(1, 0);
    set.service_offsets.assign(1, 0);
    set.region_offsets.assign(1, 0);

    std::vector<std::pair<std::int32_t, __int128>> scratch;
    std::vector<ranked> order;
    for (std::size_t i = 0; i < n; ++i) {
        const lease_period& lease = leases[i];
        const std::int32_t lease_code = lease_codes[i];
        s_account.append(lease.account_id);
        s_first.append(lease.first.days());
        s_last.append(lease.last.days());
        const Decimal sum = Decimal::from_units(total[i]);
        s_total.append(sum);
        if (lease.budget) {
            const Decimal budget = *lease.budget;
            const Decimal variance = sum - budget;
            s_budget.append(budget);
            s_over.append(sum > budget);
            s_variance.append(variance);
            std::string_view status;
            if (budget.is_zero()) {
                s_percent.append_null();
                status = sum.signum() > 0 ? "alert" : "compliant";
            } else {
                s_percent.append((exact_ratio(variance) * exact_ratio(Decimal(100)) / exact_ratio(budget)).to_decimal());
                // variance ÷ budget > 1/2 ⇔ 2 × variance > budget (budget > 0), exactly.
                const exact_ratio share = exact_ratio(variance) / exact_ratio(budget);
                status = exact_ratio::fraction(1, 2) < share ? "alert" : exact_ratio::fraction(1, 10) < share ? "flag" : variance.signum() > 0 ? "over" : "compliant";
            }
            s_status.append(status);
        } else {
            s_budget.append_null();
            s_over.append_null();
            s_variance.append_null();
            s_percent.append_null();
            s_status.append_null();
        }
        std::int32_t duration = 0, estimated_days = 0;
        for (std::size_t cell = day_base[i]; cell < day_base[i + 1]; ++cell) {
            if (!day_covered[cell]) continue;
            ++duration;
            estimated_days += day_estimated[cell];
            d_lease.append_code(lease_code);
            d_date.append(lease.first.days() + static_cast<std::int32_t>(cell - day_base[i]));
            d_cost.append_units(day_sum[cell]);
            d_estimated.append(day_estimated[cell] != 0);
        }
        s_duration.append(duration);
        if (duration > 0) s_per_day.append((exact_ratio(sum) / exact_ratio(Decimal(duration))).to_decimal());
        else s_per_day.append_null();
        s_currency.append(currency);
        s_estimated.append(estimated_days);
        append_ranked(service_sums, i, services, lease_code, v_lease, v_rank, v_service, v_cost, scratch, order);
        if (regions != nullptr) append_ranked(region_sums, i, *regions, lease_code, g_lease, g_rank, g_region, g_cost, scratch, order);
        set.daily_offsets.push_back(set.daily.num_rows());
        set.service_offsets.push_back(set.services.num_rows());
        set.region_offsets.push_back(set.regions.num_rows());
    }
    return set;
}

nlohmann::ordered_json lease_report_json(const lease_report_set& set, std::size_t index) {
    if (index >= set.size()) throw std::out_of_range("lease_report_json: lease " + std::to_string(index) + " of " + std::to_string(set.size()));
    const table::table& s = set.summary;
    const auto null_or = [&](std::string_view column) { return s[column].is_null(index); };
    const Decimal total = s.get_as<table::decimal_column>("total")[index];
    const int duration = s.int32s("duration")[index];

    nlohmann::ordered_json out;
    out["leaseId"] = std::string(s.strings("lease_id")[index]);
    out["accountId"] = std::string(s.strings("account_id")[index]);
    out["totalCost"] = cents(total);
    if (null_or("budget")) {
        out["budget"] = nullptr;
        out["overBudget"] = nullptr;
        out["variance"] = nullptr;
        out["variancePercent"] = nullptr;
    } else {
        const Decimal budget = s.get_as<table::decimal_column>("budget")[index];
        const Decimal variance = total - budget;
        out["budget"] = cents(budget);
        out["overBudget"] = total > budget;
        out["variance"] = cents(variance);
        if (budget.is_zero()) out["variancePercent"] = nullptr;
        else out["variancePercent"] = round_half_up(exact_ratio(variance) * exact_ratio(Decimal(100)) / exact_ratio(budget), 1).to_string(1);
    }
    out["duration"] = duration;
    if (duration > 0) out["costPerDay"] = round_half_up(exact_ratio(total) / exact_ratio(Decimal(duration)), 2).to_string(2);
    else out["costPerDay"] = nullptr;

    nlohmann::ordered_json daily = nlohmann::ordered_json::array();
    nlohmann::ordered_json estimated_days = nlohmann::ordered_json::array();
    const auto dates = set.daily.dates("date");
    const auto& costs = set.daily.get_as<table::decimal_column>("cost");
    const auto& estimated = set.daily.booleans("estimated");
    for (std::size_t r = set.daily_offsets[index]; r < set.daily_offsets[index + 1]; ++r) {
        const std::string day = date::from_days(dates[r]).to_string();
        daily.push_back({{"date", day}, {"cost", cents(costs[r])}});
        if (estimated[r]) estimated_days.push_back(day);
    }
    out["dailyCosts"] = std::move(daily);
    const auto top = [](const table::table& t, const std::vector<std::size_t>& offsets, std::size_t i, std::string_view key, std::size_t count) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        if (t.num_rows() == 0) return list;
        const auto& names = t.strings(key);
        const auto& values = t.get_as<table::decimal_column>("cost");
        for (std::size_t r = offsets[i]; r < std::min(offsets[i + 1], offsets[i] + count); ++r) {
            list.push_back({{std::string(key), std::string(names[r])}, {"cost", cents(values[r])}});
        }
        return list;
    };
    out["topServices"] = top(set.services, set.service_offsets, index, "service", 10);
    out["topRegions"] = top(set.regions, set.region_offsets, index, "region", 5);
    if (set.currency.empty()) out["currency"] = nullptr;
    else out["currency"] = set.currency;
    if (null_or("status")) out["status"] = nullptr;
    else out["status"] = std::string(s.strings("status")[index]);
    out["estimatedDays"] = std::move(estimated_days);
    return out;
}

void to_json(nlohmann::ordered_json& out, const lease_report_set& set) {
    out = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < set.size(); ++i) out.push_back(lease_report_json(set, i));
}

std::string lease_reports_to_json(const lease_report_set& set, int indent) {
    nlohmann::ordered_json out;
    to_json(out, set);
    return out.dump(indent);
}

}  // namespace costmodel::actuals
