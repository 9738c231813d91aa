// The test-only queue service (tests/registry/queue.hpp): each message of up to 64 KB is a request,
// a larger one a request per started 64 KB chunk.

#include "costmodel/services/queue.hpp"

namespace costmodel {

void validate(const queue_workload& w, const workload_checks& checks) {
    if (w.payload_kb > Decimal(256)) checks.fail("payload_kb", "a message is at most 256 KB, got " + w.payload_kb.to_string(), w.payload_kb.to_string());
}

void meter(const queue_workload& w, const scenario_settings& /*settings*/, usage_sink& sink) {
    const exact_ratio chunks = (exact_ratio(w.payload_kb) / exact_ratio(Decimal(64))).ceil();
    const exact_ratio requests = exact_ratio(w.requests_per_month) * chunks;
    sink.add("requests", "queue", "requests", w.type, quantity<units::request>(requests.to_decimal()),
             sink.text() << w.requests_per_month << " messages × " << chunks.to_decimal() << " request(s) of 64 KB");
}

}  // namespace costmodel
