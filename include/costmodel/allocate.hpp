#pragma once
// Splitting an amount into shares that sum to it exactly: the largest-remainder method.
//
// The total is counted in `unit`s (10^-10 by default; 0.01 to split cents). Each share first gets the
// floor of its exact quota total × weight / sum(weights); the units left over (fewer than the number
// of shares) go one each to the shares with the largest remainders; ties go to the larger weight,
// then to the lower index. A zero weight gets exactly zero. A negative total is split by its
// magnitude and every share keeps the sign, so allocate(-t, w) == -allocate(t, w).

#include <algorithm>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/money.hpp"

namespace costmodel {

[[nodiscard]] inline std::vector<Decimal> allocate(Decimal total, std::span<const Decimal> weights,
                                                   Decimal unit = Decimal::epsilon()) {
    using detail::int256;
    if (weights.empty()) throw std::invalid_argument("allocate: no weights given");
    if (unit <= Decimal()) throw std::invalid_argument("allocate: unit must be positive, got " + unit.to_string());
    int256 weight_sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] < Decimal()) {
            throw std::invalid_argument("allocate: weight " + std::to_string(i) + " is negative (" +
                                        weights[i].to_string() + "); weights must be >= 0");
        }
        weight_sum += detail::to_int256(Decimal::magnitude_of(weights[i].units()));
    }
    if (weight_sum == 0) throw std::invalid_argument("allocate: all weights are zero; at least one must be > 0");

    const auto total_units = Decimal::magnitude_of(total.units());
    const auto unit_units = Decimal::magnitude_of(unit.units());
    if (total_units % unit_units != 0) {
        throw std::invalid_argument("allocate: total " + total.to_string() + " is not a whole number of units of " +
                                    unit.to_string());
    }
    const int256 count = detail::to_int256(total_units / unit_units);  // how many units to hand out

    const std::size_t n = weights.size();
    std::vector<int256> shares(n);
    std::vector<int256> remainders(n);
    int256 handed_out = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const int256 numerator = count * detail::to_int256(Decimal::magnitude_of(weights[i].units()));
        shares[i] = numerator / weight_sum;
        remainders[i] = numerator - shares[i] * weight_sum;
        handed_out += shares[i];
    }
    auto leftover = static_cast<std::size_t>(count - handed_out);  // < n, since each remainder < 1 unit
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (remainders[a] != remainders[b]) return remainders[a] > remainders[b];
        if (weights[a] != weights[b]) return weights[a] > weights[b];
        return a < b;
    });
    for (std::size_t k = 0; k < leftover; ++k) shares[order[k]] += 1;

    std::vector<Decimal> result;
    result.reserve(n);
    const bool negative = total.is_negative();
    for (std::size_t i = 0; i < n; ++i) {
        const auto units = static_cast<__int128>(detail::from_int256(shares[i] * detail::to_int256(unit_units)));
        result.push_back(Decimal::from_units(negative ? -units : units));
    }
    return result;
}

[[nodiscard]] inline std::vector<Money> allocate(Money total, std::span<const Decimal> weights,
                                                 Decimal unit = Decimal::epsilon()) {
    std::vector<Money> result;
    for (Decimal share : allocate(total.amount(), weights, unit)) result.emplace_back(share, total.currency_code());
    return result;
}

}  // namespace costmodel
