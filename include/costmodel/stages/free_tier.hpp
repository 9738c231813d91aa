#pragma once
// Stage 3, free tier: the quantity of each usage row that the month's free allowance covers. Pools are
// drawn in row order (workload order) until they run out; several SKUs may share one pool (Lambda's
// 400,000 GB-seconds cover x86 and arm together). The allowance comes off before tiered pricing: tiers
// are filled by the usage that is charged (stage 4), as AWS bills it.
//
// Only for a scenario with free tiers on; otherwise no row draws anything. A usage table of several
// scenarios (estimate_many) gives each row's variant: every variant has its own month's allowance, and
// `free_tier_on` is then indexed by the `variant` column.

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/stages/resolve.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

struct free_tier_draws {
    std::vector<__int128> quantity;             // per usage row, in units of 10^-10 (0: nothing free)
    std::vector<const free_tier_pool*> pool;    // per distinct SKU of the refs: its pool, or nullptr
};

[[nodiscard]] inline free_tier_draws draw_free_tier(const table::table& usage, const sku_refs& refs, const catalog& prices,
                                                    std::span<const char> free_tier_on) {
    const bool by_variant = usage.has_column("variant");
    const std::span<const std::int32_t> row_variant = by_variant ? usage.int32s("variant") : std::span<const std::int32_t>{};
    free_tier_draws draws;
    draws.quantity.assign(usage.num_rows(), 0);
    draws.pool.assign(refs.skus.size(), nullptr);
    if (std::find(free_tier_on.begin(), free_tier_on.end(), char{1}) == free_tier_on.end()) return draws;

    std::vector<const free_tier_pool*> pools;  // in order of first use
    std::vector<__int128> used;
    std::vector<std::int32_t> pool_index(refs.skus.size(), -1);
    for (std::size_t s = 0; s < refs.skus.size(); ++s) {
        const sku& entry = *refs.skus[s];
        if (entry.free_tier.empty()) continue;
        const free_tier_pool* pool = prices.try_find_pool(entry.free_tier);
        if (pool == nullptr) continue;
        draws.pool[s] = pool;
        const auto known = std::find(pools.begin(), pools.end(), pool);
        pool_index[s] = static_cast<std::int32_t>(known - pools.begin());
        if (known == pools.end()) {
            pools.push_back(pool);
            used.push_back(0);
        }
    }

    const auto quantity = usage.decimals("quantity");
    std::int32_t variant = by_variant ? -1 : 0;
    for (std::size_t i = 0; i < usage.num_rows(); ++i) {
        if (by_variant && row_variant[i] != variant) {
            variant = row_variant[i];
            std::fill(used.begin(), used.end(), __int128{0});
        }
        if (!free_tier_on[static_cast<std::size_t>(variant)]) continue;
        const std::int32_t s = refs.row_sku[i];
        if (s < 0 || pool_index[static_cast<std::size_t>(s)] < 0) continue;
        const auto p = static_cast<std::size_t>(pool_index[static_cast<std::size_t>(s)]);
        const __int128 available = pools[p]->quantity.units() - used[p];
        const __int128 take = std::min(available, quantity[i]);
        if (take > 0) {
            draws.quantity[i] = take;
            used[p] += take;
        }
    }
    return draws;
}

// One scenario's usage table.
[[nodiscard]] inline free_tier_draws draw_free_tier(const table::table& usage, const sku_refs& refs, const catalog& prices,
                                                    bool free_tier_on) {
    const char on = free_tier_on ? 1 : 0;
    return draw_free_tier(usage, refs, prices, std::span<const char>(&on, 1));
}

}  // namespace costmodel::stages
