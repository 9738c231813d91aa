// Amortisation of a commitment's fees over its term's days (conventions in amortisation.hpp).

#include "costmodel/commitments/amortisation.hpp"

#include <algorithm>
#include <vector>

#include "costmodel/allocate.hpp"
#include "costmodel/input_error.hpp"

namespace costmodel {

namespace {

void check_fee(std::string_view source, std::string_view field, const Decimal& fee) {
    if (fee.is_negative()) {
        throw input_error(std::string(source), std::string(field), "expected a fee >= 0, got " + fee.to_string(), fee.to_string());
    }
}

// `amount` in `count` shares that sum to it exactly: the earliest shares take the units left over.
std::vector<Decimal> even_split(const Decimal& amount, std::size_t count) {
    const std::vector<Decimal> weights(count, Decimal(1));
    return allocate(amount, weights);
}

}  // namespace

amortisation amortize(const commitment_terms& terms, std::string_view source) {
    check_fee(source, "upfront", terms.upfront);
    if (terms.recurring_monthly && terms.recurring_hourly) {
        throw input_error(std::string(source), "recurring_hourly", "give recurring_monthly or recurring_hourly, not both",
                          terms.recurring_hourly->to_string());
    }
    if (terms.recurring_monthly) check_fee(source, "recurring_monthly", *terms.recurring_monthly);
    if (terms.recurring_hourly) check_fee(source, "recurring_hourly", *terms.recurring_hourly);
    if (terms.term_years && terms.end) {
        throw input_error(std::string(source), "end", "give term_years or end, not both", terms.end->to_string());
    }
    if (!terms.term_years && !terms.end) throw input_error(std::string(source), "term_years", "missing: give term_years (1 or 3) or end");
    if (terms.term_years && *terms.term_years != 1 && *terms.term_years != 3) {
        const std::string shown = std::to_string(*terms.term_years);
        throw input_error(std::string(source), "term_years", "expected 1 or 3 (years), got " + shown, shown);
    }

    amortisation result;
    result.start = terms.start;
    result.end = terms.end ? *terms.end : terms.start.plus_years(*terms.term_years);
    if (result.end <= result.start) {
        throw input_error(std::string(source), "end",
                          "the term must end after it starts (" + terms.start.to_string() + "), got " + result.end.to_string(),
                          result.end.to_string());
    }
    result.days = result.end - result.start;
    result.upfront = terms.upfront;
    const auto days = static_cast<std::size_t>(result.days);

    const std::vector<Decimal> upfront = even_split(terms.upfront, days);
    std::vector<Decimal> recurring(days);
    if (terms.recurring_hourly) {
        const Decimal per_day = *terms.recurring_hourly * Decimal(24);
        std::fill(recurring.begin(), recurring.end(), per_day);
    } else if (terms.recurring_monthly) {
        const Decimal fee = *terms.recurring_monthly;
        for (date month = result.start.first_of_month(); month < result.end; month = month.next_month()) {
            const date next = month.next_month();
            const date from = std::max(month, result.start);
            const date until = std::min(next, result.end);
            const std::int32_t in_term = until - from;
            const std::int32_t length = next - month;
            const Decimal share = in_term == length ? fee : Decimal::divide(fee * Decimal(in_term), Decimal(length));
            const std::vector<Decimal> parts = even_split(share, static_cast<std::size_t>(in_term));
            std::copy(parts.begin(), parts.end(), recurring.begin() + (from - result.start));
        }
    }

    auto& commitment = result.daily.add_string("commitment");
    auto& day = result.daily.add_date("date");
    auto& upfront_column = result.daily.add_decimal("upfront");
    auto& recurring_column = result.daily.add_decimal("recurring");
    auto& cost = result.daily.add_decimal("cost");
    result.daily.reserve(days);

    auto& month_commitment = result.monthly.add_string("commitment");
    auto& month_column = result.monthly.add_date("month");
    auto& month_days = result.monthly.add_int32("days");
    auto& month_upfront = result.monthly.add_decimal("upfront");
    auto& month_recurring = result.monthly.add_decimal("recurring");
    auto& month_cost = result.monthly.add_decimal("cost");

    Decimal sum_upfront, sum_recurring;
    std::int32_t in_month = 0;
    date current = result.start.first_of_month();
    const auto close_month = [&] {
        month_commitment.append(terms.id);
        month_column.append(current.days());
        month_days.append(in_month);
        month_upfront.append(sum_upfront);
        month_recurring.append(sum_recurring);
        month_cost.append(sum_upfront + sum_recurring);
    };
    for (std::size_t i = 0; i < days; ++i) {
        const date today = result.start.plus_days(static_cast<std::int32_t>(i));
        if (today.first_of_month() != current) {
            close_month();
            current = today.first_of_month();
            sum_upfront = Decimal();
            sum_recurring = Decimal();
            in_month = 0;
        }
        commitment.append(terms.id);
        day.append(today.days());
        upfront_column.append(upfront[i]);
        recurring_column.append(recurring[i]);
        cost.append(upfront[i] + recurring[i]);
        sum_upfront += upfront[i];
        sum_recurring += recurring[i];
        result.recurring += recurring[i];
        ++in_month;
    }
    close_month();
    result.total = result.upfront + result.recurring;
    return result;
}

}  // namespace costmodel
