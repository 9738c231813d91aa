// The Savings Plan recommendation (commitments/recommend.hpp): the cost curve in double over Eigen
// arrays of hours, its minimum refined to a breakpoint and rounded to the step, and the candidates
// evaluated exactly by the mechanism.

#include "costmodel/commitments/recommend.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "../did_you_mean.hpp"
#include "../json_writer.hpp"
#include "commitment_usage.hpp"
#include "costmodel/estimate.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/scenario.hpp"

namespace costmodel {

namespace {

constexpr std::string_view recommended_id = "recommended";
constexpr std::size_t max_points = 100000;
constexpr std::size_t hour_block = 256;  // hours per Eigen block: the block of breakpoints stays in cache

double to_double_units(__int128 units) noexcept {
    // Most quantities fit 64 bits; the 128-bit conversion is a library call.
    if (units >= std::numeric_limits<std::int64_t>::min() && units <= std::numeric_limits<std::int64_t>::max()) {
        return static_cast<double>(static_cast<std::int64_t>(units)) * 1e-10;
    }
    return static_cast<double>(units) * 1e-10;
}

std::string in_quotes(std::string_view text) { return "\"" + std::string(text) + "\""; }

void check_choice(std::string_view value, std::span<const std::string_view> known, const std::string& source, const std::string& path) {
    if (std::find(known.begin(), known.end(), value) != known.end()) return;
    std::string list;
    for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    std::string message = "unknown value; expected one of " + list;
    if (const auto near = detail::nearest_name(value, known)) message += " (did you mean \"" + std::string(*near) + "\"?)";
    throw input_error(source, path, message, in_quotes(value));
}

void check_options(const recommend_options& options, const std::string& source) {
    if (options.step <= Decimal()) throw input_error(source, "step", "the step must be greater than 0", options.step.to_string());
    if (options.points < 2 || options.points > max_points) {
        throw input_error(source, "points", "the curve needs 2 to " + std::to_string(max_points) + " points", std::to_string(options.points));
    }
    check_choice(options.term, commitment_terms, source, "term");
    check_choice(options.payment_option, payment_options, source, "payment_option");
    if (options.type == plan_type::compute && (!options.family.empty() || !options.region.empty())) {
        throw input_error(source, options.family.empty() ? "region" : "family", "a family and region apply to ec2_instance plans only",
                          in_quotes(options.family.empty() ? options.region : options.family));
    }
}

// The definition with its plans replaced by one plan of `commitment` per hour.
commitments_definition with_plan(commitments_definition definition, const recommend_options& options, const Decimal& commitment) {
    definition.savings_plans.clear();
    definition.savings_plans.push_back(savings_plan{std::string(recommended_id), options.type, options.family, options.region, commitment});
    return definition;
}

// EC2 Instance plans without a family or region: the one family (and region) the usage has.
void infer_family(const commitments_definition& definition, recommend_options& options, const std::string& source) {
    if (options.type != plan_type::ec2_instance || (!options.family.empty() && !options.region.empty())) return;
    std::set<std::pair<std::string, std::string>> found;
    for (const usage_definition& u : definition.usage) {
        if (!u.ec2_instance_rate || u.family.empty()) continue;
        if (!options.family.empty() && u.family != options.family) continue;
        if (!options.region.empty() && u.region != options.region) continue;
        found.emplace(u.family, u.region);
    }
    if (found.size() == 1) {
        options.family = found.begin()->first;
        options.region = found.begin()->second;
        return;
    }
    std::string list;
    for (const auto& [family, region] : found) list += (list.empty() ? "" : ", ") + family + " in " + region;
    if (found.empty()) throw input_error(source, "plan_type", "no usage has an ec2_instance rate with a family and region", "\"ec2_instance\"");
    throw input_error(source, options.family.empty() ? "family" : "region", "give the plan's family and region: the usage has " + list);
}

struct eligible {
    std::size_t usage;
    double on_demand;
    double rate;
    double slope;     // on_demand / rate: on demand replaced per unit of commitment
    double reserved;  // units reserved instances take first, per hour
};

// The usage one plan covers, in the mechanism's order (highest savings first: the largest slope).
std::vector<eligible> eligible_usage(const commitments_definition& definition, const recommend_options& options) {
    std::vector<eligible> out;
    for (std::size_t u = 0; u < definition.usage.size(); ++u) {
        const usage_definition& line = definition.usage[u];
        std::optional<Decimal> rate;
        if (options.type == plan_type::compute) rate = line.compute_rate;
        else if (line.family == options.family && line.region == options.region) rate = line.ec2_instance_rate;
        if (!rate) continue;
        double reserved = 0;
        for (const reserved_instance& ri : definition.reserved_instances)
            if (ri.usage == line.id) reserved += ri.units.to_double();
        const double od = line.on_demand_rate.to_double();
        const double r = rate->to_double();
        out.push_back(eligible{u, od, r, od / r, reserved});
    }
    std::stable_sort(out.begin(), out.end(), [](const eligible& a, const eligible& b) { return a.slope > b.slope; });
    return out;
}

// Hours [h0, h0 + m) of the eligible usage's plan cost, cumulated along the plan's order: column k of
// `cumulative` is what covering usage 0..k costs in each hour (the hour's k-th breakpoint).
void breakpoints(std::span<const __int128> units, std::size_t n, const std::vector<eligible>& order, std::size_t h0, std::size_t m,
                 Eigen::ArrayXXd& cumulative) {
    const auto e = static_cast<Eigen::Index>(order.size());
    for (Eigen::Index k = 0; k < e; ++k) {
        const eligible& line = order[static_cast<std::size_t>(k)];
        double* column = cumulative.col(k).data();
        for (std::size_t i = 0; i < m; ++i) {
            const double q = to_double_units(units[(h0 + i) * n + line.usage]) - line.reserved;
            column[i] = q > 0 ? q * line.rate : 0.0;
        }
    }
    const auto rows = static_cast<Eigen::Index>(m);
    for (Eigen::Index k = 1; k < e; ++k) cumulative.col(k).head(rows) += cumulative.col(k - 1).head(rows);
}

Decimal curve_value(double value) { return Decimal::from_double(value).round(6); }

recommendation_best best_of(const savings_plans_result& exact, const Decimal& commitment, const Decimal& on_demand_total) {
    recommendation_best best;
    const savings_plans_totals& t = exact.totals;
    best.commitment_per_hour = commitment;
    best.total = t.total;
    best.on_demand_total = on_demand_total;
    best.savings = on_demand_total - t.total;
    if (!on_demand_total.is_zero()) best.savings_percent = Decimal::multiply(best.savings / on_demand_total, Decimal(100));
    best.on_demand_equivalent = t.on_demand_equivalent;
    best.on_demand_charges = t.on_demand_charges;
    best.commitment_charges = t.commitment_charges;
    best.commitment_used = t.commitment_used;
    best.commitment_unused = t.commitment_unused;
    best.reserved_charges = t.reserved_charges;
    best.utilization = t.utilization;
    best.coverage = t.coverage;
    return best;
}

recommendation recommend(const commitments_definition& given, std::span<const __int128> units, std::size_t hours, recommend_options options,
                         const std::string& source) {
    check_options(options, source);
    if (hours == 0) throw input_error(source, "hours", "the usage series has no hours");
    infer_family(given, options, source);
    const commitments_definition definition = with_plan(given, options, Decimal());
    validate(definition, source);  // also: an EC2 Instance plan must apply to some usage
    const std::vector<eligible> order = eligible_usage(definition, options);
    if (order.empty()) {
        throw input_error(source, "usage", "no usage has a " + std::string(to_string(options.type)) + " rate: the plan would cover nothing");
    }

    recommendation result;
    result.type = options.type;
    result.family = options.family;
    result.region = options.region;
    result.term = options.term;
    result.payment_option = options.payment_option;
    result.hours = hours;
    result.eligible_usage = order.size();
    result.step = options.step;
    for (const savings_plan& plan : given.savings_plans) result.replaced_plans.push_back(plan.id);

    const std::size_t n = definition.usage.size();
    const auto exact = [&](const Decimal& commitment) { return apply_savings_plans(with_plan(given, options, commitment), units, hours); };
    const savings_plans_result baseline = exact(Decimal());
    const Decimal on_demand_total = baseline.totals.total;

    // Weights of the breakpoints: the slope falls by w_k = slope_k − slope_{k+1} past an hour's k-th.
    const std::size_t e = order.size();
    std::vector<double> weight(e);
    for (std::size_t k = 0; k < e; ++k) weight[k] = order[k].slope - (k + 1 < e ? order[k + 1].slope : 0.0);

    // Pass 1: the peak hour's plan cost, which the curve ends at.
    const std::size_t block = std::min(hours, hour_block);
    Eigen::ArrayXXd cumulative(static_cast<Eigen::Index>(block), static_cast<Eigen::Index>(e));
    double peak = 0;
    for (std::size_t h0 = 0; h0 < hours; h0 += block) {
        const std::size_t m = std::min(block, hours - h0);
        breakpoints(units, n, order, h0, m, cumulative);
        peak = std::max(peak, cumulative.col(static_cast<Eigen::Index>(e - 1)).head(static_cast<Eigen::Index>(m)).maxCoeff());
    }
    const double step = options.step.to_double();
    const auto peak_steps = static_cast<std::int64_t>(std::ceil(peak / step - 1e-9));
    result.peak_commitment = Decimal::multiply(Decimal(std::max<std::int64_t>(peak_steps, 0)), options.step);

    // The grid: multiples of `spacing` (itself a multiple of the step) from 0 to the peak or past it.
    const auto steps_per_point =
        std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(static_cast<double>(peak_steps) / static_cast<double>(options.points - 1))));
    const Decimal spacing = Decimal::multiply(Decimal(steps_per_point), options.step);
    const double delta = spacing.to_double();
    const auto g_count = static_cast<std::size_t>(std::max<std::int64_t>(2, (peak_steps + steps_per_point - 1) / steps_per_point + 1));

    // Pass 2: bin every breakpoint at the first grid point at or above it. Σ w min(c_g, x) is then
    // Σ_{bins ≤ g} w x + c_g × Σ_{bins > g} w, for every g from prefix sums.
    Eigen::ArrayXd covered_wx = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(g_count));
    Eigen::ArrayXd covered_w = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(g_count));
    Eigen::ArrayXd full_x = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(g_count));  // Σ min(c, hour's full plan cost)
    Eigen::ArrayXd full_n = Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(g_count));
    const auto bin_of = [delta, g_count](double x) {
        const double b = std::ceil(x / delta);
        return b <= 0 ? std::size_t{0} : std::min(static_cast<std::size_t>(b), g_count - 1);
    };
    for (std::size_t h0 = 0; h0 < hours; h0 += block) {
        const std::size_t m = std::min(block, hours - h0);
        breakpoints(units, n, order, h0, m, cumulative);
        for (std::size_t k = 0; k < e; ++k) {
            const double w = weight[k];
            const double* column = cumulative.col(static_cast<Eigen::Index>(k)).data();
            if (w > 0) {
                for (std::size_t i = 0; i < m; ++i) {
                    const std::size_t b = bin_of(column[i]);
                    covered_wx[static_cast<Eigen::Index>(b)] += w * column[i];
                    covered_w[static_cast<Eigen::Index>(b)] += w;
                }
            }
            if (k + 1 == e) {
                for (std::size_t i = 0; i < m; ++i) {
                    const std::size_t b = bin_of(column[i]);
                    full_x[static_cast<Eigen::Index>(b)] += column[i];
                    full_n[static_cast<Eigen::Index>(b)] += 1;
                }
            }
        }
    }
    const auto g_index = static_cast<Eigen::Index>(g_count);
    Eigen::ArrayXd grid = Eigen::ArrayXd::LinSpaced(g_index, 0.0, delta * static_cast<double>(g_count - 1));
    const auto prefix = [](Eigen::ArrayXd values) {
        for (Eigen::Index i = 1; i < values.size(); ++i) values[i] += values[i - 1];
        return values;
    };
    const Eigen::ArrayXd wx_below = prefix(covered_wx);
    const Eigen::ArrayXd w_below = prefix(covered_w);
    const double w_total = w_below[g_index - 1];
    const Eigen::ArrayXd w_above = w_total - w_below;
    const Eigen::ArrayXd covered = wx_below + grid * w_above;
    const Eigen::ArrayXd full = prefix(full_x) + grid * (static_cast<double>(hours) - prefix(full_n));
    const double h = static_cast<double>(hours);
    const double od_charges = baseline.totals.on_demand_charges.to_double();
    const double base_total = on_demand_total.to_double();
    const Eigen::ArrayXd total = base_total - covered + h * grid;
    const Eigen::ArrayXd on_demand = od_charges - covered;
    const Eigen::ArrayXd unused = h * grid - full;

    auto& c_commitment = result.curve.add_decimal("commitment");
    auto& c_total = result.curve.add_decimal("total");
    auto& c_on_demand = result.curve.add_decimal("on_demand");
    auto& c_unused = result.curve.add_decimal("unused");
    auto& c_savings = result.curve.add_decimal("savings");
    Eigen::Index grid_best = 0;
    for (Eigen::Index g = 0; g < g_index; ++g) {
        c_commitment.append(Decimal::multiply(Decimal(static_cast<std::int64_t>(g)), spacing));
        c_total.append(curve_value(total[g]));
        c_on_demand.append(curve_value(std::max(0.0, on_demand[g])));
        c_unused.append(curve_value(std::max(0.0, unused[g])));
        c_savings.append(curve_value(base_total - total[g]));
        if (total[g] < total[grid_best]) grid_best = g;
    }
    result.curve_minimum = total[grid_best];

    // The continuous optimum: the first breakpoint past which the slope H − Σ_{x > c} w is no longer
    // negative (near-ties go to the lower commitment). It lies in the first bin where that holds.
    const double tolerance = 1e-9 * std::max(1.0, h);
    Eigen::Index g_star = 0;
    while (g_star < g_index && w_above[g_star] > h + tolerance) ++g_star;
    double optimum = 0;
    if (g_star > 0 && g_star < g_index) {
        // Pass 3: the breakpoints of that bin, sorted, walked until the slope turns.
        const double low = grid[g_star - 1];
        const double high = grid[g_star];
        std::vector<std::pair<double, double>> inside;
        for (std::size_t h0 = 0; h0 < hours; h0 += block) {
            const std::size_t m = std::min(block, hours - h0);
            breakpoints(units, n, order, h0, m, cumulative);
            for (std::size_t k = 0; k < e; ++k) {
                if (weight[k] <= 0) continue;
                const double* column = cumulative.col(static_cast<Eigen::Index>(k)).data();
                for (std::size_t i = 0; i < m; ++i)
                    if (bin_of(column[i]) == static_cast<std::size_t>(g_star)) inside.emplace_back(column[i], weight[k]);
            }
        }
        std::sort(inside.begin(), inside.end());
        double above = w_above[g_star - 1];
        optimum = high;
        for (const auto& [x, w] : inside) {
            above -= w;
            if (above <= h + tolerance) {
                optimum = std::clamp(x, low, high);
                break;
            }
        }
    }
    result.estimated_optimum = optimum;

    // The candidates on the step grid next to it, evaluated exactly; equal cost: the lower commitment.
    const double in_steps = optimum / step;
    std::vector<std::int64_t> candidates;
    const double nearest = std::round(in_steps);
    if (std::abs(in_steps - nearest) < 1e-6) {
        for (const double k : {nearest - 1, nearest, nearest + 1}) candidates.push_back(static_cast<std::int64_t>(k));
    } else {
        candidates.push_back(static_cast<std::int64_t>(std::floor(in_steps)));
        candidates.push_back(static_cast<std::int64_t>(std::floor(in_steps)) + 1);
    }
    std::optional<savings_plans_result> chosen;
    Decimal chosen_commitment;
    for (const std::int64_t k : candidates) {
        if (k < 0) continue;
        const Decimal commitment = Decimal::multiply(Decimal(k), options.step);
        savings_plans_result evaluated = commitment.is_zero() ? baseline : exact(commitment);
        if (!chosen || evaluated.totals.total < chosen->totals.total) {
            chosen = std::move(evaluated);
            chosen_commitment = commitment;
        }
    }
    result.best = best_of(*chosen, chosen_commitment, on_demand_total);

    // Break-even: where the curve climbs back to the cost without a plan, past the optimum. Beyond
    // the last grid point every hour is covered in full, so the curve rises by H per unit there.
    if (result.best.savings > Decimal()) {
        const double target = base_total;
        std::optional<std::pair<double, double>> at;  // commitment, unused
        for (Eigen::Index g = std::max<Eigen::Index>(grid_best, 1); g < g_index; ++g) {
            if (total[g] > target) {
                const double fraction = (target - total[g - 1]) / (total[g] - total[g - 1]);
                at = {grid[g - 1] + fraction * delta, unused[g - 1] + fraction * (unused[g] - unused[g - 1])};
                break;
            }
        }
        if (!at) {
            const double last = grid[g_index - 1];
            const double beyond = (target - total[g_index - 1]) / h;
            at = {last + beyond, unused[g_index - 1] + h * beyond};
        }
        if (at->first > 0) {
            result.break_even_commitment = at->first;
            result.break_even_utilization = 1.0 - at->second / (h * at->first);
        }
    }
    return result;
}

std::string number(double value) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, written.ptr);
}

}  // namespace

recommendation recommend_savings_plan(const commitments_definition& definition, const usage_hours& quantities, const recommend_options& options,
                                      const std::string& source) {
    if (quantities.usage_count != definition.usage.size() || quantities.units.size() != quantities.hours * quantities.usage_count) {
        throw input_error(source, "hours", "the quantity matrix has " + std::to_string(quantities.usage_count) + " usage columns for " +
                                               std::to_string(definition.usage.size()) + " usage definitions");
    }
    return recommend(definition, quantities.units, quantities.hours, options, source);
}

recommendation recommend_savings_plan(const commitments_document& document, const recommend_options& options, const std::string& source) {
    return recommend_savings_plan(document.definition, document.quantities, options, source);
}

recommendation recommend_savings_plan(const scenario& s, const catalog& prices, const recommend_options& given) {
    const std::string source = s.source.empty() ? "<scenario>" : s.source;
    check_options(given, source);
    recommend_options options = given;
    if (options.type == plan_type::ec2_instance) {
        if (options.region.empty()) options.region = s.settings.region;
        if (options.family.empty()) {
            std::set<std::string> families;
            for (const workload& w : s.workloads)
                if (const auto* ec2 = std::get_if<ec2_workload>(&w.spec); ec2 != nullptr && ec2->instance_type)
                    families.insert(ec2->instance_type->substr(0, ec2->instance_type->find('.')));
            if (families.size() != 1) {
                std::string list;
                for (const std::string& f : families) list += (list.empty() ? "" : ", ") + f;
                throw input_error(source, "family", families.empty() ? "the scenario has no EC2 instance workloads for an ec2_instance plan"
                                                                     : "give the plan's family: the scenario's EC2 workloads have " + list);
            }
            options.family = *families.begin();
        }
    }
    if (prices.currency_code() != s.settings.currency_code) {
        throw input_error(source, "", "the scenario is in " + std::string(s.settings.currency_code.code()) + " but catalog " + prices.id() +
                                          " prices in " + std::string(prices.currency_code().code()));
    }
    // The estimate's stages up to rating, then its commitments stage's usage with the one plan.
    std::vector<warning> warnings;
    check_catalog_prices(s, prices);
    const table::table usage = stages::meter(s, warnings);
    const stages::sku_refs skus = stages::resolve_skus(usage, prices);
    const stages::free_tier_draws free = stages::draw_free_tier(usage, skus, prices, s.settings.free_tier);
    table::table lines;
    try {
        lines = stages::rate(usage, skus, free);
    } catch (const stages::line_overflow& error) {
        stages::detail::throw_for_workload(s, error.workload(), error);
    }
    scenario sized = s;
    sized.savings_plans.clear();
    sized.savings_plans.push_back(scenario_savings_plan{std::string(recommended_id), options.type, options.family, options.region, Decimal(),
                                                        options.term, options.payment_option, options.discounts});
    try {
        (void)commitments::whole_hours(s.settings.hours_per_month);
    } catch (const std::invalid_argument& error) {
        throw input_error(source, "settings.hours_per_month", std::string(error.what()) + " (an hourly series needs whole hours)",
                          s.settings.hours_per_month.to_string());
    }
    const stages::commitment_usage collected = stages::collect_commitment_usage(lines, sized, prices, warnings);
    recommendation result = recommend(collected.definition, collected.matrix, static_cast<std::size_t>(collected.hours), options, source);
    result.replaced_plans.clear();
    for (const scenario_savings_plan& plan : s.savings_plans) result.replaced_plans.push_back(plan.id);
    return result;
}

std::string recommendation_to_json(const recommendation& r, int indent) {
    std::string out;
    detail::json_writer w(out, indent, false);
    const auto optional_decimal = [&w](std::string_view key, const std::optional<Decimal>& value) {
        w.key(key);
        if (value) w.value(*value);
        else w.literal("null");
    };
    const auto optional_number = [&w](std::string_view key, const std::optional<double>& value) {
        w.key(key);
        w.literal(value ? number(*value) : "null");
    };
    w.open('{');
    w.member("schema", std::string_view("costmodel/recommendation/v1"));
    w.member("plan_type", to_string(r.type));
    if (r.type == plan_type::ec2_instance) {
        w.member("family", std::string_view(r.family));
        w.member("region", std::string_view(r.region));
    }
    w.member("term", std::string_view(r.term));
    w.member("payment_option", std::string_view(r.payment_option));
    w.key("hours");
    w.literal(std::to_string(r.hours));
    w.key("eligible_usage");
    w.literal(std::to_string(r.eligible_usage));
    w.member("step", r.step);
    w.member("peak_commitment", r.peak_commitment);
    w.key("replaced_plans");
    w.open('[');
    for (const std::string& id : r.replaced_plans) w.value(std::string_view(id));
    w.close(']');
    w.key("best");
    w.open('{');
    const recommendation_best& b = r.best;
    w.member("commitment_per_hour", b.commitment_per_hour);
    w.member("total", b.total);
    w.member("on_demand_total", b.on_demand_total);
    w.member("savings", b.savings);
    optional_decimal("savings_percent", b.savings_percent);
    w.member("on_demand_equivalent", b.on_demand_equivalent);
    w.member("on_demand_charges", b.on_demand_charges);
    w.member("commitment_charges", b.commitment_charges);
    w.member("commitment_used", b.commitment_used);
    w.member("commitment_unused", b.commitment_unused);
    w.member("reserved_charges", b.reserved_charges);
    optional_decimal("utilization", b.utilization);
    optional_decimal("coverage", b.coverage);
    w.close('}');
    w.key("estimates");
    w.open('{');
    w.key("curve_minimum");
    w.literal(number(r.curve_minimum));
    w.key("optimum");
    w.literal(number(r.estimated_optimum));
    optional_number("break_even_commitment", r.break_even_commitment);
    optional_number("break_even_utilization", r.break_even_utilization);
    w.close('}');
    w.key("curve");
    w.open('[');
    const auto& commitment = r.curve.get_as<table::decimal_column>("commitment");
    const auto& total = r.curve.get_as<table::decimal_column>("total");
    const auto& on_demand = r.curve.get_as<table::decimal_column>("on_demand");
    const auto& unused = r.curve.get_as<table::decimal_column>("unused");
    for (std::size_t g = 0; g < r.curve.num_rows(); ++g) {
        w.open('{');
        w.member("commitment", commitment[g]);
        w.member("total", total[g]);
        w.member("on_demand", on_demand[g]);
        w.member("unused", unused[g]);
        w.close('}');
    }
    w.close(']');
    w.close('}');
    return out;
}

}  // namespace costmodel
