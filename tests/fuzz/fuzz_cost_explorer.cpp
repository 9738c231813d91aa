// Fuzz target: the Cost Explorer reader (cost_explorer_reader). The input is one response, or two
// when it holds a form feed (the second page meets the first's GroupDefinitions and currency). It
// is read twice, once parsed whole by simdjson and replayed, once streamed through nlohmann_json:
// both must give the same table, or refuse with the same input_error (source, path, value and
// message). Anything else escaping, a difference, a crash, a sanitizer report, a leak or a hang is
// a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/input_error.hpp"

namespace {

using costmodel::actuals::cost_explorer_parsing;
using costmodel::actuals::cost_explorer_reader;
using costmodel::actuals::cost_explorer_table;

struct outcome {
    std::optional<cost_explorer_table> table;
    std::string error;  // source, path, value and message of the input_error
};

outcome read(const std::vector<std::string_view>& pages, cost_explorer_parsing parsing) {
    outcome result;
    try {
        cost_explorer_reader reader;
        reader.set_parsing(parsing);
        for (std::size_t i = 0; i < pages.size(); ++i) reader.add_text(pages[i], "<page " + std::to_string(i + 1) + ">");
        result.table = std::move(reader).finish();
    } catch (const costmodel::input_error& e) {
        result.error = e.source() + "|" + e.path() + "|" + e.value() + "|" + e.what();
    }
    return result;
}

bool same(const cost_explorer_table& a, const cost_explorer_table& b) {
    return a.lines.equals(b.lines) && a.lines.column_names() == b.lines.column_names() && a.group_keys == b.group_keys &&
           a.currency == b.currency && a.pages == b.pages;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> pages;
    if (const auto split = text.find('\f'); split != std::string_view::npos) {
        pages = {text.substr(0, split), text.substr(split + 1)};
    } else {
        pages = {text};
    }
    const outcome bulk = read(pages, cost_explorer_parsing::bulk);
    const outcome streamed = read(pages, cost_explorer_parsing::streamed);
    if (bulk.table.has_value() != streamed.table.has_value()) std::abort();
    if (bulk.table ? !same(*bulk.table, *streamed.table) : bulk.error != streamed.error) std::abort();
    return 0;
}
