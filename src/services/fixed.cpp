// A fixed monthly charge the scenario states (GuardDuty, Security Hub, ... when a document gives only a
// figure): one month at the stated price, no catalog lookup.

#include "costmodel/services/fixed.hpp"

#include <stdexcept>

#include "parsers.hpp"

namespace costmodel {

void meter(const fixed_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    if (w.monthly_cost.is_negative()) throw std::invalid_argument(sink.workload() + ": monthly_cost must be >= 0");
    sink.add_at_stated_price("monthly_charge", quantity<units::month>(Decimal(1)), w.monthly_cost,
                             sink.text() << "stated monthly charge " << w.monthly_cost);
}

namespace detail {

template <>
fixed_workload read_workload<fixed_workload>(json_object_reader& reader) {
    fixed_workload w;
    w.monthly_cost = reader.required_non_negative("monthly_cost");
    return w;
}

}  // namespace detail
}  // namespace costmodel
