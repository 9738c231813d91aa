#pragma once
// Stage 2, resolve: usage table + catalog → the SKU each usage row is priced by. A scenario uses a few
// dozen distinct SKUs however many rows it has, so the catalog is searched once per distinct key (four
// dictionary codes) and every row gets an index into that short list. This is also where a price meets
// a quantity: the catalog's unit must be the unit the row was metered in.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/table/table.hpp"
#include "costmodel/units.hpp"

namespace costmodel::stages {

struct sku_refs {
    std::vector<const sku*> skus;       // the distinct SKUs, in order of first use
    std::vector<std::int32_t> row_sku;  // per usage row: an index into `skus`, or -1 for a stated price
};

namespace detail {

struct sku_codes {
    std::int32_t service, usage_type, region, variant;
    friend bool operator==(const sku_codes&, const sku_codes&) = default;
};
struct sku_codes_hash {
    std::size_t operator()(const sku_codes& k) const noexcept {
        std::uint64_t h = static_cast<std::uint32_t>(k.service) | (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.usage_type)) << 32);
        h *= 0x9E3779B97F4A7C15ULL;
        h ^= static_cast<std::uint32_t>(k.region) | (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.variant)) << 32);
        h *= 0xC2B2AE3D27D4EB4FULL;
        return static_cast<std::size_t>(h ^ (h >> 31));
    }
};

}  // namespace detail

// Throws catalog_error naming the key when the catalog has no such SKU, or when it prices the SKU per
// another unit than the service model metered.
[[nodiscard]] inline sku_refs resolve_skus(const table::table& usage, const catalog& prices) {
    const auto& service = usage.strings("sku_service");
    const auto& usage_type = usage.strings("usage_type");
    const auto& region = usage.strings("region");
    const auto& variant = usage.strings("sku_variant");
    const auto& unit = usage.strings("unit");
    const auto& workload_service = usage.strings("service");
    const auto& stated = usage.get(std::string_view("stated_unit_price"));
    const auto service_codes = service.codes();
    const auto usage_type_codes = usage_type.codes();
    const auto region_codes = region.codes();
    const auto variant_codes = variant.codes();
    const auto unit_codes = unit.codes();

    sku_refs refs;
    const std::size_t rows = usage.num_rows();
    refs.row_sku.resize(rows);
    std::unordered_map<detail::sku_codes, std::int32_t, detail::sku_codes_hash> index;
    std::vector<std::int32_t> sku_unit;  // per distinct SKU: its unit's code (the usage_unit value)
    for (std::size_t i = 0; i < rows; ++i) {
        if (!stated.is_null(i)) {
            refs.row_sku[i] = -1;
            continue;
        }
        const detail::sku_codes key{service_codes[i], usage_type_codes[i], region_codes[i], variant_codes[i]};
        auto found = index.find(key);
        if (found == index.end()) {
            const sku& entry = prices.find(sku_key{std::string(service[i]), std::string(usage_type[i]), std::string(region[i]),
                                                   std::string(variant[i])});
            const auto priced_in = parse_usage_unit(entry.unit);
            refs.skus.push_back(&entry);
            sku_unit.push_back(priced_in ? static_cast<std::int32_t>(*priced_in) : -1);
            found = index.emplace(key, static_cast<std::int32_t>(refs.skus.size() - 1)).first;
        }
        const std::int32_t at = found->second;
        if (sku_unit[static_cast<std::size_t>(at)] != unit_codes[i]) {
            const sku& entry = *refs.skus[static_cast<std::size_t>(at)];
            throw catalog_error("catalog " + prices.id() + " prices " + entry.key.to_string() + " per " + entry.unit + ", but the " +
                                std::string(workload_service[i]) + " model meters it in " + std::string(unit[i]));
        }
        refs.row_sku[i] = at;
    }
    return refs;
}

}  // namespace costmodel::stages
