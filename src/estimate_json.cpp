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

namespace {

// Writes the estimate document straight to text: it is on the path of every estimate made from Python
// and the command line, where building a JSON tree first took most of the time. The tree form above
// (to_json) stays for C++ users; a test checks that the two give the same document.
class document_writer {
public:
    explicit document_writer(std::string& out) : out_(out) {}

    void string(std::string_view text) {
        out_.push_back('"');
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_.push_back('\\');
                out_.push_back(c);
            } else if (byte < 0x20) {
                static constexpr char hex[] = "0123456789abcdef";
                switch (c) {
                    case '\n': out_ += "\\n"; break;
                    case '\r': out_ += "\\r"; break;
                    case '\t': out_ += "\\t"; break;
                    case '\b': out_ += "\\b"; break;
                    case '\f': out_ += "\\f"; break;
                    default:
                        out_ += "\\u00";
                        out_.push_back(hex[byte >> 4]);
                        out_.push_back(hex[byte & 0xF]);
                }
            } else {
                out_.push_back(c);  // UTF-8 passes through, as nlohmann's dump() writes it
            }
        }
        out_.push_back('"');
    }
    void key(std::string_view name) {
        separate();
        string(name);
        out_.push_back(':');
        first_ = true;  // the value follows without a comma
    }
    void value(std::string_view text) {
        separate();
        string(text);
    }
    void value(const Decimal& amount) { value(amount.to_string()); }
    void literal(std::string_view text) {
        separate();
        out_ += text;
    }
    void open(char bracket) {
        separate();
        out_.push_back(bracket);
        first_ = true;
    }
    void close(char bracket) {
        out_.push_back(bracket);
        first_ = false;
    }
    template <class T>
    void member(std::string_view name, const T& content) {
        key(name);
        value(content);
    }

private:
    std::string& out_;
    bool first_ = true;
    void separate() {
        if (!first_) out_.push_back(',');
        first_ = false;
    }
};

}  // namespace

std::string estimate_to_json(const estimate_result& result, const scenario_settings* settings, int indent) {
    std::string text;
    text.reserve(512 + result.lines.size() * 256);
    document_writer w(text);
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
    for (const estimate_line& line : result.lines) {
        w.open('{');
        w.member("workload", std::string_view(line.workload));
        w.member("service", std::string_view(line.service));
        w.member("component", std::string_view(line.component));
        w.member("quantity", line.quantity);
        w.member("unit", std::string_view(line.unit));
        w.member("unit_price", line.unit_price);
        w.member("cost", line.cost);
        if (!line.note.empty()) w.member("note", std::string_view(line.note));
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
    if (settings != nullptr) {
        w.key("conventions");
        w.open('{');
        w.member("hours_per_month", settings->hours_per_month);
        w.member("weeks_per_month", std::string_view(settings->weeks_per_month_text));
        w.key("free_tier");
        w.literal(settings->free_tier ? "true" : "false");
        w.member("line_rounding", to_string(settings->line_rounding));
        w.close('}');
    }
    w.close('}');
    if (indent < 0) return text;
    return nlohmann::ordered_json::parse(text).dump(indent);
}

}  // namespace costmodel
