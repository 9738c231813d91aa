// EC2 instances: instance-hours (count × hours × utilisation) at the hourly rate the scenario states.
// The built-in catalog has no EC2 prices; an instance_type without an hourly_rate is an error until
// pricing models (on-demand, reserved, Savings Plans) arrive with commitments.

#include "costmodel/services/ec2.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const ec2_workload& w, const scenario_settings& settings, usage_sink& sink) {
    const std::string& name = sink.workload();
    if (!w.hourly_rate) {
        throw std::invalid_argument(name + ": no hourly_rate given" +
                                    (w.instance_type ? " for " + *w.instance_type : std::string()) +
                                    " (the catalog has no EC2 prices: state the instance's hourly rate)");
    }
    const Decimal hours = w.hours_per_month.value_or(settings.hours_per_month);
    if (w.hourly_rate->is_negative() || w.count.is_negative() || hours.is_negative() || w.utilization_percent.is_negative() ||
        w.utilization_percent > Decimal(100)) {
        throw std::invalid_argument(name + ": EC2 usage must be >= 0 and utilization_percent at most 100");
    }
    const exact_ratio instance_hours =
        exact_ratio(w.count) * exact_ratio(hours) * exact_ratio(w.utilization_percent) / exact_ratio(Decimal(100));
    std::string note = w.count.to_string() + " instance(s)" + (w.instance_type ? " " + *w.instance_type : std::string()) + " × " +
                       hours.to_string() + " h × " + w.utilization_percent.to_string() + "% utilisation; " + w.os + " at the stated rate " +
                       w.hourly_rate->to_string() + " per hour";
    sink.add_at_stated_price("instance_hours", quantity<units::instance_hour>(instance_hours.to_decimal()), *w.hourly_rate, note);
}

namespace detail {

template <>
ec2_workload read_workload<ec2_workload>(json_object_reader& reader) {
    ec2_workload w;
    w.instance_type = reader.optional_string("instance_type");
    if (w.instance_type && w.instance_type->empty()) reader.fail("instance_type", "must not be empty");
    w.hourly_rate = reader.optional_non_negative("hourly_rate");
    if (!w.hourly_rate) {
        if (w.instance_type) {
            reader.fail("hourly_rate", "missing: the catalog has no EC2 prices; give the hourly rate of " + *w.instance_type);
        }
        reader.fail("hourly_rate", "missing required key (an EC2 workload needs the instance's hourly_rate)");
    }
    w.count = reader.non_negative_or("count", Decimal(1));
    w.utilization_percent = reader.non_negative_or("utilization_percent", Decimal(100));
    if (w.utilization_percent > Decimal(100)) {
        reader.fail("utilization_percent", "expected a percentage from 0 to 100, got " + w.utilization_percent.to_string());
    }
    w.os = reader.choice_or("os", {"linux", "windows"}, "linux");
    w.hours_per_month = reader.optional_non_negative("hours_per_month");
    return w;
}

}  // namespace detail
}  // namespace costmodel
