#pragma once
// Pricing a scenario: the stages of stages.hpp in order, giving the line table (one line per price tier
// a usage reaches: quantity × unit price = cost), per-service and per-workload subtotals, the total,
// cost per user, warnings and an audit of the figures the scenario states.
//
// Conventions (docs/conventions.md): tiers apply to the scenario's aggregate usage of a SKU (one
// account, one region, one variant), filled in workload order; free tiers, when on, are drawn first,
// in workload order, and their lines cost 0; a line's cost is quantity × unit price rounded half-even
// to 10 fractional digits, or half-up to cents with line_rounding "cents".

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/money.hpp"
#include "costmodel/scenario.hpp"
#include "costmodel/stages.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

// One line of the line table as a value (tests, small inspections; bulk work reads the columns).
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
    table::table lines;  // the line table (stages/rate.hpp lists its columns)
    std::vector<std::pair<std::string, Decimal>> services;   // in order of first appearance
    std::vector<std::pair<std::string, Decimal>> workloads;  // in order of first appearance
    Decimal total;
    std::optional<Decimal> cost_per_user;
    std::vector<warning> warnings;
    std::vector<audit_item> audit;
    // What the scenario's Savings Plans and Reserved Instances did (none without them).
    std::optional<commitments_summary> commitments;

    [[nodiscard]] std::size_t line_count() const noexcept { return lines.num_rows(); }
    // Line i as a value.
    [[nodiscard]] estimate_line line(std::size_t i) const {
        return estimate_line{std::string(lines.strings("workload")[i]),
                             std::string(lines.strings("service")[i]),
                             std::string(lines.strings("component")[i]),
                             lines.get_as<table::decimal_column>("quantity")[i],
                             std::string(lines.strings("unit")[i]),
                             lines.get_as<table::decimal_column>("unit_price")[i],
                             lines.get_as<table::decimal_column>("cost")[i],
                             std::string(lines.strings("note")[i])};
    }
    // Every line as a value.
    [[nodiscard]] std::vector<estimate_line> line_rows() const {
        std::vector<estimate_line> rows;
        rows.reserve(line_count());
        for (std::size_t i = 0; i < line_count(); ++i) rows.push_back(line(i));
        return rows;
    }
    // The sum of one workload's lines (zero for a workload without lines).
    [[nodiscard]] Decimal workload_total(std::string_view workload) const {
        for (const auto& [name, sum] : workloads) {
            if (name == workload) return sum;
        }
        return Decimal();
    }
};

// Meters every workload of the scenario (service models only; no prices), as values.
[[nodiscard]] inline std::vector<metered_usage> meter(const scenario& s, std::vector<warning>* warnings = nullptr) {
    std::vector<warning> collected;
    const table::table usage = stages::meter(s, collected);
    if (warnings != nullptr) warnings->insert(warnings->end(), collected.begin(), collected.end());
    return usage_rows(usage);
}

// The prices a scenario's workloads name that the catalog lacks, as input errors at the workload's key
// (an EC2 instance type, with "did you mean"), before the stages look them up by SKU.
inline void check_catalog_prices(const scenario& s, const catalog& prices) {
    const std::string_view source = s.source.empty() ? std::string_view("<scenario>") : std::string_view(s.source);
    for (std::size_t i = 0; i < s.workloads.size(); ++i) {
        if (const auto* instance = std::get_if<ec2_workload>(&s.workloads[i].spec)) {
            check_prices(*instance, prices, s.settings, workload_checks(source, i));
        }
    }
}

// Prices a scenario against a catalog: every stage of stages.hpp, in order.
[[nodiscard]] inline estimate_result estimate(const scenario& s, const catalog& prices) {
    if (prices.currency_code() != s.settings.currency_code) {
        throw catalog_error("scenario " + s.name + " is in " + std::string(s.settings.currency_code.code()) + " but catalog " +
                            prices.id() + " prices in " + std::string(prices.currency_code().code()));
    }
    estimate_result result;
    result.scenario = s.name;
    result.currency_code = s.settings.currency_code;
    result.catalog_id = prices.id();
    result.catalog_effective = prices.effective();

    check_catalog_prices(s, prices);
    const table::table usage = stages::meter(s, result.warnings);
    const stages::sku_refs skus = stages::resolve_skus(usage, prices);
    const stages::free_tier_draws free = stages::draw_free_tier(usage, skus, prices, s.settings.free_tier);
    table::table lines;
    try {
        lines = stages::rate(usage, skus, free);
    } catch (const stages::line_overflow& error) {
        stages::detail::throw_for_workload(s, error.workload(), error);
    }
    stages::commitments_outcome committed = stages::apply_commitments(std::move(lines), s, prices, result.warnings);
    result.commitments = std::move(committed.summary);
    const stages::support_charge support = stages::support_for(s.settings, s.source.empty() ? "<scenario>" : s.source);
    lines = stages::add_support(std::move(committed.lines), std::span<const stages::support_charge>(&support, 1));
    result.lines = stages::round_lines(std::move(lines), s.settings.line_rounding, s.settings.currency_code);

    stages::roll_up_result totals;
    try {
        totals = stages::roll_up(result.lines);
    } catch (const std::overflow_error& error) {
        throw input_error(s.source.empty() ? "<scenario>" : s.source, "", error.what());
    }
    result.services = std::move(totals.services);
    result.workloads = std::move(totals.workloads);
    result.total = totals.total;
    if (s.users) result.cost_per_user = result.total / *s.users;

    if (!s.stated.lines.empty()) {
        std::unordered_map<std::string_view, Decimal> by_workload;
        by_workload.reserve(result.workloads.size());
        for (const auto& [name, sum] : result.workloads) by_workload.emplace(name, sum);
        for (const auto& [name, stated] : s.stated.lines) {
            const auto found = by_workload.find(name);
            const Decimal computed = found == by_workload.end() ? Decimal() : found->second;
            result.audit.push_back(audit_item{name, stated.value, computed, stated.value - computed, stated.text});
        }
    }
    if (s.stated.total) {
        const stated_amount& stated = *s.stated.total;
        result.audit.push_back(audit_item{"total", stated.value, result.total, stated.value - result.total, stated.text});
    }
    return result;
}

}  // namespace costmodel
