#pragma once
// Stage 7, roll-up: the line table's costs summed per service, per workload and in all, exactly.
// Sums are accumulated per dictionary code (a dense index) in one pass over the cost column; the
// line table's dictionaries hold services and workloads in order of first appearance, so the sums come
// out in that order. A sum beyond the Decimal range throws std::overflow_error.

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

struct roll_up_result {
    std::vector<std::pair<std::string, Decimal>> services;   // in order of first appearance
    std::vector<std::pair<std::string, Decimal>> workloads;  // in order of first appearance
    Decimal total;
};

namespace detail {

[[nodiscard]] inline std::vector<std::pair<std::string, Decimal>> sums_by(const table::string_column& keys,
                                                                          std::span<const __int128> cost, std::string_view what) {
    const auto codes = keys.codes();
    const std::size_t distinct = keys.dictionary().size();
    std::vector<Decimal> sums(distinct);
    std::vector<std::int32_t> order;  // codes in order of first appearance among the rows
    std::vector<bool> seen(distinct, false);
    for (std::size_t i = 0; i < codes.size(); ++i) {
        const auto code = static_cast<std::size_t>(codes[i]);
        if (!seen[code]) {
            seen[code] = true;
            order.push_back(codes[i]);
        }
        try {
            sums[code] += Decimal::from_units(cost[i]);
        } catch (const std::overflow_error&) {
            throw std::overflow_error("the sum of the lines of " + std::string(what) + " \"" + std::string(keys.dictionary()[codes[i]]) +
                                      "\" is beyond the Decimal range");
        }
    }
    std::vector<std::pair<std::string, Decimal>> result;
    result.reserve(order.size());
    for (const std::int32_t code : order) result.emplace_back(std::string(keys.dictionary()[code]), sums[static_cast<std::size_t>(code)]);
    return result;
}

}  // namespace detail

[[nodiscard]] inline roll_up_result roll_up(const table::table& lines) {
    const auto cost = lines.decimals("cost");
    roll_up_result result;
    result.services = detail::sums_by(lines.strings("service"), cost, "service");
    result.workloads = detail::sums_by(lines.strings("workload"), cost, "workload");
    for (const auto& [name, sum] : result.services) {
        try {
            result.total += sum;
        } catch (const std::overflow_error&) {
            throw std::overflow_error("the sum of the lines is beyond the Decimal range, reached at service \"" + name + "\"");
        }
    }
    return result;
}

}  // namespace costmodel::stages
