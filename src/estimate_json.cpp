#include "costmodel/json.hpp"

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

namespace {

// Writes the estimate document straight to text: the one writer of the contract's document. The
// JSON-tree form (to_json below) parses what it writes, so the two cannot differ.
class document_writer {
public:

    void string(std::string_view text) {
        static constexpr char hex[] = "0123456789abcdef";
        const auto escape = [&](unsigned code) {
            out_ += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out_.push_back(hex[(code >> shift) & 0xF]);
        };
        out_.push_back('"');
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_.push_back('\\');
                out_.push_back(c);
            } else if (byte < 0x20) {
                switch (c) {
                    case '\n': out_ += "\\n"; break;
                    case '\r': out_ += "\\r"; break;
                    case '\t': out_ += "\\t"; break;
                    case '\b': out_ += "\\b"; break;
                    case '\f': out_ += "\\f"; break;
                    default: escape(byte);
                }
            } else if (ascii_ && byte >= 0x7F) {
                // As Python's json.dumps(ensure_ascii=True): every character outside ' '..'~' as \uXXXX,
                // above U+FFFF as a surrogate pair. The readers accept valid UTF-8 only.
                unsigned code = byte;
                std::size_t extra = 0;
                if (byte >= 0xF0) code = byte & 0x07, extra = 3;
                else if (byte >= 0xE0) code = byte & 0x0F, extra = 2;
                else if (byte >= 0xC0) code = byte & 0x1F, extra = 1;
                for (std::size_t k = 0; k < extra && i + 1 < text.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F);
                if (code > 0xFFFF) {
                    code -= 0x10000;
                    escape(0xD800 + (code >> 10));
                    escape(0xDC00 + (code & 0x3FF));
                } else {
                    escape(code);
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
        out_ += indent_ < 0 ? ":" : ": ";
        after_key_ = true;  // the value follows on the same line, without a comma
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
        ++depth_;
    }
    void close(char bracket) {
        --depth_;
        if (!first_) new_line();  // an empty container stays "[]" / "{}", as nlohmann's dump writes it
        out_.push_back(bracket);
        first_ = false;
    }
    template <class T>
    void member(std::string_view name, const T& content) {
        key(name);
        value(content);
    }

    // With `indent` >= 0, the layout of nlohmann's dump(indent): one member or element a line.
    explicit document_writer(std::string& out, int indent, bool ascii) : out_(out), indent_(indent), ascii_(ascii) {}

private:
    std::string& out_;
    int indent_ = -1;
    bool ascii_ = false;
    int depth_ = 0;
    bool first_ = true;
    bool after_key_ = false;
    void new_line() {
        if (indent_ < 0) return;
        out_.push_back('\n');
        out_.append(static_cast<std::size_t>(indent_ * depth_), ' ');
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            first_ = false;
            return;
        }
        if (!first_) out_.push_back(',');
        first_ = false;
        if (depth_ > 0) new_line();
    }
};

}  // namespace

std::string estimate_to_json(const estimate_result& result, const scenario_settings* settings, int indent, bool ascii) {
    std::string text;
    text.reserve(512 + result.line_count() * 256);
    document_writer w(text, indent, ascii);
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
    return text;
}

void to_json(nlohmann::ordered_json& out, const estimate_result& result) {
    out = nlohmann::ordered_json::parse(estimate_to_json(result, nullptr, -1));
}

}  // namespace costmodel
