// Fuzz target: the scenario reader, then every pricing stage against the built-in catalog.
// The documented errors for bad input are caught; anything else escaping, a crash, a sanitizer
// report, a leak or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "costmodel/estimate.hpp"
#include "costmodel/json.hpp"
#include "costmodel/scenario.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    costmodel::scenario s;
    if (!costmodel_fuzz::refuses_only_as_documented([&] { s = costmodel::parse_scenario(text, "fuzz.json"); })) return 0;
    (void)costmodel_fuzz::refuses_only_as_documented([&] {
        const costmodel::estimate_result result = costmodel::estimate(s, costmodel::builtin_catalog());
        // The line table and the estimate document are made for every priced scenario.
        if (result.line_rows().size() != result.line_count()) std::abort();
        (void)costmodel::estimate_to_json(result, &s.settings);
    });
    return 0;
}
