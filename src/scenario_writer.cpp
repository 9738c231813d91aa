// Writing a scenario as a scenario-v1 document: the reader's inverse. Each workload's keys come from
// its service's key list (services/fields.hpp), so a service added to the registry is written with no
// change here.

#include <type_traits>

#include "costmodel/scenario.hpp"
#include "commitments/scenario_commitments_json.hpp"
#include "commitments/schedule_json.hpp"
#include "json_writer.hpp"

namespace costmodel {

namespace {

class scenario_writer {
public:
    explicit scenario_writer(std::string& out) : w_(out, 2, false) {}

    void write(const scenario& s) {
        w_.open('{');
        w_.member("schema", std::string_view("costmodel/scenario/v1"));
        w_.member("name", std::string_view(s.name));
        if (!s.parameters.empty()) {
            w_.key("parameters");
            w_.open('{');
            for (const auto& parameter : s.parameters) number(parameter.first, parameter.second);
            w_.close('}');
        }
        w_.member("currency", s.settings.currency_code.code());
        w_.member("region", std::string_view(s.settings.region));
        w_.member("catalog", std::string_view(s.catalog));
        number("hours_per_month", s.settings.hours_per_month);
        // As the document wrote it: a fraction ("52/12") stays one, a number stays a number.
        const std::string& weeks = s.settings.weeks_per_month_text;
        if (weeks.find('/') != std::string::npos) {
            w_.member("weeks_per_month", std::string_view(weeks));
        } else {
            w_.key("weeks_per_month");
            w_.literal(weeks);
        }
        w_.key("free_tier");
        w_.literal(s.settings.free_tier ? "true" : "false");
        w_.member("line_rounding", to_string(s.settings.line_rounding));
        if (const auto& support = s.settings.support) {
            w_.key("support");
            w_.open('{');
            w_.member("plan", std::string_view(support->plan));
            if (!support->month.empty()) w_.member("month", std::string_view(support->month));
            w_.close('}');
        }
        if (s.users) number("users", *s.users);
        w_.key("workloads");
        w_.open('[');
        for (const workload& item : s.workloads) write(item);
        w_.close(']');
        detail::write_scenario_commitments(w_, s);
        if (s.stated.total || !s.stated.lines.empty()) {
            w_.key("stated");
            w_.open('{');
            if (s.stated.total) stated("total", *s.stated.total);
            if (!s.stated.lines.empty()) {
                w_.key("lines");
                w_.open('{');
                for (const auto& line : s.stated.lines) stated(line.first, line.second);
                w_.close('}');
            }
            w_.close('}');
        }
        w_.close('}');
    }

private:
    detail::json_writer w_;

    void number(std::string_view key, const Decimal& value) {
        w_.key(key);
        w_.literal(value.to_string());
    }
    // A stated figure keeps the places the document wrote ("4.40"): the audit echoes them.
    void stated(std::string_view key, const stated_amount& amount) {
        w_.key(key);
        w_.literal(amount.text.empty() ? amount.value.to_string() : amount.text);
    }

    void write(const workload& item) {
        w_.open('{');
        w_.member("name", std::string_view(item.name));
        w_.member("service", service_name(item.spec));
        if (!item.description.empty()) w_.member("description", std::string_view(item.description));
        std::visit([&](const auto& spec) {
            using workload_type = std::decay_t<decltype(spec)>;
            for_each_key<workload_type>([&](const auto& key) { write_key(spec, key); });
        }, item.spec);
        if (item.schedule) {
            w_.key("schedule");
            commitments::write_schedule(w_, *item.schedule);
        }
        w_.close('}');
    }

    template <class Workload, class Member>
    void write_key(const Workload& w, const workload_key<Workload, Member>& key) {
        const Member& value = w.*key.member;
        if constexpr (std::is_same_v<Member, Decimal>) {
            number(key.name, value);
        } else if constexpr (std::is_same_v<Member, std::optional<Decimal>>) {
            if (value) number(key.name, *value);
        } else if constexpr (std::is_same_v<Member, std::string>) {
            if (key.presence == key_presence::required || !value.empty()) w_.member(key.name, std::string_view(value));
        } else {
            if (value) w_.member(key.name, std::string_view(*value));
        }
    }

    template <class Workload>
    void write_key(const Workload& w, const repetition_keys<Workload>& key) {
        const repetition& runs = w.*key.member;
        for (const repetition_part& part : repetition_parts) {
            if (const auto& value = runs.*part.member) number(part.name, *value);
        }
    }
};

}  // namespace

std::string to_json(const scenario& s) {
    std::string text;
    text.reserve(256 + s.workloads.size() * 160);
    scenario_writer(text).write(s);
    text.push_back('\n');
    return text;
}

}  // namespace costmodel
