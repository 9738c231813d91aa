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

// Distinct keys → index, open addressing over a power-of-two array: a scenario has a few dozen keys,
// and a node-based map cost a small estimate an allocation per key.
class sku_index {
public:
    // The slot of `key`: `found` tells whether it is in; else insert(slot, key, value) adds it there.
    std::size_t probe(const sku_codes& key, bool& found) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = sku_codes_hash{}(key) & mask;; slot = (slot + 1) & mask) {
            if (slots_[slot].value < 0) {
                found = false;
                return slot;
            }
            if (slots_[slot].key == key) {
                found = true;
                return slot;
            }
        }
    }
    [[nodiscard]] std::int32_t value(std::size_t slot) const { return slots_[slot].value; }
    void insert(std::size_t slot, const sku_codes& key, std::int32_t value) {
        slots_[slot] = entry{key, value};
        ++count_;
    }

private:
    struct entry {
        sku_codes key{};
        std::int32_t value = -1;  // empty
    };
    std::vector<entry> slots_;
    std::size_t count_ = 0;

    void grow() {
        std::vector<entry> old(slots_.empty() ? 64 : slots_.size() * 2);
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const entry& e : old) {
            if (e.value < 0) continue;
            std::size_t slot = sku_codes_hash{}(e.key) & mask;
            while (slots_[slot].value >= 0) slot = (slot + 1) & mask;
            slots_[slot] = e;
        }
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
    detail::sku_index index;
    std::vector<std::int32_t> sku_unit;  // per distinct SKU: its unit's code (the usage_unit value)
    for (std::size_t i = 0; i < rows; ++i) {
        if (!stated.is_null(i)) {
            refs.row_sku[i] = -1;
            continue;
        }
        const detail::sku_codes key{service_codes[i], usage_type_codes[i], region_codes[i], variant_codes[i]};
        bool known = false;
        const std::size_t slot = index.probe(key, known);
        if (!known) {
            const sku& entry = prices.find(sku_key{std::string(service[i]), std::string(usage_type[i]), std::string(region[i]),
                                                   std::string(variant[i])});
            const auto priced_in = parse_usage_unit(entry.unit);
            refs.skus.push_back(&entry);
            sku_unit.push_back(priced_in ? static_cast<std::int32_t>(*priced_in) : -1);
            index.insert(slot, key, static_cast<std::int32_t>(refs.skus.size() - 1));
        }
        const std::int32_t at = index.value(slot);
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
