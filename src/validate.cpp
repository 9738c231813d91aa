// Validation of a scenario, in one place: the rule of each key a service declares (fields.hpp), then
// the service's own validate() for what relates its keys, then the scenario's settings and names.
// The reader calls it on what it read; estimate() on what it is given, which may have been built in
// code. Either way a broken value is an input_error naming the source, the path and the value.

#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "costmodel/scenario.hpp"
#include "commitments/scenario_commitments_json.hpp"
#include "commitments/schedule_json.hpp"
#include "costmodel/stages/support.hpp"
#include "costmodel/table/dictionary.hpp"
#include "did_you_mean.hpp"
#include "json_document.hpp"

namespace costmodel {

namespace {

void check_number(const workload_checks& checks, std::string_view key, number_rule rule, const Decimal& value) {
    const auto fail = [&](const char* expected) { checks.fail(key, std::string(expected) + ", got " + value.to_string(), value.to_string()); };
    switch (rule) {
        case number_rule::non_negative:
            if (value.is_negative()) fail("expected a number >= 0");
            break;
        case number_rule::positive:
            if (value.is_negative()) fail("expected a number >= 0");
            if (value.is_zero()) fail("expected a number > 0");
            break;
        case number_rule::whole:
            if (value.is_negative()) fail("expected a number >= 0");
            if (!value.is_integer()) fail("expected a whole number");
            break;
        case number_rule::positive_whole:
            if (value.is_negative() || value.is_zero() || !value.is_integer()) fail("expected a whole number > 0");
            break;
    }
}

void check_choice(const workload_checks& checks, std::string_view key, std::span<const std::string_view> choices, const std::string& value) {
    if (choices.empty()) return;
    for (const std::string_view choice : choices) {
        if (value == choice) return;
    }
    std::string expected;
    for (const std::string_view choice : choices) expected += (expected.empty() ? "" : ", ") + std::string(choice);
    const auto near = detail::nearest_name(value, choices);
    const std::string shown = "\"" + detail::printable(value) + "\"";
    checks.fail(key, "expected one of " + expected + ", got " + shown + (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
                shown);
}

template <class Workload, class Member>
void check_key(const Workload& w, const workload_key<Workload, Member>& key, const workload_checks& checks) {
    const Member& value = w.*key.member;
    if constexpr (std::is_same_v<Member, Decimal>) {
        check_number(checks, key.name, key.rule, value);
    } else if constexpr (std::is_same_v<Member, std::optional<Decimal>>) {
        if (value) check_number(checks, key.name, key.rule, *value);
    } else if constexpr (std::is_same_v<Member, std::string>) {
        check_choice(checks, key.name, key.choices, value);
    } else {
        static_assert(std::is_same_v<Member, std::optional<std::string>>, "a workload key is a number or a text");
        if (value) check_choice(checks, key.name, key.choices, *value);
    }
}

template <class Workload>
void check_key(const Workload& w, const repetition_keys<Workload>& key, const workload_checks& checks) {
    const repetition& runs = w.*key.member;
    for (const repetition_part& part : repetition_parts) {
        if (const auto& value = runs.*part.member) check_number(checks, part.name, number_rule::non_negative, *value);
    }
}

template <class Workload>
void check_workload(const Workload& w, const workload_checks& checks) {
    for_each_key<Workload>([&](const auto& key) { check_key(w, key, checks); });
    validate(w, checks);
}

// A schedule says when a workload runs: for EC2 it replaces utilisation and the workload's own month.
void check_scheduled(const workload& item, const workload_checks& checks) {
    if (const auto* ec2 = std::get_if<ec2_workload>(&item.spec)) {
        if (ec2->utilization_percent != Decimal(100)) {
            checks.fail("utilization_percent", "a schedule says when the instances run: give utilization_percent 100 (or leave it out) with a schedule, got " +
                                                   ec2->utilization_percent.to_string(),
                        ec2->utilization_percent.to_string());
        }
        if (ec2->hours_per_month) {
            checks.fail("hours_per_month", "give hours_per_month or a schedule, not both", ec2->hours_per_month->to_string());
        }
    }
}

}  // namespace

void validate(const workload& item, std::size_t index, std::string_view source) {
    const workload_checks checks(source, index);
    if (item.name.empty()) checks.fail("name", "must not be empty", "\"\"");
    std::visit([&](const auto& spec) { check_workload(spec, checks); }, item.spec);
}

void validate(const scenario& s) {
    const std::string_view source = s.source.empty() ? std::string_view("<scenario>") : std::string_view(s.source);
    if (s.name.empty()) throw input_error(std::string(source), "name", "must not be empty", "\"\"");
    const scenario_settings& settings = s.settings;
    const auto positive = [&](std::string_view key, const Decimal& value) {
        if (value > Decimal()) return;
        const std::string expected = value.is_negative() ? "expected a number >= 0, got " : "expected a number > 0, got ";
        throw input_error(std::string(source), std::string(key), expected + value.to_string(), value.to_string());
    };
    positive("hours_per_month", settings.hours_per_month);
    if (!(exact_ratio(Decimal()) < settings.weeks_per_month)) {
        throw input_error(std::string(source), "weeks_per_month", "expected a number > 0, got " + settings.weeks_per_month_text, settings.weeks_per_month_text);
    }
    if (s.users) positive("users", *s.users);
    // The plan and the month's rule set, as the estimate will choose them (did you mean, for a plan).
    if (settings.support) (void)stages::support_for(settings, source);
    // The names in a flat dictionary (one allocation for the text, none per name): this runs before
    // every estimate.
    table::dictionary names;
    std::size_t bytes = 0;
    for (const workload& item : s.workloads) bytes += item.name.size();
    names.reserve(s.workloads.size(), bytes);
    std::optional<std::int32_t> month_hours;  // the month as whole hours, once a workload has a schedule
    for (std::size_t i = 0; i < s.workloads.size(); ++i) {
        const workload& item = s.workloads[i];
        validate(item, i, source);
        if (item.schedule) {
            const std::string path = "workloads[" + std::to_string(i) + "].schedule";
            if (!month_hours) {
                try {
                    month_hours = commitments::whole_hours(settings.hours_per_month);
                } catch (const std::invalid_argument& error) {
                    throw input_error(std::string(source), "hours_per_month", std::string(error.what()) + " (" + path + " needs it)",
                                      settings.hours_per_month.to_string());
                }
            }
            commitments::check_schedule(*item.schedule, *month_hours, std::string(source), path);
            check_scheduled(item, workload_checks(source, i));
        }
        const std::size_t before = names.size();
        if (names.intern(item.name), names.size() == before) {
            const std::string shown = "\"" + detail::printable(item.name) + "\"";
            throw input_error(std::string(source), "workloads[" + std::to_string(i) + "].name", "duplicate workload name " + shown, shown);
        }
        if (settings.support && item.name == "support") {
            throw input_error(std::string(source), "workloads[" + std::to_string(i) + "].name",
                              "\"support\" names the support plan's line when the scenario sets support; name the workload otherwise",
                              "\"support\"");
        }
    }
    if (s.has_commitments()) detail::check_scenario_commitments(s, std::string(source));
    for (const auto& line : s.stated.lines) {
        // With a support plan, "support" states the support line's figure.
        if (names.find(line.first) < 0 && !(settings.support && line.first == "support")) {
            const std::string shown = "\"" + detail::printable(line.first) + "\"";
            throw input_error(std::string(source), "stated.lines." + detail::printable(line.first), "no workload named " + shown, shown);
        }
    }
}

}  // namespace costmodel
