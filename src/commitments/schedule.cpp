#include "costmodel/commitments/schedule.hpp"

#include <stdexcept>
#include <string>

#include "costmodel/allocate.hpp"

namespace costmodel::commitments {

std::string_view to_string(schedule_kind kind) noexcept {
    switch (kind) {
        case schedule_kind::always: return "always";
        case schedule_kind::business_hours: return "business_hours";
        case schedule_kind::weekdays: return "weekdays";
        case schedule_kind::daily: return "daily";
        case schedule_kind::weekly: return "weekly";
        case schedule_kind::hours: return "hours";
    }
    return "always";
}

std::vector<Decimal> hourly_weights(const schedule& s, std::int32_t hours) {
    if (hours < 0) throw std::invalid_argument("hourly_weights: negative number of hours");
    const auto count = static_cast<std::size_t>(hours);
    std::vector<Decimal> weights(count);
    const Decimal one(1);
    for (std::size_t h = 0; h < count; ++h) {
        const std::size_t weekday = (h / 24) % 7;  // 0 = Monday: the month starts on a Monday
        const auto hour_of_day = static_cast<std::int32_t>(h % 24);
        switch (s.kind) {
            case schedule_kind::always: weights[h] = one; break;
            case schedule_kind::business_hours:
                weights[h] = weekday < 5 && hour_of_day >= s.start_hour && hour_of_day < s.end_hour ? one : Decimal();
                break;
            case schedule_kind::weekdays: weights[h] = weekday < 5 ? one : Decimal(); break;
            case schedule_kind::daily: weights[h] = s.profile.at(static_cast<std::size_t>(hour_of_day)); break;
            case schedule_kind::weekly: weights[h] = s.profile.at(h % 168); break;
            case schedule_kind::hours: break;
        }
    }
    if (s.kind == schedule_kind::hours) {
        for (const std::int32_t h : s.hours) {
            if (h >= 0 && h < hours) weights[static_cast<std::size_t>(h)] = one;
        }
    }
    return weights;
}

Decimal total_weight(const schedule& s, std::int32_t hours) {
    Decimal sum;
    for (const Decimal& w : hourly_weights(s, hours)) sum += w;
    return sum;
}

std::vector<Decimal> spread(Decimal quantity, const std::vector<Decimal>& weights) {
    bool any = false;
    for (const Decimal& w : weights) any = any || !w.is_zero();
    if (!any) {
        if (!quantity.is_zero()) throw std::invalid_argument("spread: a quantity of " + quantity.to_string() + " over hours that all weigh 0");
        return std::vector<Decimal>(weights.size());
    }
    return allocate(quantity, weights);
}

std::int32_t whole_hours(Decimal hours_per_month) {
    if (!hours_per_month.is_integer() || hours_per_month <= Decimal() || hours_per_month > Decimal(8784)) {
        throw std::invalid_argument("a schedule needs hours_per_month to be a whole number of hours from 1 to 8784, got " +
                                    hours_per_month.to_string());
    }
    return static_cast<std::int32_t>(hours_per_month.units() / Decimal::units_per_one);
}

}  // namespace costmodel::commitments
