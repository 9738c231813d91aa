// Fuzz target: the scenario reader, then every pricing stage against the built-in catalog.
// The documented errors for bad input are caught; anything else escaping, a crash, a sanitizer
// report, a leak or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "costmodel/catalog.hpp"
#include "costmodel/estimate.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/json.hpp"
#include "costmodel/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    costmodel::scenario s;
    try {
        s = costmodel::parse_scenario(text, "fuzz.json");
    } catch (const costmodel::input_error&) {
        return 0;
    } catch (const costmodel::catalog_error&) {
        return 0;
    } catch (const std::overflow_error&) {
        return 0;
    } catch (const std::domain_error&) {
        return 0;
    }
    try {
        const costmodel::estimate_result result = costmodel::estimate(s, costmodel::builtin_catalog());
        // The line table and the estimate document are made for every priced scenario.
        if (result.line_rows().size() != result.line_count()) std::abort();
        (void)costmodel::estimate_to_json(result, &s.settings);
    } catch (const costmodel::input_error&) {
    } catch (const costmodel::catalog_error&) {
    } catch (const std::overflow_error&) {
    } catch (const std::domain_error&) {
    }
    return 0;
}
