#pragma once
// What a service model produces: metered usage in the units the catalog prices, and warnings.
// Service models only meter (billing granularity, minimums, unit conversion); pricing them — free
// tiers, tiers aggregated across workloads, discounts — is the estimate's job (estimate.hpp).

#include <optional>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/units.hpp"

namespace costmodel {

struct metered_usage {
    std::string workload;
    std::string service;    // the workload's service ("glue_job", "fargate", ...)
    std::string component;  // what the line is for: "vcpu", "memory", "duration", "requests", ...
    sku_key key;            // which price applies (region filled in by the model from the settings)
    std::string unit;       // the unit of `quantity`; must equal the SKU's unit
    Decimal quantity;
    // Multiplies the catalog price: 1 normally; 1 − discount for Fargate Spot and similar.
    Decimal price_factor = Decimal(1);
    std::string note;       // how the quantity was formed, shown beside the line ("4 runs × 30 min × 4 vCPU")
    // A price the scenario states itself (a fixed charge, an EC2 hourly rate): no catalog lookup.
    std::optional<Decimal> stated_unit_price;
    friend bool operator==(const metered_usage&, const metered_usage&) = default;
};

struct warning {
    std::string workload;
    std::string message;
    friend bool operator==(const warning&, const warning&) = default;
};

// Collects what the service models meter, in order.
class usage_sink {
public:
    explicit usage_sink(std::string workload, std::string service, std::string region)
        : workload_(std::move(workload)), service_(std::move(service)), region_(std::move(region)) {}

    // Meters `amount` of Unit for `component`, priced by the SKU (catalog_service, usage_type, variant)
    // in the scenario's region.
    template <class Unit>
    void add(std::string component, std::string catalog_service, std::string usage_type, std::string variant,
             quantity<Unit> amount, std::string note = {}, Decimal price_factor = Decimal(1)) {
        usage_.push_back(metered_usage{workload_, service_, std::move(component),
                                       sku_key{std::move(catalog_service), std::move(usage_type), region_, std::move(variant)},
                                       std::string(Unit::name), amount.value(), price_factor, std::move(note), std::nullopt});
    }
    // Meters usage whose price the scenario states (no catalog SKU is looked up).
    template <class Unit>
    void add_at_stated_price(std::string component, quantity<Unit> amount, Decimal unit_price, std::string note = {}) {
        usage_.push_back(metered_usage{workload_, service_, std::move(component), sku_key{service_, "stated", region_, {}},
                                       std::string(Unit::name), amount.value(), Decimal(1), std::move(note), unit_price});
    }
    void warn(std::string message) { warnings_.push_back(warning{workload_, std::move(message)}); }

    [[nodiscard]] const std::string& workload() const noexcept { return workload_; }
    [[nodiscard]] const std::string& region() const noexcept { return region_; }
    [[nodiscard]] std::vector<metered_usage>& usage() noexcept { return usage_; }
    [[nodiscard]] std::vector<warning>& warnings() noexcept { return warnings_; }

private:
    std::string workload_;
    std::string service_;
    std::string region_;
    std::vector<metered_usage> usage_;
    std::vector<warning> warnings_;
};

}  // namespace costmodel
