#pragma once
// The keys of a workload, described once beside its type. A service declares
//
//     static constexpr auto fields() { return std::tuple{number_key(...), choice_key(...), ...}; }
//
// and everything that handles a workload's keys follows from that list: the scenario reader (which
// reads each key's JSON value into its member), the scenario writer, the checks of each key's rule (a
// number >= 0, > 0, whole; a text among its choices), `costmodel services` and the key tables of
// docs/services.md. What a list cannot say — keys that exclude each other, ranges, a key that only one
// variant of the service takes — the service says in its `validate()`, in terms of its own members.
// Neither the keys nor validate() see JSON: the service model knows its values, the edge knows text.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "costmodel/decimal.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/scenario_settings.hpp"

namespace costmodel {

// What a document must do about a key.
enum class key_presence : std::uint8_t {
    required,   // the key must be given (a validate() may widen this to "one of two")
    defaulted,  // absent means the member's default (the value of a default-constructed workload)
    optional,   // absent means "not given" (a std::optional member)
};

// What a number may be. Every usage quantity is at least `non_negative`.
enum class number_rule : std::uint8_t {
    non_negative,    // >= 0
    positive,        // > 0
    whole,           // a whole number >= 0
    positive_whole,  // a whole number > 0
};

// One key of a workload: its name in the document, the member it fills, and its rule.
// Member is Decimal or std::optional<Decimal> (numbers), std::string or std::optional<std::string>
// (text, with or without a list of choices).
template <class Workload, class Member>
struct workload_key {
    std::string_view name;
    Member Workload::*member;
    key_presence presence;
    number_rule rule;
    // For text: the values it may take (empty: any text). `numeric_choices`: a choice may be written as
    // a number, which is matched by value (glue_version 4 or "4" is "4.0").
    std::span<const std::string_view> choices;
    bool numeric_choices;
    std::string_view doc;
};

// The four keys of how often and how long a workload runs (scenario_settings.hpp): runs_per_month |
// runs_per_week and run_minutes | run_seconds. Whether they are required is the service's to say.
template <class Workload>
struct repetition_keys {
    repetition Workload::*member;
    std::string_view doc;
};

template <class Workload>
[[nodiscard]] constexpr auto number_key(std::string_view name, Decimal Workload::*member, key_presence presence,
                                        number_rule rule, std::string_view doc) {
    return workload_key<Workload, Decimal>{name, member, presence, rule, {}, false, doc};
}

template <class Workload>
[[nodiscard]] constexpr auto number_key(std::string_view name, std::optional<Decimal> Workload::*member, number_rule rule,
                                        std::string_view doc) {
    return workload_key<Workload, std::optional<Decimal>>{name, member, key_presence::optional, rule, {}, false, doc};
}

template <class Workload>
[[nodiscard]] constexpr auto choice_key(std::string_view name, std::string Workload::*member, key_presence presence,
                                        std::span<const std::string_view> choices, std::string_view doc,
                                        bool numeric_choices = false) {
    return workload_key<Workload, std::string>{name, member, presence, number_rule::non_negative, choices, numeric_choices, doc};
}

template <class Workload>
[[nodiscard]] constexpr auto choice_key(std::string_view name, std::optional<std::string> Workload::*member,
                                        std::span<const std::string_view> choices, std::string_view doc) {
    return workload_key<Workload, std::optional<std::string>>{name, member, key_presence::optional, number_rule::non_negative,
                                                              choices, false, doc};
}

template <class Workload>
[[nodiscard]] constexpr auto text_key(std::string_view name, std::optional<std::string> Workload::*member, std::string_view doc) {
    return workload_key<Workload, std::optional<std::string>>{name, member, key_presence::optional, number_rule::non_negative,
                                                              {}, false, doc};
}

template <class Workload>
[[nodiscard]] constexpr auto runs_keys(repetition Workload::*member, std::string_view doc) {
    return repetition_keys<Workload>{member, doc};
}

// Calls f(key) for each key a workload type declares, in its order.
template <class Workload, class F>
constexpr void for_each_key(F&& f) {
    std::apply([&](const auto&... key) { (f(key), ...); }, Workload::fields());
}

// The names of the repetition keys, in the order they are read and written.
inline constexpr std::string_view runs_per_month_key = "runs_per_month";
inline constexpr std::string_view runs_per_week_key = "runs_per_week";
inline constexpr std::string_view run_minutes_key = "run_minutes";
inline constexpr std::string_view run_seconds_key = "run_seconds";

// The four keys with their members and a line on each: the one list the reader, the writer, validation
// and the descriptions walk.
struct repetition_part {
    std::string_view name;
    std::optional<Decimal> repetition::*member;
    std::string_view doc;
};
inline constexpr repetition_part repetition_parts[] = {
    {runs_per_month_key, &repetition::runs_per_month, "Runs in the month (or runs_per_week)."},
    {runs_per_week_key, &repetition::runs_per_week, "Runs per week, × the scenario's weeks_per_month."},
    {run_minutes_key, &repetition::run_minutes, "Minutes per run (or run_seconds)."},
    {run_seconds_key, &repetition::run_seconds, "Seconds per run."},
};

// Where a workload's checks report: the scenario's input and the workload's path. A check that fails
// throws an input_error naming "<source>: workloads[3].<key>", the message and the value.
class workload_checks {
public:
    // The path is made only when a check fails: validation runs before every estimate.
    workload_checks(std::string_view source, std::size_t index) : source_(source), index_(index) {}

    [[noreturn]] void fail(std::string_view key, const std::string& message, const std::string& value = {}) const {
        throw input_error(std::string(source_), path() + "." + std::string(key), message, value);
    }
    [[nodiscard]] std::string path() const { return "workloads[" + std::to_string(index_) + "]"; }
    [[nodiscard]] std::string_view source() const noexcept { return source_; }

private:
    std::string_view source_;
    std::size_t index_;
};
// "give a or b, not both" / "missing required key (or b)" for two keys that exclude each other, one of
// which is needed; `also` widens the message when a third way exists ("or scanned_tb_per_month").
inline void require_one_of(const workload_checks& checks, bool has_first, std::string_view first, bool has_second,
                           std::string_view second, std::string_view also = {}) {
    if (has_first && has_second) {
        checks.fail(second, "give " + std::string(first) + " or " + std::string(second) + ", not both");
    }
    if (!has_first && !has_second) {
        checks.fail(first, "missing required key (or " + std::string(second) + (also.empty() ? "" : ", or " + std::string(also)) + ")");
    }
}

// The repetition keys' own rules: not both of a pair; with `required`, one of each pair.
inline void check_repetition(const workload_checks& checks, const repetition& runs, bool required) {
    if (runs.runs_per_month && runs.runs_per_week) checks.fail(runs_per_week_key, "give runs_per_month or runs_per_week, not both");
    if (runs.run_minutes && runs.run_seconds) checks.fail(run_seconds_key, "give run_minutes or run_seconds, not both");
    if (required && !runs.has_runs()) checks.fail(runs_per_month_key, "missing required key (or runs_per_week)");
    if (required && !runs.has_duration()) checks.fail(run_minutes_key, "missing required key (or run_seconds)");
}

}  // namespace costmodel
