// Parsing scenario documents (contract scenario-v1).

#include "costmodel/scenario.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <thread>
#include <filesystem>
#include <string_view>
#include <vector>

#include "costmodel/input_file.hpp"
#include "commitments/scenario_commitments_json.hpp"
#include "commitments/schedule_json.hpp"
#include "did_you_mean.hpp"
#include "json_input.hpp"

namespace costmodel {

namespace {

using detail::json;
using detail::json_object_reader;

// A stated figure, keeping the places the document wrote ("4.40") for the audit.
stated_amount read_stated_amount(const json& value, const std::string& source, const std::string& path) {
    stated_amount result{detail::read_decimal(value, source, path), {}};
    const std::string_view written = value.text();
    const std::size_t point = written.find('.');
    const bool plain = written.find_first_of("eE") == std::string_view::npos;
    if (plain && point != std::string_view::npos) {
        const int places = static_cast<int>(std::min<std::size_t>(written.size() - point - 1, Decimal::scale));
        result.text = result.value.to_string(places);
    } else {
        result.text = result.value.to_string();
    }
    return result;
}

// The reading of a workload's keys, from its service's key list (services/fields.hpp): each key's JSON
// value into its member, exactly; the type of each value and the presence of required keys are checked
// here, every other rule by validate() once the whole scenario is read.
class workload_reader {
public:
    workload_reader(json_object_reader& reader, std::size_t index) : reader_(reader), index_(index) {}

    template <class Workload>
    [[nodiscard]] Workload read() {
        Workload w;
        for_each_key<Workload>([&](const auto& key) { read_key(w, key); });
        return w;
    }

private:
    json_object_reader& reader_;
    std::size_t index_;

    // After a number is read: when it was an expression, how a sweep puts a new value of it in place.
    template <class Workload, class Set>
    void on_number(std::size_t log_size_before, Set set) {
        auto* log = reader_.expressions();
        if (log == nullptr || log->entries.size() == log_size_before) return;
        log->entries.back().assign = [index = index_, set](scenario& s, const Decimal& value) {
            set(std::get<Workload>(s.workloads[index].spec), value);
        };
    }

    [[nodiscard]] std::size_t log_size() const { return reader_.expressions() ? reader_.expressions()->entries.size() : 0; }

    template <class Workload, class Member>
    void read_key(Workload& w, const workload_key<Workload, Member>& key) {
        if constexpr (std::is_same_v<Member, Decimal> || std::is_same_v<Member, std::optional<Decimal>>) {
            const std::size_t before = log_size();
            if (auto value = reader_.optional_decimal(key.name)) {
                w.*key.member = *value;
                on_number<Workload>(before, [member = key.member](Workload& target, const Decimal& v) { target.*member = v; });
            } else if (key.presence == key_presence::required) {
                reader_.fail(key.name, "missing required key");
            }
        } else {
            std::optional<std::string> text = key.numeric_choices ? numeric_choice(key.name, key.choices) : reader_.optional_string(key.name);
            if (text) {
                w.*key.member = std::move(*text);
            } else if (key.presence == key_presence::required) {
                reader_.fail(key.name, "missing required key");
            }
        }
    }

    template <class Workload>
    void read_key(Workload& w, const repetition_keys<Workload>& key) {
        for (const repetition_part& part : repetition_parts) {
            const std::size_t before = log_size();
            (w.*key.member).*part.member = reader_.optional_decimal(part.name);
            on_number<Workload>(before, [runs = key.member, which = part.member](Workload& target, const Decimal& v) {
                (target.*runs).*which = v;
            });
        }
    }

    // A text whose choices may be written as numbers ("4.0", 4.0 or 4 for Glue 4.0): a number that
    // equals a choice reads as that choice's text; anything else as written, for validate() to refuse.
    std::optional<std::string> numeric_choice(std::string_view key, std::span<const std::string_view> choices) {
        const auto value = reader_.value(key);
        if (!value || value->is_null()) return std::nullopt;
        if (!value->is_string() && !value->is_number()) {
            reader_.fail(key, "expected a string or a number, got " + detail::describe(*value), detail::describe(*value));
        }
        try {
            const Decimal number = Decimal::parse(value->text());
            for (const std::string_view choice : choices) {
                if (number == Decimal::parse(choice)) return std::string(choice);
            }
        } catch (const std::exception&) {
            // not a number: kept as written
        }
        return std::string(value->text());
    }
};

// Reads a workload of the registered service named `service` into `spec`; false when no service has
// that name. Follows the registry's list, so a service added there is read here with no other change.
template <class... Types>
bool read_service(type_list<Types...>, std::string_view service, workload_reader& reader, service_workload& spec) {
    return ((service == Types::service_name ? (spec = reader.read<Types>(), true) : false) || ...);
}

// "52/12", 4, "4.345": weeks per month, kept exact.
exact_ratio parse_weeks_per_month(const json& value, const std::string& source, std::string* text) {
    const std::string path = "weeks_per_month";
    if (value.is_string()) {
        const std::string raw(value.text());
        if (const auto slash = raw.find('/'); slash != std::string::npos) {
            try {
                const Decimal numerator = Decimal::parse(raw.substr(0, slash));
                const Decimal denominator = Decimal::parse(raw.substr(slash + 1));
                if (numerator <= Decimal() || denominator <= Decimal()) throw std::invalid_argument("not positive");
                *text = raw;
                return exact_ratio(numerator) / exact_ratio(denominator);
            } catch (const std::exception&) {
                throw input_error(source, path, "expected a positive number or a fraction such as \"52/12\", got " + detail::describe(value),
                                  detail::describe(value));
            }
        }
    }
    const Decimal weeks = detail::read_decimal(value, source, path);
    if (weeks <= Decimal()) throw input_error(source, path, "expected a number > 0, got " + weeks.to_string(), detail::describe(value));
    *text = weeks.to_string();
    return exact_ratio(weeks);
}


// A required key reported missing is most often one the user misspelt ("memry_gb" for "memory_gb"). The
// contract names such a key as unknown ("workloads[3].memry_gb: unknown key"), so when the workload holds
// a key within two edits of the missing one, that key is reported, with the key that was meant.
void report_misspelt_key(const json object, const input_error& error, const std::string& path) {
    if (std::string_view(error.what()).find("missing required key") == std::string_view::npos) return;
    const std::string prefix = path + ".";
    if (error.path().rfind(prefix, 0) != 0) return;
    const std::string missing = error.path().substr(prefix.size());
    const std::size_t allowed = detail::allowed_edits(missing);
    for (const json member : object) {
        const std::string_view key = member.key();
        if (key == missing || key == "name" || key == "service" || key == "description" || key == "schedule") continue;
        if (detail::edit_distance(key, missing) <= allowed) {
            throw input_error(error.source(), prefix + detail::printable(key), "unknown key (did you mean \"" + missing + "\"?)",
                              detail::describe(member));
        }
    }
}

}  // namespace

namespace {

// Sets declared parameters to other values; each name must be declared.
void apply_overrides(parameter_values& values, const parameter_values& overrides, const std::string& source) {
    for (const auto& override_value : overrides) {
        // A named pair, not a structured binding: clang 14 does not capture bindings in a lambda.
        const std::string& name = override_value.first;
        const Decimal& value = override_value.second;
        const auto found = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
        if (found == values.end()) {
            std::string known;
            for (const auto& v : values) known += (known.empty() ? "" : ", ") + v.first;
            throw input_error(source, "parameters", "no parameter named \"" + detail::printable(name) + "\" (declared: " +
                                                        (known.empty() ? "none" : known) + ")", "\"" + detail::printable(name) + "\"");
        }
        found->second = value;
    }
}

// "parameters": {"users": 100000, ...}: names and default values (plain numbers, no expressions).
parameter_values read_parameters(const json& declared, const std::string& source, const parameter_values* overrides) {
    json_object_reader reader(declared, source, "parameters");
    parameter_values values;
    for (const json member : declared) {
        const std::string name(member.key());
        const bool identifier = !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
                                std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
        if (!identifier) reader.fail(name, "a parameter name is a letter or _ followed by letters, digits or _", "\"" + detail::printable(name) + "\"");
        values.emplace_back(name, reader.required_decimal(name));
    }
    reader.finish();
    if (overrides != nullptr) apply_overrides(values, *overrides, source);
    return values;
}

struct read_options {
    const parameter_values* overrides = nullptr;
    // Where to record the expressions the read evaluates (a sweep's template); nullptr: nowhere.
    detail::expression_log<scenario>* expressions = nullptr;
    // Whether to validate() what was read. A sweep's template is validated per variant instead.
    bool validate = true;
};

// A top-level number that may be an expression: where a sweep puts a new value of it.
template <class Set>
void on_top_level_number(json_object_reader& top, std::size_t log_size_before, Set set) {
    auto* log = top.expressions();
    if (log == nullptr || log->entries.size() == log_size_before) return;
    log->entries.back().assign = [set](scenario& s, const Decimal& value) { set(s, value); };
}

scenario scenario_from_document(const json root, const std::string& source, const read_options& options = {}) {
    scenario result;
    result.source = source;
    // Parameters first, whatever their place in the document: every other number may use them.
    bool has_parameters = false;
    if (root.is_object()) {
        for (const json member : root) {
            if (member.key() == "parameters") {
                result.parameters = read_parameters(member, source, options.overrides);
                has_parameters = true;
            }
        }
    }
    if (!has_parameters && options.overrides != nullptr && !options.overrides->empty()) {
        throw input_error(source, "parameters", "the scenario declares no parameters to set");
    }
    const parameter_values* parameters = has_parameters ? &result.parameters : nullptr;
    json_object_reader top(root, source, "", parameters);
    top.record_expressions(options.expressions);
    const auto log_size = [&] { return options.expressions ? options.expressions->entries.size() : 0; };
    (void)top.value("parameters");

    const std::string schema = top.required_string("schema");
    if (schema != "costmodel/scenario/v1") {
        top.fail("schema", "expected \"costmodel/scenario/v1\", got \"" + detail::printable(schema) + "\"", "\"" + detail::printable(schema) + "\"");
    }
    result.name = top.required_string("name");
    if (auto code = top.optional_string("currency")) {
        if (!currency::is_known(*code)) top.fail("currency", "unknown currency \"" + detail::printable(*code) + "\" (expected an ISO 4217 code)", "\"" + detail::printable(*code) + "\"");
        result.settings.currency_code = currency(*code);
    }
    result.settings.region = top.string_or("region", "us-east-1");
    result.catalog = top.string_or("catalog", "builtin");
    std::size_t before = log_size();
    if (auto hours = top.optional_decimal("hours_per_month")) {
        result.settings.hours_per_month = *hours;
        on_top_level_number(top, before, [](scenario& s, const Decimal& v) { s.settings.hours_per_month = v; });
    }
    if (const auto weeks = top.value("weeks_per_month")) {
        result.settings.weeks_per_month = parse_weeks_per_month(*weeks, source, &result.settings.weeks_per_month_text);
    }
    result.settings.free_tier = top.optional_bool("free_tier").value_or(false);
    result.settings.line_rounding = parse_rounding_policy(top.choice_or("line_rounding", {"none", "cents", "invoice"}, "none"));
    if (const auto support = top.value("support"); support && !support->is_null()) {
        if (!support->is_object()) {
            top.fail("support", "expected an object such as {\"plan\": \"business\"}, got " + detail::describe(*support), detail::describe(*support));
        }
        json_object_reader reader(*support, source, "support");
        support_setting setting;
        setting.plan = reader.required_string("plan");
        setting.month = reader.string_or("month", "");
        reader.finish();
        result.settings.support = std::move(setting);
    }
    before = log_size();
    result.users = top.optional_decimal("users");
    on_top_level_number(top, before, [](scenario& s, const Decimal& v) { s.users = v; });
    (void)top.optional_string("description");

    const auto workloads = top.value("workloads");
    if (!workloads) top.fail("workloads", "missing required key");
    if (!workloads->is_array()) top.fail("workloads", "expected an array, got " + detail::describe(*workloads), detail::describe(*workloads));
    result.workloads.reserve(workloads->size());
    std::size_t i = 0;
    for (const json element : *workloads) {
        const std::size_t index = i++;
        const std::string path = "workloads[" + std::to_string(index) + "]";
        json_object_reader reader(element, source, path, parameters);
        reader.record_expressions(options.expressions);
        workload item;
        item.name = reader.required_string("name");
        const std::string service = reader.required_string("service");
        item.description = reader.string_or("description", "");
        const auto names = registered_service_names();
        if (std::find(names.begin(), names.end(), service) == names.end()) {
            std::string known;
            for (const std::string_view candidate : names) known += (known.empty() ? "" : ", ") + std::string(candidate);
            const auto near = detail::nearest_name(service, names);
            reader.fail("service", "unknown service \"" + detail::printable(service) + "\" (" +
                                       (near ? "did you mean \"" + std::string(*near) + "\"? " : std::string()) + "expected one of " + known + ")",
                        "\"" + detail::printable(service) + "\"");
        }
        try {
            workload_reader keys(reader, index);
            (void)read_service(service_types{}, service, keys, item.spec);
        } catch (const input_error& error) {
            report_misspelt_key(element, error, path);
            throw;
        }
        if (const auto plan = reader.value("schedule")) item.schedule = commitments::read_schedule(*plan, source, reader.path_of("schedule"));
        reader.finish();
        result.workloads.push_back(std::move(item));
    }

    if (const auto stated = top.value("stated")) {
        json_object_reader stated_reader(*stated, source, "stated");
        if (const auto total = stated_reader.value("total"); total && !total->is_null()) {
            result.stated.total = read_stated_amount(*total, source, stated_reader.path_of("total"));
        }
        if (const auto lines = stated_reader.value("lines")) {
            // Every member is read here, one after another: the reader's per-key lookup would make a
            // document with many stated lines quadratic.
            json_object_reader lines_reader(*lines, source, "stated.lines");
            result.stated.lines.reserve(lines->size());
            for (const json line : *lines) {
                result.stated.lines.emplace_back(std::string(line.key()), read_stated_amount(line, source, lines_reader.path_of(line.key())));
            }
        }
        stated_reader.finish();
    }
    if (const auto plans = top.value("savings_plans")) {
        result.savings_plans = detail::read_scenario_savings_plans(*plans, source, parameters, options.expressions);
    }
    if (const auto reserved = top.value("reserved_instances")) {
        result.reserved_instances = detail::read_scenario_reserved_instances(*reserved, source, parameters, options.expressions);
    }
    top.finish();
    if (options.validate) validate(result);
    return result;
}

// A parsed document and every expression in it, so that a variant is the template with its expressions
// evaluated again rather than the document read again. `complete` is false when some expression has no
// place to go (it cannot be re-evaluated alone): the sweep then reads the document per variant.
struct scenario_template {
    scenario base;
    detail::expression_log<scenario> expressions;
    bool complete = false;
};

std::optional<scenario_template> make_template(const json root, const std::string& source) {
    scenario_template result;
    read_options options;
    options.expressions = &result.expressions;
    options.validate = false;
    try {
        result.base = scenario_from_document(root, source, options);
    } catch (const input_error&) {
        return std::nullopt;  // e.g. an expression that fails at the declared values: each variant reports its own
    }
    result.complete = std::all_of(result.expressions.entries.begin(), result.expressions.entries.end(),
                                  [](const auto& entry) { return static_cast<bool>(entry.assign); });
    if (!result.complete) return std::nullopt;
    return result;
}

// Variant `row` of a template: its parameters set, every expression evaluated with them, validated.
scenario variant_of_template(const scenario_template& t, const parameter_values& row, const std::string& variant_source) {
    scenario result = t.base;
    result.source = variant_source;
    apply_overrides(result.parameters, row, variant_source);
    for (const auto& entry : t.expressions.entries) {
        Decimal value;
        try {
            value = entry.expression.evaluate(result.parameters);
        } catch (const std::exception& error) {
            throw input_error(variant_source, entry.path, error.what(), entry.written);
        }
        entry.assign(result, value);
    }
    validate(result);
    return result;
}

}  // namespace

scenario parse_scenario(std::string_view json_text, std::string_view source_name) {
    const std::string source(source_name);
    const detail::json_document document = detail::json_document::parse(json_text, source);
    return scenario_from_document(document.root(), source);
}

scenario parse_scenario(std::string_view json_text, std::string_view source_name, const parameter_values& overrides) {
    const std::string source(source_name);
    const detail::json_document document = detail::json_document::parse(json_text, source);
    read_options options;
    options.overrides = &overrides;
    return scenario_from_document(document.root(), source, options);
}

std::vector<scenario> sweep_scenarios(std::string_view json_text, std::string_view source_name, const std::vector<std::string>& names,
                                      const std::vector<std::vector<Decimal>>& values, unsigned threads) {
    const std::string source(source_name);
    const detail::json_document document = detail::json_document::parse(json_text, source);
    const std::optional<scenario_template> shared = make_template(document.root(), source);
    std::vector<scenario> out(values.size());
    std::vector<std::exception_ptr> errors(values.size());
    const auto read = [&](std::size_t i) {
        try {
            if (values[i].size() != names.size()) {
                throw input_error(source, "", "variant " + std::to_string(i) + " has " + std::to_string(values[i].size()) +
                                                  " values for " + std::to_string(names.size()) + " parameters");
            }
            parameter_values row;
            row.reserve(names.size());
            for (std::size_t k = 0; k < names.size(); ++k) row.emplace_back(names[k], values[i][k]);
            const std::string variant_source = source + " [variant " + std::to_string(i) + "]";
            if (shared) {
                out[i] = variant_of_template(*shared, row, variant_source);
            } else {
                read_options options;
                options.overrides = &row;
                out[i] = scenario_from_document(document.root(), variant_source, options);
            }
            out[i].name += "[" + std::to_string(i) + "]";
        } catch (...) {
            errors[i] = std::current_exception();
        }
    };
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    if (threads == 1 || values.size() < 2) {
        for (std::size_t i = 0; i < values.size(); ++i) read(i);
    } else {
        std::atomic<std::size_t> next{0};
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < std::min<std::size_t>(threads, values.size()); ++t) {
            pool.emplace_back([&] {
                for (std::size_t i = next++; i < values.size(); i = next++) read(i);
            });
        }
        for (std::thread& worker : pool) worker.join();
    }
    for (const std::exception_ptr& error : errors) {
        if (error) std::rethrow_exception(error);
    }
    return out;
}

scenario load_scenario(const std::string& path) { return load_scenario(path, read_limits{}); }

scenario load_scenario(const std::string& path, const read_limits& limits) {
    std::optional<detail::json_document> document;
    {
        // The text is released before the scenario is built: only one of the two copies is held at once.
        const std::string text = read_input_file(path, limits);
        document.emplace(detail::json_document::parse(text, path));
    }
    scenario result = scenario_from_document(document->root(), path);
    if (result.catalog != "builtin") {
        const std::filesystem::path catalog_path(result.catalog);
        if (catalog_path.is_relative()) {
            result.catalog = (std::filesystem::path(path).parent_path() / catalog_path).lexically_normal().string();
        }
    }
    return result;
}

}  // namespace costmodel
