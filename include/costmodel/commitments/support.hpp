#pragma once
// AWS support plan fees as versioned, dated data (docs/commitments.md, "Support plan fees").
//
// A rule set says, for a period (effective_from inclusive, effective_until exclusive), each plan's
// monthly minimum and its marginal tiers: the fee for a month is the greater of the minimum and the
// sum over the tiers of rate × the part of the month's charges that falls in the tier. Business
// under the built-in (legacy) rules: 10% of the first 10,000 + 7% of 10,000–80,000 + 5% of
// 80,000–250,000 + 3% above 250,000, at least 100.
//
// The charges are the month's gross AWS charges before discounts and credits, without support
// itself. The fee is exact: the tier products are summed exactly and rounded once, half-even, at the
// 10th fractional digit (only charges with more than 8 fractional digits meet that rounding under
// whole-percent rates). AWS bills to the cent: pass rounding_policy::cents to round the fee half-up
// to cents, as line_rounding "cents" rounds an estimate's lines.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/date.hpp"
#include "costmodel/decimal.hpp"
#include "costmodel/read_limits.hpp"
#include "costmodel/rounding_policy.hpp"

namespace costmodel {

enum class support_plan : std::uint8_t { developer, business, enterprise_on_ramp, enterprise };

// The plans' names as scenarios, Python and the command line write them, in the enum's order.
inline constexpr std::string_view support_plan_names[] = {"developer", "business", "enterprise_on_ramp", "enterprise"};

[[nodiscard]] constexpr std::string_view to_string(support_plan plan) noexcept { return support_plan_names[static_cast<std::size_t>(plan)]; }
[[nodiscard]] std::optional<support_plan> find_support_plan(std::string_view name) noexcept;
// As find_support_plan, or input_error naming `source`, `path` and the name, with "did you mean".
[[nodiscard]] support_plan parse_support_plan(std::string_view name, std::string_view source, std::string_view path);

// A marginal tier: `rate` applies to the part of the charges from `from` up to `to` (no end: above).
struct support_tier {
    Decimal from;
    std::optional<Decimal> to;
    Decimal rate;  // 0.07 for 7%
    friend bool operator==(const support_tier&, const support_tier&) = default;
};

struct support_plan_rule {
    support_plan plan;
    Decimal minimum;                  // per month
    std::vector<support_tier> tiers;  // contiguous from 0, the last one open
    friend bool operator==(const support_plan_rule&, const support_plan_rule&) = default;
};

struct support_rule_set {
    std::string id;
    date effective_from;                 // first day the rules apply
    std::optional<date> effective_until;  // first day they no longer apply; none: still in force
    std::string source;                   // where AWS publishes them
    std::vector<support_plan_rule> plans;

    [[nodiscard]] bool covers(date day) const noexcept { return effective_from <= day && (!effective_until || day < *effective_until); }
    // The plan's rule; input_error (source "<support rules id>", path "plans") when the set has none.
    [[nodiscard]] const support_plan_rule& rule(support_plan plan) const;
    friend bool operator==(const support_rule_set&, const support_rule_set&) = default;
};

// The built-in rule sets, oldest first. One today: "aws-support-legacy", the plans in force until
// 2027-01-01, from 2025-10-01 (the date these figures were recorded from AWS's pricing page; earlier
// months need a rule set that states them).
[[nodiscard]] std::span<const support_rule_set> builtin_support_rule_sets();
// The newest built-in rule set.
[[nodiscard]] const support_rule_set& builtin_support_rules();
// The rule set of `sets` that covers `day`; input_error naming source, path and the day when none does
// (the message lists the periods that exist).
[[nodiscard]] const support_rule_set& support_rules_for(std::span<const support_rule_set> sets, date day,
                                                        std::string_view source = "<support rules>", std::string_view path = "month");

// A rule set from JSON text (docs/commitments.md gives the format); strict: unknown keys, gaps between
// tiers or a missing plan are input_errors naming `source` and the path.
[[nodiscard]] support_rule_set parse_support_rules(std::string_view json_text, std::string_view source);
// The same from a file, read by read_input_file (input_file.hpp) within `limits`; errors name the path.
[[nodiscard]] support_rule_set load_support_rules(const std::string& path, const read_limits& limits = {});

// The fee and how it came about.
struct support_fee_result {
    support_plan plan;
    Decimal charges;                  // the base
    Decimal tiered;                   // sum of the tiers' parts, exact (rounded once at 10 places)
    Decimal minimum;
    bool minimum_applies = false;     // the minimum was greater than the tiered amount
    std::vector<Decimal> tier_parts;  // rate × the charges in each tier, in the tiers' order
    Decimal fee;                      // max(minimum, tiered), then the rounding policy
    std::string rule_set;             // the id of the rules used
};

// The month's fee. `charges` must be >= 0 (input_error, path "charges", otherwise).
[[nodiscard]] support_fee_result support_fee(const support_rule_set& rules, support_plan plan, Decimal charges,
                                             rounding_policy rounding = rounding_policy::none, std::string_view source = "<support fee>");

}  // namespace costmodel
