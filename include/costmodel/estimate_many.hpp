#pragma once
// Pricing many scenarios at once (variants of a sweep, a portfolio of plans): the same stages as
// estimate(), run over one usage table per chunk of scenarios instead of one per scenario, so the
// per-estimate set-up (tables, dictionaries, SKU look-ups) is paid once per chunk. Chunks run on
// threads and their tables are appended in scenario order, so the result does not depend on the
// number of threads.
//
// Every line carries its scenario's index (`variant`); each variant fills its own price tiers and
// free-tier allowances, and its own `line_rounding` applies; a variant's Savings Plans and Reserved
// Instances are applied to its own lines hour by hour, as estimate() applies them, with a row of
// `commitments` for it. Audits of stated figures are left to estimate(), which gives one scenario's
// whole result.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/estimate.hpp"
#include "costmodel/scenario.hpp"
#include "costmodel/stages.hpp"
#include "costmodel/table/operations.hpp"

namespace costmodel {

struct estimate_batch {
    // variant, then the line table's columns (stages/rate.hpp).
    table::table lines;
    // variant, scenario, total, cost_per_user (null without users), lines (how many lines).
    table::table totals;
    // variant, service, cost: each variant's subtotals, services in order of first appearance.
    table::table services;
    // variant, workload, message.
    table::table warnings;
    // variant, hours, on_demand_equivalent, covered_on_demand_equivalent, coverage (null without
    // eligible usage), total, savings, flat_total, flat_difference: one row per variant holding
    // Savings Plans or Reserved Instances, the fields of estimate_result::commitments.
    table::table commitments;
};

namespace detail {

inline estimate_batch empty_batch() {
    estimate_batch batch;
    batch.totals.add_int32("variant");
    batch.totals.add_string("scenario");
    batch.totals.add_decimal("total");
    batch.totals.add_decimal("cost_per_user", true);
    batch.totals.add_int64("lines");
    batch.services.add_int32("variant");
    batch.services.add_string("service");
    batch.services.add_decimal("cost");
    batch.warnings.add_int32("variant");
    batch.warnings.add_string("workload");
    batch.warnings.add_string("message");
    batch.commitments.add_int32("variant");
    batch.commitments.add_int32("hours");
    batch.commitments.add_decimal("on_demand_equivalent");
    batch.commitments.add_decimal("covered_on_demand_equivalent");
    batch.commitments.add_decimal("coverage", true);
    batch.commitments.add_decimal("total");
    batch.commitments.add_decimal("savings");
    batch.commitments.add_decimal("flat_total");
    batch.commitments.add_decimal("flat_difference");
    return batch;
}

inline void append_commitments(table::table& commitments, std::int32_t variant, const commitments_summary& c) {
    commitments.get_as<table::int32_column>("variant").append(variant);
    commitments.get_as<table::int32_column>("hours").append(c.hours);
    commitments.get_as<table::decimal_column>("on_demand_equivalent").append(c.on_demand_equivalent);
    commitments.get_as<table::decimal_column>("covered_on_demand_equivalent").append(c.covered_on_demand_equivalent);
    auto& coverage = commitments.get_as<table::decimal_column>("coverage");
    if (c.coverage) coverage.append(*c.coverage);
    else coverage.append_null();
    commitments.get_as<table::decimal_column>("total").append(c.total);
    commitments.get_as<table::decimal_column>("savings").append(c.savings);
    commitments.get_as<table::decimal_column>("flat_total").append(c.flat_total);
    commitments.get_as<table::decimal_column>("flat_difference").append(c.flat_difference);
}

// The commitments stage for the variants of a chunk that hold Savings Plans or Reserved Instances:
// each such variant's rated lines (together in the table) go through stages::apply_commitments as
// estimate() sends them, without the variant column, and come back with it; the other variants'
// lines are kept as they are. The summaries go to `commitments`, in variant order.
inline table::table apply_commitments_by_variant(table::table lines, std::span<const scenario* const> mine, std::int32_t first,
                                                 const catalog& prices, std::vector<std::vector<warning>>& warnings,
                                                 table::table& commitments) {
    const std::span<const std::int32_t> line_variant = lines.int32s("variant");
    table::table out = table::slice(lines, 0, 0);
    std::size_t row = 0;
    for (std::size_t i = 0; i < mine.size(); ++i) {
        const auto variant = first + static_cast<std::int32_t>(i);
        const std::size_t start = row;
        while (row < line_variant.size() && line_variant[row] == variant) ++row;
        const scenario& s = *mine[i];
        if (!s.has_commitments()) {
            out.append_range(lines, start, row - start);
            continue;
        }
        table::table part = table::slice(lines, start, row - start);
        table::table rated;
        for (std::size_t c = 0; c < part.num_columns(); ++c) {
            if (part.name(c) != "variant") rated.add_column(part.name(c), std::move(part.column_at(c)));
        }
        stages::commitments_outcome committed = stages::apply_commitments(std::move(rated), s, prices, warnings[i]);
        table::table with_variant;
        auto& variant_column = with_variant.add_int32("variant");
        for (std::size_t r = 0; r < committed.lines.num_rows(); ++r) variant_column.append(variant);
        for (std::size_t c = 0; c < committed.lines.num_columns(); ++c) {
            with_variant.add_column(committed.lines.name(c), std::move(committed.lines.column_at(c)));
        }
        out.append(with_variant);
        if (committed.summary) append_commitments(commitments, variant, *committed.summary);
    }
    return out;
}

// The scenarios [first, first + count) of `all`, through every stage; per-variant settings are read
// from the vectors of all scenarios.
inline estimate_batch estimate_chunk(std::span<const scenario* const> all, std::size_t first, std::size_t count, const catalog& prices,
                                     std::span<const char> free_tier_on, std::span<const rounding_policy> rounding,
                                     std::span<const currency> currencies, std::span<const stages::support_charge> support) {
    const std::span<const scenario* const> mine = all.subspan(first, count);
    for (const scenario* s : mine) check_catalog_prices(*s, prices);
    std::vector<std::vector<warning>> warnings;
    const table::table usage = stages::meter_many(mine, static_cast<std::int32_t>(first), warnings);
    const stages::sku_refs skus = stages::resolve_skus(usage, prices);
    const stages::free_tier_draws free = stages::draw_free_tier(usage, skus, prices, free_tier_on);
    table::table lines;
    try {
        lines = stages::rate(usage, skus, free);
    } catch (const stages::line_overflow& error) {
        stages::detail::throw_for_workload(*all[static_cast<std::size_t>(error.variant())], error.workload(), error);
    }
    estimate_batch batch = empty_batch();
    // As estimate(): commitments after rating, then support, then line rounding.
    if (std::any_of(mine.begin(), mine.end(), [](const scenario* s) { return s->has_commitments(); })) {
        lines = apply_commitments_by_variant(std::move(lines), mine, static_cast<std::int32_t>(first), prices, warnings, batch.commitments);
    }
    lines = stages::add_support(std::move(lines), support.subspan(first, count), static_cast<std::int32_t>(first));
    lines = stages::round_lines(std::move(lines), rounding, currencies);

    auto& total_variant = batch.totals.get_as<table::int32_column>("variant");
    auto& total_scenario = batch.totals.get_as<table::string_column>("scenario");
    auto& total = batch.totals.get_as<table::decimal_column>("total");
    auto& per_user = batch.totals.get_as<table::decimal_column>("cost_per_user");
    auto& line_count = batch.totals.get_as<table::int64_column>("lines");
    auto& service_variant = batch.services.get_as<table::int32_column>("variant");
    auto& service_name_column = batch.services.get_as<table::string_column>("service");
    auto& service_cost = batch.services.get_as<table::decimal_column>("cost");

    // Subtotals: lines of one variant are together, so each variant's sums are drained (in order of
    // first appearance, as roll_up gives them) before the next variant starts.
    const auto line_variant = lines.int32s("variant");
    const auto& service = lines.strings("service");
    const auto service_codes = service.codes();
    const auto cost = lines.decimals("cost");
    stages::detail::code_sums sums(service.dictionary().size());
    std::vector<std::int32_t> service_code(service.dictionary().size(), -1);  // line dictionary → services table
    std::size_t row = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto variant = static_cast<std::int32_t>(first + i);
        const std::size_t start = row;
        Decimal sum;
        const auto overflow = [&](std::string_view at) {
            const scenario& s = *mine[i];
            return input_error(s.source.empty() ? "<scenario>" : s.source, "",
                               "the sum of the lines is beyond the Decimal range, reached at service \"" + std::string(at) +
                                   "\" (variant " + std::to_string(variant) + ")");
        };
        for (; row < line_variant.size() && line_variant[row] == variant; ++row) {
            try {
                sums.add(service_codes[row], Decimal::from_units(cost[row]));
            } catch (const std::overflow_error&) {
                throw overflow(service.dictionary()[service_codes[row]]);
            }
        }
        sums.drain([&](std::int32_t code, Decimal subtotal) {
            std::int32_t& mapped = service_code[static_cast<std::size_t>(code)];
            if (mapped < 0) mapped = service_name_column.intern(service.dictionary()[code]);
            service_variant.append(variant);
            service_name_column.append_code(mapped);
            service_cost.append(subtotal);
            try {
                sum += subtotal;
            } catch (const std::overflow_error&) {
                throw overflow(service.dictionary()[code]);
            }
        });
        const scenario& s = *mine[i];
        total_variant.append(variant);
        total_scenario.append(s.name);
        total.append(sum);
        if (s.users) per_user.append(sum / *s.users);
        else per_user.append_null();
        line_count.append(static_cast<std::int64_t>(row - start));
        for (const warning& w : warnings[i]) {
            batch.warnings.get_as<table::int32_column>("variant").append(variant);
            batch.warnings.get_as<table::string_column>("workload").append(w.workload);
            batch.warnings.get_as<table::string_column>("message").append(w.message);
        }
    }
    batch.lines = std::move(lines);
    return batch;
}

}  // namespace detail

// Prices every scenario against one catalog. `threads` 0 uses every core; 1 runs on the calling
// thread. Throws what estimate() throws for the first scenario (in order) that fails.
[[nodiscard]] inline estimate_batch estimate_many(std::span<const scenario* const> scenarios, const catalog& prices,
                                                  unsigned threads = 0) {
    std::vector<char> free_tier_on(scenarios.size());
    std::vector<rounding_policy> rounding(scenarios.size());
    std::vector<currency> currencies;
    currencies.reserve(scenarios.size());
    std::vector<stages::support_charge> support(scenarios.size());
    std::size_t workloads = 0;
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
        const scenario& s = *scenarios[i];
        if (prices.currency_code() != s.settings.currency_code) {
            throw catalog_error("scenario " + s.name + " (variant " + std::to_string(i) + ") is in " +
                                std::string(s.settings.currency_code.code()) + " but catalog " + prices.id() + " prices in " +
                                std::string(prices.currency_code().code()));
        }
        free_tier_on[i] = s.settings.free_tier ? 1 : 0;
        rounding[i] = s.settings.line_rounding;
        currencies.push_back(s.settings.currency_code);
        support[i] = stages::support_for(s.settings, s.source.empty() ? "<scenario>" : s.source);
        workloads += s.workloads.size();
    }
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    // Chunks of about equal work (workloads), at most a few per thread, never empty.
    const std::size_t chunk_count = std::min<std::size_t>(scenarios.size(), threads == 1 ? 1 : threads * 4);
    std::vector<std::size_t> bounds{0};
    if (chunk_count > 0) {
        const std::size_t per_chunk = (workloads + chunk_count - 1) / chunk_count;
        std::size_t in_chunk = 0;
        for (std::size_t i = 0; i < scenarios.size(); ++i) {
            in_chunk += scenarios[i]->workloads.size();
            if (in_chunk >= per_chunk && i + 1 < scenarios.size() && bounds.size() < chunk_count) {
                bounds.push_back(i + 1);
                in_chunk = 0;
            }
        }
        bounds.push_back(scenarios.size());
    }

    const std::size_t chunks = bounds.size() - 1;
    std::vector<estimate_batch> parts(chunks);
    std::vector<std::exception_ptr> errors(chunks);
    const auto run = [&](std::size_t c) {
        try {
            parts[c] = detail::estimate_chunk(scenarios, bounds[c], bounds[c + 1] - bounds[c], prices, free_tier_on, rounding,
                                              currencies, support);
        } catch (...) {
            errors[c] = std::current_exception();
        }
    };
    if (threads == 1 || chunks <= 1) {
        for (std::size_t c = 0; c < chunks; ++c) run(c);
    } else {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> pool;
        const std::size_t workers = std::min<std::size_t>(threads, chunks);
        pool.reserve(workers);
        for (std::size_t t = 0; t < workers; ++t) {
            pool.emplace_back([&] {
                for (std::size_t c = next++; c < chunks; c = next++) run(c);
            });
        }
        for (std::thread& worker : pool) worker.join();
    }
    for (const std::exception_ptr& error : errors) {
        if (error) std::rethrow_exception(error);
    }

    if (chunks == 0) return detail::estimate_chunk(scenarios, 0, 0, prices, free_tier_on, rounding, currencies, support);
    estimate_batch result = std::move(parts[0]);
    for (std::size_t c = 1; c < chunks; ++c) {
        result.lines.append(parts[c].lines);
        result.totals.append(parts[c].totals);
        result.services.append(parts[c].services);
        result.warnings.append(parts[c].warnings);
        result.commitments.append(parts[c].commitments);
    }
    return result;
}

// The same for scenarios held in a contiguous range.
[[nodiscard]] inline estimate_batch estimate_many(std::span<const scenario> scenarios, const catalog& prices, unsigned threads = 0) {
    std::vector<const scenario*> pointers;
    pointers.reserve(scenarios.size());
    for (const scenario& s : scenarios) pointers.push_back(&s);
    return estimate_many(std::span<const scenario* const>(pointers), prices, threads);
}

}  // namespace costmodel
