#pragma once
// A test-only service, added by tests/registry/add-service.sh exactly as docs/adding-a-service.md
// says: message queue requests, the first million a month free of charge in this made-up price list.

#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/scenario_settings.hpp"
#include "costmodel/services/fields.hpp"
#include "costmodel/usage.hpp"

namespace costmodel {

inline constexpr std::string_view queue_types[] = {"standard", "fifo"};

struct queue_workload {
    static constexpr std::string_view service_name = "queue";
    static constexpr std::string_view summary = "Message queues: requests, standard or FIFO.";
    static constexpr auto fields() {
        return std::tuple{
            number_key("requests_per_month", &queue_workload::requests_per_month, key_presence::required, number_rule::whole,
                       "Requests in the month."),
            choice_key("type", &queue_workload::type, key_presence::defaulted, std::span<const std::string_view>(queue_types),
                       "Queue type."),
            number_key("payload_kb", &queue_workload::payload_kb, key_presence::defaulted, number_rule::positive,
                       "KB per message; each 64 KB chunk is a request.")};
    }
    Decimal requests_per_month;
    std::string type = "standard";
    Decimal payload_kb = Decimal(1);
    friend bool operator==(const queue_workload&, const queue_workload&) = default;
};

void validate(const queue_workload& workload, const workload_checks& checks);
void meter(const queue_workload& workload, const scenario_settings& settings, usage_sink& sink);

}  // namespace costmodel
