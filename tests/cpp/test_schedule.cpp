// Workload schedules: the weight of each hour of a month that starts on a Monday at 00:00 UTC, the
// exact spread of a monthly quantity over them, how EC2 meters scheduled instance-hours, and every
// bad schedule as an input_error with its path.

#include <catch2/catch.hpp>

#include <string>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using costmodel::Decimal;
using costmodel::input_error;
using costmodel::parse_scenario;
using costmodel::commitments::schedule;
using costmodel::commitments::schedule_kind;
using costmodel_test::dec;
using costmodel_test::document;

namespace {

std::string parse_error(const std::string& text) {
    try {
        (void)parse_scenario(text, "scenario.json");
    } catch (const input_error& error) {
        return error.what();
    }
    FAIL("no input_error for: " << text);
    return {};
}

std::string ec2_with(const std::string& schedule_json, const std::string& extra = "") {
    return R"({"name": "web", "service": "ec2", "instance_type": "m5.large", "hourly_rate": "0.096", "count": 2)" + extra +
           R"(, "schedule": )" + schedule_json + "}";
}

}  // namespace

TEST_CASE("business hours in a 730-hour month", "[schedule]") {
    // 730 hours = 30 days and 10 hours from Monday 00:00. Days 0-29 hold 4 full weeks (20 weekdays) and
    // days 28-29 (Monday, Tuesday): 22 weekdays × 8 hours (09-17) = 176; day 30 is a Wednesday whose
    // hours 0-9 include 09:00-10:00: one more. 177 hours.
    const schedule business{schedule_kind::business_hours};
    CHECK(costmodel::commitments::total_weight(business, 730) == Decimal(177));
    const auto weights = costmodel::commitments::hourly_weights(business, 730);
    CHECK(weights[8] == Decimal());       // Monday 08:00
    CHECK(weights[9] == Decimal(1));      // Monday 09:00
    CHECK(weights[16] == Decimal(1));     // Monday 16:00
    CHECK(weights[17] == Decimal());      // Monday 17:00
    CHECK(weights[5 * 24 + 10] == Decimal());  // Saturday 10:00

    // Weekdays: 22 full weekdays × 24 + 10 hours of Wednesday day 30 = 538.
    CHECK(costmodel::commitments::total_weight(schedule{schedule_kind::weekdays}, 730) == Decimal(538));
    CHECK(costmodel::commitments::total_weight(schedule{schedule_kind::always}, 730) == Decimal(730));
}

TEST_CASE("daily, weekly and explicit-hour schedules", "[schedule]") {
    schedule daily{schedule_kind::daily};
    daily.profile.assign(24, dec("0.5"));
    daily.profile[12] = Decimal(1);
    // 720 hours = 30 days: 30 × (23 × 0.5 + 1) = 375.
    CHECK(costmodel::commitments::total_weight(daily, 720) == Decimal(375));

    schedule weekly{schedule_kind::weekly};
    weekly.profile.assign(168, Decimal());
    weekly.profile[167] = Decimal(2);  // Sunday 23:00
    // 730 hours: Sunday 23:00 falls at hours 167, 335, 503, 671 (the next, 839, is past the month).
    CHECK(costmodel::commitments::total_weight(weekly, 730) == Decimal(8));

    schedule listed{schedule_kind::hours};
    listed.hours = {0, 5, 729};
    CHECK(costmodel::commitments::total_weight(listed, 730) == Decimal(3));
}

TEST_CASE("a monthly quantity spreads over the hours exactly", "[schedule]") {
    const auto weights = costmodel::commitments::hourly_weights(schedule{schedule_kind::business_hours}, 730);
    // 1 over 177 hours is not a finite decimal: the parts are whole 10^-10 units that sum to 1.
    const auto parts = costmodel::commitments::spread(Decimal(1), weights);
    Decimal sum;
    for (const Decimal& part : parts) sum += part;
    CHECK(sum == Decimal(1));
    CHECK(parts[8] == Decimal());
    CHECK(abs(parts[9] - dec("0.0056497175")) <= Decimal::epsilon());  // 1/177 = 0.00564971751...
    CHECK_THROWS_AS(costmodel::commitments::spread(Decimal(1), std::vector<Decimal>(3)), std::invalid_argument);
    CHECK(costmodel::commitments::spread(Decimal(), std::vector<Decimal>(3)) == std::vector<Decimal>(3));
}

TEST_CASE("a scheduled EC2 workload runs the schedule's hours", "[schedule]") {
    const auto s = parse_scenario(document(ec2_with("\"business_hours\"")), "scenario.json");
    REQUIRE(s.workloads[0].schedule);
    CHECK(s.workloads[0].schedule->kind == schedule_kind::business_hours);
    // 2 instances × 177 hours × 0.096 = 33.984
    const auto result = costmodel::estimate(s, costmodel::builtin_catalog());
    CHECK(result.total == dec("33.984"));
    CHECK(result.line(0).quantity == Decimal(354));
}

TEST_CASE("schedules are written back as they are read", "[schedule]") {
    const std::string daily = R"({"kind": "daily", "profile": [0,0,0,0,0,0,0,0,0.5,1,1,1,1,1,1,1,1,0.5,0,0,0,0,0,0]})";
    for (const std::string& form : {std::string("\"weekdays\""), std::string(R"({"kind": "business_hours", "start_hour": 8, "end_hour": 18})"),
                                    daily, std::string(R"({"kind": "hours", "hours": [1, 2, 3]})")}) {
        const auto s = parse_scenario(document(ec2_with(form)), "scenario.json");
        CHECK(parse_scenario(costmodel::to_json(s), "scenario.json") == s);
    }
}

TEST_CASE("bad schedules name their path and value", "[schedule]") {
    CHECK(parse_error(document(ec2_with("\"busines_hours\""))) ==
          "scenario.json: workloads[0].schedule: unknown schedule \"busines_hours\" (did you mean \"business_hours\"? expected always, "
          "business_hours, weekdays, daily, weekly or hours)");
    CHECK(parse_error(document(ec2_with(R"({"kind": "daily", "profile": [1, 2]})"))) ==
          "scenario.json: workloads[0].schedule.profile: a daily profile has 24 weights, got 2");
    CHECK(parse_error(document(ec2_with(R"({"kind": "business_hours", "start_hour": 18, "end_hour": 9})"))) ==
          "scenario.json: workloads[0].schedule.end_hour: expected an hour after start_hour (18) and at most 24, got 9");
    CHECK(parse_error(document(ec2_with(R"({"kind": "hours", "hours": [3, 3]})"))) ==
          "scenario.json: workloads[0].schedule.hours[1]: hours must be ascending without repeats, got 3 after 3");
    CHECK(parse_error(document(ec2_with(R"({"kind": "hours", "hours": [730]})"))) ==
          "scenario.json: workloads[0].schedule.hours[0]: expected an hour of the month from 0 to 729, got 730");
    CHECK(parse_error(document(ec2_with(R"({"kind": "weekly", "profile": "flat"})"))) ==
          "scenario.json: workloads[0].schedule.profile: expected an array, got \"flat\"");
    CHECK(parse_error(document(ec2_with(R"({"kind": "always", "profile": [1]})"))) ==
          "scenario.json: workloads[0].schedule.profile: unknown key");
    CHECK(parse_error(document(ec2_with("\"weekdays\"", R"(, "utilization_percent": 50)"))) ==
          "scenario.json: workloads[0].utilization_percent: a schedule says when the instances run: give utilization_percent 100 (or leave it "
          "out) with a schedule, got 50");
    CHECK(parse_error(document(ec2_with("\"weekdays\""), R"("hours_per_month": "730.5")")) ==
          "scenario.json: hours_per_month: a schedule needs hours_per_month to be a whole number of hours from 1 to 8784, got 730.5 "
          "(workloads[0].schedule needs it)");
    CHECK(parse_error(document(ec2_with("\"daily\""))).find("workloads[0].schedule: a daily schedule needs its values") != std::string::npos);
}
