#pragma once
// What the fuzz targets share: the errors documented for bad input (anything else escaping is a
// finding), and the check every catalog reader's result must pass.
#include <cstdlib>
#include <stdexcept>

#include "costmodel/catalog.hpp"
#include "costmodel/input_error.hpp"

namespace costmodel_fuzz {

// Runs `step`; true when it finished, false when it refused the input with a documented error.
template <class Step>
bool refuses_only_as_documented(Step&& step) {
    try {
        step();
        return true;
    } catch (const costmodel::input_error&) {
    } catch (const std::overflow_error&) {
    } catch (const std::domain_error&) {
    }
    return false;
}

// Every SKU and free-tier pool a catalog lists is found again by its key.
inline void check_lookups(const costmodel::catalog& prices) {
    for (const costmodel::sku* entry : prices.skus()) {
        if (prices.try_find(entry->key) != entry) std::abort();
    }
    for (const costmodel::free_tier_pool* pool : prices.pools()) {
        if (prices.try_find_pool(pool->name) != pool) std::abort();
    }
}

}  // namespace costmodel_fuzz
