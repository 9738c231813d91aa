#pragma once
// AWS Cost Explorer GetCostAndUsage responses read into a line table (docs/actuals.md).
//
//   cost_explorer_reader reader;
//   reader.add_file("page-1.json");          // as `aws ce get-cost-and-usage --output json` writes it
//   reader.add_text(text, "<page 2>");       // or boto3's response, as JSON text
//   cost_explorer_table result = std::move(reader).finish();
//
// One row per period × group × metric, in input order:
//
//   column        type     meaning
//   date          date     TimePeriod.Start (the first day of the period)
//   end           date     TimePeriod.End (exclusive, as Cost Explorer gives it)
//   granularity   string   DAILY (a one-day period) or MONTHLY (a calendar month or the part of one a query covered)
//   <group keys>  string   one column per GroupDefinitions entry, named by its Key ("RECORD_TYPE", "SERVICE");
//                          a TAG key is "tag:<Key>", a COST_CATEGORY key "cost_category:<Key>"; values
//                          are AWS's as written (a tag's "Environment$prod", "Environment$" when untagged)
//   metric        string   UnblendedCost, NetUnblendedCost, AmortizedCost, NetAmortizedCost, BlendedCost,
//                          UsageQuantity or NormalizedUsageAmount
//   amount        decimal  Amount, exactly from its text (at most 10 fractional digits)
//   unit          string   Unit: the currency of a cost metric, the usage unit of the others
//   estimated     boolean  Estimated (AWS's data for the period is not final)
//
// Ungrouped responses (no GroupDefinitions) give their Total, with no group key columns. Every page
// of one input must have the same GroupDefinitions (pages of one query do).
//
// Parsing: a response of at most cost_explorer_bulk_limit_bytes (a Cost Explorer page is a few MB)
// is read whole and parsed by simdjson, its tree then walked once into the columns (a page of the
// usual grouped shape straight into them, any other replayed as SAX events); a larger one is
// streamed through nlohmann_json's SAX interface in 1 MiB chunks, holding no document. Both feed
// one handler, so the table and every message are the same either way: a response simdjson rejects
// is read again by the streamed parser, whose message (with a byte offset) is the one reported.
// Each amount goes from its text into the table's __int128 column.
//
// Every input a user can get wrong is an input_error naming the input, the JSON path and the value:
// not JSON, no ResultsByTime, an unknown key (with "did you mean"), a period whose End is not after
// its Start, an HOURLY period, an Amount that is not a decimal number, a cost metric whose Unit is not
// a currency or differs from the input's other currency, a group whose Keys do not match
// GroupDefinitions, a page with other GroupDefinitions than the first, a group key named as one of
// the columns above (a DIMENSION "granularity").

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/read_limits.hpp"
#include "costmodel/table/table.hpp"

namespace costmodel::actuals {

// The metrics GetCostAndUsage returns, by AWS's names.
inline constexpr std::string_view cost_explorer_metrics[] = {
    "UnblendedCost", "NetUnblendedCost", "AmortizedCost", "NetAmortizedCost", "BlendedCost", "UsageQuantity", "NormalizedUsageAmount",
};
// Whether a metric is money (its Unit a currency) rather than a usage quantity.
[[nodiscard]] constexpr bool is_cost_metric(std::string_view metric) noexcept {
    return metric != "UsageQuantity" && metric != "NormalizedUsageAmount";
}

// Responses larger than this are streamed rather than parsed whole (a whole parse holds the text
// and simdjson's tree, a few times the response's size, while the response is read).
inline constexpr std::uint64_t cost_explorer_bulk_limit_bytes = std::uint64_t{256} << 20;

// How responses are parsed: `bulk` as above (the default), or `streamed` for every response
// (the smallest memory; several times slower).
enum class cost_explorer_parsing : std::uint8_t { bulk, streamed };

struct cost_explorer_table {
    table::table lines;                  // the columns above
    std::vector<std::string> group_keys; // the group key columns' names, in GroupDefinitions order
    std::string currency;                // the cost metrics' currency; empty when the input has none
    std::size_t pages = 0;               // responses read
};

class cost_explorer_reader {
public:
    cost_explorer_reader();
    ~cost_explorer_reader();
    cost_explorer_reader(cost_explorer_reader&&) noexcept;
    cost_explorer_reader& operator=(cost_explorer_reader&&) noexcept;
    cost_explorer_reader(const cost_explorer_reader&) = delete;
    cost_explorer_reader& operator=(const cost_explorer_reader&) = delete;

    void set_parsing(cost_explorer_parsing parsing);

    // One response from a file; `limits.max_streamed_file_bytes` bounds its size.
    void add_file(const std::string& path, const read_limits& limits = {});
    // One response as JSON text; `source` names it in errors ("<cost explorer dict 2>").
    void add_text(std::string_view text, const std::string& source);

    // The table of every response added. A reader that threw is left unusable.
    [[nodiscard]] cost_explorer_table finish() &&;

    struct state;  // the columns being built (src/actuals/cost_explorer.cpp)

private:
    std::unique_ptr<state> state_;
};

// Convenience: every file of `paths`, in order.
[[nodiscard]] cost_explorer_table read_cost_explorer_files(const std::vector<std::string>& paths, const read_limits& limits = {});

}  // namespace costmodel::actuals
