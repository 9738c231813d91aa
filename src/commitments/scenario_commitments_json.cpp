#include "scenario_commitments_json.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>

#include "costmodel/scenario.hpp"
#include "../did_you_mean.hpp"

namespace costmodel::detail {

namespace {

constexpr std::string_view plan_services[] = {"ec2", "fargate", "lambda"};

const json& require_array(const json& value, const std::string& source, const std::string& path) {
    if (!value.is_array()) throw input_error(source, path, "expected an array, got " + describe(value), describe(value));
    return value;
}

std::string quote_text(std::string_view text) { return "\"" + printable(text) + "\""; }

// After a number is read: when it was an expression, how a sweep puts a new value of it in place.
template <class Set>
void on_number(expression_log<scenario>* log, std::size_t size_before, Set set) {
    if (log == nullptr || log->entries.size() == size_before) return;
    log->entries.back().assign = set;
}

std::size_t size_of(const expression_log<scenario>* log) { return log ? log->entries.size() : 0; }

}  // namespace

std::vector<scenario_savings_plan> read_scenario_savings_plans(const json& value, const std::string& source,
                                                               const parameter_values* parameters, expression_log<scenario>* expressions) {
    std::vector<scenario_savings_plan> plans;
    std::size_t i = 0;
    for (const json element : require_array(value, source, "savings_plans")) {
        const std::size_t index = i++;
        const std::string path = "savings_plans[" + std::to_string(index) + "]";
        json_object_reader reader(element, source, path, parameters);
        reader.record_expressions(expressions);
        scenario_savings_plan plan;
        plan.id = reader.required_string("id");
        const std::string type = reader.choice_or("type", {"compute", "ec2_instance"}, "");
        if (type.empty()) reader.fail("type", "missing required key (compute or ec2_instance)");
        plan.type = type == "compute" ? plan_type::compute : plan_type::ec2_instance;
        const std::size_t before = size_of(expressions);
        plan.commitment_per_hour = reader.required_decimal("commitment_per_hour");
        on_number(expressions, before, [index](scenario& s, const Decimal& v) { s.savings_plans[index].commitment_per_hour = v; });
        plan.family = reader.string_or("family", "");
        plan.region = reader.string_or("region", "");
        plan.term = reader.choice_or("term", {"1yr", "3yr"}, "1yr");
        plan.payment_option = reader.choice_or("payment_option", {"no_upfront", "partial_upfront", "all_upfront"}, "no_upfront");
        if (const auto discounts = reader.value("discounts")) {
            const std::string at = reader.path_of("discounts");
            if (!discounts->is_object()) throw input_error(source, at, "expected an object of percents by service, got " + describe(*discounts), describe(*discounts));
            for (const json member : *discounts) {
                plan.discounts.emplace_back(std::string(member.key()), read_decimal(member, source, at + "." + printable(member.key())));
            }
        }
        reader.finish();
        plans.push_back(std::move(plan));
    }
    return plans;
}

std::vector<scenario_reserved_instance> read_scenario_reserved_instances(const json& value, const std::string& source,
                                                                       const parameter_values* parameters,
                                                                       expression_log<scenario>* expressions) {
    std::vector<scenario_reserved_instance> reserved;
    std::size_t i = 0;
    for (const json element : require_array(value, source, "reserved_instances")) {
        const std::size_t index = i++;
        const std::string path = "reserved_instances[" + std::to_string(index) + "]";
        json_object_reader reader(element, source, path, parameters);
        reader.record_expressions(expressions);
        scenario_reserved_instance ri;
        ri.workload = reader.required_string("workload");
        std::size_t before = size_of(expressions);
        ri.units = reader.required_decimal("units");
        on_number(expressions, before, [index](scenario& s, const Decimal& v) { s.reserved_instances[index].units = v; });
        before = size_of(expressions);
        ri.hourly_rate = reader.optional_decimal("hourly_rate");
        on_number(expressions, before, [index](scenario& s, const Decimal& v) { s.reserved_instances[index].hourly_rate = v; });
        ri.term = reader.choice_or("term", {"1yr", "3yr"}, "1yr");
        ri.payment_option = reader.choice_or("payment_option", {"no_upfront", "partial_upfront", "all_upfront"}, "no_upfront");
        reader.finish();
        reserved.push_back(std::move(ri));
    }
    return reserved;
}

void write_scenario_commitments(json_writer& out, const scenario& s) {
    if (!s.savings_plans.empty()) {
        out.key("savings_plans");
        out.open('[');
        for (const scenario_savings_plan& plan : s.savings_plans) {
            out.open('{');
            out.member("id", std::string_view(plan.id));
            out.member("type", to_string(plan.type));
            if (!plan.family.empty()) out.member("family", std::string_view(plan.family));
            if (!plan.region.empty()) out.member("region", std::string_view(plan.region));
            out.key("commitment_per_hour");
            out.literal(plan.commitment_per_hour.to_string());
            out.member("term", std::string_view(plan.term));
            out.member("payment_option", std::string_view(plan.payment_option));
            if (!plan.discounts.empty()) {
                out.key("discounts");
                out.open('{');
                for (const auto& discount : plan.discounts) {
                    out.key(discount.first);
                    out.literal(discount.second.to_string());
                }
                out.close('}');
            }
            out.close('}');
        }
        out.close(']');
    }
    if (!s.reserved_instances.empty()) {
        out.key("reserved_instances");
        out.open('[');
        for (const scenario_reserved_instance& ri : s.reserved_instances) {
            out.open('{');
            out.member("workload", std::string_view(ri.workload));
            out.key("units");
            out.literal(ri.units.to_string());
            if (ri.hourly_rate) {
                out.key("hourly_rate");
                out.literal(ri.hourly_rate->to_string());
            }
            out.member("term", std::string_view(ri.term));
            out.member("payment_option", std::string_view(ri.payment_option));
            out.close('}');
        }
        out.close(']');
    }
}

void check_scenario_commitments(const scenario& s, const std::string& source) {
    try {
        (void)commitments::whole_hours(s.settings.hours_per_month);
    } catch (const std::invalid_argument& error) {
        throw input_error(source, "hours_per_month", std::string(error.what()) + " (commitments apply hour by hour)", s.settings.hours_per_month.to_string());
    }
    for (std::size_t i = 0; i < s.savings_plans.size(); ++i) {
        const scenario_savings_plan& plan = s.savings_plans[i];
        const std::string path = "savings_plans[" + std::to_string(i) + "]";
        if (plan.id.empty()) throw input_error(source, path + ".id", "must not be empty", "\"\"");
        for (std::size_t j = 0; j < i; ++j) {
            if (s.savings_plans[j].id == plan.id) throw input_error(source, path + ".id", "duplicate plan id " + quote_text(plan.id), quote_text(plan.id));
        }
        if (plan.commitment_per_hour.is_negative()) {
            throw input_error(source, path + ".commitment_per_hour", "expected a commitment >= 0, got " + plan.commitment_per_hour.to_string(),
                              plan.commitment_per_hour.to_string());
        }
        if (plan.type == plan_type::ec2_instance && plan.family.empty()) {
            throw input_error(source, path + ".family", "an ec2_instance plan covers one instance family: give family (e.g. \"m5\")");
        }
        if (plan.type == plan_type::compute && !plan.family.empty()) {
            throw input_error(source, path + ".family", "a compute plan covers every family: family is for ec2_instance plans", quote_text(plan.family));
        }
        for (const auto& discount : plan.discounts) {
            const std::string at = path + ".discounts." + printable(discount.first);
            const bool known = std::find(std::begin(plan_services), std::end(plan_services), discount.first) != std::end(plan_services);
            if (!known) {
                const auto near = nearest_name(discount.first, std::span<const std::string_view>(plan_services));
                throw input_error(source, at,
                                  "a plan discounts ec2, fargate or lambda, not " + quote_text(discount.first) +
                                      (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
                                  quote_text(discount.first));
            }
            if (plan.type == plan_type::ec2_instance && discount.first != "ec2") {
                throw input_error(source, at, "an ec2_instance plan covers EC2 only", quote_text(discount.first));
            }
            if (discount.second.is_negative() || discount.second >= Decimal(100)) {
                throw input_error(source, at, "expected a percent from 0 to below 100, got " + discount.second.to_string(), discount.second.to_string());
            }
        }
    }
    std::vector<std::string_view> ec2_names;
    for (const workload& w : s.workloads) {
        if (std::holds_alternative<ec2_workload>(w.spec)) ec2_names.push_back(w.name);
    }
    for (std::size_t i = 0; i < s.reserved_instances.size(); ++i) {
        const scenario_reserved_instance& ri = s.reserved_instances[i];
        const std::string path = "reserved_instances[" + std::to_string(i) + "]";
        if (std::find(ec2_names.begin(), ec2_names.end(), ri.workload) == ec2_names.end()) {
            const auto near = nearest_name(ri.workload, ec2_names);
            throw input_error(source, path + ".workload",
                              "no EC2 workload named " + quote_text(ri.workload) + (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
                              quote_text(ri.workload));
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (s.reserved_instances[j].workload == ri.workload) {
                throw input_error(source, path + ".workload",
                                  "workload " + quote_text(ri.workload) + " is reserved twice (also reserved_instances[" + std::to_string(j) +
                                      "]): give its instances in one entry",
                                  quote_text(ri.workload));
            }
        }
        if (ri.units.is_negative() || ri.units.is_zero()) {
            throw input_error(source, path + ".units", "expected a number of instances > 0, got " + ri.units.to_string(), ri.units.to_string());
        }
        if (ri.hourly_rate && ri.hourly_rate->is_negative()) {
            throw input_error(source, path + ".hourly_rate", "expected a rate >= 0, got " + ri.hourly_rate->to_string(), ri.hourly_rate->to_string());
        }
    }
}

}  // namespace costmodel::detail
