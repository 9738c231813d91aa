#include "costmodel/json.hpp"

#include "json_writer.hpp"

namespace costmodel {

void to_json(nlohmann::ordered_json& out, const Decimal& value) { out = value.to_string(); }

void to_json(nlohmann::ordered_json& out, const audit_item& item) {
    out = nlohmann::ordered_json{{"item", item.item},
                                 {"stated", item.stated_as_written()},
                                 {"computed", item.computed.to_string()},
                                 {"difference", item.difference.to_string()}};
}

void to_json(nlohmann::ordered_json& out, const warning& item) {
    out = nlohmann::ordered_json{{"workload", item.workload}, {"message", item.message}};
}

void to_json(nlohmann::ordered_json& out, const price_tier& tier) {
    out = nlohmann::ordered_json{{"from", tier.from.to_string()}};
    out["to"] = tier.to ? nlohmann::ordered_json(tier.to->to_string()) : nlohmann::ordered_json(nullptr);
    out["price"] = tier.unit_price.to_string();
}

void to_json(nlohmann::ordered_json& out, const sku& entry) {
    out = nlohmann::ordered_json{{"service", entry.key.service}, {"usage_type", entry.key.usage_type},
                                 {"region", entry.key.region},   {"variant", entry.key.variant},
                                 {"unit", entry.unit},           {"tiers", entry.tiers},
                                 {"description", entry.description}, {"effective", entry.effective},
                                 {"source", entry.source}};
    if (!entry.free_tier.empty()) out["free_tier"] = entry.free_tier;
}

std::string estimate_to_json(const estimate_result& result, const scenario_settings* settings, int indent, bool ascii) {
    std::string text;
    text.reserve(512 + result.line_count() * 256);
    detail::json_writer w(text, indent, ascii);
    w.open('{');
    w.member("schema", std::string_view("costmodel/estimate/v1"));
    w.member("scenario", std::string_view(result.scenario));
    w.member("currency", result.currency_code.code());
    w.key("catalog");
    w.open('{');
    w.member("id", std::string_view(result.catalog_id));
    w.member("effective", std::string_view(result.catalog_effective));
    w.close('}');
    w.key("lines");
    w.open('[');
    const table::table& lines = result.lines;
    const auto& workload = lines.strings("workload");
    const auto& service = lines.strings("service");
    const auto& component = lines.strings("component");
    const auto quantity = lines.decimals("quantity");
    const auto& unit = lines.strings("unit");
    const auto unit_price = lines.decimals("unit_price");
    const auto cost = lines.decimals("cost");
    const auto& note = lines.strings("note");
    for (std::size_t i = 0; i < lines.num_rows(); ++i) {
        w.open('{');
        w.member("workload", workload[i]);
        w.member("service", service[i]);
        w.member("component", component[i]);
        w.member("quantity", Decimal::from_units(quantity[i]));
        w.member("unit", unit[i]);
        w.member("unit_price", Decimal::from_units(unit_price[i]));
        w.member("cost", Decimal::from_units(cost[i]));
        if (!note[i].empty()) w.member("note", note[i]);
        w.close('}');
    }
    w.close(']');
    w.key("services");
    w.open('{');
    for (const auto& [name, cost] : result.services) w.member(name, cost);
    w.close('}');
    w.member("total", result.total);
    if (result.cost_per_user) w.member("cost_per_user", *result.cost_per_user);
    w.key("warnings");
    w.open('[');
    for (const warning& item : result.warnings) {
        w.open('{');
        w.member("workload", std::string_view(item.workload));
        w.member("message", std::string_view(item.message));
        w.close('}');
    }
    w.close(']');
    w.key("audit");
    w.open('[');
    for (const audit_item& item : result.audit) {
        w.open('{');
        w.member("item", std::string_view(item.item));
        w.member("stated", std::string_view(item.stated_as_written()));
        w.member("computed", item.computed);
        w.member("difference", item.difference);
        w.close('}');
    }
    w.close(']');
    if (result.commitments) {
        // An addition to estimate-v1, present only when the scenario holds commitments.
        const commitments_summary& c = *result.commitments;
        w.key("commitments");
        w.open('{');
        w.key("hours");
        w.literal(std::to_string(c.hours));
        w.key("plans");
        w.open('[');
        for (const commitment_plan_summary& plan : c.plans) {
            w.open('{');
            w.member("id", std::string_view(plan.id));
            w.member("type", std::string_view(plan.type));
            w.member("commitment", plan.commitment);
            w.member("used", plan.used);
            w.member("unused", plan.unused);
            if (plan.utilization) w.member("utilization", *plan.utilization);
            w.close('}');
        }
        w.close(']');
        w.member("on_demand_equivalent", c.on_demand_equivalent);
        if (c.coverage) w.member("coverage", *c.coverage);
        w.member("total", c.total);
        w.member("savings", c.savings);
        w.member("flat_total", c.flat_total);
        w.member("flat_difference", c.flat_difference);
        w.close('}');
    }
    if (settings != nullptr) {
        w.key("conventions");
        w.open('{');
        w.member("hours_per_month", settings->hours_per_month);
        w.member("weeks_per_month", std::string_view(settings->weeks_per_month_text));
        w.key("free_tier");
        w.literal(settings->free_tier ? "true" : "false");
        w.member("line_rounding", to_string(settings->line_rounding));
        if (settings->support) w.member("support", std::string_view(settings->support->plan));
        w.close('}');
    }
    w.close('}');
    return text;
}

void to_json(nlohmann::ordered_json& out, const estimate_result& result) {
    out = nlohmann::ordered_json::parse(estimate_to_json(result, nullptr, -1));
}

}  // namespace costmodel
