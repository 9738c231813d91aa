#include "costmodel/json.hpp"

namespace costmodel {

void to_json(nlohmann::ordered_json& out, const Decimal& value) { out = value.to_string(); }

void to_json(nlohmann::ordered_json& out, const estimate_line& line) {
    out = nlohmann::ordered_json{{"workload", line.workload},
                                 {"service", line.service},
                                 {"component", line.component},
                                 {"quantity", line.quantity.to_string()},
                                 {"unit", line.unit},
                                 {"unit_price", line.unit_price.to_string()},
                                 {"cost", line.cost.to_string()}};
    if (!line.note.empty()) out["note"] = line.note;
}

void to_json(nlohmann::ordered_json& out, const audit_item& item) {
    out = nlohmann::ordered_json{{"item", item.item},
                                 {"stated", item.stated_text.empty() ? item.stated.to_string() : item.stated_text},
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

void to_json(nlohmann::ordered_json& out, const estimate_result& result) {
    out = nlohmann::ordered_json::object();
    out["schema"] = "costmodel/estimate/v1";
    out["scenario"] = result.scenario;
    out["currency"] = std::string(result.currency_code.code());
    out["catalog"] = nlohmann::ordered_json{{"id", result.catalog_id}, {"effective", result.catalog_effective}};
    out["lines"] = result.lines;
    nlohmann::ordered_json services = nlohmann::ordered_json::object();
    for (const auto& [name, cost] : result.services) services[name] = cost.to_string();
    out["services"] = std::move(services);
    out["total"] = result.total.to_string();
    if (result.cost_per_user) out["cost_per_user"] = result.cost_per_user->to_string();
    out["warnings"] = result.warnings;
    out["audit"] = result.audit;
}

std::string estimate_to_json(const estimate_result& result, const scenario_settings* settings, int indent) {
    nlohmann::ordered_json document = result;
    if (settings != nullptr) {
        document["conventions"] = nlohmann::ordered_json{
            {"hours_per_month", settings->hours_per_month.to_string()},
            {"weeks_per_month", settings->weeks_per_month_text},
            {"free_tier", settings->free_tier},
            {"line_rounding", settings->line_rounding == rounding_policy::exact ? "none" : "cents"},
        };
    }
    return document.dump(indent);
}

}  // namespace costmodel
