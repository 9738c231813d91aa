#pragma once
// The instance cost formula of a migration estimate (the "Instance cost formula" of docs/commitments.md):
//
//   monthly instance cost = hourly rate × (hours_per_month × utilisation) × OS factor
//   storage cost          = GB × price per GB × optimisation factor
//
// The hourly rate comes from the pricing model: on demand (a rate given, or the catalog's
// ec2/instance-hours [<type>/<os>]); reserved (a reserved rate given, or on demand × (1 − discount));
// a Compute or EC2 Instance Savings Plan (on demand × (1 − discount)). A discount given is used as is;
// otherwise it is looked up in a discount table by plan type, term and payment option. The built-in
// table is the seed document's midpoints (its "~17-20%" is 18.5%), not AWS's rates: AWS publishes a
// plan rate per instance type, not one discount per plan (see docs/commitments.md).
//
// A commitment (reserved instance, Savings Plan) is paid for every hour of its term whether the
// instance runs or not, so each result also carries the committed cost (utilisation 100%) beside the
// formula's cost: the formula's utilisation factor lowers only what on-demand instances cost.
//
// Rounding (named, never implicit):
//   exact     no rounding: every figure is the exact product (Decimal, 10 fractional digits);
//   per_step  as the document's worked examples: the hourly rate rounded to 4 places half-up, the
//             base monthly cost (rate × effective hours) to cents half-up, the cost after the OS factor
//             to cents half-up; the cost of `count` instances is count × that per-instance figure; the
//             storage cost to cents half-up. Effective hours are never rounded.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/catalog.hpp"
#include "costmodel/decimal.hpp"

namespace costmodel {

enum class pricing_model { on_demand, reserved, compute_savings_plan, ec2_instance_savings_plan };
enum class commitment_term { one_year, three_year };
enum class payment_option { no_upfront, partial_upfront, all_upfront };
enum class instance_rounding { exact, per_step };

// The names used in JSON, the CLI and Python: "on_demand", "reserved", "compute_savings_plan",
// "ec2_instance_savings_plan"; "1yr", "3yr"; "no_upfront", "partial_upfront", "all_upfront";
// "exact", "per_step".
inline constexpr std::string_view pricing_model_names[] = {"on_demand", "reserved", "compute_savings_plan", "ec2_instance_savings_plan"};
inline constexpr std::string_view commitment_term_names[] = {"1yr", "3yr"};
inline constexpr std::string_view payment_option_names[] = {"no_upfront", "partial_upfront", "all_upfront"};
inline constexpr std::string_view instance_rounding_names[] = {"exact", "per_step"};

[[nodiscard]] constexpr std::string_view name_of(pricing_model m) { return pricing_model_names[static_cast<int>(m)]; }
[[nodiscard]] constexpr std::string_view name_of(commitment_term t) { return commitment_term_names[static_cast<int>(t)]; }
[[nodiscard]] constexpr std::string_view name_of(payment_option p) { return payment_option_names[static_cast<int>(p)]; }
[[nodiscard]] constexpr std::string_view name_of(instance_rounding r) { return instance_rounding_names[static_cast<int>(r)]; }

// Reads a name; throws input_error naming `source`, `path` and the value, with "did you mean".
[[nodiscard]] pricing_model parse_pricing_model(std::string_view text, std::string_view source, std::string_view path);
[[nodiscard]] commitment_term parse_commitment_term(std::string_view text, std::string_view source, std::string_view path);
[[nodiscard]] payment_option parse_payment_option(std::string_view text, std::string_view source, std::string_view path);
[[nodiscard]] instance_rounding parse_instance_rounding(std::string_view text, std::string_view source, std::string_view path);

// Discounts off the on-demand rate, in percent, by pricing model, term and payment option.
struct discount_entry {
    pricing_model model = pricing_model::compute_savings_plan;
    commitment_term term = commitment_term::one_year;
    payment_option payment = payment_option::no_upfront;
    Decimal percent;
    std::string note;  // where the figure comes from ("seed: ~17-20%")
    friend bool operator==(const discount_entry&, const discount_entry&) = default;
};

struct discount_table {
    std::string description;
    std::vector<discount_entry> entries;
    [[nodiscard]] const discount_entry* find(pricing_model model, commitment_term term, payment_option payment) const noexcept;
    friend bool operator==(const discount_table&, const discount_table&) = default;
};

// The seed document's discount ranges, each at its midpoint: Compute Savings Plans 1yr 18.5 / 21.5 /
// 24.5 and 3yr 29.5 / 32.5 / 35.5 (no / partial / all upfront); EC2 Instance Savings Plans 1yr and 3yr
// no upfront 21.5 / 32.5 (the seed gives no other payment option); reserved 1yr 35, 3yr 55 (the seed
// gives one range per term for every payment option).
[[nodiscard]] const discount_table& seed_004_discounts();

// One workload class's terms (production or non-production).
struct pricing_terms {
    pricing_model model = pricing_model::on_demand;
    std::optional<commitment_term> term;          // required for every model but on_demand
    std::optional<payment_option> payment;        // default no_upfront
    std::optional<Decimal> discount_percent;      // overrides the table
    std::optional<Decimal> reserved_hourly_rate;  // reserved only: the RI's effective hourly rate
    Decimal utilization_percent = Decimal(100);
    friend bool operator==(const pricing_terms&, const pricing_terms&) = default;
};

struct instance_cost_input {
    std::string instance_type;               // e.g. "m5.xlarge"; for the catalog and the notes
    std::string os = "linux";                // "linux" or "windows": the catalog variant
    std::string region = "us-east-1";
    std::optional<Decimal> on_demand_rate;   // else the catalog's ec2/instance-hours [<type>/<os>]
    Decimal count = Decimal(1);
    bool production = true;                  // which of the two terms apply
    pricing_terms production_terms;
    pricing_terms non_production_terms;      // default: on demand, 100%
    Decimal hours_per_month = Decimal(730);  // 730.56 (24 × 30.44) is the seed's
    Decimal os_factor = Decimal(1);          // the seed's Windows 1.15 is a document convention
    std::optional<Decimal> storage_gb;
    std::optional<Decimal> storage_price_per_gb;
    Decimal storage_factor = Decimal(1);
    instance_rounding rounding = instance_rounding::exact;
    friend bool operator==(const instance_cost_input&, const instance_cost_input&) = default;
};

// Every step's figure, in the order of the formula.
struct instance_cost_result {
    std::string instance_type, os, region;
    pricing_model model = pricing_model::on_demand;
    std::optional<commitment_term> term;
    std::optional<payment_option> payment;
    instance_rounding rounding = instance_rounding::exact;
    Decimal on_demand_rate;
    std::string on_demand_source;          // "given" or the catalog SKU ("ec2/instance-hours[m5.xlarge/linux]@us-east-1")
    std::optional<Decimal> discount_percent;
    std::string discount_source;           // "given", "reserved rate given", the table's note, or empty
    Decimal hourly_rate;                   // after the pricing model (and per_step's rounding)
    Decimal hours_per_month;
    Decimal utilization;                   // the factor: percent / 100
    Decimal effective_hours;               // hours × utilisation
    Decimal base_monthly_cost;             // rate × effective hours
    Decimal os_factor;
    Decimal instance_monthly_cost;         // one instance, the formula's figure
    Decimal committed_monthly_cost;        // one instance, every hour paid (= the formula's for on demand)
    Decimal count;
    Decimal instances_monthly_cost;        // count × instance_monthly_cost
    Decimal committed_instances_monthly_cost;
    Decimal storage_cost;                  // 0 without storage
    Decimal total_monthly_cost;            // instances + storage (the formula's)
    std::vector<std::string> notes;
    friend bool operator==(const instance_cost_result&, const instance_cost_result&) = default;
};

// Applies the formula. `prices` supplies the on-demand rate when none is given; `discounts` the
// discount when none is given. Errors are input_error naming `source` and the input's key
// ("production.term", "instance_type" with "did you mean" for a type the catalog lacks).
[[nodiscard]] instance_cost_result instance_cost(const instance_cost_input& input, const catalog& prices,
                                                 const discount_table& discounts = seed_004_discounts(),
                                                 std::string_view source = "<instance_cost arguments>");

// The catalog key of an on-demand instance-hour: ec2 / instance-hours [<type>/<os>] @ region.
[[nodiscard]] sku_key ec2_instance_key(std::string_view instance_type, std::string_view os, std::string_view region);
// The instance types the catalog prices for `os` in `region` (for "did you mean").
[[nodiscard]] std::vector<std::string> ec2_instance_types(const catalog& prices, std::string_view os, std::string_view region);
// The on-demand rate, or an input_error at `source`/`path` naming the type, with "did you mean".
[[nodiscard]] const sku& find_ec2_instance(const catalog& prices, std::string_view instance_type, std::string_view os,
                                           std::string_view region, std::string_view source, std::string_view path);

}  // namespace costmodel
