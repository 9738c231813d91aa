// Pricing metered usage: free-tier pools first, then price tiers filled by the scenario's aggregate
// usage of each SKU, in workload order.

#include "costmodel/estimate.hpp"

#include <algorithm>
#include <map>

namespace costmodel {

std::vector<metered_usage> meter(const scenario& s, std::vector<warning>* warnings) {
    std::vector<metered_usage> usage;
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

class pricer {
public:
    pricer(const scenario& s, const catalog& prices, estimate_result& out) : scenario_(s), catalog_(prices), out_(out) {}

    void price(const metered_usage& usage) {
        if (usage.stated_unit_price) {
            emit(usage, usage.component, usage.quantity, *usage.stated_unit_price);
            return;
        }
        const sku& entry = catalog_.find(usage.key);
        if (entry.unit != usage.unit) {
            throw catalog_error("catalog " + catalog_.id() + " prices " + usage.key.to_string() + " per " + entry.unit +
                                ", but the " + usage.service + " model meters it in " + usage.unit);
        }
        Decimal remaining = usage.quantity;
        bool emitted = false;
        if (scenario_.settings.free_tier && !entry.free_tier.empty()) {
            if (const free_tier_pool* pool = catalog_.try_find_pool(entry.free_tier)) {
                Decimal& used = pool_used_[pool->name];
                const Decimal available = pool->quantity - used;
                const Decimal free = std::min(available, remaining);
                if (free > Decimal()) {
                    emit(usage, usage.component + " (free tier)", free, Decimal(), "free tier: " + pool->description);
                    used += free;
                    remaining -= free;
                    emitted = true;
                }
            }
        }
        Decimal& position = tier_position_[usage.key];
        for (std::size_t t = 0; t < entry.tiers.size(); ++t) {
            const price_tier& tier = entry.tiers[t];
            if (tier.to && position >= *tier.to) continue;
            Decimal take = remaining;
            if (tier.to) take = std::min(take, *tier.to - position);
            if (take.is_zero() && emitted) break;
            const std::string component =
                entry.tiers.size() > 1 ? usage.component + " (tier " + std::to_string(t + 1) + ")" : usage.component;
            emit(usage, component, take, tier.unit_price);
            emitted = true;
            position += take;
            remaining -= take;
            if (remaining.is_zero()) break;
        }
    }

private:
    const scenario& scenario_;
    const catalog& catalog_;
    estimate_result& out_;
    std::map<sku_key, Decimal> tier_position_;
    std::map<std::string, Decimal, std::less<>> pool_used_;

    void emit(const metered_usage& usage, std::string component, Decimal quantity, Decimal list_price,
              std::string extra_note = {}) {
        const Decimal unit_price = usage.price_factor == Decimal(1) ? list_price : Decimal::multiply(list_price, usage.price_factor);
        Decimal cost = Decimal::multiply(quantity, unit_price);
        if (scenario_.settings.line_rounding != rounding_policy::exact) {
            cost = apply_policy(Money(cost, scenario_.settings.currency_code), scenario_.settings.line_rounding).amount();
        }
        std::string note = usage.note;
        if (!extra_note.empty()) note += (note.empty() ? "" : "; ") + extra_note;
        out_.lines.push_back(estimate_line{usage.workload, usage.service, std::move(component), quantity, usage.unit,
                                           unit_price, cost, std::move(note)});
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

    const std::vector<metered_usage> usage = meter(s, &result.warnings);
    pricer engine(s, prices, result);
    for (const metered_usage& item : usage) engine.price(item);

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
        result.audit.push_back(audit_item{name, stated, computed, stated - computed});
    }
    if (s.stated.total) {
        result.audit.push_back(audit_item{"total", *s.stated.total, result.total, *s.stated.total - result.total});
    }
    return result;
}

estimate_result estimate(const scenario& s) {
    if (s.catalog == "builtin") return estimate(s, builtin_catalog());
    return estimate(s, load_catalog(s.catalog));
}

}  // namespace costmodel
