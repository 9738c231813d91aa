#pragma once
// Pricing a scenario: every metered usage becomes one line per price tier it reaches
// (quantity × unit price = cost), with per-service subtotals, the total, cost per user, warnings and an
// audit of the figures the scenario states.
//
// Conventions (docs/conventions.md): tiers apply to the scenario's aggregate usage of a SKU (one
// account, one region, one variant), filled in workload order; free tiers, when on, are drawn first,
// in workload order, and their lines cost 0; a line's cost is quantity × unit price rounded half-even
// to 10 fractional digits, or half-up to cents with line_rounding "cents".

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/money.hpp"
#include "costmodel/scenario.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

struct estimate_line {
    std::string workload;
    std::string service;
    std::string component;  // "vcpu", "duration (tier 2)", "requests (free tier)", ...
    Decimal quantity;
    std::string unit;
    Decimal unit_price;
    Decimal cost;
    std::string note;
    friend bool operator==(const estimate_line&, const estimate_line&) = default;
};

struct audit_item {
    std::string item;  // a workload name, or "total"
    Decimal stated;
    Decimal computed;
    Decimal difference;  // stated − computed
    std::string stated_text;  // the stated figure with the document's own places ("4.40")
    // The stated figure as the document wrote it; canonical text for an item built without one.
    [[nodiscard]] std::string stated_as_written() const { return stated_text.empty() ? stated.to_string() : stated_text; }
    friend bool operator==(const audit_item&, const audit_item&) = default;
};

struct estimate_result {
    std::string scenario;
    currency currency_code = usd;
    std::string catalog_id;
    std::string catalog_effective;
    std::vector<estimate_line> lines;
    std::vector<std::pair<std::string, Decimal>> services;  // in order of first appearance
    Decimal total;
    std::optional<Decimal> cost_per_user;
    std::vector<warning> warnings;
    std::vector<audit_item> audit;

    // The sum of one workload's lines.
    [[nodiscard]] Decimal workload_total(std::string_view workload) const;
};

// Meters every workload of the scenario (service models only; no prices).
[[nodiscard]] std::vector<metered_usage> meter(const scenario& s, std::vector<warning>* warnings = nullptr);

// Prices a scenario against a catalog.
[[nodiscard]] estimate_result estimate(const scenario& s, const catalog& prices);
// Prices a scenario against the catalog it names ("builtin" or a path).
[[nodiscard]] estimate_result estimate(const scenario& s);

}  // namespace costmodel
