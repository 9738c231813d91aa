// A fixed monthly charge the scenario states (GuardDuty, Security Hub, ... when a document gives only a
// figure): one month at the stated price, no catalog lookup.

#include "costmodel/services/fixed.hpp"

namespace costmodel {

void meter(const fixed_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    sink.add_at_stated_price("monthly_charge", quantity<units::month>(Decimal(1)), w.monthly_cost,
                             sink.text() << "stated monthly charge " << w.monthly_cost);
}

// One key, a number >= 0 (fields()).
void validate(const fixed_workload& /*workload*/, const workload_checks& /*checks*/) {}

}  // namespace costmodel
