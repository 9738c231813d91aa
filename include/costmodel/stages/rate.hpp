#pragma once
// Stage 4, rate: usage table + SKUs + free-tier draws → the priced line table. Each usage row becomes
// its free-tier line (when the allowance covers some of it), then one line per price tier its SKU's
// aggregate usage reaches: tiers are filled by the scenario's usage of the SKU in row order (one
// account, one region), so the second workload on a SKU starts where the first one stopped.
//
// Line table columns (strings dictionary-encoded; the first eight are the contract's line keys):
//   workload, service, component ("duration (tier 2)", "requests (free tier)"), quantity, unit,
//   unit_price, cost, note, then
//   sku               "lambda/duration[arm64]@us-east-1"; null for a price the scenario states
//   list_unit_price   the catalog's tier price (the stated price for a stated line; 0 on free lines)
//   list_cost         quantity × list_unit_price
// A usage table of several scenarios (estimate_many) gives each row's variant, rows of one variant
// together: the lines then start with an int32 `variant` column, and each variant fills its own tiers.
//
// unit_price = list_unit_price × the row's price factor (1, or 1 − a Spot discount); cost = quantity ×
// unit_price; products are rounded half-even to 10 fractional digits. Later stages (commitments, line
// rounding) change unit_price and cost and leave the list columns as they are.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/stages/free_tier.hpp"
#include "costmodel/stages/resolve.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::stages {

namespace detail {

// Output codes of strings derived from an input code, made once per distinct input (a scenario has a
// few dozen components and notes repeat): the hot loop appends codes, never text.
class derived_codes {
public:
    template <class Make>
    std::int32_t get(table::string_column& out, std::int32_t input, std::int32_t variant, Make&& make) {
        const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(input)) << 32) |
                                  static_cast<std::uint32_t>(variant);
        if (index_.empty()) {
            for (const auto& [k, code] : entries_) {
                if (k == key) return code;
            }
        } else if (const auto found = index_.find(key); found != index_.end()) {
            return found->second;
        }
        const std::int32_t code = out.intern(make());
        entries_.emplace_back(key, code);
        if (!index_.empty()) index_.emplace(key, code);
        else if (entries_.size() > short_list) index_.insert(entries_.begin(), entries_.end());
        return code;
    }

private:
    // A short list searched in order, as a scenario derives a few dozen components and SKU names (a
    // hash map cost more to build for a small estimate than its look-ups saved); past that length
    // (free-tier notes, one per note) a hash map.
    static constexpr std::size_t short_list = 32;
    std::vector<std::pair<std::uint64_t, std::int32_t>> entries_;
    std::unordered_map<std::uint64_t, std::int32_t> index_;
};

}  // namespace detail

// A line's cost beyond the Decimal range: the workload (and, in a batch, the variant) it belongs to.
class line_overflow : public std::overflow_error {
public:
    line_overflow(const std::string& message, std::string workload, std::int32_t variant)
        : std::overflow_error(message), workload_(std::move(workload)), variant_(variant) {}
    [[nodiscard]] const std::string& workload() const noexcept { return workload_; }
    [[nodiscard]] std::int32_t variant() const noexcept { return variant_; }

private:
    std::string workload_;
    std::int32_t variant_;
};

inline constexpr std::int32_t free_tier_part = -1;   // the part of a row a free-tier pool covers
inline constexpr std::int32_t stated_price_part = -2;  // a row priced at the scenario's own price

[[nodiscard]] inline table::table rate(const table::table& usage, const sku_refs& refs, const free_tier_draws& free) {
    const std::size_t rows = usage.num_rows();
    const bool by_variant = usage.has_column("variant");
    const std::span<const std::int32_t> row_variant = by_variant ? usage.int32s("variant") : std::span<const std::int32_t>{};
    const auto quantity = usage.decimals("quantity");
    const auto factor = usage.decimals("price_factor");
    const auto& stated = usage.get_as<table::decimal_column>("stated_unit_price");

    // The lines, as parallel vectors first: the usage row each comes from, which part of it, how much.
    std::vector<std::int32_t> source;
    std::vector<std::int32_t> part;
    std::vector<__int128> line_quantity;
    std::vector<__int128> list_price;
    source.reserve(rows + rows / 4);
    part.reserve(rows + rows / 4);
    line_quantity.reserve(rows + rows / 4);
    list_price.reserve(rows + rows / 4);
    const auto add = [&](std::size_t row, std::int32_t which, __int128 amount, __int128 price) {
        source.push_back(static_cast<std::int32_t>(row));
        part.push_back(which);
        line_quantity.push_back(amount);
        list_price.push_back(price);
    };

    std::vector<__int128> position(refs.skus.size(), 0);  // each SKU's usage priced so far, for its tiers
    std::int32_t variant = -1;
    for (std::size_t i = 0; i < rows; ++i) {
        if (by_variant && row_variant[i] != variant) {
            variant = row_variant[i];
            std::fill(position.begin(), position.end(), __int128{0});
        }
        const std::int32_t s = refs.row_sku[i];
        if (s < 0) {
            add(i, stated_price_part, quantity[i], stated[i].units());
            continue;
        }
        const sku& entry = *refs.skus[static_cast<std::size_t>(s)];
        __int128 remaining = quantity[i];
        bool emitted = false;
        if (free.quantity[i] > 0) {
            add(i, free_tier_part, free.quantity[i], 0);
            remaining -= free.quantity[i];
            emitted = true;
        }
        __int128& at = position[static_cast<std::size_t>(s)];
        for (std::size_t t = 0; t < entry.tiers.size(); ++t) {
            const price_tier& tier = entry.tiers[t];
            if (tier.to && at >= tier.to->units()) continue;
            __int128 take = remaining;
            if (tier.to) take = std::min(take, tier.to->units() - at);
            if (take == 0 && emitted) break;
            add(i, static_cast<std::int32_t>(t), take, tier.unit_price.units());
            emitted = true;
            at += take;
            remaining -= take;
            if (remaining == 0) break;
        }
    }

    // The line table, column by column.
    const std::size_t lines = source.size();
    table::table out;
    table::int32_column* variant_column = by_variant ? &out.add_int32("variant") : nullptr;
    auto& workload = out.add_string("workload");
    auto& service = out.add_string("service");
    auto& component = out.add_string("component");
    auto& line_quantity_column = out.add_decimal("quantity");
    auto& unit = out.add_string("unit");
    auto& unit_price = out.add_decimal("unit_price");
    auto& cost = out.add_decimal("cost");
    auto& note = out.add_string("note");
    auto& sku_name = out.add_string("sku", true);
    auto& list_unit_price = out.add_decimal("list_unit_price");
    auto& list_cost = out.add_decimal("list_cost");
    out.reserve(lines);

    // Workload, service, unit and note keep the usage table's dictionaries (shared, not copied), so
    // their codes are appended as they are.
    const auto& in_workload = usage.strings("workload");
    const auto& in_service = usage.strings("service");
    const auto& in_component = usage.strings("component");
    const auto& in_unit = usage.strings("unit");
    const auto& in_note = usage.strings("note");
    workload.share_dictionary(in_workload);
    service.share_dictionary(in_service);
    unit.share_dictionary(in_unit);
    note.share_dictionary(in_note);
    const auto workload_codes = in_workload.codes();
    const auto service_codes = in_service.codes();
    const auto component_codes = in_component.codes();
    const auto unit_codes = in_unit.codes();
    const auto note_codes = in_note.codes();
    detail::derived_codes components, free_notes, sku_names;
    // Derived texts are written here, reused, and interned from it.
    std::string text;
    const auto build = [&text](auto... parts) -> std::string_view {
        text.clear();
        (text.append(parts), ...);
        return text;
    };

    for (std::size_t l = 0; l < lines; ++l) {
        const auto row = static_cast<std::size_t>(source[l]);
        const std::int32_t which = part[l];
        const std::int32_t s = refs.row_sku[row];
        if (variant_column != nullptr) variant_column->append(row_variant[row]);
        workload.append_code(workload_codes[row]);
        service.append_code(service_codes[row]);
        unit.append_code(unit_codes[row]);

        const std::int32_t in_component_code = component_codes[row];
        const std::string_view base = in_component.dictionary()[in_component_code];
        if (which == free_tier_part) {
            component.append_code(components.get(component, in_component_code, -1, [&] { return build(base, std::string_view(" (free tier)")); }));
            const free_tier_pool& pool = *free.pool[static_cast<std::size_t>(s)];
            const std::string_view row_note = in_note.dictionary()[note_codes[row]];
            note.append_code(free_notes.get(note, note_codes[row], s, [&] {
                return build(row_note, std::string_view(row_note.empty() ? "" : "; "), std::string_view("free tier: "),
                             std::string_view(pool.description));
            }));
        } else {
            const bool tiered = s >= 0 && refs.skus[static_cast<std::size_t>(s)]->tiers.size() > 1;
            if (tiered) {
                component.append_code(components.get(component, in_component_code, which + 1,
                                                     [&] {
                                                         char digits[12];
                                                         const int n = std::snprintf(digits, sizeof digits, "%d", which + 1);
                                                         return build(base, std::string_view(" (tier "),
                                                                      std::string_view(digits, static_cast<std::size_t>(n)), std::string_view(")"));
                                                     }));
            } else {
                component.append_code(components.get(component, in_component_code, 0, [&] { return base; }));
            }
            note.append_code(note_codes[row]);
        }
        if (s < 0) sku_name.append_null();
        else sku_name.append_code(sku_names.get(sku_name, s, 0, [&] {
            // The text of sku_key::to_string ("lambda/duration[arm64]@us-east-1"), without its temporaries.
            const sku_key& key = refs.skus[static_cast<std::size_t>(s)]->key;
            if (key.variant.empty()) return build(std::string_view(key.service), std::string_view("/"), std::string_view(key.usage_type),
                                                  std::string_view("@"), std::string_view(key.region));
            return build(std::string_view(key.service), std::string_view("/"), std::string_view(key.usage_type), std::string_view("["),
                         std::string_view(key.variant), std::string_view("]@"), std::string_view(key.region));
        }));

        const Decimal q = Decimal::from_units(line_quantity[l]);
        const Decimal list = Decimal::from_units(list_price[l]);
        const Decimal f = Decimal::from_units(factor[row]);
        Decimal effective, listed, charged;
        try {
            effective = f == Decimal(1) ? list : Decimal::multiply(list, f);
            listed = Decimal::multiply(q, list);
            charged = effective == list ? listed : Decimal::multiply(q, effective);
        } catch (const std::overflow_error& error) {
            throw line_overflow(std::string(error.what()) + " in the cost of " + std::string(in_component.dictionary()[in_component_code]),
                                std::string(in_workload.dictionary()[workload_codes[row]]), by_variant ? row_variant[row] : 0);
        }
        line_quantity_column.append(q);
        list_unit_price.append(list);
        unit_price.append(effective);
        list_cost.append(listed);
        cost.append(charged);
    }
    return out;
}

}  // namespace costmodel::stages
