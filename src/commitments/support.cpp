// Support plan fees: the built-in rule sets, their JSON form, and the fee of a month.

#include "costmodel/commitments/support.hpp"

#include <algorithm>

#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"
#include "../did_you_mean.hpp"
#include "../json_input.hpp"

namespace costmodel {

namespace {

Decimal d(std::string_view text) { return Decimal::parse(text); }

date day(std::string_view text) { return *date::parse(text); }

// AWS's legacy support plans as aws.amazon.com/premiumsupport/pricing/ states them, in force until
// 2027-01-01. The start is the date they were recorded, not the date AWS introduced them.
std::vector<support_rule_set> make_builtin() {
    support_rule_set legacy;
    legacy.id = "aws-support-legacy";
    legacy.effective_from = day("2025-10-01");
    legacy.effective_until = day("2027-01-01");
    legacy.source = "https://aws.amazon.com/premiumsupport/pricing/";
    legacy.plans = {
        {support_plan::developer, d("29"), {{d("0"), std::nullopt, d("0.03")}}},
        {support_plan::business, d("100"),
         {{d("0"), d("10000"), d("0.10")}, {d("10000"), d("80000"), d("0.07")}, {d("80000"), d("250000"), d("0.05")},
          {d("250000"), std::nullopt, d("0.03")}}},
        {support_plan::enterprise_on_ramp, d("5500"), {{d("0"), std::nullopt, d("0.10")}}},
        {support_plan::enterprise, d("15000"),
         {{d("0"), d("150000"), d("0.10")}, {d("150000"), d("500000"), d("0.07")}, {d("500000"), d("1000000"), d("0.05")},
          {d("1000000"), std::nullopt, d("0.03")}}},
    };
    return {legacy};
}

std::string period_text(const support_rule_set& set) {
    return set.id + " " + set.effective_from.to_string() + " to " + (set.effective_until ? set.effective_until->to_string() : "open");
}

date read_date(detail::json_object_reader& reader, std::string_view key, bool required) {
    const auto text = required ? std::optional<std::string>(reader.required_string(key)) : reader.optional_string(key);
    const auto parsed = date::parse(*text);
    if (!parsed) reader.fail(key, "expected a date YYYY-MM-DD, got \"" + detail::printable(*text) + "\"", "\"" + detail::printable(*text) + "\"");
    return *parsed;
}

}  // namespace

std::optional<support_plan> find_support_plan(std::string_view name) noexcept {
    for (std::size_t i = 0; i < std::size(support_plan_names); ++i) {
        if (support_plan_names[i] == name) return static_cast<support_plan>(i);
    }
    return std::nullopt;
}

support_plan parse_support_plan(std::string_view name, std::string_view source, std::string_view path) {
    if (const auto plan = find_support_plan(name)) return *plan;
    std::string known;
    for (const std::string_view candidate : support_plan_names) known += (known.empty() ? "" : ", ") + std::string(candidate);
    const auto near = detail::nearest_name(name, support_plan_names);
    const std::string shown = "\"" + detail::printable(name) + "\"";
    throw input_error(std::string(source), std::string(path),
                      "unknown support plan " + shown + " (" + (near ? "did you mean \"" + std::string(*near) + "\"? " : std::string()) +
                          "expected one of " + known + ")",
                      shown);
}

const support_plan_rule& support_rule_set::rule(support_plan plan) const {
    for (const support_plan_rule& r : plans) {
        if (r.plan == plan) return r;
    }
    throw input_error("<support rules " + id + ">", "plans", "rule set " + id + " has no rule for the " + std::string(to_string(plan)) + " plan",
                      std::string(to_string(plan)));
}

std::span<const support_rule_set> builtin_support_rule_sets() {
    static const std::vector<support_rule_set> sets = make_builtin();
    return sets;
}

const support_rule_set& builtin_support_rules() { return builtin_support_rule_sets().back(); }

const support_rule_set& support_rules_for(std::span<const support_rule_set> sets, date when, std::string_view source, std::string_view path) {
    for (const support_rule_set& set : sets) {
        if (set.covers(when)) return set;
    }
    std::string periods;
    for (const support_rule_set& set : sets) periods += (periods.empty() ? "" : "; ") + period_text(set);
    throw input_error(std::string(source), std::string(path),
                      "no support rule set covers " + when.to_string() + " (rule sets: " + (periods.empty() ? "none" : periods) + ")",
                      when.to_string());
}

support_rule_set parse_support_rules(std::string_view json_text, std::string_view source_name) {
    const std::string source(source_name);
    const detail::json_document document = detail::json_document::parse(json_text, source);
    detail::json_object_reader top(document.root(), source, "");
    const std::string schema = top.required_string("schema");
    if (schema != "costmodel/support-rules/v1") {
        top.fail("schema", "expected \"costmodel/support-rules/v1\", got \"" + detail::printable(schema) + "\"", "\"" + detail::printable(schema) + "\"");
    }
    support_rule_set result;
    result.id = top.required_string("id");
    result.effective_from = read_date(top, "effective_from", true);
    if (top.has("effective_until")) {
        result.effective_until = read_date(top, "effective_until", false);
        if (*result.effective_until <= result.effective_from) {
            top.fail("effective_until", "must be after effective_from " + result.effective_from.to_string(), result.effective_until->to_string());
        }
    }
    result.source = top.string_or("source", "");
    const auto plans = top.value("plans");
    if (!plans) top.fail("plans", "missing required key");
    detail::json_object_reader plans_reader(*plans, source, "plans");
    for (const detail::json member : *plans) {
        const std::string path = plans_reader.path_of(member.key());
        support_plan_rule rule{parse_support_plan(member.key(), source, path), {}, {}};
        detail::json_object_reader reader(member, source, path);
        rule.minimum = reader.required_non_negative("minimum");
        const auto tiers = reader.value("tiers");
        if (!tiers || !tiers->is_array() || tiers->size() == 0) {
            reader.fail("tiers", "expected a non-empty array of tiers {\"up_to\": ..., \"rate\": ...}", tiers ? detail::describe(*tiers) : "");
        }
        Decimal from;
        std::size_t index = 0;
        const std::size_t count = tiers->size();
        for (const detail::json tier : *tiers) {
            const std::string tier_path = reader.path_of("tiers") + "[" + std::to_string(index) + "]";
            detail::json_object_reader tier_reader(tier, source, tier_path);
            support_tier t{from, tier_reader.optional_non_negative("up_to"), tier_reader.required_non_negative("rate")};
            const bool last = index + 1 == count;
            if (last && t.to) tier_reader.fail("up_to", "the last tier has no up_to: it applies to all charges above the one before", t.to->to_string());
            if (!last && !t.to) tier_reader.fail("up_to", "missing required key (only the last tier is open)");
            if (t.to && *t.to <= from) tier_reader.fail("up_to", "expected a number > " + from.to_string() + " (the tier before ends there)", t.to->to_string());
            tier_reader.finish();
            if (t.to) from = *t.to;
            rule.tiers.push_back(t);
            ++index;
        }
        reader.finish();
        const auto same = [&](const support_plan_rule& other) { return other.plan == rule.plan; };
        if (std::any_of(result.plans.begin(), result.plans.end(), same)) plans_reader.fail(member.key(), "plan given twice");
        result.plans.push_back(std::move(rule));
    }
    if (result.plans.empty()) top.fail("plans", "expected at least one plan");
    top.finish();
    return result;
}

support_rule_set load_support_rules(const std::string& path, const read_limits& limits) {
    return parse_support_rules(read_input_file(path, limits), path);
}

support_fee_result support_fee(const support_rule_set& rules, support_plan plan, Decimal charges, rounding_policy rounding,
                               std::string_view source) {
    if (charges.is_negative()) {
        throw input_error(std::string(source), "charges",
                          "expected the month's gross charges, a number >= 0, got " + charges.to_string(), charges.to_string());
    }
    const support_plan_rule& rule = rules.rule(plan);
    support_fee_result result;
    result.plan = plan;
    result.charges = charges;
    result.minimum = rule.minimum;
    result.rule_set = rules.id;
    // Σ rate × part at scale 20 (units × units), exactly in 256 bits; one rounding to scale 10 at the end.
    detail::int256 sum = 0;
    const detail::int256 one = detail::to_int256(static_cast<unsigned __int128>(Decimal::units_per_one));
    for (const support_tier& tier : rule.tiers) {
        Decimal part;
        if (charges > tier.from) part = (tier.to && charges > *tier.to ? *tier.to : charges) - tier.from;
        const detail::int256 product = detail::to_int256(Decimal::magnitude_of(part.units())) *
                                       detail::to_int256(Decimal::magnitude_of(tier.rate.units()));
        sum += product;
        result.tier_parts.push_back(Decimal::multiply(part, tier.rate));
    }
    // Half-even at the 10th digit.
    detail::int256 quotient = sum / one;
    const detail::int256 remainder = sum - quotient * one;
    if (remainder * 2 > one || (remainder * 2 == one && quotient % 2 != 0)) quotient += 1;
    if (quotient > detail::to_int256(Decimal::max_units)) throw std::overflow_error("support fee beyond the Decimal range");
    result.tiered = Decimal::from_units(static_cast<__int128>(detail::from_int256(quotient)));
    result.minimum_applies = rule.minimum > result.tiered;
    const Decimal fee = result.minimum_applies ? rule.minimum : result.tiered;
    result.fee = apply_policy(Money(fee, usd), rounding).amount();
    return result;
}

}  // namespace costmodel
