#pragma once
// Exclusive running sums by key: for each row, the sum of a value over the EARLIER rows that share
// its key, and how many they are — the mean of "the comparable earlier leases" of seed 001's anomaly
// rule, in one pass (no sort, no cumulative sum per group).
//
//   std::vector<std::int64_t> before(n), earlier(n);
//   bool exact = exclusive_running_sums<std::int64_t>(keys, values, key_count, before, earlier);
//
// Keys are dense: 0 <= key < key_count, or -1 for a row that belongs to no group (its sum and count are
// 0, and it adds to nothing). The per-key state is two arrays of key_count entries. Returns false, with
// the outputs unspecified, when a key is out of range or a sum leaves the value type; the caller then
// takes a wider path (the sums are exact or not returned at all).

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace costmodel::table {

template <class Value>
[[nodiscard]] bool exclusive_running_sums(std::span<const std::int64_t> keys, std::span<const Value> values,
                                          std::int64_t key_count, std::span<Value> before,
                                          std::span<std::int64_t> earlier) {
    const std::size_t n = keys.size();
    if (values.size() != n || before.size() != n || earlier.size() != n || key_count < 0) return false;
    std::vector<Value> sums(static_cast<std::size_t>(key_count), Value{});
    std::vector<std::int64_t> counts(static_cast<std::size_t>(key_count), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t key = keys[i];
        if (key < 0) {
            if (key != -1) return false;
            before[i] = Value{};
            earlier[i] = 0;
            continue;
        }
        if (key >= key_count) return false;
        const auto k = static_cast<std::size_t>(key);
        before[i] = sums[k];
        earlier[i] = counts[k]++;
        if (__builtin_add_overflow(sums[k], values[i], &sums[k])) return false;
    }
    return true;
}

}  // namespace costmodel::table
