// The instance cost formula (include/costmodel/commitments/instance_cost.hpp): each step kept as its
// own figure so a reader can set them beside a document's worked example line by line.

#include "costmodel/commitments/instance_cost.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "costmodel/input_error.hpp"
#include "../did_you_mean.hpp"

namespace costmodel {

namespace {

template <class Enum>
Enum parse_choice(std::string_view text, std::span<const std::string_view> names, std::string_view source, std::string_view path) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == text) return static_cast<Enum>(i);
    }
    std::string expected;
    for (const std::string_view name : names) expected += (expected.empty() ? "" : ", ") + std::string(name);
    const auto near = detail::nearest_name(text, names);
    const std::string shown = "\"" + std::string(text) + "\"";
    throw input_error(std::string(source), std::string(path),
                      "expected one of " + expected + ", got " + shown +
                          (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
                      shown);
}

Decimal percent_factor(const Decimal& percent) { return Decimal::divide(percent, Decimal(100)); }

void check_percent(const Decimal& value, std::string_view source, const std::string& path, bool allow_100) {
    if (value.is_negative() || value > Decimal(100) || (!allow_100 && value == Decimal(100))) {
        throw input_error(std::string(source), path,
                          std::string("expected a percentage from 0 to ") + (allow_100 ? "100" : "below 100") + ", got " + value.to_string(),
                          value.to_string());
    }
}

void check_non_negative(const Decimal& value, std::string_view source, const std::string& path) {
    if (value.is_negative()) {
        throw input_error(std::string(source), path, "expected a number >= 0, got " + value.to_string(), value.to_string());
    }
}

constexpr rounding_mode half_up = rounding_mode::round_half_up;

}  // namespace

pricing_model parse_pricing_model(std::string_view text, std::string_view source, std::string_view path) {
    return parse_choice<pricing_model>(text, pricing_model_names, source, path);
}
commitment_term parse_commitment_term(std::string_view text, std::string_view source, std::string_view path) {
    return parse_choice<commitment_term>(text, commitment_term_names, source, path);
}
payment_option parse_payment_option(std::string_view text, std::string_view source, std::string_view path) {
    return parse_choice<payment_option>(text, payment_option_names, source, path);
}
instance_rounding parse_instance_rounding(std::string_view text, std::string_view source, std::string_view path) {
    return parse_choice<instance_rounding>(text, instance_rounding_names, source, path);
}

const discount_entry* discount_table::find(pricing_model model, commitment_term term, payment_option payment) const noexcept {
    for (const discount_entry& entry : entries) {
        if (entry.model == model && entry.term == term && entry.payment == payment) return &entry;
    }
    return nullptr;
}

const discount_table& seed_004_discounts() {
    using pm = pricing_model;
    using ct = commitment_term;
    using po = payment_option;
    static const discount_table table = [] {
        discount_table t;
        t.description =
            "The midpoints of the discount ranges the instance cost formula document (seed 004) states; they are that "
            "document's figures, not AWS's: AWS publishes a Savings Plan or reserved rate per instance type, region, term "
            "and payment option, and the discount it implies differs from type to type.";
        const auto add = [&t](pm model, ct term, po payment, const char* percent, const char* note) {
            t.entries.push_back(discount_entry{model, term, payment, Decimal::parse(percent), note});
        };
        add(pm::compute_savings_plan, ct::one_year, po::no_upfront, "18.5", "seed 004 midpoint of ~17-20%");
        add(pm::compute_savings_plan, ct::one_year, po::partial_upfront, "21.5", "seed 004 midpoint of ~20-23%");
        add(pm::compute_savings_plan, ct::one_year, po::all_upfront, "24.5", "seed 004 midpoint of ~23-26%");
        add(pm::compute_savings_plan, ct::three_year, po::no_upfront, "29.5", "seed 004 midpoint of ~28-31%");
        add(pm::compute_savings_plan, ct::three_year, po::partial_upfront, "32.5", "seed 004 midpoint of ~31-34%");
        add(pm::compute_savings_plan, ct::three_year, po::all_upfront, "35.5", "seed 004 midpoint of ~34-37%");
        add(pm::ec2_instance_savings_plan, ct::one_year, po::no_upfront, "21.5", "seed 004 midpoint of ~20-23%");
        add(pm::ec2_instance_savings_plan, ct::three_year, po::no_upfront, "32.5", "seed 004 midpoint of ~31-34%");
        for (const po payment : {po::no_upfront, po::partial_upfront, po::all_upfront}) {
            add(pm::reserved, ct::one_year, payment, "35", "seed 004 midpoint of ~30-40% (one range for every payment option)");
            add(pm::reserved, ct::three_year, payment, "55", "seed 004 midpoint of ~50-60% (one range for every payment option)");
        }
        return t;
    }();
    return table;
}

sku_key ec2_instance_key(std::string_view instance_type, std::string_view os, std::string_view region) {
    return sku_key{"ec2", "instance-hours", std::string(region), std::string(instance_type) + "/" + std::string(os)};
}

std::vector<std::string> ec2_instance_types(const catalog& prices, std::string_view os, std::string_view region) {
    std::vector<std::string> types;
    std::string suffix(1, '/');
    suffix += os;
    for (const sku* entry : prices.skus("ec2")) {
        const sku_key& key = entry->key;
        if (key.usage_type != "instance-hours" || key.region != region) continue;
        if (key.variant.size() > suffix.size() && key.variant.compare(key.variant.size() - suffix.size(), suffix.size(), suffix) == 0) {
            types.push_back(key.variant.substr(0, key.variant.size() - suffix.size()));
        }
    }
    return types;
}

const sku& find_ec2_instance(const catalog& prices, std::string_view instance_type, std::string_view os, std::string_view region,
                             std::string_view source, std::string_view path) {
    if (const sku* entry = prices.try_find(ec2_instance_key(instance_type, os, region))) return *entry;
    const std::vector<std::string> types = ec2_instance_types(prices, os, region);
    std::vector<std::string_view> names(types.begin(), types.end());
    std::string message = "catalog " + prices.id() + " has no " + std::string(os) + " on-demand price for instance type \"" +
                          std::string(instance_type) + "\" in " + std::string(region);
    const std::string_view other_os = os == "windows" ? "linux" : "windows";
    if (prices.try_find(ec2_instance_key(instance_type, other_os, region)) != nullptr) {
        message += " (it prices " + std::string(instance_type) + " for " + std::string(other_os) + " only";
        const std::size_t dot = instance_type.find('.');
        if (os == "windows" && dot != std::string_view::npos && dot > 0 && instance_type[dot - 1] == 'g') {
            message += ": Graviton instances have no Windows price";
        }
        message += ")";
    } else if (const auto near = detail::nearest_name(instance_type, names)) {
        message += " (did you mean \"" + std::string(*near) + "\"?)";
    } else {
        message += "; give its hourly rate";
    }
    throw input_error(std::string(source), std::string(path), message, "\"" + std::string(instance_type) + "\"");
}

instance_cost_result instance_cost(const instance_cost_input& input, const catalog& prices, const discount_table& discounts,
                                   std::string_view source) {
    const std::string terms_key = input.production ? "production" : "non_production";
    const pricing_terms& terms = input.production ? input.production_terms : input.non_production_terms;
    const bool per_step = input.rounding == instance_rounding::per_step;

    if (input.os != "linux" && input.os != "windows") (void)parse_choice<int>(input.os, std::array<std::string_view, 2>{"linux", "windows"}, source, "os");
    check_non_negative(input.count, source, "count");
    check_non_negative(input.hours_per_month, source, "hours_per_month");
    check_non_negative(input.os_factor, source, "os_factor");
    check_non_negative(input.storage_factor, source, "storage_factor");
    check_percent(terms.utilization_percent, source, terms_key + ".utilization_percent", true);

    instance_cost_result r;
    r.instance_type = input.instance_type;
    r.os = input.os;
    r.region = input.region;
    r.model = terms.model;
    r.rounding = input.rounding;

    if (input.on_demand_rate) {
        check_non_negative(*input.on_demand_rate, source, "on_demand_rate");
        r.on_demand_rate = *input.on_demand_rate;
        r.on_demand_source = "given";
    } else {
        if (input.instance_type.empty()) throw input_error(std::string(source), "instance_type", "missing (or give on_demand_rate)");
        const sku& entry = find_ec2_instance(prices, input.instance_type, input.os, input.region, source, "instance_type");
        r.on_demand_rate = entry.flat_price();
        r.on_demand_source = entry.key.to_string() + " (" + entry.source + ", " + entry.effective + ")";
    }

    // The hourly rate of the pricing model.
    Decimal rate = r.on_demand_rate;
    if (terms.model != pricing_model::on_demand) {
        if (!terms.term) throw input_error(std::string(source), terms_key + ".term", "missing: " + std::string(name_of(terms.model)) + " needs a term (1yr or 3yr)");
        r.term = terms.term;
        r.payment = terms.payment.value_or(payment_option::no_upfront);
        if (terms.model != pricing_model::reserved && terms.reserved_hourly_rate) {
            throw input_error(std::string(source), terms_key + ".reserved_hourly_rate", "only the reserved pricing model takes a reserved rate");
        }
        if (terms.reserved_hourly_rate && terms.discount_percent) {
            throw input_error(std::string(source), terms_key + ".discount_percent", "give reserved_hourly_rate or discount_percent, not both");
        }
        if (terms.reserved_hourly_rate) {
            check_non_negative(*terms.reserved_hourly_rate, source, terms_key + ".reserved_hourly_rate");
            rate = *terms.reserved_hourly_rate;
            r.discount_source = "reserved rate given";
        } else {
            Decimal percent;
            if (terms.discount_percent) {
                check_percent(*terms.discount_percent, source, terms_key + ".discount_percent", true);
                percent = *terms.discount_percent;
                r.discount_source = "given";
            } else if (const discount_entry* entry = discounts.find(terms.model, *terms.term, *r.payment)) {
                percent = entry->percent;
                r.discount_source = entry->note;
            } else {
                throw input_error(std::string(source), terms_key + ".discount_percent",
                                  "missing: the discount table has no " + std::string(name_of(terms.model)) + " " +
                                      std::string(name_of(*terms.term)) + " " + std::string(name_of(*r.payment)) + " discount; give one");
            }
            r.discount_percent = percent;
            rate = r.on_demand_rate * (Decimal(1) - percent_factor(percent));
        }
    } else if (terms.discount_percent || terms.reserved_hourly_rate || terms.term) {
        throw input_error(std::string(source), terms_key + (terms.term ? ".term" : terms.discount_percent ? ".discount_percent" : ".reserved_hourly_rate"),
                          "on_demand takes no term, discount or reserved rate");
    }
    r.hourly_rate = per_step ? rate.round(4, half_up) : rate;

    r.hours_per_month = input.hours_per_month;
    r.utilization = percent_factor(terms.utilization_percent);
    r.effective_hours = r.hours_per_month * r.utilization;
    r.base_monthly_cost = r.hourly_rate * r.effective_hours;
    if (per_step) r.base_monthly_cost = r.base_monthly_cost.round(2, half_up);
    r.os_factor = input.os_factor;
    r.instance_monthly_cost = r.base_monthly_cost * r.os_factor;
    if (per_step) r.instance_monthly_cost = r.instance_monthly_cost.round(2, half_up);

    // What a commitment costs: every hour of the month, whatever the utilisation.
    if (terms.model == pricing_model::on_demand) {
        r.committed_monthly_cost = r.instance_monthly_cost;
    } else {
        Decimal committed = r.hourly_rate * r.hours_per_month;
        if (per_step) committed = committed.round(2, half_up);
        committed = committed * r.os_factor;
        if (per_step) committed = committed.round(2, half_up);
        r.committed_monthly_cost = committed;
        if (terms.utilization_percent < Decimal(100)) {
            r.notes.push_back("a " + std::string(name_of(terms.model)) + " commitment is paid for every hour: at " +
                              terms.utilization_percent.to_string() + "% utilisation the formula gives " +
                              r.instance_monthly_cost.to_string() + " per instance, the commitment costs " + committed.to_string());
        }
    }
    r.count = input.count;
    r.instances_monthly_cost = r.count * r.instance_monthly_cost;
    r.committed_instances_monthly_cost = r.count * r.committed_monthly_cost;

    if (input.storage_gb || input.storage_price_per_gb) {
        if (!input.storage_gb) throw input_error(std::string(source), "storage_gb", "missing (storage_price_per_gb is given)");
        if (!input.storage_price_per_gb) throw input_error(std::string(source), "storage_price_per_gb", "missing (storage_gb is given)");
        check_non_negative(*input.storage_gb, source, "storage_gb");
        check_non_negative(*input.storage_price_per_gb, source, "storage_price_per_gb");
        r.storage_cost = *input.storage_gb * *input.storage_price_per_gb * input.storage_factor;
        if (per_step) r.storage_cost = r.storage_cost.round(2, half_up);
    }
    r.total_monthly_cost = r.instances_monthly_cost + r.storage_cost;

    if (input.os == "windows" && input.os_factor != Decimal(1) && r.on_demand_source != "given") {
        r.notes.push_back("the catalog's Windows rate already includes the Windows licence (AWS prices it per hour in the instance "
                          "price); the OS factor " + input.os_factor.to_string() + " charges for it again");
    }
    return r;
}

}  // namespace costmodel
