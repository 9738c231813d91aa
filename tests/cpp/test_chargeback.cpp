// The chargeback CSV kernel (actuals/chargeback.hpp) over Arrow arrays read in place: the month's rows,
// their order, cents half-up, quoting, and the cases it leaves to the general path.

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/actuals/chargeback.hpp"
#include "costmodel/table/arrow.hpp"

using costmodel::Decimal;
using costmodel::date;
using costmodel::table::days_from_civil;
namespace arrow = costmodel::table::arrow;
namespace actuals = costmodel::actuals;

namespace {

struct lease_row {
    const char* org;
    const char* email;
    const char* owner;
    const char* lease;
    const char* account;
    const char* currency;
    int start_month, start_day, start_year;
    int end_month, end_day, end_year;
    std::int64_t collected_at;
    const char* budget;  // nullptr: none
    const char* total;
};

// The rows as a table exported through the C Data Interface (strings dictionary-encoded, as the core
// exports them), and views of its children.
class exported {
public:
    explicit exported(const std::vector<lease_row>& rows) {
        costmodel::table::table t;
        auto& org = t.add_string("orgUnit", true);
        auto& email = t.add_string("ownerEmail", true);
        auto& owner = t.add_string("ownerId", true);
        auto& lease = t.add_string("leaseId", true);
        auto& account = t.add_string("accountId", true);
        auto& currency = t.add_string("currency", true);
        auto& start = t.add_date("startDate", true);
        auto& end = t.add_date("endDate", true);
        auto& at = t.add_int64("collectedAt", true);
        auto& budget = t.add_decimal("budget", true);
        auto& total = t.add_decimal("totalCost", true);
        const auto text = [](auto& column, const char* value) {
            if (value) column.append(value);
            else column.append_null();
        };
        for (const lease_row& r : rows) {
            text(org, r.org);
            text(email, r.email);
            text(owner, r.owner);
            text(lease, r.lease);
            text(account, r.account);
            text(currency, r.currency);
            start.append(days_from_civil(r.start_year, r.start_month, r.start_day));
            end.append(days_from_civil(r.end_year, r.end_month, r.end_day));
            at.append(r.collected_at);
            if (r.budget) budget.append(Decimal::parse(r.budget));
            else budget.append_null();
            if (r.total) total.append(Decimal::parse(r.total));
            else total.append_null();
        }
        arrow::export_table(t, &schema_, &array_);
    }
    exported(const exported&) = delete;
    exported& operator=(const exported&) = delete;
    ~exported() {
        array_.release(&array_);
        schema_.release(&schema_);
    }

    [[nodiscard]] actuals::chargeback_columns columns() const {
        actuals::chargeback_columns c;
        const auto child = [this](int k) { return std::pair{schema_.children[k], array_.children[k]}; };
        const auto text = [&](int k) { auto [s, a] = child(k); return arrow::view_text(s, a).value(); };
        c.org_unit = text(0);
        c.owner_email = text(1);
        c.owner_id = text(2);
        c.lease_id = text(3);
        c.account_id = text(4);
        c.currency = text(5);
        c.start_date = arrow::view_int32(schema_.children[6], array_.children[6]).value();
        c.end_date = arrow::view_int32(schema_.children[7], array_.children[7]).value();
        c.collected_at = arrow::view_int64(schema_.children[8], array_.children[8]).value();
        c.budget = arrow::view_decimal128(schema_.children[9], array_.children[9]).value();
        c.total_cost = arrow::view_decimal128(schema_.children[10], array_.children[10]).value();
        c.length = array_.length;
        return c;
    }

private:
    ArrowSchema schema_{};
    ArrowArray array_{};
};

constexpr std::int64_t december_2024 = 1733011200;  // 2024-12-01T00:00:00Z

const std::vector<lease_row> portfolio = {
    // 623.125 is a tie at the half cent: half-up gives 623.13; the variance 123.125 gives +123.13
    {"Data, AI", "", "o-2", "b", "333", "GBP", 12, 5, 2024, 12, 20, 2024, december_2024 + 5, "500", "623.125"},
    // no budget: blank budget and variance; -0.004 rounds to zero and shows no sign
    {nullptr, "a@x", "o-1", "a", "222", "USD", 12, 5, 2024, 12, 31, 2024, december_2024 - 1, nullptr, "-0.004"},
    // ends in January: not December's by end date, but collected in December
    {"Innovation", "c@x", "o-3", "c", "444", "CHF", 11, 1, 2024, 1, 1, 2025, december_2024 + 86400 * 31 - 1, "10", "-2.5"},
    {"Innovation", "d@x", "o-4", "d", "111", "GBP", 11, 30, 2024, 12, 1, 2024, december_2024 + 86400 * 31, "1000", "1000.005"},
};

const std::string header = "OrgUnit,OwnerEmail,LeaseID,AccountID,StartDate,EndDate,Duration,Budget,ActualCost,Variance\n";

std::string csv(const actuals::chargeback_columns& c, actuals::chargeback_by by, std::optional<std::string_view> symbol = std::nullopt) {
    const auto first = date::from_days(days_from_civil(2024, 12, 1));
    const auto last = date::from_days(days_from_civil(2024, 12, 31));
    const auto rows = actuals::chargeback_rows(c, by, first, last);
    REQUIRE(rows.has_value());
    const auto text = actuals::chargeback_csv(c, *rows, symbol);
    REQUIRE(text.has_value());
    return *text;
}

}  // namespace

TEST_CASE("the chargeback kernel selects the month, orders by start date and lease, and writes cents half-up") {
    const exported t(portfolio);
    const auto c = t.columns();
    // by end date: d (starts 2024-11-30), then a and b (both 2024-12-05, by lease id)
    CHECK(csv(c, actuals::chargeback_by::end) ==
          header +
              "Innovation,d@x,d,111,2024-11-30,2024-12-01,1,\xC2\xA3" "1000,\xC2\xA3" "1000.01,+\xC2\xA3" "0.01\n"
              ",a@x,a,222,2024-12-05,2024-12-31,26,,$0.00,\n"
              "\"Data, AI\",o-2,b,333,2024-12-05,2024-12-20,15,\xC2\xA3" "500,\xC2\xA3" "623.13,+\xC2\xA3" "123.13\n");
    // by collection time: [2024-12-01T00:00Z, 2025-01-01T00:00Z) holds b and c, not a (a second early) nor d
    CHECK(csv(c, actuals::chargeback_by::collected) ==
          header +
              "Innovation,c@x,c,444,2024-11-01,2025-01-01,61,CHF 10,-CHF 2.50,-CHF 12.50\n"
              "\"Data, AI\",o-2,b,333,2024-12-05,2024-12-20,15,\xC2\xA3" "500,\xC2\xA3" "623.13,+\xC2\xA3" "123.13\n");
    // by start date, with a symbol given: a and b; a symbol with a comma quotes the amounts
    CHECK(csv(c, actuals::chargeback_by::start, "x,") ==
          header + ",a@x,a,222,2024-12-05,2024-12-31,26,,\"x,0.00\",\n"
                   "\"Data, AI\",o-2,b,333,2024-12-05,2024-12-20,15,\"x,500\",\"x,623.13\",\"+x,123.13\"\n");
}

TEST_CASE("the chargeback kernel quotes quotes and line breaks, and leaves odd rows to the general path") {
    std::vector<lease_row> rows = {
        {"say \"hi\"", "line\nbreak", "o", "q", "1", "EUR", 12, 1, 2024, 12, 2, 2024, 0, "0.5", "0.505"},
    };
    {
        const exported t(rows);
        CHECK(csv(t.columns(), actuals::chargeback_by::end) ==
              header + "\"say \"\"hi\"\"\",\"line\nbreak\",q,1,2024-12-01,2024-12-02,1,\xE2\x82\xAC" "0.50,\xE2\x82\xAC"
                       "0.51,+\xE2\x82\xAC" "0.01\n");
    }
    rows[0].total = nullptr;  // a selected row without a total: nullopt, for the general path to name
    const exported t(rows);
    const auto c = t.columns();
    const auto selected = actuals::chargeback_rows(c, actuals::chargeback_by::end, date::from_days(days_from_civil(2024, 12, 1)),
                                                   date::from_days(days_from_civil(2024, 12, 31)));
    REQUIRE(selected.has_value());
    CHECK(selected->size() == 1);
    CHECK_FALSE(actuals::chargeback_csv(c, *selected, std::nullopt).has_value());
    // rows outside the columns are refused rather than read
    const std::vector<std::int64_t> outside = {5};
    CHECK_FALSE(actuals::chargeback_csv(c, outside, std::nullopt).has_value());
}

TEST_CASE("Arrow views decline layouts they do not read") {
    const exported t(portfolio);
    const auto c = t.columns();
    CHECK(c.lease_id.code_width == 4);  // the core exports strings dictionary-encoded with int32 codes
    ArrowSchema schema{};
    schema.format = "d:38,10,256";
    const std::int64_t values[1] = {7};
    const void* buffers[2] = {nullptr, values};
    ArrowArray array{};
    array.length = 1;
    array.n_buffers = 2;
    array.buffers = buffers;
    array.release = [](ArrowArray* a) { a->release = nullptr; };
    CHECK_FALSE(arrow::view_decimal128(&schema, &array).has_value());
    schema.format = "vu";
    CHECK_FALSE(arrow::view_text(&schema, &array).has_value());
    schema.format = "l";
    CHECK_FALSE(arrow::view_int32(&schema, &array).has_value());
    const auto ints = arrow::view_int64(&schema, &array);
    REQUIRE(ints.has_value());
    CHECK((ints->valid(0) && (*ints)[0] == 7));
    array.buffers = nullptr;  // a malformed array (no buffer list) is declined, not read
    CHECK_FALSE(arrow::view_int64(&schema, &array).has_value());
}
