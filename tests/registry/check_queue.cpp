// Run by tests/registry/add-service.sh in a copy of the tree to which the queue service was added by
// the documented steps: everything that should follow from the registry line does.

#include <cstdlib>
#include <iostream>
#include <string>

#include "costmodel/costmodel.hpp"

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
    std::cout << (ok ? "ok   " : "FAIL ") << what << "\n";
    if (!ok) ++failures;
}

}  // namespace

int main() {
    using costmodel::Decimal;
    const std::string document = R"({"schema": "costmodel/scenario/v1", "name": "queues", "workloads": [
        {"name": "orders", "service": "queue", "requests_per_month": 3000000, "payload_kb": 100},
        {"name": "events", "service": "queue", "requests_per_month": 500000, "type": "fifo"}]})";
    const costmodel::scenario s = costmodel::parse_scenario(document, "queues.json");
    const auto& prices = *costmodel::catalog_named("builtin");
    const costmodel::estimate_result result = costmodel::estimate(s, prices);
    // orders: 3,000,000 × 2 chunks = 6,000,000 requests × 0.0000004 = 2.4; events: 500,000 × 0.0000005 = 0.25.
    check(result.total == Decimal::parse("2.65"), "estimate total 2.65, got " + result.total.to_string());
    check(costmodel::parse_scenario(costmodel::to_json(s), "queues.json") == s, "to_json reads back equal");

    bool described = false;
    for (const auto& service : costmodel::describe_services()) {
        if (service.name == "queue") described = service.keys.size() == 3 && service.keys[1].choices.size() == 2;
    }
    check(described, "describe_services lists queue with its three keys");

    const auto error_of = [&](const std::string& text) -> std::string {
        try {
            (void)costmodel::parse_scenario(text, "bad.json");
        } catch (const costmodel::input_error& error) {
            return error.what();
        }
        return "no error";
    };
    const std::string head = R"({"schema": "costmodel/scenario/v1", "name": "q", "workloads": [{"name": "q", "service": "queue", )";
    check(error_of(head + R"("requests_per_month": 1, "payload_kb": 300}]})") ==
              "bad.json: workloads[0].payload_kb: a message is at most 256 KB, got 300",
          "the service's validate() reports with the path");
    check(error_of(head + R"("requests_per_month": 1.5}]})") == "bad.json: workloads[0].requests_per_month: expected a whole number, got 1.5",
          "the key list's rule is checked");
    check(error_of(head + R"("requests_per_mnth": 1}]})") ==
              "bad.json: workloads[0].requests_per_mnth: unknown key (did you mean \"requests_per_month\"?)",
          "a misspelt key says what was meant");
    check(error_of(head + R"("requests_per_month": 1, "type": "fifa"}]})") ==
              "bad.json: workloads[0].type: expected one of standard, fifo, got \"fifa\" (did you mean \"fifo\"?)",
          "a choice outside the list says what was meant");
    check(error_of(R"({"schema": "costmodel/scenario/v1", "name": "q", "workloads": [{"name": "q", "service": "queu"}]})")
                  .find("did you mean \"queue\"") != std::string::npos,
          "an unknown service suggests the new one");
    return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
