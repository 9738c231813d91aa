// Pricing metered usage: free-tier pools first, then price tiers filled by the scenario's aggregate
// usage of each SKU, in workload order.

#include "costmodel/estimate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace costmodel {

std::vector<metered_usage> meter(const scenario& s, std::vector<warning>* warnings) {
    std::vector<metered_usage> usage;
    usage.reserve(s.workloads.size() * 3);
    for (const workload& w : s.workloads) {
        usage_sink sink(w.name, std::string(service_name(w.spec)), s.settings.region);
        std::visit([&](const auto& spec) { meter(spec, s.settings, sink); }, w.spec);
        for (metered_usage& item : sink.usage()) usage.push_back(std::move(item));
        if (warnings != nullptr) {
            for (warning& item : sink.warnings()) warnings->push_back(std::move(item));
        }
    }
    return usage;
}

Decimal estimate_result::workload_total(std::string_view name) const {
    Decimal sum;
    for (const estimate_line& line : lines) {
        if (line.workload == name) sum += line.cost;
    }
    return sum;
}

namespace {

// Hash of a SKU key for the pricer's table of the SKUs a scenario uses: each part's length and its first
// and last 8 bytes. Cheap, and enough to tell a scenario's few dozen SKUs apart (equality decides).
struct sku_key_hash {
    static std::uint64_t mix(std::uint64_t h, const std::string& part) noexcept {
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        const std::size_t n = part.size();
        std::memcpy(&head, part.data(), std::min<std::size_t>(n, 8));
        if (n > 8) std::memcpy(&tail, part.data() + n - 8, 8);
        h = (h ^ (head + n)) * 0xFF51AFD7ED558CCDULL;
        h = (h ^ tail) * 0xC4CEB9FE1A85EC53ULL;
        return h ^ (h >> 29);
    }
    std::size_t operator()(const sku_key& key) const noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15ULL;
        h = mix(h, key.service);
        h = mix(h, key.usage_type);
        h = mix(h, key.region);
        h = mix(h, key.variant);
        return static_cast<std::size_t>(h);
    }
};

class pricer {
public:
    pricer(const scenario& s, const catalog& prices, estimate_result& out) : scenario_(s), catalog_(prices), out_(out) {}

    // Prices one metered usage: the free-tier part first (when free tiers are on), then one line per price
    // tier the SKU's aggregate usage reaches. The usage's strings are moved into its last line.
    void price(metered_usage& usage) {
        if (usage.stated_unit_price) {
            const Decimal unit_price = *usage.stated_unit_price;
            emit(usage, std::move(usage.component), usage.quantity, unit_price, {}, true);
            return;
        }
        sku_state& state = state_of(usage);
        const sku& entry = *state.entry;

        // The parts of the usage, in order: the free-tier part, then one part per tier reached.
        struct part {
            std::size_t tier;  // index of the price tier, or npos for the free-tier part
            Decimal quantity;
        };
        constexpr std::size_t free_part = static_cast<std::size_t>(-1);
        part parts[8];
        std::size_t count = 0;
        std::vector<part> more;  // only for a SKU with more than 7 tiers
        const auto add = [&](std::size_t tier, Decimal quantity) {
            if (count < std::size(parts)) parts[count++] = part{tier, quantity};
            else more.push_back(part{tier, quantity});
        };

        Decimal remaining = usage.quantity;
        bool emitted = false;
        if (state.pool != nullptr) {
            Decimal& used = pool_used_[state.pool_index];
            const Decimal available = state.pool->quantity - used;
            const Decimal free = std::min(available, remaining);
            if (free > Decimal()) {
                add(free_part, free);
                used += free;
                remaining -= free;
                emitted = true;
            }
        }
        Decimal& position = state.position;
        for (std::size_t t = 0; t < entry.tiers.size(); ++t) {
            const price_tier& tier = entry.tiers[t];
            if (tier.to && position >= *tier.to) continue;
            Decimal take = remaining;
            if (tier.to) take = std::min(take, *tier.to - position);
            if (take.is_zero() && emitted) break;
            add(t, take);
            emitted = true;
            position += take;
            remaining -= take;
            if (remaining.is_zero()) break;
        }

        const std::size_t total = count + more.size();
        for (std::size_t i = 0; i < total; ++i) {
            const part& p = i < count ? parts[i] : more[i - count];
            const bool last = i + 1 == total;
            if (p.tier == free_part) {
                emit(usage, usage.component + " (free tier)", p.quantity, Decimal(), "free tier: " + state.pool->description, last);
            } else {
                std::string component = entry.tiers.size() > 1
                                            ? usage.component + " (tier " + std::to_string(p.tier + 1) + ")"
                                            : (last ? std::move(usage.component) : usage.component);
                emit(usage, std::move(component), p.quantity, entry.tiers[p.tier].unit_price, {}, last);
            }
        }
    }

private:
    struct sku_state {
        const sku* entry = nullptr;
        Decimal position;                      // the scenario's usage of the SKU priced so far (tiers)
        const free_tier_pool* pool = nullptr;  // set only when free tiers are on and the SKU draws from one
        std::size_t pool_index = 0;
    };

    const scenario& scenario_;
    const catalog& catalog_;
    estimate_result& out_;
    std::unordered_map<sku_key, sku_state, sku_key_hash> skus_;
    std::vector<Decimal> pool_used_;                     // by pool, in order of first use
    std::vector<const free_tier_pool*> pools_;

    sku_state& state_of(const metered_usage& usage) {
        auto found = skus_.find(usage.key);
        if (found == skus_.end()) found = skus_.emplace(usage.key, first_use(usage.key)).first;
        const sku& entry = *found->second.entry;
        if (entry.unit != usage.unit) {
            throw catalog_error("catalog " + catalog_.id() + " prices " + usage.key.to_string() + " per " + entry.unit +
                                ", but the " + usage.service + " model meters it in " + usage.unit);
        }
        return found->second;
    }

    sku_state first_use(const sku_key& key) {
        const sku& entry = catalog_.find(key);
        sku_state state;
        state.entry = &entry;
        if (scenario_.settings.free_tier && !entry.free_tier.empty()) {
            if (const free_tier_pool* pool = catalog_.try_find_pool(entry.free_tier)) {
                state.pool = pool;
                const auto known = std::find(pools_.begin(), pools_.end(), pool);
                state.pool_index = static_cast<std::size_t>(known - pools_.begin());
                if (known == pools_.end()) {
                    pools_.push_back(pool);
                    pool_used_.emplace_back();
                }
            }
        }
        return state;
    }

    void emit(metered_usage& usage, std::string component, Decimal quantity, Decimal list_price, std::string extra_note,
              bool last) {
        const Decimal unit_price = usage.price_factor == Decimal(1) ? list_price : Decimal::multiply(list_price, usage.price_factor);
        Decimal cost = Decimal::multiply(quantity, unit_price);
        if (scenario_.settings.line_rounding != rounding_policy::none) {
            cost = apply_policy(Money(cost, scenario_.settings.currency_code), scenario_.settings.line_rounding).amount();
        }
        std::string note = last ? std::move(usage.note) : usage.note;
        if (!extra_note.empty()) note += (note.empty() ? "" : "; ") + extra_note;
        if (last) {
            out_.lines.push_back(estimate_line{std::move(usage.workload), std::move(usage.service), std::move(component), quantity,
                                               std::move(usage.unit), unit_price, cost, std::move(note)});
        } else {
            out_.lines.push_back(estimate_line{usage.workload, usage.service, std::move(component), quantity, usage.unit,
                                               unit_price, cost, std::move(note)});
        }
    }
};

}  // namespace

estimate_result estimate(const scenario& s, const catalog& prices) {
    if (prices.currency_code() != s.settings.currency_code) {
        throw catalog_error("scenario " + s.name + " is in " + std::string(s.settings.currency_code.code()) + " but catalog " +
                            prices.id() + " prices in " + std::string(prices.currency_code().code()));
    }
    estimate_result result;
    result.scenario = s.name;
    result.currency_code = s.settings.currency_code;
    result.catalog_id = prices.id();
    result.catalog_effective = prices.effective();

    std::vector<metered_usage> usage = meter(s, &result.warnings);
    result.lines.reserve(usage.size() + usage.size() / 4);
    pricer engine(s, prices, result);
    for (metered_usage& item : usage) engine.price(item);

    for (const estimate_line& line : result.lines) {
        auto found = std::find_if(result.services.begin(), result.services.end(),
                                  [&](const auto& entry) { return entry.first == line.service; });
        if (found == result.services.end()) {
            result.services.emplace_back(line.service, line.cost);
        } else {
            found->second += line.cost;
        }
        result.total += line.cost;
    }
    if (s.users) result.cost_per_user = result.total / *s.users;

    for (const auto& [name, stated] : s.stated.lines) {
        const Decimal computed = result.workload_total(name);
        result.audit.push_back(audit_item{name, stated.value, computed, stated.value - computed, stated.text});
    }
    if (s.stated.total) {
        const stated_amount& stated = *s.stated.total;
        result.audit.push_back(audit_item{"total", stated.value, result.total, stated.value - result.total, stated.text});
    }
    return result;
}

estimate_result estimate(const scenario& s) {
    if (s.catalog == "builtin") return estimate(s, builtin_catalog());
    return estimate(s, load_catalog(s.catalog));
}

}  // namespace costmodel
