// Lease cost reports: the seed's own unit-test figures, budgets (none, zero, each status threshold),
// leases over a month and a year end, one-day leases and leases without data, top-10 ties, batched
// tables with two leases on one account, regions from either table, the contract's roundings, the
// input errors, and the final-cost forecast.

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/actuals/forecast.hpp"
#include "costmodel/actuals/lease_report.hpp"
#include "costmodel/input_error.hpp"
#include "test_support.hpp"

using costmodel::date;
using costmodel::Decimal;
using costmodel::actuals::lease_period;
using costmodel::actuals::lease_report_options;
using costmodel::actuals::lease_report_set;
using costmodel_test::dec;
using json = nlohmann::ordered_json;

namespace {

date day(const char* text) { return *date::parse(text); }

// One group of a DAILY response: its day, its keys (in the response's GroupDefinitions order) and amount.
struct group {
    std::string day;
    std::vector<std::string> keys;
    std::string amount;
    std::string unit = "USD";
};

// A DAILY GetCostAndUsage response grouped by `dimensions`, one ResultsByTime entry per day of
// `groups` (in the order first seen); `estimated` days are marked Estimated.
std::string response(const std::vector<std::string>& dimensions, const std::vector<group>& groups,
                     const std::vector<std::string>& estimated = {}, const std::string& metric = "UnblendedCost") {
    std::vector<std::string> days;
    std::map<std::string, std::string> by_day;
    for (const group& g : groups) {
        if (!by_day.count(g.day)) days.push_back(g.day);
        std::string keys;
        for (const std::string& k : g.keys) keys += (keys.empty() ? "\"" : ", \"") + k + "\"";
        std::string& text = by_day[g.day];
        text += (text.empty() ? "" : ", ") + std::string(R"({"Keys": [)") + keys + R"(], "Metrics": {")" + metric + R"(": {"Amount": ")" + g.amount +
                R"(", "Unit": ")" + g.unit + R"("}}})";
    }
    std::string results;
    for (const std::string& d : days) {
        const bool est = std::find(estimated.begin(), estimated.end(), d) != estimated.end();
        results += (results.empty() ? "" : ", ") + std::string(R"({"TimePeriod": {"Start": ")") + d + R"(", "End": ")" +
                   day(d.c_str()).plus_days(1).to_string() + R"("}, "Total": {}, "Groups": [)" + by_day[d] + "], \"Estimated\": " +
                   (est ? "true" : "false") + "}";
    }
    std::string defs;
    for (const std::string& k : dimensions) defs += (defs.empty() ? "" : ", ") + std::string(R"({"Type": "DIMENSION", "Key": ")") + k + "\"}";
    return R"({"GroupDefinitions": [)" + defs + R"(], "ResultsByTime": [)" + results + "]}";
}

costmodel::table::table table_of(const std::string& text) {
    costmodel::actuals::cost_explorer_reader reader;
    reader.add_text(text, "<page 1>");
    return std::move(reader).finish().lines;
}

lease_period lease(const char* id, const char* account, const char* first, const char* last, std::optional<const char*> budget = std::nullopt) {
    lease_period l{id, account, day(first), day(last), std::nullopt};
    if (budget) l.budget = dec(*budget);
    return l;
}

lease_report_set reports(const costmodel::table::table& t, const std::vector<lease_period>& leases, const costmodel::table::table* regions = nullptr) {
    return costmodel::actuals::lease_reports(t, regions, leases, lease_report_options{});
}

json doc(const lease_report_set& set, std::size_t i = 0) { return costmodel::actuals::lease_report_json(set, i); }

// The input_error of a call, with its path.
template <class F>
costmodel::input_error error_of(F&& call) {
    try {
        call();
    } catch (const costmodel::input_error& e) {
        return e;
    }
    FAIL("no input_error");
    throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("the seed's unit test: one group of 100.00 against a budget of 150", "[lease_report]") {
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-01-01", {"Amazon EC2", "us-east-1"}, "100.00"}}));
    const json r = doc(reports(t, {lease("lease-1", "123456789012", "2025-01-01", "2025-01-01", "150")}));
    CHECK(r["leaseId"] == "lease-1");
    CHECK(r["accountId"] == "123456789012");
    CHECK(r["totalCost"] == "100.00");
    CHECK(r["budget"] == "150.00");
    CHECK(r["overBudget"] == false);
    CHECK(r["variance"] == "-50.00");          // 100 − 150
    CHECK(r["variancePercent"] == "-33.3");    // −50 ÷ 150 × 100 = −33.33…
    CHECK(r["status"] == "compliant");
    CHECK(r["duration"] == 1);
    CHECK(r["costPerDay"] == "100.00");
    CHECK(r["currency"] == "USD");
    CHECK(r["dailyCosts"] == json::parse(R"([{"date": "2025-01-01", "cost": "100.00"}])"));
    CHECK(r["topServices"] == json::parse(R"([{"service": "Amazon EC2", "cost": "100.00"}])"));
    CHECK(r["topRegions"] == json::parse(R"([{"region": "us-east-1", "cost": "100.00"}])"));
    CHECK(r["estimatedDays"] == json::array());
    // The keys in the contract's order, then the addition.
    std::vector<std::string> keys;
    for (const auto& item : r.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"leaseId", "accountId", "totalCost", "budget", "overBudget", "variance", "variancePercent", "duration",
                                           "costPerDay", "dailyCosts", "topServices", "topRegions", "currency", "status", "estimatedDays"});
}

TEST_CASE("a lease over a month end and a year end counts its four days", "[lease_report]") {
    // 2024-12-30 .. 2025-01-02 inclusive: the query's End is 2025-01-03, and the data has four days.
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2024-12-29", {"EC2", "us-east-1"}, "99.00"},  // the day before: not the lease's
                                                             {"2024-12-30", {"EC2", "us-east-1"}, "1.10"},
                                                             {"2024-12-31", {"EC2", "us-east-1"}, "2.20"},
                                                             {"2025-01-01", {"EC2", "us-east-1"}, "3.30"},
                                                             {"2025-01-02", {"EC2", "us-east-1"}, "4.40"},
                                                             {"2025-01-03", {"EC2", "us-east-1"}, "99.00"}},  // the day after
                                    {"2025-01-02"}));
    const auto set = reports(t, {lease("L", "A", "2024-12-30", "2025-01-02", "10")});
    const json r = doc(set);
    CHECK(r["duration"] == 4);
    CHECK(r["totalCost"] == "11.00");   // 1.10 + 2.20 + 3.30 + 4.40
    CHECK(r["costPerDay"] == "2.75");   // 11 ÷ 4
    CHECK(r["variance"] == "1.00");     // 11 − 10
    CHECK(r["variancePercent"] == "10.0");
    CHECK(r["status"] == "over");       // 1 ÷ 10 = 1/10 exactly: not > 1/10, but > 0
    CHECK(r["overBudget"] == true);
    CHECK(r["dailyCosts"].size() == 4);
    CHECK(r["dailyCosts"][0]["date"] == "2024-12-30");
    CHECK(r["dailyCosts"][3]["date"] == "2025-01-02");
    CHECK(r["estimatedDays"] == json::parse(R"(["2025-01-02"])"));
    CHECK(set.summary.int32s("estimated_days")[0] == 1);
}

TEST_CASE("without a budget the budget figures are null", "[lease_report]") {
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-03-01", {"S3", "eu-west-1"}, "2.50"}}));
    const auto set = reports(t, {lease("L", "A", "2025-03-01", "2025-03-05")});
    const json r = doc(set);
    for (const char* key : {"budget", "overBudget", "variance", "variancePercent", "status"}) CHECK(r[key].is_null());
    CHECK(r["totalCost"] == "2.50");
    CHECK(r["duration"] == 1);  // days with data, not the lease's five days
    CHECK(set.summary["budget"].is_null(0));
    CHECK(set.summary["status"].is_null(0));
}

TEST_CASE("a budget of 0: no percentage, alert when anything was spent", "[lease_report]") {
    const auto spent = table_of(response({"SERVICE", "REGION"}, {{"2025-03-01", {"S3", "eu-west-1"}, "0.01"}}));
    const json r = doc(reports(spent, {lease("L", "A", "2025-03-01", "2025-03-01", "0")}));
    CHECK(r["budget"] == "0.00");
    CHECK(r["variance"] == "0.01");
    CHECK(r["variancePercent"].is_null());
    CHECK(r["overBudget"] == true);
    CHECK(r["status"] == "alert");
    const auto nothing = table_of(response({"SERVICE", "REGION"}, {{"2025-03-01", {"S3", "eu-west-1"}, "0"}}));
    const json z = doc(reports(nothing, {lease("L", "A", "2025-03-01", "2025-03-01", "0")}));
    CHECK(z["overBudget"] == false);
    CHECK(z["status"] == "compliant");
    CHECK(z["variancePercent"].is_null());
}

TEST_CASE("the status thresholds compare exact values", "[lease_report]") {
    // budget 100: spent 160 → +60% alert; 150 → +50% (not > 1/2) flag; 110.01 → flag; 110 → +10% (not > 1/10) over;
    // 100.0000000001 → over; 100 → compliant; 40 → compliant.
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"160", "alert"}, {"150.0000000001", "alert"}, {"150", "flag"}, {"110.01", "flag"}, {"110", "over"},
        {"100.0000000001", "over"}, {"100", "compliant"}, {"40", "compliant"}};
    for (const auto& [amount, status] : cases) {
        const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-03-01", {"S3", "eu-west-1"}, amount}}));
        INFO(amount);
        CHECK(doc(reports(t, {lease("L", "A", "2025-03-01", "2025-03-01", "100")}))["status"] == status);
    }
}

TEST_CASE("a lease started and ended the same day, and a lease with no data", "[lease_report]") {
    const auto t = table_of(response({"LINKED_ACCOUNT", "SERVICE"}, {{"2025-05-10", {"111", "EC2"}, "3.00"}, {"2025-05-11", {"111", "EC2"}, "5.00"}}));
    const auto set = reports(t, {lease("same-day", "111", "2025-05-11", "2025-05-11", "10"), lease("idle", "222", "2025-05-10", "2025-05-11", "10")});
    const json one = doc(set, 0);
    CHECK(one["duration"] == 1);
    CHECK(one["totalCost"] == "5.00");
    CHECK(one["costPerDay"] == "5.00");
    const json idle = doc(set, 1);
    CHECK(idle["duration"] == 0);
    CHECK(idle["totalCost"] == "0.00");
    CHECK(idle["costPerDay"].is_null());
    CHECK(idle["dailyCosts"] == json::array());
    CHECK(idle["topServices"] == json::array());
    CHECK(idle["variance"] == "-10.00");
    CHECK(idle["status"] == "compliant");
    CHECK(idle["currency"] == "USD");  // the data's, shared by the batch
}

TEST_CASE("top 10 services by cost, ties by name; top 5 regions", "[lease_report]") {
    // 12 services: S01..S12 cost 12, 11, …, 1 except that S03, S04 and S05 all cost 7.00 (a tie: by name).
    std::vector<group> groups;
    const char* costs[] = {"12", "11", "7", "7", "7", "8", "6", "5", "4", "3", "2", "1"};
    const char* regions[] = {"r-a", "r-b", "r-c", "r-d", "r-e", "r-f"};
    for (int i = 0; i < 12; ++i) {
        const std::string name = std::string("S") + (i < 9 ? "0" : "") + std::to_string(i + 1);
        groups.push_back({"2025-06-01", {name, regions[i % 6]}, costs[i]});
    }
    const auto set = reports(table_of(response({"SERVICE", "REGION"}, groups)), {lease("L", "A", "2025-06-01", "2025-06-01")});
    const json r = doc(set);
    std::vector<std::string> order;
    for (const auto& s : r["topServices"]) order.push_back(s["service"]);
    CHECK(order == std::vector<std::string>{"S01", "S02", "S06", "S03", "S04", "S05", "S07", "S08", "S09", "S10"});
    CHECK(set.services.num_rows() == 12);  // the table keeps every service
    CHECK(set.services.int32s("rank")[11] == 12);
    // Regions: r-a = S01 + S07 = 12 + 6 = 18; r-b = 11 + 5 = 16; r-c = 7 + 4 = 11; r-d = 7 + 3 = 10;
    // r-e = 7 + 2 = 9; r-f = 8 + 1 = 9 (a tie with r-e: by name, r-e first). Top 5 drops r-f.
    CHECK(r["topRegions"] == json::parse(R"([{"region": "r-a", "cost": "18.00"}, {"region": "r-b", "cost": "16.00"},
        {"region": "r-c", "cost": "11.00"}, {"region": "r-d", "cost": "10.00"}, {"region": "r-e", "cost": "9.00"}])"));
}

TEST_CASE("a batched table: several accounts, two leases on one account", "[lease_report]") {
    // Account 111: lease A over 06-01..06-02, lease B over 06-04..06-05; 06-03 belongs to neither.
    // Account 222: lease C over 06-01..06-05. Account 333 has data and no lease.
    const auto by_service = table_of(response({"LINKED_ACCOUNT", "SERVICE"}, {
        {"2025-06-01", {"111", "EC2"}, "1.00"}, {"2025-06-01", {"111", "S3"}, "0.50"}, {"2025-06-01", {"222", "EC2"}, "10.00"},
        {"2025-06-01", {"333", "EC2"}, "1000.00"},
        {"2025-06-02", {"111", "EC2"}, "2.00"}, {"2025-06-02", {"222", "Lambda"}, "0.25"},
        {"2025-06-03", {"111", "EC2"}, "40.00"},
        {"2025-06-04", {"111", "Lambda"}, "4.00"},
        {"2025-06-05", {"111", "EC2"}, "5.00"}, {"2025-06-05", {"222", "EC2"}, "20.00"}}));
    const auto by_region = table_of(response({"LINKED_ACCOUNT", "REGION"}, {
        {"2025-06-01", {"111", "us-east-1"}, "1.50"}, {"2025-06-01", {"222", "eu-west-1"}, "10.00"},
        {"2025-06-02", {"111", "us-west-2"}, "2.00"}, {"2025-06-02", {"222", "eu-west-1"}, "0.25"},
        {"2025-06-03", {"111", "us-east-1"}, "40.00"},
        {"2025-06-04", {"111", "us-west-2"}, "4.00"},
        {"2025-06-05", {"111", "us-west-2"}, "5.00"}, {"2025-06-05", {"222", "us-east-1"}, "20.00"}}));
    const auto set = reports(by_service, {lease("A", "111", "2025-06-01", "2025-06-02", "5"), lease("B", "111", "2025-06-04", "2025-06-05", "5"),
                                          lease("C", "222", "2025-06-01", "2025-06-05", "20")},
                             &by_region);
    REQUIRE(set.size() == 3);
    const json a = doc(set, 0), b = doc(set, 1), c = doc(set, 2);
    CHECK(a["totalCost"] == "3.50");  // 1.00 + 0.50 + 2.00
    CHECK(a["duration"] == 2);
    CHECK(a["topServices"] == json::parse(R"([{"service": "EC2", "cost": "3.00"}, {"service": "S3", "cost": "0.50"}])"));
    CHECK(a["topRegions"] == json::parse(R"([{"region": "us-west-2", "cost": "2.00"}, {"region": "us-east-1", "cost": "1.50"}])"));
    CHECK(a["status"] == "compliant");
    CHECK(b["totalCost"] == "9.00");  // 4.00 + 5.00
    CHECK(b["variancePercent"] == "80.0");  // (9 − 5) ÷ 5 × 100
    CHECK(b["status"] == "alert");
    CHECK(b["topRegions"] == json::parse(R"([{"region": "us-west-2", "cost": "9.00"}])"));
    CHECK(c["totalCost"] == "30.25");  // 10.00 + 0.25 + 20.00
    CHECK(c["duration"] == 3);
    CHECK(c["variance"] == "10.25");
    CHECK(c["variancePercent"] == "51.3");  // 10.25 ÷ 20 × 100 = 51.25 → half-up 51.3
    CHECK(c["status"] == "alert");
    CHECK(set.daily.num_rows() == 7);  // 2 + 2 + 3
    CHECK(set.daily_offsets == std::vector<std::size_t>{0, 2, 4, 7});
    // The whole batch as one document.
    const json all = json::parse(costmodel::actuals::lease_reports_to_json(set));
    REQUIRE(all.size() == 3);
    CHECK(all[2]["leaseId"] == "C");
}

TEST_CASE("roundings: half-up at the output only, each from the exact value", "[lease_report]") {
    // Days 0.005 and 0.020: total 0.025 → "0.03" (half-up, where half-even gives 0.02); day 1 0.005 → "0.01";
    // costPerDay 0.025 ÷ 2 = 0.0125 → "0.01"; a service of 0.001 + 0.004 = 0.005 → "0.01".
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-02-01", {"A", "r"}, "0.001"}, {"2025-02-01", {"B", "r"}, "0.004"},
                                                             {"2025-02-02", {"A", "r"}, "0.004"}, {"2025-02-02", {"C", "r"}, "0.016"}}));
    const auto set = reports(t, {lease("L", "X", "2025-02-01", "2025-02-02", "0.02")});
    const json r = doc(set);
    CHECK(r["totalCost"] == "0.03");
    CHECK(r["dailyCosts"][0]["cost"] == "0.01");
    CHECK(r["dailyCosts"][1]["cost"] == "0.02");
    CHECK(r["costPerDay"] == "0.01");
    CHECK(r["budget"] == "0.02");
    CHECK(r["variance"] == "0.01");           // 0.025 − 0.02 = 0.005 → 0.01
    CHECK(r["variancePercent"] == "25.0");    // 0.005 ÷ 0.02 × 100
    CHECK(r["topServices"][0] == json::parse(R"({"service": "C", "cost": "0.02"})"));  // 0.016
    CHECK(r["topServices"][1] == json::parse(R"({"service": "A", "cost": "0.01"})"));  // 0.005
    CHECK(r["topServices"][2] == json::parse(R"({"service": "B", "cost": "0.00"})"));  // 0.004
    // The tables keep the exact values.
    CHECK(set.summary.get_as<costmodel::table::decimal_column>("total")[0] == dec("0.025"));
    CHECK(set.summary.get_as<costmodel::table::decimal_column>("cost_per_day")[0] == dec("0.0125"));
    CHECK(set.summary.get_as<costmodel::table::decimal_column>("variance_percent")[0] == dec("25"));
}

TEST_CASE("property: the days, the services and the regions each sum to the total", "[lease_report]") {
    // A deterministic batch: 20 accounts × 2 leases of 3..7 days, 6 services, 4 regions, amounts with up to 10 digits.
    std::uint64_t state = 12345;
    const auto next = [&state]() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    };
    std::vector<group> services, regions;
    std::vector<lease_period> leases;
    const date start = day("2025-01-25");
    for (int a = 0; a < 20; ++a) {
        const std::string account = std::to_string(100000000000LL + a);
        int offset = 0;
        for (int k = 0; k < 2; ++k) {
            const int length = 3 + static_cast<int>(next() % 5);
            leases.push_back({"lease-" + std::to_string(a) + "-" + std::to_string(k), account, start.plus_days(offset), start.plus_days(offset + length - 1),
                              dec("10")});
            offset += length + static_cast<int>(next() % 3);
        }
        for (int d = 0; d < offset + 2; ++d) {
            const std::string when = start.plus_days(d).to_string();
            for (int s = 0; s < 6; ++s) {
                if (next() % 3 == 0) continue;
                const std::string amount = std::to_string(next() % 100000) + "." + std::to_string(1000000000 + next() % 1000000000).substr(1);
                services.push_back({when, {account, "svc-" + std::to_string(s)}, amount});
                regions.push_back({when, {account, "reg-" + std::to_string((s + d) % 4)}, amount});
            }
        }
    }
    const auto by_service = table_of(response({"LINKED_ACCOUNT", "SERVICE"}, services));
    const auto by_region = table_of(response({"LINKED_ACCOUNT", "REGION"}, regions));
    const auto set = reports(by_service, leases, &by_region);
    REQUIRE(set.size() == leases.size());
    const auto totals = set.summary.decimals("total");
    const auto daily = set.daily.decimals("cost");
    const auto service_costs = set.services.decimals("cost");
    const auto region_costs = set.regions.decimals("cost");
    for (std::size_t i = 0; i < set.size(); ++i) {
        __int128 days = 0, svc = 0, reg = 0;
        for (std::size_t r = set.daily_offsets[i]; r < set.daily_offsets[i + 1]; ++r) days += daily[r];
        for (std::size_t r = set.service_offsets[i]; r < set.service_offsets[i + 1]; ++r) svc += service_costs[r];
        for (std::size_t r = set.region_offsets[i]; r < set.region_offsets[i + 1]; ++r) reg += region_costs[r];
        INFO(leases[i].lease_id);
        CHECK(days == totals[i]);
        CHECK(svc == totals[i]);
        CHECK(reg == totals[i]);
        CHECK(set.summary.int32s("duration")[i] == static_cast<std::int32_t>(set.daily_offsets[i + 1] - set.daily_offsets[i]));
        for (std::size_t r = set.service_offsets[i] + 1; r < set.service_offsets[i + 1]; ++r) CHECK(service_costs[r] <= service_costs[r - 1]);
    }
    // The hash-map form of the per-(lease, key) sums gives the same tables as the dense grid.
    lease_report_options sparse;
    sparse.dense_cells = 0;
    const auto same = costmodel::actuals::lease_reports(by_service, &by_region, leases, sparse);
    CHECK(same.summary.equals(set.summary));
    CHECK(same.services.equals(set.services));
    CHECK(same.regions.equals(set.regions));
    CHECK(same.daily.equals(set.daily));
}

TEST_CASE("regions come from by_service when it is grouped by SERVICE and REGION", "[lease_report]") {
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-01-01", {"EC2", "us-east-1"}, "1"}, {"2025-01-01", {"EC2", "eu-west-1"}, "2"},
                                                             {"2025-01-01", {"S3", "us-east-1"}, "4"}}));
    const json r = doc(reports(t, {lease("L", "A", "2025-01-01", "2025-01-01")}));
    CHECK(r["topRegions"] == json::parse(R"([{"region": "us-east-1", "cost": "5.00"}, {"region": "eu-west-1", "cost": "2.00"}])"));
    CHECK(r["topServices"] == json::parse(R"([{"service": "S3", "cost": "4.00"}, {"service": "EC2", "cost": "3.00"}])"));
    // Grouped by SERVICE only: no regions.
    const auto services_only = table_of(response({"SERVICE"}, {{"2025-01-01", {"EC2"}, "1"}}));
    CHECK(doc(reports(services_only, {lease("L", "A", "2025-01-01", "2025-01-01")}))["topRegions"] == json::array());
}

TEST_CASE("rows of other metrics are passed over; a table without the metric is an error", "[lease_report]") {
    costmodel::actuals::cost_explorer_reader reader;
    reader.add_text(response({"SERVICE"}, {{"2025-01-01", {"EC2"}, "7"}}, {}, "UnblendedCost"), "<a>");
    reader.add_text(response({"SERVICE"}, {{"2025-01-01", {"EC2"}, "1000"}}, {}, "AmortizedCost"), "<b>");
    const auto t = std::move(reader).finish().lines;
    CHECK(doc(reports(t, {lease("L", "A", "2025-01-01", "2025-01-01")}))["totalCost"] == "7.00");
    lease_report_options o;
    o.metric = "NetAmortizedCost";
    const std::vector<lease_period> one = {lease("L", "A", "2025-01-01", "2025-01-01")};
    const auto e = error_of([&] { (void)costmodel::actuals::lease_reports(t, nullptr, one, o); });
    CHECK(e.path() == "metric");
    CHECK_THAT(e.what(), Catch::Contains("no NetAmortizedCost") && Catch::Contains("AmortizedCost"));
    o.metric = "UnblendedCosts";
    const auto typo = error_of([&] { (void)costmodel::actuals::lease_reports(t, nullptr, one, o); });
    CHECK_THAT(typo.what(), Catch::Contains("did you mean \"UnblendedCost\""));
    CHECK(typo.value() == "\"UnblendedCosts\"");
}

TEST_CASE("the input errors name the source, the path and the value", "[lease_report]") {
    const auto t = table_of(response({"SERVICE", "REGION"}, {{"2025-01-01", {"EC2", "us-east-1"}, "1"}}));
    {
        const auto e = error_of([&] { (void)reports(t, {lease("L", "A", "2025-01-05", "2025-01-04")}); });
        CHECK(e.source() == "<leases>");
        CHECK(e.path() == "leases[0].endDate");
        CHECK(e.value() == "2025-01-04");
        CHECK_THAT(e.what(), Catch::Contains("before it starts on 2025-01-05"));
    }
    {
        const auto e = error_of([&] { (void)reports(t, {lease("L", "A", "2025-01-01", "2025-01-01", "-1")}); });
        CHECK(e.path() == "leases[0].budget");
        CHECK(e.value() == "-1");
    }
    {
        const auto e = error_of([&] { (void)reports(t, {lease("L", "A", "2025-01-01", "2025-01-01"), lease("L", "B", "2025-01-01", "2025-01-01")}); });
        CHECK(e.path() == "leases[1].leaseId");
    }
    {
        // No LINKED_ACCOUNT: one account's table, one lease.
        const auto e = error_of([&] { (void)reports(t, {lease("L1", "A", "2025-01-01", "2025-01-01"), lease("L2", "B", "2025-01-01", "2025-01-01")}); });
        CHECK(e.source() == "<cost explorer table>");
        CHECK(e.path() == "LINKED_ACCOUNT");
    }
    {
        const auto batch = table_of(response({"LINKED_ACCOUNT", "SERVICE"}, {{"2025-01-01", {"111", "EC2"}, "1"}}));
        const auto e = error_of([&] { (void)reports(batch, {lease("L1", "111", "2025-01-01", "2025-01-03"), lease("L2", "111", "2025-01-03", "2025-01-04")}); });
        CHECK(e.path() == "leases[1].startDate");
        CHECK_THAT(e.what(), Catch::Contains("overlaps lease L1") && Catch::Contains("account 111"));
    }
    {
        const auto regions_only = table_of(response({"REGION"}, {{"2025-01-01", {"us-east-1"}, "1"}}));
        const auto e = error_of([&] { (void)reports(regions_only, {lease("L", "A", "2025-01-01", "2025-01-01")}); });
        CHECK(e.path() == "SERVICE");
        CHECK_THAT(e.what(), Catch::Contains("no column 'SERVICE'") && Catch::Contains("REGION"));
    }
    {
        // A second currency across the service and the region tables.
        const auto gbp = table_of(response({"REGION"}, {{"2025-01-01", {"us-east-1"}, "1", "GBP"}}));
        lease_report_options o;
        o.region_source = "regions.json";
        const std::vector<lease_period> one = {lease("L", "A", "2025-01-01", "2025-01-01")};
        const auto e = error_of([&] { (void)costmodel::actuals::lease_reports(t, &gbp, one, o); });
        CHECK(e.source() == "regions.json");
        CHECK(e.path() == "rows[0].unit");
        CHECK(e.value() == "GBP");
        CHECK_THAT(e.what(), Catch::Contains("USD and GBP"));
    }
    {
        // A MONTHLY row inside a lease.
        const std::string monthly = R"({"GroupDefinitions": [{"Type": "DIMENSION", "Key": "SERVICE"}], "ResultsByTime": [
            {"TimePeriod": {"Start": "2025-01-01", "End": "2025-02-01"}, "Total": {}, "Groups": [
              {"Keys": ["EC2"], "Metrics": {"UnblendedCost": {"Amount": "5", "Unit": "USD"}}}], "Estimated": false}]})";
        const auto e = error_of([&] { (void)reports(table_of(monthly), {lease("L", "A", "2025-01-01", "2025-01-10")}); });
        CHECK(e.path() == "rows[0].date");
        CHECK_THAT(e.what(), Catch::Contains("Granularity DAILY"));
    }
}

TEST_CASE("metric_days: the days a table's metric covers", "[lease_report]") {
    const auto t = table_of(response({"SERVICE"}, {{"2025-01-03", {"EC2"}, "1"}, {"2025-01-01", {"EC2"}, "1"}}));
    const auto days = costmodel::actuals::metric_days(t, "UnblendedCost");
    REQUIRE(days);
    CHECK(days->first == day("2025-01-01"));
    CHECK(days->second == day("2025-01-03"));
    CHECK_FALSE(costmodel::actuals::metric_days(t, "AmortizedCost"));
}

TEST_CASE("forecast of the final cost", "[lease_report]") {
    using costmodel::actuals::forecast_final_cost;
    SECTION("a straight line: 10, 12, 14, 16 over a 6-day lease") {
        // a = 10, b = 2, no residual; the remaining days x = 4, 5 cost 18 + 20 = 38: 52 + 38 = 90.
        const std::vector<Decimal> days = {dec("10"), dec("12"), dec("14"), dec("16")};
        const auto f = forecast_final_cost(days, 6);
        CHECK(f.spent == dec("52"));
        CHECK(f.method == "linear");
        CHECK(f.forecast == dec("90"));
        CHECK(*f.lower == dec("90"));
        CHECK(*f.upper == dec("90"));
        CHECK(f.slope_per_day == Approx(2.0));
    }
    SECTION("noise: 10, 14, 12 over 4 days") {
        // x̄ = 1, ȳ = 12, b = ((−1)(−2) + 0 + (1)(0)) ÷ 2 = 1, a = 11; residuals −1, 2, −1: s = √(6 ÷ 1).
        // Day x = 3: 14, forecast 36 + 14 = 50. Half-width t(0.975, 1) × √6 × √(1 + 1/3 + (3 − 1)² ÷ 2)
        // = 12.7062047 × 2.4494897 × 1.8257419 = 56.82387.
        const std::vector<Decimal> days = {dec("10"), dec("14"), dec("12")};
        const auto f = forecast_final_cost(days, 4);
        CHECK(f.forecast == dec("50"));
        CHECK(*f.lower == dec("36"));  // 50 − 56.82 = −6.82, below the 36 spent: clipped there
        CHECK(*f.upper == dec("106.82"));
        CHECK(f.clipped);
    }
    SECTION("a falling line is clipped at what is spent") {
        // 30, 20, 10: a = 30, b = −10; the days x = 3, 4, 5 would cost 0 − 10 − 20 = −30, so the line's
        // forecast is 60 − 30 = 30, below the 60 spent; forecast and both bounds become 60.
        const std::vector<Decimal> days = {dec("30"), dec("20"), dec("10")};
        const auto f = forecast_final_cost(days, 6);
        CHECK(f.slope_per_day == Approx(-10.0));
        CHECK(f.forecast == dec("60"));
        CHECK(*f.lower == dec("60"));
        CHECK(*f.upper == dec("60"));
        CHECK(f.clipped);
    }
    SECTION("a rising line is not clipped") {
        const std::vector<Decimal> days = {dec("10"), dec("12"), dec("14"), dec("16")};
        CHECK_FALSE(forecast_final_cost(days, 6).clipped);
    }
    SECTION("fewer than 3 days: the run rate, no interval") {
        const std::vector<Decimal> days = {dec("10"), dec("20.005")};
        const auto f = forecast_final_cost(days, 10);
        CHECK(f.method == "run-rate");
        CHECK(f.forecast == dec("150.03"));  // 30.005 ÷ 2 × 10 = 150.025 → half-up 150.03
        CHECK_FALSE(f.lower);
    }
    SECTION("the lease's last day: the forecast is what was spent") {
        const std::vector<Decimal> days = {dec("1"), dec("5"), dec("2")};
        const auto f = forecast_final_cost(days, 3);
        CHECK(f.forecast == dec("8"));
        CHECK(*f.lower == dec("8"));
    }
    SECTION("errors") {
        const std::vector<Decimal> none;
        CHECK(error_of([&] { (void)forecast_final_cost(none, 3); }).path() == "daily_costs");
        const std::vector<Decimal> days = {dec("1"), dec("5"), dec("2")};
        const auto e = error_of([&] { (void)forecast_final_cost(days, 2); });
        CHECK(e.path() == "total_days");
        CHECK(e.value() == "2");
    }
}
