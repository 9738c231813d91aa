// The estimate's commitments stage (stages/commitments.hpp): which lines a plan may cover, at which
// rate, spread over which hours; then the standalone mechanism, and the line table rebuilt from its
// per-usage figures.

#include "costmodel/stages/commitments.hpp"

#include "commitment_usage.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "costmodel/commitments/schedule.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/scenario.hpp"

namespace costmodel::stages {

namespace {

sku_parts split_sku(std::string_view text) {
    sku_parts parts;
    const std::size_t slash = text.find('/');
    const std::size_t at = text.rfind('@');
    parts.service = std::string(text.substr(0, slash));
    std::string_view middle = text.substr(slash + 1, at - slash - 1);
    if (const std::size_t open = middle.find('['); open != std::string_view::npos) {
        parts.variant = std::string(middle.substr(open + 1, middle.size() - open - 2));
        middle = middle.substr(0, open);
    }
    parts.usage_type = std::string(middle);
    parts.region = std::string(text.substr(at + 1));
    return parts;
}

// "duration (tier 2)" → "duration": the usage type a stated-price line was metered as.
std::string_view component_base(std::string_view component) {
    const std::size_t paren = component.find(" (");
    return paren == std::string_view::npos ? component : component.substr(0, paren);
}

// Which usage a Compute Savings Plan covers (AWS: EC2 instance usage, Fargate vCPU and memory, Lambda
// duration and provisioned concurrency; not Lambda requests, not storage, not Windows licences on
// Fargate, not Spot).
bool compute_eligible(std::string_view service, std::string_view usage_type) {
    if (service == "ec2") return usage_type == "instance_hours" || usage_type == "instance-hours";
    if (service == "fargate") return usage_type == "vcpu" || usage_type == "memory";
    if (service == "lambda") return usage_type == "duration" || usage_type == "provisioned_concurrency" || usage_type == "provisioned_duration";
    return false;
}

std::string_view kind_suffix(plan_type type) { return type == plan_type::compute ? "compute_sp" : "ec2_instance_sp"; }

std::string source_of(const scenario& s) { return s.source.empty() ? "<scenario>" : s.source; }

std::string plan_path(std::size_t i) { return "savings_plans[" + std::to_string(i) + "]"; }

// The rate plans of `type` give a line: the catalog's, else the plans' stated discount; plans of one
// type must agree (the mechanism has one rate per usage and plan type).
std::optional<Decimal> plan_rate(const scenario& s, const catalog& prices, plan_type type, const eligible_line& line, const Decimal& on_demand) {
    std::optional<Decimal> rate;
    std::size_t first = 0;
    for (std::size_t i = 0; i < s.savings_plans.size(); ++i) {
        const scenario_savings_plan& plan = s.savings_plans[i];
        if (plan.type != type) continue;
        if (type == plan_type::ec2_instance) {
            const std::string& region = plan.region.empty() ? s.settings.region : plan.region;
            if (plan.family != line.family || region != line.region) continue;
        }
        std::optional<Decimal> mine;
        if (!line.sku.service.empty()) {
            const sku_key key{line.sku.service,
                              line.sku.usage_type + "/" + std::string(kind_suffix(type)) + "/" + plan.term + "/" + plan.payment_option,
                              line.sku.region, line.sku.variant};
            if (const sku* found = prices.try_find(key); found != nullptr && found->tiers.size() == 1) mine = found->tiers.front().unit_price;
        }
        if (!mine) {
            for (const auto& discount : plan.discounts) {
                if (discount.first == line.service) mine = Decimal::multiply(on_demand, (Decimal(100) - discount.second) / Decimal(100));
            }
        }
        if (!mine) continue;
        if (rate && *rate != *mine) {
            throw input_error(source_of(s), plan_path(i),
                              "plans of one type must give one rate for a line: " + plan_path(first) + " gives " + rate->to_string() + " and " +
                                  plan_path(i) + " gives " + mine->to_string() + " for " + line.service + " " + line.usage_type +
                                  " (one term, payment option and discount per plan type)");
        }
        if (!rate) first = i;
        rate = mine;
    }
    return rate;
}

}  // namespace

commitment_usage collect_commitment_usage(const table::table& lines, const scenario& s, const catalog& prices, std::vector<warning>& warnings) {
    commitment_usage collected;
    const std::string source = source_of(s);
    const std::int32_t hours = commitments::whole_hours(s.settings.hours_per_month);
    collected.hours = hours;
    auto& eligible = collected.eligible;
    auto& definition = collected.definition;
    auto& usage_of_line = collected.usage_of_line;
    auto& reservation_rate = collected.reservation_rate;
    auto& reservation_usage = collected.reservation_usage;
    auto& matrix = collected.matrix;
    auto& flat = collected.flat;

    std::unordered_map<std::string_view, std::size_t> workload_index;
    for (std::size_t i = 0; i < s.workloads.size(); ++i) workload_index.emplace(s.workloads[i].name, i);

    const auto& workload_col = lines.strings("workload");
    const auto& service_col = lines.strings("service");
    const auto& component_col = lines.strings("component");
    const auto& sku_col = lines.get_as<table::string_column>("sku");
    const auto& quantity_col = lines.get_as<table::decimal_column>("quantity");
    const auto& unit_price_col = lines.get_as<table::decimal_column>("unit_price");
    const auto& list_price_col = lines.get_as<table::decimal_column>("list_unit_price");
    const std::size_t rows = lines.num_rows();

    // 1. The eligible lines and their rates.
    usage_of_line.assign(rows, -1);
    for (std::size_t i = 0; i < rows; ++i) {
        const Decimal price = unit_price_col[i];
        if (price <= Decimal() || price != list_price_col[i]) continue;  // free tier, Spot
        eligible_line line{i, workload_index.at(workload_col[i]), {}, std::string(service_col[i]), {}, {}, s.settings.region};
        if (!sku_col.is_null(i)) {
            line.sku = split_sku(sku_col[i]);
            line.usage_type = line.sku.usage_type;
            line.region = line.sku.region;
        } else {
            line.usage_type = std::string(component_base(component_col[i]));
        }
        if (!compute_eligible(line.service, line.usage_type)) continue;
        if (const auto* ec2 = std::get_if<ec2_workload>(&s.workloads[line.workload].spec); ec2 != nullptr && ec2->instance_type) {
            line.family = ec2->instance_type->substr(0, ec2->instance_type->find('.'));
        }
        usage_definition usage;
        usage.id = "line " + std::to_string(i);
        usage.on_demand_rate = price;
        usage.family = line.family;
        usage.region = line.region;
        usage.compute_rate = plan_rate(s, prices, plan_type::compute, line, price);
        if (line.service == "ec2" && !line.family.empty()) usage.ec2_instance_rate = plan_rate(s, prices, plan_type::ec2_instance, line, price);
        const bool planned = std::any_of(s.savings_plans.begin(), s.savings_plans.end(), [&](const scenario_savings_plan& p) {
            return p.type == plan_type::compute || (p.family == line.family && line.service == "ec2");
        });
        if (planned && !usage.compute_rate && !usage.ec2_instance_rate) {
            warnings.push_back(warning{std::string(workload_col[i]), "no Savings Plan rate for " + std::string(component_col[i]) +
                                                                         ": neither the catalog nor a plan's discounts give one; it stays on demand"});
        }
        // Only lines a plan or a reservation can cover take part: the others keep their line as it is.
        const bool reserved = std::any_of(s.reserved_instances.begin(), s.reserved_instances.end(),
                                          [&](const scenario_reserved_instance& r) { return r.workload == workload_col[i]; });
        if (!usage.compute_rate && !usage.ec2_instance_rate && !reserved) continue;
        usage_of_line[i] = static_cast<std::int32_t>(definition.usage.size());
        definition.usage.push_back(std::move(usage));
        eligible.push_back(std::move(line));
    }

    // 2. Plans and reservations in the mechanism's terms.
    for (const scenario_savings_plan& plan : s.savings_plans) {
        definition.savings_plans.push_back(savings_plan{plan.id, plan.type, plan.family,
                                                        plan.type == plan_type::ec2_instance && plan.region.empty() ? s.settings.region : plan.region,
                                                        plan.commitment_per_hour});
    }
    reservation_rate.resize(s.reserved_instances.size());
    reservation_usage.assign(s.reserved_instances.size(), -1);
    for (std::size_t r = 0; r < s.reserved_instances.size(); ++r) {
        const scenario_reserved_instance& ri = s.reserved_instances[r];
        const std::string path = "reserved_instances[" + std::to_string(r) + "]";
        const auto found = std::find_if(eligible.begin(), eligible.end(), [&](const eligible_line& l) { return s.workloads[l.workload].name == ri.workload; });
        if (found == eligible.end()) {
            throw input_error(source, path + ".workload", "workload \"" + ri.workload + "\" has no on-demand instance-hours to reserve", "\"" + ri.workload + "\"");
        }
        std::optional<Decimal> rate = ri.hourly_rate;
        if (!rate && !found->sku.service.empty()) {
            const sku_key key{found->sku.service, found->sku.usage_type + "/reserved/" + ri.term + "/" + ri.payment_option, found->sku.region,
                              found->sku.variant};
            if (const sku* entry = prices.try_find(key); entry != nullptr && entry->tiers.size() == 1) rate = entry->tiers.front().unit_price;
        }
        if (!rate) {
            throw input_error(source, path, "give hourly_rate: the catalog " + prices.id() + " has no " + ri.term + " " + ri.payment_option +
                                                " reserved rate for workload \"" + ri.workload + "\"");
        }
        reservation_rate[r] = *rate;
        reservation_usage[r] = usage_of_line[found->line];
        definition.reserved_instances.push_back(reserved_instance{definition.usage[static_cast<std::size_t>(usage_of_line[found->line])].id, ri.units, *rate});
    }

    // 3. Each eligible line over the month's hours, by its workload's schedule.
    const std::size_t n = definition.usage.size();
    const auto h_count = static_cast<std::size_t>(hours);
    matrix.assign(h_count * n, 0);
    flat.assign(n, 0);
    {
        std::unordered_map<std::size_t, std::vector<Decimal>> weights_of;
        const std::vector<Decimal> always(h_count, Decimal(1));
        for (std::size_t u = 0; u < n; ++u) {
            const eligible_line& line = eligible[u];
            const workload& w = s.workloads[line.workload];
            const std::vector<Decimal>* weights = &always;
            if (w.schedule) {
                auto [at, fresh] = weights_of.try_emplace(line.workload);
                if (fresh) at->second = commitments::hourly_weights(*w.schedule, hours);
                weights = &at->second;
            }
            const Decimal quantity = quantity_col[line.line];
            const std::vector<Decimal> parts = commitments::spread(quantity, *weights);
            for (std::size_t h = 0; h < h_count; ++h) matrix[h * n + u] = parts[h].units();
            flat[u] = (quantity / Decimal(hours)).units();
        }
    }
    return collected;
}

commitments_outcome apply_commitments(table::table lines, const scenario& s, const catalog& prices, std::vector<warning>& warnings) {
    commitments_outcome outcome;
    if (!s.has_commitments()) {
        outcome.lines = std::move(lines);
        return outcome;
    }
    const commitment_usage collected = collect_commitment_usage(lines, s, prices, warnings);
    const std::int32_t hours = collected.hours;
    const auto h_count = static_cast<std::size_t>(hours);
    const auto& eligible = collected.eligible;
    const auto& definition = collected.definition;
    const auto& usage_of_line = collected.usage_of_line;
    const auto& reservation_rate = collected.reservation_rate;
    const auto& reservation_usage = collected.reservation_usage;
    const auto& matrix = collected.matrix;
    const auto& flat = collected.flat;

    const auto& workload_col = lines.strings("workload");
    const auto& service_col = lines.strings("service");
    const auto& component_col = lines.strings("component");
    const auto& unit_col = lines.strings("unit");
    const auto& note_col = lines.strings("note");
    const auto& sku_col = lines.get_as<table::string_column>("sku");
    const auto& quantity_col = lines.get_as<table::decimal_column>("quantity");
    const auto& unit_price_col = lines.get_as<table::decimal_column>("unit_price");
    const auto& list_price_col = lines.get_as<table::decimal_column>("list_unit_price");
    const auto& cost_col = lines.get_as<table::decimal_column>("cost");
    const auto& list_cost_col = lines.get_as<table::decimal_column>("list_cost");
    const std::size_t rows = lines.num_rows();

    const savings_plans_result hourly = apply_savings_plans(definition, std::span<const __int128>(matrix), h_count);
    const savings_plans_result average = apply_savings_plans(definition, std::span<const __int128>(flat), 1);

    // 4. The line table again: each covered line as its parts, then the unused commitments.
    const auto& usage_ids = hourly.usage.strings("usage");
    std::unordered_map<std::string_view, std::size_t> usage_row;
    for (std::size_t r = 0; r < hourly.usage.num_rows(); ++r) usage_row.emplace(usage_ids[r], r);
    const auto& u_reserved = hourly.usage.get_as<table::decimal_column>("reserved_units");
    const auto& u_od_units = hourly.usage.get_as<table::decimal_column>("on_demand_units");
    const auto& u_od_cost = hourly.usage.get_as<table::decimal_column>("on_demand_cost");
    const auto& c_usage = hourly.covered.strings("usage");
    const auto& c_plan = hourly.covered.strings("plan");
    const auto& c_units = hourly.covered.get_as<table::decimal_column>("units");
    const auto& c_cost = hourly.covered.get_as<table::decimal_column>("cost");
    std::unordered_map<std::string_view, std::vector<std::size_t>> covered_rows;
    for (std::size_t r = 0; r < hourly.covered.num_rows(); ++r) covered_rows[c_usage[r]].push_back(r);
    std::unordered_map<std::string_view, std::size_t> plan_index;
    for (std::size_t p = 0; p < s.savings_plans.size(); ++p) plan_index.emplace(s.savings_plans[p].id, p);

    table::table out;
    auto& o_workload = out.add_string("workload");
    auto& o_service = out.add_string("service");
    auto& o_component = out.add_string("component");
    auto& o_quantity = out.add_decimal("quantity");
    auto& o_unit = out.add_string("unit");
    auto& o_unit_price = out.add_decimal("unit_price");
    auto& o_cost = out.add_decimal("cost");
    auto& o_note = out.add_string("note");
    auto& o_sku = out.add_string("sku", true);
    auto& o_list_price = out.add_decimal("list_unit_price");
    auto& o_list_cost = out.add_decimal("list_cost");
    const auto append = [&](std::size_t from, std::string_view component, const Decimal& quantity, const Decimal& price, const Decimal& cost,
                            std::string_view note, const Decimal& list_price, const Decimal& list_cost) {
        o_workload.append(workload_col[from]);
        o_service.append(service_col[from]);
        o_component.append(component);
        o_quantity.append(quantity);
        o_unit.append(unit_col[from]);
        o_unit_price.append(price);
        o_cost.append(cost);
        o_note.append(note);
        if (sku_col.is_null(from)) o_sku.append_null();
        else o_sku.append(sku_col[from]);
        o_list_price.append(list_price);
        o_list_cost.append(list_cost);
    };
    std::vector<Decimal> plan_covered(s.savings_plans.size());  // Σ of the covered parts' costs, per plan
    for (std::size_t i = 0; i < rows; ++i) {
        const std::int32_t u = usage_of_line[i];
        if (u < 0) {
            append(i, component_col[i], quantity_col[i], unit_price_col[i], cost_col[i], note_col[i], list_price_col[i], list_cost_col[i]);
            continue;
        }
        const std::string& id = definition.usage[static_cast<std::size_t>(u)].id;
        const std::size_t r = usage_row.at(id);
        const Decimal list = list_price_col[i];
        const std::string base(component_col[i]);
        if (const Decimal reserved = u_reserved[r]; !reserved.is_zero()) {
            std::size_t which = 0;
            while (reservation_usage[which] != u) ++which;
            const Decimal rate = reservation_rate[which];
            append(i, base + " (reserved)", reserved, rate, Decimal::multiply(reserved, rate),
                   "reserved instances, " + s.reserved_instances[which].term + " " + s.reserved_instances[which].payment_option, list,
                   Decimal::multiply(reserved, list));
        }
        if (const auto found = covered_rows.find(id); found != covered_rows.end()) {
            for (const std::size_t c : found->second) {
                const std::string plan(c_plan[c]);
                const Decimal units = c_units[c];
                const Decimal cost = c_cost[c];
                plan_covered[plan_index.at(plan)] += cost;
                const Decimal rate = units.is_zero() ? Decimal() : cost / units;
                append(i, base + " (savings plan " + plan + ")", units, rate, cost, "covered by savings plan " + plan, list, Decimal::multiply(units, list));
            }
        }
        const Decimal on_demand = u_od_units[r];
        if (!on_demand.is_zero() || (u_reserved[r].is_zero() && covered_rows.find(id) == covered_rows.end())) {
            append(i, component_col[i], on_demand, unit_price_col[i], u_od_cost[r], note_col[i], list, Decimal::multiply(on_demand, list));
        }
    }
    // Unused commitment: the month's commitment less what its covered parts cost, so that the lines
    // add up to usage on demand + every commitment, exactly as reported.
    commitments_summary summary;
    summary.hours = hours;
    const Decimal month(hours);
    for (std::size_t p = 0; p < s.savings_plans.size(); ++p) {
        const scenario_savings_plan& plan = s.savings_plans[p];
        const Decimal commitment = Decimal::multiply(plan.commitment_per_hour, month);
        const Decimal unused = commitment - plan_covered[p];
        commitment_plan_summary line{plan.id, std::string(to_string(plan.type)), commitment, plan_covered[p], unused, std::nullopt};
        if (!commitment.is_zero()) line.utilization = plan_covered[p] / commitment;
        summary.plans.push_back(line);
        if (unused.is_zero()) continue;
        o_workload.append(plan.id);
        o_service.append("savings_plans");
        o_component.append("unused commitment");
        o_quantity.append(Decimal(1));
        o_unit.append("month");
        o_unit_price.append(unused);
        o_cost.append(unused);
        o_note.append(plan.commitment_per_hour.to_string() + " per hour × " + month.to_string() + " h = " + commitment.to_string() + "; used " +
                      plan_covered[p].to_string());
        o_sku.append_null();
        o_list_price.append(unused);
        o_list_cost.append(unused);
    }
    for (std::size_t r = 0; r < s.reserved_instances.size(); ++r) {
        const scenario_reserved_instance& ri = s.reserved_instances[r];
        const auto u = static_cast<std::size_t>(reservation_usage[r]);
        const Decimal paid_hours = Decimal::multiply(ri.units, month);
        const Decimal used_hours = u_reserved[usage_row.at(definition.usage[u].id)];
        const Decimal commitment = Decimal::multiply(paid_hours, reservation_rate[r]);
        const Decimal used = Decimal::multiply(used_hours, reservation_rate[r]);
        commitment_plan_summary line{"reserved " + ri.workload, "reserved", commitment, used, commitment - used, std::nullopt};
        if (!commitment.is_zero()) line.utilization = used / commitment;
        summary.plans.push_back(line);
        const Decimal idle = paid_hours - used_hours;
        if (idle.is_zero()) continue;
        const std::size_t from = eligible[u].line;
        append(from, std::string(component_col[from]) + " (unused reservation)", idle, reservation_rate[r], commitment - used,
               ri.units.to_string() + " reserved instance(s) × " + month.to_string() + " h, " + used_hours.to_string() + " instance-hours used",
               reservation_rate[r], commitment - used);
    }

    summary.on_demand_equivalent = hourly.totals.on_demand_equivalent;
    summary.covered_on_demand_equivalent = hourly.totals.covered_on_demand_equivalent;
    summary.coverage = hourly.totals.coverage;
    summary.total = hourly.totals.total;
    summary.savings = hourly.totals.savings;
    summary.flat_total = Decimal::multiply(average.totals.total, month);
    summary.flat_difference = summary.total - summary.flat_total;
    outcome.lines = std::move(out);
    outcome.summary = std::move(summary);
    return outcome;
}

}  // namespace costmodel::stages
