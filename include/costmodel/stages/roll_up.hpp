#pragma once
// Stage 8, roll-up: the line table's costs summed per service, per workload and in all, exactly.
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

// Exact sums by dictionary code (a dense index), remembering the order in which codes first appear.
// drain() hands the sums over in that order and starts afresh, so one set of buffers serves every
// variant of a batch. add() throws std::overflow_error beyond the Decimal range.
class code_sums {
public:
    explicit code_sums(std::size_t distinct) : sums_(distinct), seen_(distinct, false) {}

    void add(std::int32_t code, Decimal amount) {
        const auto c = static_cast<std::size_t>(code);
        if (!seen_[c]) {
            seen_[c] = true;
            order_.push_back(code);
        }
        sums_[c] += amount;
    }
    template <class Visit>
    void drain(Visit&& visit) {
        for (const std::int32_t code : order_) {
            const auto c = static_cast<std::size_t>(code);
            visit(code, sums_[c]);
            sums_[c] = Decimal();
            seen_[c] = false;
        }
        order_.clear();
    }

private:
    std::vector<Decimal> sums_;
    std::vector<bool> seen_;
    std::vector<std::int32_t> order_;
};

[[nodiscard]] inline std::vector<std::pair<std::string, Decimal>> sums_by(const table::string_column& keys,
                                                                          std::span<const __int128> cost, std::string_view what) {
    const auto codes = keys.codes();
    code_sums sums(keys.dictionary().size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
        try {
            sums.add(codes[i], Decimal::from_units(cost[i]));
        } catch (const std::overflow_error&) {
            throw std::overflow_error("the sum of the lines of " + std::string(what) + " \"" + std::string(keys.dictionary()[codes[i]]) +
                                      "\" is beyond the Decimal range");
        }
    }
    std::vector<std::pair<std::string, Decimal>> result;
    sums.drain([&](std::int32_t code, Decimal sum) { result.emplace_back(std::string(keys.dictionary()[code]), sum); });
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
