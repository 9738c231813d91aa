#pragma once
// A scenario: named workloads of AWS services with the settings that price them
// (contract: scenario-v1). Parsing from JSON is strict: unknown keys are errors naming their path.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "costmodel/commitments/scenario_commitments.hpp"
#include "costmodel/commitments/schedule.hpp"
#include "costmodel/read_limits.hpp"
#include "costmodel/parameter_expression.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/registry.hpp"

namespace costmodel {

// One alternative per registered service (services/registry.hpp).
using service_workload = variant_of<service_types>::type;

// The contract's service name of a workload alternative ("fargate", "glue_job", ...), from its type.
[[nodiscard]] inline std::string_view service_name(const service_workload& workload) noexcept {
    return std::visit([](const auto& spec) { return std::decay_t<decltype(spec)>::service_name; }, workload);
}

struct workload {
    std::string name;
    service_workload spec;
    std::string description;  // optional free text
    // When in the month it runs (commitments/schedule.hpp); none: evenly, every hour.
    std::optional<commitments::schedule> schedule;
    friend bool operator==(const workload&, const workload&) = default;
};

// A figure as a document states it. `text` keeps the document's own places ("4.40", not "4.4") so an
// audit echoes the figure the reader will look for; it is always plain decimal notation.
struct stated_amount {
    Decimal value;
    std::string text;
    friend bool operator==(const stated_amount&, const stated_amount&) = default;
};

// Figures a document states, to audit: the total and/or lines by workload name.
struct stated_figures {
    std::optional<stated_amount> total;
    std::vector<std::pair<std::string, stated_amount>> lines;  // in the order the document gives them
    friend bool operator==(const stated_figures&, const stated_figures&) = default;
};

struct scenario {
    std::string name;
    // Where the scenario was read from, for errors found later (while metering or pricing); empty for
    // a scenario built in code, which errors name "<scenario>".
    std::string source;
    std::string catalog = "builtin";  // "builtin", or a path to a catalog or offer file
    scenario_settings settings;
    std::optional<Decimal> users;
    std::vector<workload> workloads;
    stated_figures stated;
    // Commitments the estimate applies hour by hour to its eligible lines (commitments stage).
    std::vector<scenario_savings_plan> savings_plans;
    std::vector<scenario_reserved_instance> reserved_instances;
    [[nodiscard]] bool has_commitments() const noexcept { return !savings_plans.empty() || !reserved_instances.empty(); }
    // The parameters the document declares ("parameters": {"users": 100000}) with the values this
    // scenario was read with: its numbers may be written as expressions of them ("=users * 0.05").
    parameter_values parameters;
    friend bool operator==(const scenario&, const scenario&) = default;
};

// Checks a scenario against the rule of each key its services declare (services/fields.hpp), each
// service's validate(), and its own settings and names (non-empty, unique). Throws input_error naming
// the source (s.source, or "<scenario>"), the path ("workloads[3].memory_mb") and the value. Scenarios
// from parse_scenario and load_scenario are valid; estimate() checks the one it is given, so a
// scenario built or changed in code is held to the same rules.
void validate(const scenario& s);
// One workload, as validate(scenario) checks it: `index` and `source` name it in errors.
void validate(const workload& item, std::size_t index, std::string_view source);

// The scenario as a scenario-v1 document (JSON text, two-space indent): every key of every workload
// from its service's key list, in that order; optional keys only when given; numbers in plain decimal
// notation. parse_scenario(to_json(s), s.source) == s for any valid s. Expressions are written as the
// values they had (the parameters they used are kept).
[[nodiscard]] std::string to_json(const scenario& s);

// Parses a scenario document (JSON text). `source_name` names the input in error messages
// ("examples/100k-users.json: workloads[3].memry_gb: unknown key").
[[nodiscard]] scenario parse_scenario(std::string_view json_text, std::string_view source_name);
// Reads and parses a file; a relative catalog path in it is taken relative to the file's folder.
// The file is read by read_input_file (input_file.hpp) within `limits`.
[[nodiscard]] scenario load_scenario(const std::string& path);
[[nodiscard]] scenario load_scenario(const std::string& path, const read_limits& limits);

// The scenario with some of its declared parameters set to other values (each name must be declared).
[[nodiscard]] scenario parse_scenario(std::string_view json_text, std::string_view source_name,
                                      const parameter_values& overrides);

// One scenario per row of `values` (a value for each of `names`, in that order), the document parsed
// once: variant i is named "<name>[i]" and reads its expressions with row i's values. Rows are read on
// `threads` threads (0: every core). Errors name the variant ("<source> [variant 3]").
[[nodiscard]] std::vector<scenario> sweep_scenarios(std::string_view json_text, std::string_view source_name,
                                                    const std::vector<std::string>& names,
                                                    const std::vector<std::vector<Decimal>>& values, unsigned threads = 0);

}  // namespace costmodel
