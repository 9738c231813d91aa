// Fuzz target: the reader of our catalog JSON format (parse_catalog_json). Every SKU and free-tier pool
// the catalog lists must be found again by its key. The documented errors for bad input are caught;
// anything else escaping, a crash, a sanitizer report, a leak or a hang is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)costmodel_fuzz::refuses_only_as_documented(
        [&] { costmodel_fuzz::check_lookups(costmodel::parse_catalog_json(text, "fuzz.json")); });
    return 0;
}
