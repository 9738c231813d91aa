// EC2 instances: instance-hours (count × hours × utilisation) at the hourly rate of a pricing model.
// The on-demand rate is the stated hourly_rate, or the catalog's ec2/instance-hours [<type>/<os>]; a
// commitment (reserved, Savings Plan) prices as on demand × (1 − discount) through the row's price
// factor, so the line keeps the catalog's list price beside it. The formula and its discount table are
// commitments/instance_cost.hpp's; the seed's utilisation factor on a commitment is kept (a scenario
// reproduces its document) and a warning gives what the commitment costs when every hour is paid.

#include "costmodel/services/ec2.hpp"

#include "costmodel/commitments/instance_cost.hpp"

namespace costmodel {

namespace {

pricing_model model_of(const ec2_workload& w) { return parse_pricing_model(w.pricing_model, "<ec2 workload>", "pricing_model"); }

}  // namespace

Decimal ec2_discount_percent(const ec2_workload& w) {
    const pricing_model model = model_of(w);
    if (model == pricing_model::on_demand) return Decimal();
    if (w.discount_percent) return *w.discount_percent;
    const commitment_term term = parse_commitment_term(*w.term, "<ec2 workload>", "term");
    const payment_option payment = parse_payment_option(w.payment_option.value_or("no_upfront"), "<ec2 workload>", "payment_option");
    const discount_entry* entry = seed_004_discounts().find(model, term, payment);
    return entry == nullptr ? Decimal() : entry->percent;
}

void meter(const ec2_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    const exact_ratio instance_hours =
        exact_ratio(w.count) * exact_ratio(hours) * exact_ratio(w.utilization_percent) / exact_ratio(Decimal(100));
    const bool on_demand = w.pricing_model == "on_demand";
    const Decimal discount = ec2_discount_percent(w);
    const Decimal factor = (Decimal(1) - discount / Decimal(100)) * w.os_factor;

    std::string note = w.count.to_string() + " instance(s)" + (w.instance_type ? " " + *w.instance_type : std::string()) + " × " +
                       hours.to_string() + " h × " + w.utilization_percent.to_string() + "% utilisation; " + w.os;
    if (w.hourly_rate) {
        note += " at the stated rate " + w.hourly_rate->to_string() + " per hour";
    } else {
        note += " on demand";
    }
    if (!on_demand) {
        note += "; " + w.pricing_model + " " + *w.term + " " + w.payment_option.value_or("no_upfront") + " at " + discount.to_string() +
                "% off" + (w.discount_percent ? std::string() : " (seed 004's table)");
    }
    if (w.os_factor != Decimal(1)) note += "; × OS factor " + w.os_factor.to_string();

    const auto amount = quantity<units::instance_hour>(instance_hours.to_decimal());
    if (w.hourly_rate) {
        sink.add_at_stated_price("instance_hours", amount, *w.hourly_rate * factor, note);
    } else {
        sink.add("instance_hours", "ec2", "instance-hours", *w.instance_type + "/" + w.os, amount, note, factor);
    }
    if (!on_demand && w.utilization_percent < Decimal(100)) {
        sink.warn("a " + w.pricing_model + " commitment is paid for every hour of its term: at " + w.utilization_percent.to_string() +
                  "% utilisation this estimate follows the document's formula, which charges " + w.utilization_percent.to_string() +
                  "% of the hours the commitment costs");
    }
}

void check_prices(const ec2_workload& w, const catalog& prices, const scenario_settings& settings, const workload_checks& checks) {
    if (w.hourly_rate || !w.instance_type) return;
    (void)find_ec2_instance(prices, *w.instance_type, w.os, settings.region, checks.source(), checks.path() + ".instance_type");
}

void validate(const ec2_workload& w, const workload_checks& checks) {
    if (w.instance_type && w.instance_type->empty()) checks.fail("instance_type", "must not be empty", "\"\"");
    if (!w.hourly_rate && !w.instance_type) {
        checks.fail("instance_type", "missing required key (or hourly_rate): the catalog prices an instance type");
    }
    if (w.utilization_percent > Decimal(100)) {
        checks.fail("utilization_percent", "expected a percentage from 0 to 100, got " + w.utilization_percent.to_string(),
                    w.utilization_percent.to_string());
    }
    if (w.pricing_model == "on_demand") {
        if (w.term) checks.fail("term", "on_demand takes no term");
        if (w.payment_option) checks.fail("payment_option", "on_demand takes no payment option");
        if (w.discount_percent) checks.fail("discount_percent", "on_demand takes no discount");
        return;
    }
    if (!w.term) checks.fail("term", "missing: " + w.pricing_model + " needs a term (1yr or 3yr)");
    if (w.discount_percent) {
        if (*w.discount_percent > Decimal(100)) {
            checks.fail("discount_percent", "expected a percentage from 0 to 100, got " + w.discount_percent->to_string(),
                        w.discount_percent->to_string());
        }
        return;
    }
    const pricing_model model = model_of(w);
    const commitment_term term = parse_commitment_term(*w.term, "<ec2 workload>", "term");
    const payment_option payment = parse_payment_option(w.payment_option.value_or("no_upfront"), "<ec2 workload>", "payment_option");
    if (seed_004_discounts().find(model, term, payment) == nullptr) {
        checks.fail("discount_percent", "missing: the built-in discount table (seed 004's midpoints) has no " + w.pricing_model + " " +
                                            *w.term + " " + w.payment_option.value_or("no_upfront") + " discount; give one");
    }
}

}  // namespace costmodel
