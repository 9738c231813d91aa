// EC2 instances: instance-hours (count × hours × utilisation) at the hourly rate the scenario states.
// The built-in catalog has no EC2 prices; an instance_type without an hourly_rate is an error until
// pricing models (on-demand, reserved, Savings Plans) arrive with commitments.

#include "costmodel/services/ec2.hpp"

namespace costmodel {

void meter(const ec2_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    const exact_ratio instance_hours =
        exact_ratio(w.count) * exact_ratio(hours) * exact_ratio(w.utilization_percent) / exact_ratio(Decimal(100));
    std::string note = w.count.to_string() + " instance(s)" + (w.instance_type ? " " + *w.instance_type : std::string()) + " × " +
                       hours.to_string() + " h × " + w.utilization_percent.to_string() + "% utilisation; " + w.os + " at the stated rate " +
                       w.hourly_rate->to_string() + " per hour";
    sink.add_at_stated_price("instance_hours", quantity<units::instance_hour>(instance_hours.to_decimal()), *w.hourly_rate, note);
}

void validate(const ec2_workload& w, const workload_checks& checks) {
    if (w.instance_type && w.instance_type->empty()) checks.fail("instance_type", "must not be empty", "\"\"");
    if (!w.hourly_rate) {
        if (w.instance_type) {
            checks.fail("hourly_rate", "missing: the catalog has no EC2 prices; give the hourly rate of " + *w.instance_type);
        }
        checks.fail("hourly_rate", "missing required key (an EC2 workload needs the instance's hourly_rate)");
    }
    if (w.utilization_percent > Decimal(100)) {
        checks.fail("utilization_percent", "expected a percentage from 0 to 100, got " + w.utilization_percent.to_string(),
                    w.utilization_percent.to_string());
    }
}

}  // namespace costmodel
