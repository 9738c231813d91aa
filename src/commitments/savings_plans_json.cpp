// The JSON edge of the Savings Plans mechanism: a costmodel/commitments/v1 document read into a
// definition and an hours x usage matrix, and the result written back (docs/commitments.md).
//
// Input forms (all read exactly: numbers are decimal strings or JSON numbers by their text):
//   one hour:          "usage": [ {id, quantity, on_demand_rate, family?, region?, rates?}, ... ]
//   hours:             "usage": [ definitions without quantity ], "hours": [ {"hour"?: label,
//                      "usage": [ {id, quantity}, ... ]}, ... ]   (an id an hour leaves out has quantity 0)
//   a list of blocks:  "usage": [ [ one-hour items ], [ ... ], ... ]   (one block per hour; an id that
//                      appears in several blocks must have the same definition in each)

#include <string>
#include <unordered_map>
#include <vector>

#include "../did_you_mean.hpp"
#include "../json_input.hpp"
#include "../json_writer.hpp"
#include "costmodel/commitments/savings_plans.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"
#include "savings_plans_internal.hpp"

namespace costmodel {

namespace {

using detail::json;
using detail::json_object_reader;

constexpr std::string_view schema_name = "costmodel/commitments/v1";

std::string index_path(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

void require_array(const json& value, const std::string& source, const std::string& path) {
    if (!value.is_array()) throw input_error(source, path, "expected an array, got " + detail::describe(value), detail::describe(value));
}

// One usage definition; the caller reads `quantity` (or refuses it) before finish().
usage_definition read_definition(json_object_reader& r) {
    usage_definition line;
    line.id = r.required_string("id");
    line.on_demand_rate = r.required_non_negative("on_demand_rate");
    line.family = r.string_or("family", "");
    line.region = r.string_or("region", "");
    if (const auto rates = r.value("rates"); rates && !rates->is_null()) {
        json_object_reader rr(*rates, r.source(), r.path_of("rates"));
        line.compute_rate = rr.optional_decimal("compute");
        line.ec2_instance_rate = rr.optional_decimal("ec2_instance");
        rr.finish();
    }
    if (line.ec2_instance_rate && (line.family.empty() || line.region.empty())) {
        r.fail(line.family.empty() ? "family" : "region",
               "missing required key: usage with an ec2_instance rate names its family and region (EC2 Instance Savings Plans apply to one family in one region)");
    }
    return line;
}

bool same_definition(const usage_definition& a, const usage_definition& b) {
    return a.id == b.id && a.on_demand_rate == b.on_demand_rate && a.family == b.family && a.region == b.region &&
           a.compute_rate == b.compute_rate && a.ec2_instance_rate == b.ec2_instance_rate;
}

savings_plan read_plan(json_object_reader& r) {
    savings_plan plan;
    plan.id = r.required_string("id");
    if (!r.has("type")) r.fail("type", "missing required key (compute or ec2_instance)");
    const std::string type = r.choice_or("type", {"compute", "ec2_instance"}, "");
    plan.type = type == "compute" ? plan_type::compute : plan_type::ec2_instance;
    if (plan.type == plan_type::ec2_instance) {
        plan.family = r.required_string("family");
        plan.region = r.required_string("region");
    } else {
        for (const char* key : {"family", "region"}) {
            if (r.has(key)) {
                r.fail(key, "a compute Savings Plan applies to every family and region; " + std::string(key) +
                                " belongs to ec2_instance plans",
                       detail::describe(*r.value(key)));
            }
        }
    }
    plan.commitment_per_hour = r.required_non_negative("commitment_per_hour");
    return plan;
}

reserved_instance read_reserved(json_object_reader& r) {
    reserved_instance ri;
    ri.usage = r.required_string("usage");
    ri.units = r.required_non_negative("units");
    ri.rate = r.optional_non_negative("rate");
    return ri;
}

commitments_document read_document(const json& root, const std::string& source) {
    json_object_reader top(root, source, "");
    const std::string schema = top.required_string("schema");
    if (schema != schema_name) {
        const auto near = detail::nearest_name(schema, std::vector<std::string_view>{schema_name});
        top.fail("schema",
                 "expected \"" + std::string(schema_name) + "\", got \"" + detail::printable(schema) + "\"" +
                     (near ? std::string(" (did you mean \"") + std::string(schema_name) + "\"?)" : std::string()),
                 "\"" + detail::printable(schema) + "\"");
    }

    commitments_document document;
    commitments_definition& definition = document.definition;
    std::vector<std::string> usage_paths;
    std::unordered_map<std::string, std::size_t> index;  // usage id -> column

    const std::optional<json> usage = top.value("usage");
    if (!usage) top.fail("usage", "missing required key");
    require_array(*usage, source, "usage");
    const std::optional<json> hours = top.value("hours");
    const bool blocks = usage->size() > 0 && (*usage->begin()).is_array();

    if (hours && !hours->is_null()) {
        // Definitions once, quantities per hour.
        require_array(*hours, source, "hours");
        std::size_t i = 0;
        for (const json item : *usage) {
            const std::string path = index_path("usage", i++);
            json_object_reader r(item, source, path);
            usage_definition line = read_definition(r);
            if (r.has("quantity")) {
                r.fail("quantity", "with \"hours\", quantities belong in hours[].usage (the top-level usage defines rates only)",
                       detail::describe(*r.value("quantity")));
            }
            r.finish();
            if (!index.emplace(line.id, definition.usage.size()).second) {
                throw input_error(source, path + ".id",
                                  "duplicate usage id \"" + detail::printable(line.id) + "\" (first at " + usage_paths[index[line.id]] + ")",
                                  "\"" + detail::printable(line.id) + "\"");
            }
            definition.usage.push_back(std::move(line));
            usage_paths.push_back(path);
        }
        std::vector<std::string_view> ids;
        for (const usage_definition& line : definition.usage) ids.push_back(line.id);
        const std::size_t n = definition.usage.size();
        document.series = true;
        document.quantities.hours = hours->size();
        document.quantities.usage_count = n;
        document.quantities.units.assign(hours->size() * n, 0);
        std::size_t h = 0;
        bool any_label = false;
        std::vector<std::string> labels;
        std::vector<bool> seen(n);
        for (const json hour : *hours) {
            const std::string path = index_path("hours", h);
            json_object_reader hr(hour, source, path);
            std::string label = hr.string_or("hour", "");
            any_label = any_label || !label.empty();
            labels.push_back(std::move(label));
            const std::optional<json> entries = hr.value("usage");
            if (!entries) hr.fail("usage", "missing required key");
            require_array(*entries, source, path + ".usage");
            std::fill(seen.begin(), seen.end(), false);
            std::size_t j = 0;
            for (const json entry : *entries) {
                const std::string entry_path = index_path(path + ".usage", j++);
                json_object_reader er(entry, source, entry_path);
                const std::string id = er.required_string("id");
                const auto found = index.find(id);
                if (found == index.end()) {
                    const auto near = detail::nearest_name(id, ids);
                    er.fail("id", "no usage with id \"" + detail::printable(id) + "\" in the top-level usage" +
                                      (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
                            "\"" + detail::printable(id) + "\"");
                }
                if (seen[found->second]) er.fail("id", "usage \"" + detail::printable(id) + "\" is listed twice in this hour", "\"" + detail::printable(id) + "\"");
                seen[found->second] = true;
                document.quantities.units[h * n + found->second] = er.required_non_negative("quantity").units();
                er.finish();
            }
            hr.finish();
            ++h;
        }
        if (any_label) document.quantities.labels = std::move(labels);
    } else if (blocks) {
        // One block of one-hour items per hour; definitions merged by id.
        document.series = true;
        std::vector<std::vector<std::pair<std::size_t, Decimal>>> rows;
        std::size_t b = 0;
        for (const json block : *usage) {
            const std::string block_path = index_path("usage", b++);
            require_array(block, source, block_path);
            std::vector<std::pair<std::size_t, Decimal>> row;
            std::vector<bool> seen(definition.usage.size() + block.size());
            std::size_t i = 0;
            for (const json item : block) {
                const std::string path = index_path(block_path, i++);
                json_object_reader r(item, source, path);
                usage_definition line = read_definition(r);
                const Decimal quantity = r.required_non_negative("quantity");
                r.finish();
                const auto [found, added] = index.emplace(line.id, definition.usage.size());
                if (added) {
                    definition.usage.push_back(line);
                    usage_paths.push_back(path);
                    seen.resize(definition.usage.size() + block.size());
                } else {
                    if (!same_definition(definition.usage[found->second], line)) {
                        r.fail("id", "usage \"" + detail::printable(line.id) + "\" is defined differently at " + usage_paths[found->second] +
                                         " (each id has one on-demand rate, family, region and rates across the hours)",
                               "\"" + detail::printable(line.id) + "\"");
                    }
                    if (seen[found->second]) r.fail("id", "usage \"" + detail::printable(line.id) + "\" is listed twice in this hour", "\"" + detail::printable(line.id) + "\"");
                }
                seen[found->second] = true;
                row.emplace_back(found->second, quantity);
            }
            rows.push_back(std::move(row));
        }
        const std::size_t n = definition.usage.size();
        document.quantities.hours = rows.size();
        document.quantities.usage_count = n;
        document.quantities.units.assign(rows.size() * n, 0);
        for (std::size_t h = 0; h < rows.size(); ++h) {
            for (const auto& [u, quantity] : rows[h]) document.quantities.units[h * n + u] = quantity.units();
        }
    } else {
        // One hour: each item a definition with its quantity.
        std::size_t i = 0;
        std::vector<__int128> row;
        for (const json item : *usage) {
            const std::string path = index_path("usage", i++);
            json_object_reader r(item, source, path);
            usage_definition line = read_definition(r);
            row.push_back(r.required_non_negative("quantity").units());
            r.finish();
            definition.usage.push_back(std::move(line));
            usage_paths.push_back(path);
        }
        document.quantities.hours = 1;
        document.quantities.usage_count = definition.usage.size();
        document.quantities.units = std::move(row);
    }

    if (const auto ris = top.value("reserved_instances"); ris && !ris->is_null()) {
        require_array(*ris, source, "reserved_instances");
        std::size_t i = 0;
        for (const json item : *ris) {
            json_object_reader r(item, source, index_path("reserved_instances", i++));
            definition.reserved_instances.push_back(read_reserved(r));
            r.finish();
        }
    }
    if (const auto plans = top.value("savings_plans"); plans && !plans->is_null()) {
        require_array(*plans, source, "savings_plans");
        std::size_t i = 0;
        for (const json item : *plans) {
            json_object_reader r(item, source, index_path("savings_plans", i++));
            definition.savings_plans.push_back(read_plan(r));
            r.finish();
        }
    }
    top.finish();
    detail::validate_commitments(definition, source, usage_paths);
    return document;
}

// ---- writing --------------------------------------------------------------------------------------

using detail::json_writer;

void write_optional(json_writer& w, std::string_view key, const std::optional<Decimal>& value) {
    w.key(key);
    if (value) w.value(*value);
    else w.literal("null");
}

void write_totals(json_writer& w, const savings_plans_totals& t) {
    w.open('{');
    w.member("on_demand_equivalent", t.on_demand_equivalent);
    w.member("on_demand_charges", t.on_demand_charges);
    w.member("commitment_charges", t.commitment_charges);
    w.member("commitment_used", t.commitment_used);
    w.member("commitment_unused", t.commitment_unused);
    if (t.reserved_priced) w.member("reserved_charges", t.reserved_charges);
    w.member("total", t.total);
    w.member("savings", t.savings);
    write_optional(w, "utilization", t.utilization);
    write_optional(w, "coverage", t.coverage);
    w.close('}');
}

// Usage rows [begin, end) of a usage table (summed or one hour's lines) with their covers, which are
// the rows [cover_begin, cover_end) of a covered table, grouped by usage in usage order.
void write_usage(json_writer& w, const table::table& usage, std::size_t begin, std::size_t end, const table::table& covered,
                 std::size_t cover_begin, std::size_t cover_end, bool summed) {
    const auto& ids = usage.strings("usage");
    const auto& cover_ids = covered.strings("usage");
    const auto& cover_plans = covered.strings("plan");
    const auto& cover_units = covered.get_as<table::decimal_column>("units");
    const auto& cover_cost = covered.get_as<table::decimal_column>("cost");
    const auto decimal = [&](const char* name, std::size_t row) { return usage.get_as<table::decimal_column>(name)[row]; };
    // The covers of one hour come in the order the plans applied; list them under their usage in that order.
    std::unordered_map<std::string_view, std::vector<std::size_t>> by_usage;
    for (std::size_t c = cover_begin; c < cover_end; ++c) by_usage[cover_ids[c]].push_back(c);
    w.open('[');
    for (std::size_t row = begin; row < end; ++row) {
        w.open('{');
        w.member("id", ids[row]);
        w.member("quantity", decimal("quantity", row));
        w.member("reserved_units", decimal("reserved_units", row));
        w.key("covered");
        w.open('[');
        if (const auto found = by_usage.find(ids[row]); found != by_usage.end()) {
            for (const std::size_t c : found->second) {
                w.open('{');
                w.member("plan", cover_plans[c]);
                w.member("units", cover_units[c]);
                w.member("cost", cover_cost[c]);
                w.close('}');
            }
        }
        w.close(']');
        w.member("on_demand_units", decimal("on_demand_units", row));
        w.member("on_demand_cost", decimal("on_demand_cost", row));
        if (summed) w.member("on_demand_equivalent", decimal("on_demand_equivalent", row));
        w.close('}');
    }
    w.close(']');
}

}  // namespace

commitments_document parse_commitments(std::string_view text, const std::string& source) {
    check_input_encoding(text, source);
    const detail::json_document document = detail::json_document::parse(text, source);
    return read_document(document.root(), source);
}

commitments_document load_commitments(const std::string& path) {
    const std::string text = read_input_file(path, {}, "the Savings Plans document");
    const detail::json_document document = detail::json_document::parse(text, path);
    return read_document(document.root(), path);
}

std::string savings_plans_to_json(const savings_plans_result& result, bool series, int indent) {
    std::string out;
    json_writer w(out, indent, false);
    w.open('{');
    w.member("schema", schema_name);
    w.key("hour_count");
    w.literal(std::to_string(result.hours));
    w.key("usage");
    write_usage(w, result.usage, 0, result.usage.num_rows(), result.covered, 0, result.covered.num_rows(), true);
    w.key("plans");
    w.open('[');
    const table::table& plans = result.plans;
    for (std::size_t p = 0; p < plans.num_rows(); ++p) {
        w.open('{');
        w.member("id", plans.strings("plan")[p]);
        w.member("type", plans.strings("type")[p]);
        w.member("commitment", plans.get_as<table::decimal_column>("commitment")[p]);
        w.member("used", plans.get_as<table::decimal_column>("used")[p]);
        w.member("unused", plans.get_as<table::decimal_column>("unused")[p]);
        const auto& utilization = plans.get_as<table::decimal_column>("utilization");
        write_optional(w, "utilization", utilization.is_null(p) ? std::nullopt : std::optional<Decimal>(utilization[p]));
        w.close('}');
    }
    w.close(']');
    w.key("totals");
    write_totals(w, result.totals);
    if (series) {
        const std::size_t plan_count = plans.num_rows();
        const std::size_t n = result.usage.num_rows();
        const bool lines = result.detail == savings_plans_detail::lines;
        const auto hours_of_covers = lines ? result.covered_lines.int64s("hour") : std::span<const std::int64_t>();
        std::size_t cover = 0;
        const auto& labels = result.hour_table.strings("label");
        const table::table& ph = result.plan_hours;
        w.key("hours");
        w.open('[');
        for (std::size_t h = 0; h < result.hours; ++h) {
            w.open('{');
            w.key("hour");
            w.literal(std::to_string(h));
            if (!labels[h].empty()) w.member("label", labels[h]);
            w.key("plans");
            w.open('[');
            for (std::size_t p = 0; p < plan_count; ++p) {
                const std::size_t row = h * plan_count + p;
                w.open('{');
                w.member("id", ph.strings("plan")[row]);
                w.member("commitment", ph.get_as<table::decimal_column>("commitment")[row]);
                w.member("used", ph.get_as<table::decimal_column>("used")[row]);
                w.member("unused", ph.get_as<table::decimal_column>("unused")[row]);
                w.close('}');
            }
            w.close(']');
            if (lines) {
                const std::size_t first = cover;
                while (cover < hours_of_covers.size() && hours_of_covers[cover] == static_cast<std::int64_t>(h)) ++cover;
                w.key("usage");
                write_usage(w, result.usage_lines, h * n, (h + 1) * n, result.covered_lines, first, cover, false);
            }
            w.key("totals");
            write_totals(w, result.hour_totals[h]);
            w.close('}');
        }
        w.close(']');
    }
    w.close('}');
    return out;
}

}  // namespace costmodel
