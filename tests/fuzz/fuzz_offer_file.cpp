// Fuzz target: the reader of AWS Price List offer files (parse_offer_file). Every SKU and free-tier pool
// the catalog lists must be found again by its key. The documented errors for bad input are caught;
// anything else escaping, a crash, a sanitizer report, a leak or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "costmodel/catalog.hpp"
#include "costmodel/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const costmodel::catalog prices = costmodel::parse_offer_file(text, "fuzz.json");
        for (const costmodel::sku* entry : prices.skus()) {
            if (prices.try_find(entry->key) != entry) std::abort();
        }
        for (const costmodel::free_tier_pool* pool : prices.pools()) {
            if (prices.try_find_pool(pool->name) != pool) std::abort();
        }
    } catch (const costmodel::input_error&) {
    } catch (const costmodel::catalog_error&) {
    } catch (const std::overflow_error&) {
    } catch (const std::domain_error&) {
    }
    return 0;
}
