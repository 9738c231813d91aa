#pragma once
// Lease cost reports (seed 001, docs/leases.md "Lease reports"): the cost of sandbox leases from Cost
// Explorer tables (cost_explorer.hpp), exactly.
//
//   std::vector<lease_period> leases = {{"lease-1", "111122223333", first, last, Decimal::parse("150")}};
//   lease_report_set set = lease_reports(by_service.lines, nullptr, leases, {});
//   std::string text = lease_reports_to_json(set);
//
// Input. `by_service` is a DAILY table grouped by SERVICE (and LINKED_ACCOUNT for a batch of accounts,
// and REGION when one account's query groups by [SERVICE, REGION]); `by_region`, when given, a DAILY
// table grouped by REGION (and LINKED_ACCOUNT) over the same days: Cost Explorer allows two GroupBy
// dimensions, so a batch of accounts needs one query for services and one for regions. With no
// `by_region`, regions come from by_service's REGION column, or there are none.
//
// A row belongs to the lease whose account is the row's LINKED_ACCOUNT and whose days [first, last]
// (inclusive, UTC calendar days) contain the row's date. One account may have several leases over
// different periods; periods of one account that overlap are an error (a row would count twice). A
// table without a LINKED_ACCOUNT column (the query filtered on the account) serves exactly one lease.
// Rows of other metrics than options.metric are passed over; rows no lease claims are passed over.
//
// Definitions (every sum exact, in units of 10^-10 in __int128; nothing is rounded in the tables):
//   total            = Σ metric of the lease's rows in by_service
//   daily cost(d)    = Σ metric of the lease's rows dated d (one row per day with data, in date order)
//   service cost(s)  = Σ metric of the lease's rows of service s; ranked by cost descending, ties by
//                      name (byte order); rank 1 is the largest. Every service, not only the top 10.
//   region cost(r)   = the same over the region rows (by_region, or by_service's REGION column)
//   duration         = the days of [first, last] with at least one row (days with data)
//   cost_per_day     = total ÷ duration (null when duration is 0), to 10 digits half-even in the table
//   estimated_days   = the days with data of which some row is Estimated (AWS's figures not final)
//   variance         = total − budget
//   variance_percent = variance ÷ budget × 100 (null without a budget or with budget 0), 10 digits
//                      half-even in the table
//   over_budget      = total > budget
//   status           = from the exact values: alert if variance ÷ budget > 1/2, flag if > 1/10, over if
//                      > 0, else compliant; with budget 0: alert if total > 0, else compliant
//   Without a budget, budget, over_budget, variance, variance_percent and status are null.
//
// Result tables (one `summary` row per lease, in the leases' order; the other tables' rows grouped by
// lease in that order, `*_offsets[i]` .. `*_offsets[i + 1]` being lease i's):
//   summary   lease_id, account_id, first, last, total, budget?, over_budget?, variance?,
//             variance_percent?, status?, duration, cost_per_day?, currency, estimated_days (a count)
//   daily     lease_id, date, cost, estimated
//   services  lease_id, rank, service, cost
//   regions   lease_id, rank, region, cost
//
// The contract's JSON document (lease_report_json): keys leaseId, accountId, totalCost, budget,
// overBudget, variance, variancePercent, duration, costPerDay, dailyCosts [{date, cost}], topServices
// [{service, cost}] (the first 10 ranks), topRegions [{region, cost}] (the first 5), currency, status,
// estimatedDays [dates]. Roundings, each once from the exact value (never from a rounded one):
//   totalCost, budget, variance, every daily, service and region cost: 2 fractional digits, half-up
//   (ties away from zero, Python's ROUND_HALF_UP), written as a string ("-50.00");
//   costPerDay: total ÷ duration, exact, then 2 digits half-up;
//   variancePercent: variance × 100 ÷ budget, exact, then 1 fractional digit half-up ("-33.3").
// So the daily costs shown may not add up to the totalCost shown (each is rounded once); the exact
// columns of the tables do.
//
// Errors (input_error naming the source, the path and the value): a table without the columns of a
// Cost Explorer table or without SERVICE (REGION in by_region), a metric that is not a cost metric
// (with "did you mean"), a table holding rows but none of the metric, rows of two currencies (also
// across by_service and by_region), a MONTHLY row inside a lease, several leases on a table without
// LINKED_ACCOUNT, and leases whose last day is before the first, that last more than 3,660 days, whose
// budget is negative, whose id repeats, or that overlap on one account (source options.leases_source,
// path "leases[i].<field>").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "costmodel/date.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::actuals {

// One lease: the account it ran on and its days, both inclusive.
struct lease_period {
    std::string lease_id;
    std::string account_id;
    date first;
    date last;  // inclusive: the day of the lease's termination
    std::optional<Decimal> budget;
};

struct lease_report_options {
    std::string metric = "UnblendedCost";  // the seed's
    std::string source = "<cost explorer table>";         // names by_service in errors
    std::string region_source = "<cost explorer table>";  // names by_region in errors
    std::string leases_source = "<leases>";               // names the leases in errors
    // The per-(lease, service) and per-(lease, region) sums live in a dense grid while leases × keys
    // is at most this many cells (64 MiB of sums by default), else in a hash map: the same results.
    std::size_t dense_cells = std::size_t{1} << 22;
};

struct lease_report_set {
    table::table summary;
    table::table daily;
    table::table services;
    table::table regions;
    std::vector<std::size_t> daily_offsets;    // size() + 1 entries
    std::vector<std::size_t> service_offsets;  // size() + 1 entries
    std::vector<std::size_t> region_offsets;   // size() + 1 entries
    std::string currency;  // the metric's Unit in the data; empty when no row has the metric
    std::string metric;

    [[nodiscard]] std::size_t size() const noexcept { return summary.num_rows(); }
};

// The reports of every lease from one pass over by_service (and one over by_region). `by_region` may
// be null. Throws input_error as the header's comment lists.
[[nodiscard]] lease_report_set lease_reports(const table::table& by_service, const table::table* by_region,
                                             std::span<const lease_period> leases, const lease_report_options& options);

// The first and last day (inclusive) that `metric`'s rows of `lines` cover, or nothing when none has
// it: the period of a single lease report given without dates.
[[nodiscard]] std::optional<std::pair<date, date>> metric_days(const table::table& lines, std::string_view metric);

// The contract's document of lease `index` of `set` (std::out_of_range beyond size()).
[[nodiscard]] nlohmann::ordered_json lease_report_json(const lease_report_set& set, std::size_t index);
// Every lease's document, as an array in the leases' order.
void to_json(nlohmann::ordered_json& out, const lease_report_set& set);
// That array as text (`indent` < 0: one line).
[[nodiscard]] std::string lease_reports_to_json(const lease_report_set& set, int indent = 2);

}  // namespace costmodel::actuals
