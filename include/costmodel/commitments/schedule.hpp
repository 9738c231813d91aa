#pragma once
// When in the month a workload runs: a weight for each hour, so that commitments (which are bought
// per hour and used hour by hour) see usage as it varies instead of a flat monthly average.
//
// Conventions (docs/commitments.md, "Schedules"):
// - The month is `hours` consecutive hours (the scenario's hours_per_month, which must then be a
//   whole number) starting on a Monday at 00:00 UTC. Hour h is on day h / 24, weekday (h / 24) % 7
//   (0 = Monday), hour of day h % 24.
// - A weight says how much of the workload runs in that hour: 1 is all of it (every instance, the
//   full rate), 0 none, 0.5 half. A workload's metered monthly quantity is spread over the hours in
//   proportion to the weights; for EC2, whose usage is instance-hours, the hours run are the sum of
//   the weights (count × Σ weights instance-hours), replacing hours_per_month × utilisation.

#include <cstdint>
#include <string_view>
#include <vector>

#include "costmodel/decimal.hpp"

namespace costmodel::commitments {

enum class schedule_kind {
    always,          // every hour, weight 1 (the same as no schedule)
    business_hours,  // Monday to Friday, start_hour to end_hour (09:00–17:00 unless given)
    weekdays,        // Monday to Friday, all day
    daily,           // a 24-value profile, the same every day
    weekly,          // a 168-value profile, Monday 00:00 first
    hours,           // the listed hours of the month, weight 1 each
};

[[nodiscard]] std::string_view to_string(schedule_kind kind) noexcept;

struct schedule {
    schedule_kind kind = schedule_kind::always;
    std::int32_t start_hour = 9;   // business_hours: the first hour, 0–23
    std::int32_t end_hour = 17;    // business_hours: the hour it ends (exclusive), start_hour+1 to 24
    std::vector<Decimal> profile;  // daily: 24 weights; weekly: 168
    std::vector<std::int32_t> hours;  // hours: 0-based hours of the month, ascending, no repeats

    // The default business day, as written without options ("business_hours").
    [[nodiscard]] bool default_business_day() const noexcept { return start_hour == 9 && end_hour == 17; }
    friend bool operator==(const schedule&, const schedule&) = default;
};

// The weight of each of the month's `hours` hours.
[[nodiscard]] std::vector<Decimal> hourly_weights(const schedule& s, std::int32_t hours);

// Σ hourly_weights(s, hours), exactly.
[[nodiscard]] Decimal total_weight(const schedule& s, std::int32_t hours);

// Splits `quantity` over hours in proportion to `weights`, exactly: the parts are whole units of
// 10^-10 and sum to `quantity` (the largest-remainder method of allocate.hpp). Throws
// std::invalid_argument when every weight is zero and the quantity is not.
[[nodiscard]] std::vector<Decimal> spread(Decimal quantity, const std::vector<Decimal>& weights);

// The month's hours as a whole number, for a schedule: throws std::invalid_argument for a fractional
// or non-positive hours_per_month, or one above a leap year's 8,784 hours.
[[nodiscard]] std::int32_t whole_hours(Decimal hours_per_month);

}  // namespace costmodel::commitments
