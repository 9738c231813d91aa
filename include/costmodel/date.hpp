#pragma once
// costmodel::date — a calendar day (proleptic Gregorian, no time zone), held as days since 1970-01-01,
// the representation of the line tables' date columns. Billing days are UTC days, so every day has 24
// hours: an hourly fee over a day is 24 × the fee.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "costmodel/table/column.hpp"

namespace costmodel {

[[nodiscard]] constexpr bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

[[nodiscard]] constexpr unsigned days_in_month(int year, unsigned month) noexcept {
    constexpr unsigned lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : lengths[(month - 1) % 12];
}

class date {
public:
    constexpr date() = default;
    [[nodiscard]] static constexpr date from_days(std::int32_t days) noexcept { return date(days); }
    // A valid civil date (year 1..9999, month 1..12, day within the month), or nullopt.
    [[nodiscard]] static constexpr std::optional<date> from_civil(int year, unsigned month, unsigned day) noexcept {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
        return date(table::days_from_civil(year, month, day));
    }
    // "2026-04-01" exactly (ISO 8601 calendar date, four-digit year), or nullopt.
    [[nodiscard]] static constexpr std::optional<date> parse(std::string_view text) noexcept {
        if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
        int fields[3] = {0, 0, 0};
        const std::size_t starts[3] = {0, 5, 8};
        const std::size_t lengths[3] = {4, 2, 2};
        for (int f = 0; f < 3; ++f) {
            for (std::size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
                if (text[i] < '0' || text[i] > '9') return std::nullopt;
                fields[f] = fields[f] * 10 + (text[i] - '0');
            }
        }
        return from_civil(fields[0], static_cast<unsigned>(fields[1]), static_cast<unsigned>(fields[2]));
    }
    // "2026-04" (a month) as its first day; a full date as itself.
    [[nodiscard]] static constexpr std::optional<date> parse_month(std::string_view text) noexcept {
        if (text.size() == 10) return parse(text);
        if (text.size() != 7) return std::nullopt;
        char full[10] = {text[0], text[1], text[2], text[3], text[4], text[5], text[6], '-', '0', '1'};
        return parse(std::string_view(full, 10));
    }

    [[nodiscard]] constexpr std::int32_t days() const noexcept { return days_; }
    [[nodiscard]] constexpr table::civil_date civil() const noexcept { return table::civil_from_days(days_); }
    [[nodiscard]] constexpr int year() const noexcept { return civil().year; }
    [[nodiscard]] constexpr unsigned month() const noexcept { return civil().month; }
    [[nodiscard]] constexpr unsigned day() const noexcept { return civil().day; }
    [[nodiscard]] constexpr date first_of_month() const noexcept {
        const table::civil_date c = civil();
        return date(table::days_from_civil(c.year, c.month, 1));
    }
    // The first day of the next month.
    [[nodiscard]] constexpr date next_month() const noexcept {
        const table::civil_date c = civil();
        return c.month == 12 ? date(table::days_from_civil(c.year + 1, 1, 1)) : date(table::days_from_civil(c.year, c.month + 1, 1));
    }
    // The same day `years` later; 29 February becomes 1 March in a year that has none.
    [[nodiscard]] constexpr date plus_years(int years) const noexcept {
        const table::civil_date c = civil();
        const int year = c.year + years;
        if (c.month == 2 && c.day == 29 && !is_leap_year(year)) return date(table::days_from_civil(year, 3, 1));
        return date(table::days_from_civil(year, c.month, c.day));
    }
    [[nodiscard]] constexpr date plus_days(std::int32_t n) const noexcept { return date(days_ + n); }

    [[nodiscard]] std::string to_string() const {
        const table::civil_date c = civil();
        std::string text = std::to_string(c.year);
        while (text.size() < 4) text.insert(text.begin(), '0');
        const auto two = [&text](unsigned v) {
            text.push_back('-');
            text.push_back(static_cast<char>('0' + v / 10));
            text.push_back(static_cast<char>('0' + v % 10));
        };
        two(c.month);
        two(c.day);
        return text;
    }

    friend constexpr auto operator<=>(date, date) = default;
    friend constexpr bool operator==(date, date) = default;
    // Days from b to a.
    friend constexpr std::int32_t operator-(date a, date b) noexcept { return a.days_ - b.days_; }

private:
    constexpr explicit date(std::int32_t days) noexcept : days_(days) {}
    std::int32_t days_ = 0;
};

}  // namespace costmodel
