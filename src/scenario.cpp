// Parsing scenario documents (contract scenario-v1).

#include "costmodel/scenario.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string_view>
#include <vector>

#include "json_input.hpp"
#include "services/parsers.hpp"

namespace costmodel {

namespace {

using detail::json;
using detail::json_object_reader;

// A stated figure, keeping the places the document wrote ("4.40") for the audit.
stated_amount read_stated_amount(const json& value, const std::string& source, const std::string& path) {
    stated_amount result{detail::read_decimal(value, source, path), {}};
    std::string_view written = value.get_ref<const std::string&>();
    if (detail::is_number(value)) written.remove_prefix(1);
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

struct service_entry {
    std::string_view name;
    std::function<service_workload(json_object_reader&)> parse;
};

template <class Parser>
service_entry entry(std::string_view name, Parser parser) {
    return {name, [parser](json_object_reader& reader) { return service_workload(parser(reader)); }};
}

const std::vector<service_entry>& services() {
    static const std::vector<service_entry> table = {
        entry("fargate", detail::parse_fargate),
        entry("lambda", detail::parse_lambda),
        entry("glue_job", detail::parse_glue_job),
        entry("glue_crawler", detail::parse_glue_crawler),
        entry("glue_catalog", detail::parse_glue_catalog),
        entry("athena", detail::parse_athena),
        entry("s3", detail::parse_s3),
        entry("step_functions", detail::parse_step_functions),
        entry("ecr", detail::parse_ecr),
        entry("bedrock", detail::parse_bedrock),
        entry("cloudwatch", detail::parse_cloudwatch),
        entry("vpc_endpoint", detail::parse_vpc_endpoint),
        entry("nat_gateway", detail::parse_nat_gateway),
        entry("cloudtrail", detail::parse_cloudtrail),
        entry("ec2", detail::parse_ec2),
        entry("fixed", detail::parse_fixed),
    };
    return table;
}

// "52/12", 4, "4.345": weeks per month, kept exact.
exact_ratio parse_weeks_per_month(const json& value, const std::string& source, std::string* text) {
    const std::string path = "weeks_per_month";
    if (value.is_string() && !detail::is_number(value)) {
        const std::string& raw = value.get_ref<const std::string&>();
        if (const auto slash = raw.find('/'); slash != std::string::npos) {
            try {
                const Decimal numerator = Decimal::parse(raw.substr(0, slash));
                const Decimal denominator = Decimal::parse(raw.substr(slash + 1));
                if (numerator <= Decimal() || denominator <= Decimal()) throw std::invalid_argument("not positive");
                *text = raw;
                return exact_ratio(numerator) / exact_ratio(denominator);
            } catch (const std::exception&) {
                throw input_error(source, path, "expected a positive number or a fraction such as \"52/12\", got \"" + raw + "\"");
            }
        }
    }
    const Decimal weeks = detail::read_decimal(value, source, path);
    if (weeks <= Decimal()) throw input_error(source, path, "expected a number > 0, got " + weeks.to_string());
    *text = weeks.to_string();
    return exact_ratio(weeks);
}

// Levenshtein distance between two short keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// A required key reported missing is most often one the user misspelt ("memry_gb" for "memory_gb"). The
// contract names such a key as unknown ("workloads[3].memry_gb: unknown key"), so when the workload holds
// a key within two edits of the missing one, that key is reported, with the key that was meant.
void report_misspelt_key(const json& object, const input_error& error, const std::string& path) {
    if (std::string_view(error.what()).find("missing required key") == std::string_view::npos) return;
    const std::string prefix = path + ".";
    if (error.path().rfind(prefix, 0) != 0) return;
    const std::string missing = error.path().substr(prefix.size());
    const std::size_t allowed = missing.size() <= 4 ? 1 : 2;
    for (const auto& [key, value] : object.items()) {
        if (key == missing || key == "name" || key == "service" || key == "description") continue;
        if (edit_distance(key, missing) <= allowed) {
            throw input_error(error.source(), prefix + key, "unknown key (did you mean \"" + missing + "\"?)");
        }
    }
}

}  // namespace

std::string_view service_name(const service_workload& workload) noexcept {
    return services()[workload.index()].name;
}

scenario parse_scenario(std::string_view json_text, std::string_view source_name) {
    const std::string source(source_name);
    const json document = detail::parse_json_exact(json_text, source);
    json_object_reader top(document, source, "");

    scenario result;
    const std::string schema = top.required_string("schema");
    if (schema != "costmodel/scenario/v1") top.fail("schema", "expected \"costmodel/scenario/v1\", got \"" + schema + "\"");
    result.name = top.required_string("name");
    if (auto code = top.optional_string("currency")) {
        if (!currency::is_known(*code)) top.fail("currency", "unknown currency \"" + *code + "\" (expected an ISO 4217 code)");
        result.settings.currency_code = currency(*code);
    }
    result.settings.region = top.string_or("region", "us-east-1");
    result.catalog = top.string_or("catalog", "builtin");
    if (auto hours = top.optional_non_negative("hours_per_month")) {
        if (hours->is_zero()) top.fail("hours_per_month", "expected a number > 0, got 0");
        result.settings.hours_per_month = *hours;
    }
    if (const json* weeks = top.value("weeks_per_month")) {
        result.settings.weeks_per_month = parse_weeks_per_month(*weeks, source, &result.settings.weeks_per_month_text);
    }
    result.settings.free_tier = top.optional_bool("free_tier").value_or(false);
    result.settings.line_rounding = parse_rounding_policy(top.choice_or("line_rounding", {"none", "cents", "invoice"}, "none"));
    result.users = top.optional_non_negative("users");
    if (result.users && result.users->is_zero()) top.fail("users", "expected a number > 0, got 0");
    (void)top.optional_string("description");

    const json* workloads = top.value("workloads");
    if (workloads == nullptr) top.fail("workloads", "missing required key");
    if (!workloads->is_array()) top.fail("workloads", "expected an array, got " + detail::describe(*workloads));
    std::set<std::string, std::less<>> names;
    for (std::size_t i = 0; i < workloads->size(); ++i) {
        const std::string path = "workloads[" + std::to_string(i) + "]";
        json_object_reader reader((*workloads)[i], source, path);
        workload item;
        item.name = reader.required_string("name");
        if (item.name.empty()) reader.fail("name", "must not be empty");
        if (!names.insert(item.name).second) reader.fail("name", "duplicate workload name \"" + item.name + "\"");
        const std::string service = reader.required_string("service");
        item.description = reader.string_or("description", "");
        const service_entry* found = nullptr;
        for (const service_entry& candidate : services()) {
            if (candidate.name == service) found = &candidate;
        }
        if (found == nullptr) {
            std::string known;
            for (const service_entry& candidate : services()) known += (known.empty() ? "" : ", ") + std::string(candidate.name);
            reader.fail("service", "unknown service \"" + service + "\" (expected one of " + known + ")");
        }
        try {
            item.spec = found->parse(reader);
        } catch (const input_error& error) {
            report_misspelt_key((*workloads)[i], error, path);
            throw;
        }
        reader.finish();
        result.workloads.push_back(std::move(item));
    }

    if (const json* stated = top.value("stated")) {
        json_object_reader stated_reader(*stated, source, "stated");
        if (const json* total = stated_reader.value("total"); total != nullptr && !total->is_null()) {
            result.stated.total = read_stated_amount(*total, source, stated_reader.path_of("total"));
        }
        if (const json* lines = stated_reader.value("lines")) {
            json_object_reader lines_reader(*lines, source, "stated.lines");
            for (const auto& [name, value] : lines->items()) {
                if (names.find(name) == names.end()) lines_reader.fail(name, "no workload named \"" + name + "\"");
                result.stated.lines.emplace_back(name, read_stated_amount(value, source, lines_reader.path_of(name)));
                (void)lines_reader.value(name);
            }
            lines_reader.finish();
        }
        stated_reader.finish();
    }
    top.finish();
    return result;
}

scenario load_scenario(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw input_error(path, "", "cannot read the file (" + std::string(std::filesystem::exists(path) ? "permission denied" : "no such file") + ")");
    std::ostringstream text;
    text << file.rdbuf();
    scenario result = parse_scenario(text.str(), path);
    if (result.catalog != "builtin") {
        const std::filesystem::path catalog_path(result.catalog);
        if (catalog_path.is_relative()) {
            result.catalog = (std::filesystem::path(path).parent_path() / catalog_path).lexically_normal().string();
        }
    }
    return result;
}

}  // namespace costmodel
