// GetCostAndUsage responses read into a line table (include/costmodel/actuals/cost_explorer.hpp).
//
// A response of at most cost_explorer_bulk_limit_bytes is parsed whole by simdjson and its tree
// replayed into the SAX handler below (src/json_tree_events.hpp); one simdjson rejects, a larger
// one, or one whose Amount is a JSON number (whose digits the tree no longer has) is streamed
// through nlohmann_json's SAX parser into the same handler, whose messages are the ones users see.
// A page replayed in part before such a number is found is dropped from the columns and read again.
//
// One SAX handler per response walks a small state machine (root, ResultsByTime[], TimePeriod, Total,
// Groups[], Keys[], Metrics, {Amount, Unit}, GroupDefinitions[]). Nothing of the document is kept
// beyond the group being read: its key codes and metric entries, reused from group to group. Group
// key, metric, amount and unit columns are appended as each group closes; the period's columns (date,
// end, granularity, estimated) as its result closes, so the members of an object may come in any
// order. Paths for messages are made only when there is an error to report.

#include "costmodel/actuals/cost_explorer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <optional>
#include <utility>

#include "../did_you_mean.hpp"
#include "../catalog_formats.hpp"
#include "../file_descriptor.hpp"
#include "../json_document.hpp"
#include "../json_tree_events.hpp"
#include "costmodel/currency.hpp"
#include "costmodel/date.hpp"
#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"

namespace costmodel::actuals {

namespace {

using detail::file_descriptor;
using detail::printable;

constexpr std::size_t metric_count = std::size(cost_explorer_metrics);

// The value of the decimal digits [first, last) (without the point), in `Unsigned`.
template <class Unsigned>
[[nodiscard]] Unsigned digits_value(const char* first, const char* last, Unsigned value = 0) noexcept {
    for (; first != last; ++first) value = value * 10 + static_cast<unsigned>(*first - '0');
    return value;
}

// "-12.3456" (at most 10 fractional digits, at most 27 integer digits) straight into units; anything
// else (an exponent, a leading '+', more digits) goes to Decimal::parse, which decides. Nearly every
// amount has at most 19 digits: those are summed in 64 bits, and only the scaling is done in 128.
[[nodiscard]] bool plain_units(std::string_view text, __int128& out) noexcept {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const char* p = text.data();
    const char* const end = p + text.size();
    const bool negative = p != end && *p == '-';
    if (negative) ++p;
    const char* const int_first = p;
    while (p != end && is_digit(*p)) ++p;
    const char* const int_last = p;
    const auto int_digits = static_cast<std::size_t>(int_last - int_first);
    if (int_digits == 0 || int_digits > 27) return false;
    const char* fraction_first = p;
    if (p != end && *p == '.') {
        fraction_first = ++p;
        while (p != end && is_digit(*p) && p - fraction_first < 10) ++p;
        if (p == fraction_first) return false;
    }
    if (p != end) return false;
    const char* const fraction_last = fraction_first == int_last ? int_last : p;
    const auto fraction = static_cast<int>(fraction_last - fraction_first);
    unsigned __int128 value = 0;
    if (int_digits + static_cast<std::size_t>(fraction) <= 19) {
        value = digits_value<std::uint64_t>(fraction_first, fraction_last, digits_value<std::uint64_t>(int_first, int_last));
    } else {
        value = digits_value<unsigned __int128>(fraction_first, fraction_last, digits_value<unsigned __int128>(int_first, int_last));
    }
    value *= Decimal::pow10(Decimal::scale - fraction);
    out = negative ? -static_cast<__int128>(value) : static_cast<__int128>(value);
    return true;
}

std::string without_code(std::string message) {
    if (message.rfind("[json.exception.", 0) == 0) {
        if (const auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
    }
    return message;
}

std::string json_quoted(std::string_view text) { return "\"" + printable(text) + "\""; }

// The table's own columns (finish()); a group key named as one would collide with it.
constexpr std::string_view fixed_columns[] = {"date", "end", "granularity", "metric", "amount", "unit", "estimated"};
[[nodiscard]] bool is_fixed_column(std::string_view name) {
    return std::find(std::begin(fixed_columns), std::end(fixed_columns), name) != std::end(fixed_columns);
}

// A result's period (End exclusive, after Start) is one day (DAILY) or lies within one calendar
// month (MONTHLY, or the part of one a query covered).
[[nodiscard]] bool daily_or_monthly(date start, date end) {
    return end - start == 1 || start.first_of_month() == end.plus_days(-1).first_of_month();
}

}  // namespace

struct cost_explorer_reader::state {
    table::date_column start;
    table::date_column end;
    table::string_column granularity;
    std::vector<table::string_column> keys;
    table::string_column metric;
    table::decimal_column amount;
    table::string_column unit;
    table::boolean_column estimated;
    std::size_t rows = 0;

    std::array<std::int32_t, metric_count> metric_codes{};
    std::int32_t daily_code = 0;
    std::int32_t monthly_code = 0;

    // The GroupDefinitions of the first response: column names and "TYPE:Key" as AWS wrote them.
    bool definitions_set = false;
    std::vector<std::string> columns;
    std::vector<std::string> definitions;
    std::string definitions_source;
    int key_count = -1;  // keys per group, once a group has been read

    std::string currency;
    std::string currency_where;  // "source: path" of its first use
    std::size_t pages = 0;

    cost_explorer_parsing parsing = cost_explorer_parsing::bulk;
    simdjson::dom::parser bulk_parser;  // reused from page to page: its buffers grow to the largest page
    std::string page_text;              // a page read whole, with simdjson's padding after it

    state() {
        for (std::size_t i = 0; i < metric_count; ++i) metric_codes[i] = metric.intern(cost_explorer_metrics[i]);
        daily_code = granularity.intern("DAILY");
        monthly_code = granularity.intern("MONTHLY");
    }
};

namespace {

enum class where : std::uint8_t { root, results, result, period, total, groups, group, keys, metrics, amount, definitions, definition };

enum class field : std::uint8_t {
    none,
    results, definitions, token, ignored,  // root
    period, total, groups, estimated,      // result
    start, end,                            // period
    metric,                                // total, metrics: the key is a metric's name
    keys, metrics,                         // group
    amount, unit,                          // amount
    type, key,                             // definition
};

struct frame {
    where at;
    std::size_t index = 0;  // arrays: elements so far
    std::string key;        // objects: the current key as written
};

struct metric_entry {
    std::uint8_t metric;
    __int128 units;
    std::int32_t unit_code;
};

class response_handler final : public nlohmann::json_sax<nlohmann::json> {
public:
    response_handler(cost_explorer_reader::state& s, std::string source) : s_(s), source_(std::move(source)) {}

    bool failed = false;
    std::size_t failure_position = 0;
    std::string failure_token;
    std::string failure_message;

    bool null() override {
        if (skip_ > 0) return true;
        if (stack_.empty()) throw input_error(source_, "", "expected a GetCostAndUsage response (a JSON object), got null", "null");
        if (field_ == field::token || field_ == field::ignored) return true;
        return wrong("null");
    }
    bool boolean(bool value) override {
        if (skip_ > 0) return true;
        if (!stack_.empty() && field_ == field::ignored) return true;
        if (!stack_.empty() && stack_.back().at == where::result && field_ == field::estimated) {
            result_estimated_ = value;
            return true;
        }
        return wrong(value ? "true" : "false");
    }
    // Whether a float here is read from its text: an Amount written as a JSON number.
    [[nodiscard]] bool float_text_needed() const noexcept {
        return skip_ == 0 && !stack_.empty() && stack_.back().at == where::amount && field_ == field::amount;
    }
    bool number_integer(number_integer_t) override { return number(); }
    bool number_unsigned(number_unsigned_t) override { return number(); }
    bool number_float(number_float_t, const string_t& text) override {
        if (skip_ > 0) return true;
        if (!stack_.empty() && stack_.back().at == where::amount && field_ == field::amount) return amount_text(text);
        return number();
    }
    bool string(string_t& value) override {
        if (skip_ > 0) return true;
        if (stack_.empty()) return wrong(json_quoted(value));
        frame& top = stack_.back();
        switch (top.at) {
            case where::root:
                if (field_ == field::token || field_ == field::ignored) return true;
                break;
            case where::result:
                if (field_ == field::ignored) return true;
                break;
            case where::period:
                if (field_ == field::start) {
                    period_start_ = period_date(value, "Start");
                    return true;
                }
                if (field_ == field::end) {
                    period_end_ = period_date(value, "End");
                    return true;
                }
                break;
            case where::keys:
                ++top.index;
                if (group_keys_.size() <= key_slot_) group_keys_.resize(key_slot_ + 1, -1);
                if (s_.keys.size() <= key_slot_) s_.keys.resize(key_slot_ + 1);
                group_keys_[key_slot_] = s_.keys[key_slot_].intern(value);
                ++key_slot_;
                return true;
            case where::amount:
                if (field_ == field::amount) return amount_text(value);
                if (field_ == field::unit) {
                    entry_unit_ = unit_code(value);
                    have_unit_ = true;
                    return true;
                }
                break;
            case where::definition:
                if (field_ == field::type) {
                    definition_type_ = value;
                    have_type_ = true;
                    return true;
                }
                if (field_ == field::key) {
                    definition_key_ = value;
                    have_key_ = true;
                    return true;
                }
                break;
            default: break;
        }
        return wrong(json_quoted(value));
    }
    bool binary(binary_t&) override { return false; }

    bool key(string_t& name) override {
        if (skip_ > 0) return true;
        frame& top = stack_.back();
        top.key.assign(name);
        field_ = lookup(top.at, name);
        // A key given twice is an error, as in every reader (the second value would silently win).
        const bool repeated = (field_ == field::amount && have_amount_) || (field_ == field::unit && have_unit_) ||
                              (field_ == field::start && period_start_) || (field_ == field::end && period_end_) ||
                              (field_ == field::type && have_type_) || (field_ == field::key && have_key_) ||
                              (field_ == field::keys && have_keys_) || (field_ == field::period && have_period_);
        if (repeated) fail(key_path(printable(name)), "duplicate key (each key may appear once in an object)", json_quoted(name));
        return true;
    }

    bool start_object(std::size_t) override {
        if (skip_ > 0) {
            ++skip_;
            return true;
        }
        if (stack_.empty()) {
            stack_.push_back({where::root, 0, {}});
            return true;
        }
        frame& top = stack_.back();
        if (field_ == field::ignored) {
            skip_ = 1;
            return true;
        }
        switch (top.at) {
            case where::results:
                ++top.index;
                begin_result();
                return push(where::result);
            case where::result:
                if (field_ == field::period) {
                    period_start_.reset();
                    period_end_.reset();
                    return push(where::period);
                }
                if (field_ == field::total) return push(where::total);
                break;
            case where::groups:
                ++top.index;
                key_slot_ = 0;
                group_entries_.clear();
                have_keys_ = false;
                return push(where::group);
            case where::group:
                if (field_ == field::metrics) return push(where::metrics);
                break;
            case where::total:
            case where::metrics:
                entry_metric_ = current_metric_;
                have_amount_ = false;
                have_unit_ = false;
                return push(where::amount);
            case where::definitions:
                ++top.index;
                have_type_ = have_key_ = false;
                return push(where::definition);
            default: break;
        }
        return wrong("an object");
    }

    bool start_array(std::size_t) override {
        if (skip_ > 0) {
            ++skip_;
            return true;
        }
        if (stack_.empty()) throw input_error(source_, "", "expected a GetCostAndUsage response (a JSON object), got an array", "an array");
        frame& top = stack_.back();
        if (field_ == field::ignored) {
            skip_ = 1;
            return true;
        }
        switch (top.at) {
            case where::root:
                if (field_ == field::results) {
                    seen_results_ = true;
                    return push(where::results);
                }
                if (field_ == field::definitions) {
                    seen_definitions_ = true;
                    page_definitions_.clear();
                    page_columns_.clear();
                    return push(where::definitions);
                }
                break;
            case where::result:
                if (field_ == field::groups) return push(where::groups);
                break;
            case where::group:
                if (field_ == field::keys) {
                    have_keys_ = true;
                    key_slot_ = 0;
                    return push(where::keys);
                }
                break;
            default: break;
        }
        return wrong("an array");
    }

    bool end_object() override {
        if (skip_ > 0) {
            --skip_;
            return true;
        }
        const where closing = stack_.back().at;
        switch (closing) {
            case where::amount: end_amount(); break;
            case where::group: end_group(); break;
            case where::period: end_period(); break;
            case where::result: end_result(); break;
            case where::definition: end_definition(); break;
            case where::root: end_root(); break;
            default: break;
        }
        stack_.pop_back();
        field_ = field::none;
        return true;
    }
    bool end_array() override {
        if (skip_ > 0) {
            --skip_;
            return true;
        }
        stack_.pop_back();
        field_ = field::none;
        return true;
    }

    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& error) override {
        failed = true;
        failure_position = position;
        failure_token = token;
        failure_message = error.what();
        return false;
    }

private:
    cost_explorer_reader::state& s_;
    std::string source_;
    std::vector<frame> stack_;
    field field_ = field::none;
    std::size_t skip_ = 0;
    std::uint8_t current_metric_ = 0;

    bool seen_results_ = false;
    bool seen_definitions_ = false;
    std::vector<std::string> page_definitions_;
    std::vector<std::string> page_columns_;
    std::string definition_type_, definition_key_;
    bool have_type_ = false, have_key_ = false;
    bool page_has_keys_ = false;       // a group of this page had keys
    std::string page_total_path_;      // a Total with amounts in this page

    // The result being read.
    std::optional<date> period_start_, period_end_;
    bool have_period_ = false;
    bool result_estimated_ = false;
    bool result_had_groups_ = false;
    std::size_t result_rows_ = 0;
    std::vector<metric_entry> total_entries_;

    // The group being read.
    std::vector<std::int32_t> group_keys_;
    std::size_t key_slot_ = 0;
    bool have_keys_ = false;
    std::vector<metric_entry> group_entries_;

    // The {Amount, Unit} being read.
    std::uint8_t entry_metric_ = 0;
    __int128 entry_units_ = 0;
    std::int32_t entry_unit_ = 0;
    bool have_amount_ = false, have_unit_ = false;
    std::string last_unit_;
    std::int32_t last_unit_code_ = -1;

    // --- paths ---
    [[nodiscard]] std::string path() const {
        std::string text;
        for (std::size_t i = 1; i < stack_.size(); ++i) {
            const frame& parent = stack_[i - 1];
            if (parent.at == where::results || parent.at == where::groups || parent.at == where::keys || parent.at == where::definitions) {
                text += "[" + std::to_string(parent.index - 1) + "]";
            } else {
                text += (text.empty() ? "" : ".") + printable(parent.key);
            }
        }
        return text;
    }
    // The path of the value after the current key.
    [[nodiscard]] std::string value_path() const {
        const frame& top = stack_.back();
        const std::string base = path();
        if (top.at == where::results || top.at == where::groups || top.at == where::keys || top.at == where::definitions) {
            return base + "[" + std::to_string(top.index) + "]";
        }
        return base.empty() ? printable(top.key) : base + "." + printable(top.key);
    }
    [[nodiscard]] std::string key_path(std::string_view key) const {
        const std::string base = path();
        return base.empty() ? std::string(key) : base + "." + std::string(key);
    }

    bool push(where at) {
        stack_.push_back({at, 0, {}});
        field_ = field::none;
        return true;
    }

    [[noreturn]] void fail(const std::string& at, const std::string& message, const std::string& value = {}) const {
        throw input_error(source_, at, message, value);
    }

    bool number() {
        if (skip_ > 0) return true;
        if (stack_.empty()) return wrong("a number");
        if (field_ == field::ignored) return true;
        return wrong("a number");
    }

    [[nodiscard]] const char* expected_here() const {
        const frame& top = stack_.back();
        switch (top.at) {
            case where::root:
                return field_ == field::results ? "an array of results" : field_ == field::definitions ? "an array of {Type, Key}" : "a string or null";
            case where::results: return "an object {TimePeriod, Total, Groups, Estimated}";
            case where::result:
                return field_ == field::period ? "an object {Start, End}" : field_ == field::total ? "an object of metrics"
                       : field_ == field::groups ? "an array of groups" : "true or false";
            case where::period: return "a date YYYY-MM-DD";
            case where::total:
            case where::metrics: return "an object {Amount, Unit}";
            case where::groups: return "an object {Keys, Metrics}";
            case where::group: return field_ == field::keys ? "an array of strings" : "an object of metrics";
            case where::keys: return "a string";
            case where::amount: return field_ == field::amount ? "a decimal number as a string" : "a string";
            case where::definitions: return "an object {Type, Key}";
            case where::definition: return "a string";
        }
        return "something else";
    }

    bool wrong(const std::string& shown) const {
        if (stack_.empty()) fail("", "expected a GetCostAndUsage response (a JSON object), got " + shown, shown);
        fail(value_path(), std::string("expected ") + expected_here() + ", got " + shown, shown);
    }

    // --- keys of each object ---
    field lookup(where at, std::string_view name) {
        static constexpr std::string_view root_keys[] = {"ResultsByTime", "GroupDefinitions", "NextPageToken", "DimensionValueAttributes",
                                                         "ResponseMetadata"};
        static constexpr std::string_view result_keys[] = {"TimePeriod", "Total", "Groups", "Estimated"};
        static constexpr std::string_view period_keys[] = {"Start", "End"};
        static constexpr std::string_view group_keys[] = {"Keys", "Metrics"};
        static constexpr std::string_view amount_keys[] = {"Amount", "Unit"};
        static constexpr std::string_view definition_keys[] = {"Type", "Key"};
        switch (at) {
            case where::root:
                if (name == "ResultsByTime") return field::results;
                if (name == "GroupDefinitions") return field::definitions;
                if (name == "NextPageToken") return field::token;
                if (name == "DimensionValueAttributes" || name == "ResponseMetadata") return field::ignored;
                unknown(name, root_keys);
            case where::result:
                if (name == "TimePeriod") return field::period;
                if (name == "Total") return field::total;
                if (name == "Groups") return field::groups;
                if (name == "Estimated") return field::estimated;
                unknown(name, result_keys);
            case where::period:
                if (name == "Start") return field::start;
                if (name == "End") return field::end;
                unknown(name, period_keys);
            case where::group:
                if (name == "Keys") return field::keys;
                if (name == "Metrics") return field::metrics;
                unknown(name, group_keys);
            case where::total:
            case where::metrics: {
                if (current_metric_ < metric_count && cost_explorer_metrics[current_metric_] == name) return field::metric;
                for (std::size_t i = 0; i < metric_count; ++i) {
                    if (cost_explorer_metrics[i] == name) {
                        current_metric_ = static_cast<std::uint8_t>(i);
                        return field::metric;
                    }
                }
                unknown(name, cost_explorer_metrics, "unknown metric");
            }
            case where::amount:
                if (name == "Amount") return field::amount;
                if (name == "Unit") return field::unit;
                unknown(name, amount_keys);
            case where::definition:
                if (name == "Type") return field::type;
                if (name == "Key") return field::key;
                unknown(name, definition_keys);
            default: break;
        }
        return field::none;
    }

    template <class Names>
    [[noreturn]] void unknown(std::string_view name, const Names& known, const char* what = "unknown key") const {
        std::string message = what;
        if (const auto near = detail::nearest_name(name, known)) message += " (did you mean \"" + std::string(*near) + "\"?)";
        std::string list;
        for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        message += "; expected one of " + list;
        fail(key_path(printable(name)), message, json_quoted(name));
    }

    // --- values ---
    date period_date(std::string_view text, const char* which) const {
        if (const auto parsed = date::parse(text)) return *parsed;
        if (text.size() > 10 && text[10] == 'T' && date::parse(text.substr(0, 10))) {
            fail(value_path(), "an HOURLY period (" + json_quoted(text) + "): the reader takes DAILY and MONTHLY results", json_quoted(text));
        }
        fail(value_path(), std::string("expected the period's ") + which + " as a date YYYY-MM-DD, got " + json_quoted(text), json_quoted(text));
    }

    bool amount_text(std::string_view text) {
        __int128 units = 0;
        if (!plain_units(text, units)) {
            try {
                units = Decimal::parse(text).units();
            } catch (const std::overflow_error&) {
                fail(value_path(), "amount " + json_quoted(text) + " is beyond the Decimal range (28 integer digits)", json_quoted(text));
            } catch (const std::invalid_argument&) {
                fail(value_path(), "expected a decimal number (such as \"12.34\") with at most 10 fractional digits, got " + json_quoted(text),
                     json_quoted(text));
            }
        }
        entry_units_ = units;
        have_amount_ = true;
        return true;
    }

    std::int32_t unit_code(std::string_view text) {
        if (last_unit_code_ >= 0 && text == last_unit_) return last_unit_code_;
        last_unit_.assign(text);
        last_unit_code_ = s_.unit.intern(text);
        return last_unit_code_;
    }

    void begin_result() {
        have_period_ = false;
        period_start_.reset();
        period_end_.reset();
        result_estimated_ = false;
        result_had_groups_ = false;
        result_rows_ = 0;
        total_entries_.clear();
    }

    void end_amount() {
        if (!have_amount_) fail(key_path("Amount"), "missing required key");
        if (!have_unit_) fail(key_path("Unit"), "missing required key");
        const std::string_view metric = cost_explorer_metrics[entry_metric_];
        if (is_cost_metric(metric)) {
            const std::string_view unit = s_.unit.dictionary()[entry_unit_];
            if (s_.currency.empty() || unit != s_.currency) check_currency(unit);
        }
        const metric_entry entry{entry_metric_, entry_units_, entry_unit_};
        const where parent = stack_[stack_.size() - 2].at;
        (parent == where::total ? total_entries_ : group_entries_).push_back(entry);
    }

    void check_currency(std::string_view unit) {
        if (!currency::is_known(unit)) {
            fail(key_path("Unit"),
                 "the unit of a cost metric must be a currency (ISO 4217, such as \"USD\"), got " + json_quoted(unit) +
                     " (a usage unit belongs to UsageQuantity or NormalizedUsageAmount)",
                 json_quoted(unit));
        }
        if (s_.currency.empty()) {
            s_.currency.assign(unit);
            s_.currency_where = source_ + ": " + key_path("Unit");
            return;
        }
        fail(key_path("Unit"),
             "several currencies in one input: " + std::string(unit) + " here, " + s_.currency + " at " + s_.currency_where +
                 " (read each currency's responses separately)",
             json_quoted(unit));
    }

    void end_group() {
        if (!have_keys_) fail(key_path("Keys"), "missing required key");
        const int count = static_cast<int>(key_slot_);
        if (count == 0) fail(key_path("Keys"), "a group needs at least one key");
        if (s_.key_count < 0) {
            s_.key_count = count;
        } else if (count != s_.key_count) {
            fail(key_path("Keys"), std::to_string(count) + " keys where the other groups have " + std::to_string(s_.key_count) +
                                       " (one per GroupDefinitions entry)");
        }
        page_has_keys_ = true;
        result_had_groups_ = true;
        for (const metric_entry& entry : group_entries_) {
            for (std::size_t k = 0; k < key_slot_; ++k) s_.keys[k].append_code(group_keys_[k]);
            emit(entry);
        }
    }

    void emit(const metric_entry& entry) {
        s_.metric.append_code(s_.metric_codes[entry.metric]);
        s_.amount.append_units(entry.units);
        s_.unit.append_code(entry.unit_code);
        ++result_rows_;
    }

    void end_period() {
        if (!period_start_) fail(key_path("Start"), "missing required key");
        if (!period_end_) fail(key_path("End"), "missing required key");
        if (*period_end_ <= *period_start_) {
            fail(key_path("End"),
                 "End " + period_end_->to_string() + " is not after Start " + period_start_->to_string() + " (End is exclusive)",
                 json_quoted(period_end_->to_string()));
        }
        if (!daily_or_monthly(*period_start_, *period_end_)) {
            fail(path(), "a period of " + std::to_string(*period_end_ - *period_start_) + " days from " + period_start_->to_string() + " to " +
                             period_end_->to_string() + " is neither one day (DAILY) nor within one calendar month (MONTHLY)");
        }
        have_period_ = true;
    }

    void end_result() {
        if (!have_period_) fail(key_path("TimePeriod"), "missing required key");
        if (!result_had_groups_ && !total_entries_.empty()) {
            if (s_.key_count > 0) {
                fail(key_path("Total"), "amounts in Total of a grouped response (its groups have keys); grouped responses have an empty Total");
            }
            if (page_total_path_.empty()) page_total_path_ = key_path("Total");
            for (const metric_entry& entry : total_entries_) emit(entry);
        }
        const std::int32_t granularity = *period_end_ - *period_start_ == 1 ? s_.daily_code : s_.monthly_code;
        for (std::size_t i = 0; i < result_rows_; ++i) {
            s_.start.append(period_start_->days());
            s_.end.append(period_end_->days());
            s_.granularity.append_code(granularity);
            s_.estimated.append(result_estimated_);
        }
        s_.rows += result_rows_;
    }

    void end_definition() {
        if (!have_type_) fail(key_path("Type"), "missing required key");
        if (!have_key_) fail(key_path("Key"), "missing required key");
        std::string column;
        if (definition_type_ == "DIMENSION") {
            column = definition_key_;
        } else if (definition_type_ == "TAG") {
            column = "tag:" + definition_key_;
        } else if (definition_type_ == "COST_CATEGORY") {
            column = "cost_category:" + definition_key_;
        } else {
            static constexpr std::string_view types[] = {"DIMENSION", "TAG", "COST_CATEGORY"};
            std::string message = "unknown group type";
            if (const auto near = detail::nearest_name(definition_type_, types)) message += " (did you mean \"" + std::string(*near) + "\"?)";
            fail(key_path("Type"), message + "; expected DIMENSION, TAG or COST_CATEGORY", json_quoted(definition_type_));
        }
        if (column.empty()) fail(key_path("Key"), "empty group key", "\"\"");
        if (is_fixed_column(column)) {
            fail(key_path("Key"), "a group key named as one of the table's own columns (date, end, granularity, metric, amount, unit, estimated)",
                 json_quoted(definition_key_));
        }
        for (const std::string& existing : page_columns_) {
            if (existing == column) fail(key_path("Key"), "the same group key twice", json_quoted(definition_key_));
        }
        page_columns_.push_back(column);
        page_definitions_.push_back(definition_type_ + ":" + definition_key_);
    }

    static std::string list(const std::vector<std::string>& items) {
        if (items.empty()) return "none";
        std::string text;
        for (const std::string& item : items) text += (text.empty() ? "" : ", ") + printable(item);
        return text;
    }

    void end_root() {
        if (!seen_results_) fail("ResultsByTime", "missing required key (a GetCostAndUsage response has ResultsByTime)");
        if (page_has_keys_ && page_definitions_.empty()) {
            fail("GroupDefinitions", "the groups have Keys but the response has no GroupDefinitions to name them");
        }
        if (!page_definitions_.empty() && !page_total_path_.empty()) {
            fail(page_total_path_, "amounts in Total of a grouped response (GroupDefinitions " + list(page_definitions_) +
                                       "); grouped responses have an empty Total");
        }
        if (!s_.definitions_set) {
            s_.definitions_set = true;
            s_.definitions = page_definitions_;
            s_.columns = page_columns_;
            s_.definitions_source = source_;
        } else if (page_definitions_ != s_.definitions) {
            fail("GroupDefinitions", "this response groups by " + list(page_definitions_) + ", " + printable(s_.definitions_source) +
                                         " by " + list(s_.definitions) + ": every response of one input must have the same GroupDefinitions",
                 list(page_definitions_));
        }
        if (s_.key_count >= 0 && static_cast<std::size_t>(s_.key_count) != s_.definitions.size()) {
            fail("GroupDefinitions", std::to_string(s_.definitions.size()) + " group definitions for groups of " + std::to_string(s_.key_count) +
                                         " keys");
        }
    }
};

}  // namespace

cost_explorer_reader::cost_explorer_reader() : state_(std::make_unique<state>()) {}
cost_explorer_reader::~cost_explorer_reader() = default;
cost_explorer_reader::cost_explorer_reader(cost_explorer_reader&&) noexcept = default;
cost_explorer_reader& cost_explorer_reader::operator=(cost_explorer_reader&&) noexcept = default;

namespace {

template <class Iterator>
void stream_response(cost_explorer_reader::state& s, Iterator first, Iterator last, const std::string& source) {
    response_handler handler(s, source);
    const bool ok = nlohmann::json::sax_parse(first, last, &handler, nlohmann::json::input_format_t::json, true);
    if (!ok) {
        const std::size_t offset = handler.failure_position == 0 ? 0 : handler.failure_position - 1;
        std::string message = without_code(handler.failure_message);
        if (message.find("expected end of input") != std::string::npos) {
            message = message.substr(0, message.find(": ")) + ": unexpected text after the JSON document";
        }
        throw input_error(source, "", "invalid JSON: " + message + " (byte offset " + std::to_string(offset) + ")",
                          printable(handler.failure_token));
    }
    ++s.pages;
}

// Exactly `size` bytes of a regular file into `out`, followed by simdjson's padding; false if the
// file ends early, has more, or a read fails.
bool read_whole(int fd, std::uint64_t size, std::string& out) {
    out.resize(size + simdjson::SIMDJSON_PADDING);
    std::uint64_t done = 0;
    while (done <= size) {  // one read past `size` confirms the end
        const std::size_t want = done < size ? size - done : 1;
        char probe = 0;
        char* into = done < size ? out.data() + done : &probe;
        const ::ssize_t got = ::read(fd, into, want);
        if (got < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (got == 0) return done == size;
        if (done == size) return false;  // it grew
        done += static_cast<std::uint64_t>(got);
    }
    return false;
}

// Every column back to `rows` rows. Dictionaries keep what the dropped part interned: reading the
// page again interns the same strings in the same order, so the codes come out as a single read's.
void drop_rows_after(cost_explorer_reader::state& s, std::size_t rows) {
    s.rows = rows;
    s.start.truncate(rows);
    s.end.truncate(rows);
    s.granularity.truncate(rows);
    for (table::string_column& key : s.keys) key.truncate(std::min(rows, key.size()));
    s.metric.truncate(rows);
    s.amount.truncate(rows);
    s.unit.truncate(rows);
    s.estimated.truncate(rows);
}

// The shape nearly every page has, read straight from simdjson's tree: a grouped DAILY or MONTHLY
// response whose amounts are plain decimal strings in the input's one currency. Strings are taken
// as views of the tree, keys matched by a switch on their names, no path kept. Anything else (an
// unknown or repeated key, a value of another type, an amount Decimal::parse would have to judge,
// a Total with amounts, a first or second currency, a check that fails) returns false before the
// page's period columns are appended; the caller drops the rows and replays the page through the
// response handler, which reads it or says what is wrong. So this path decides nothing the handler
// would decide differently: it only declines.
class bulk_page_reader {
public:
    bulk_page_reader(cost_explorer_reader::state& s, const std::string& source) : s_(s), source_(source) {}

    bool read(simdjson::dom::element root) {
        simdjson::dom::object object;
        if (root.get_object().get(object) != simdjson::SUCCESS) return false;
        bool results = false, definitions = false, token = false, ignored_dva = false, ignored_meta = false;
        for (const simdjson::dom::key_value_pair field : object) {
            const std::string_view key = field.key;
            if (named(key, "ResultsByTime")) {
                if (std::exchange(results, true) || !read_results(field.value)) return false;
            } else if (named(key, "GroupDefinitions")) {
                if (std::exchange(definitions, true) || !read_definitions(field.value)) return false;
            } else if (named(key, "NextPageToken")) {
                if (std::exchange(token, true) || !(field.value.is_string() || field.value.is_null())) return false;
            } else if (named(key, "DimensionValueAttributes")) {
                if (std::exchange(ignored_dva, true)) return false;
            } else if (named(key, "ResponseMetadata")) {
                if (std::exchange(ignored_meta, true)) return false;
            } else {
                return false;
            }
        }
        // The handler's checks at the end of the root, declined rather than reported.
        if (!results || !page_has_keys_ || columns_.empty()) return false;
        if (s_.definitions_set ? definitions_ != s_.definitions : false) return false;
        if (static_cast<std::size_t>(s_.key_count) != definitions_.size()) return false;
        if (!s_.definitions_set) {
            s_.definitions_set = true;
            s_.definitions = std::move(definitions_);
            s_.columns = std::move(columns_);
            s_.definitions_source = source_;
        }
        return true;
    }

private:
    cost_explorer_reader::state& s_;
    const std::string& source_;
    std::vector<std::string> definitions_, columns_;
    bool page_has_keys_ = false;
    std::vector<std::int32_t> group_keys_;  // the codes of the group's keys; -1 before the first
    std::vector<std::string_view> last_keys_;  // the previous group's keys, views of this page's tree
    std::size_t last_metric_ = metric_count;
    std::string_view last_unit_;
    std::int32_t last_unit_code_ = -1;

    static bool named(std::string_view text, std::string_view name) noexcept { return table::same_text(text, name); }

    static bool text_of(simdjson::dom::element value, std::string_view& out) { return value.get_string().get(out) == simdjson::SUCCESS; }

    bool read_definitions(simdjson::dom::element value) {
        return each_item(value, [this](simdjson::dom::element item) { return read_definition(item); });
    }

    bool read_definition(simdjson::dom::element item) {
        simdjson::dom::object definition;
        if (item.get_object().get(definition) != simdjson::SUCCESS) return false;
        std::string_view type, key;
        bool have_type = false, have_key = false;
        for (const simdjson::dom::key_value_pair field : definition) {
            if (named(field.key, "Type")) {
                if (std::exchange(have_type, true) || !text_of(field.value, type)) return false;
            } else if (named(field.key, "Key")) {
                if (std::exchange(have_key, true) || !text_of(field.value, key)) return false;
            } else {
                return false;
            }
        }
        if (!have_type || !have_key || key.empty()) return false;
        std::string column = named(type, "DIMENSION") ? std::string(key) : named(type, "TAG") ? "tag:" + std::string(key)
                             : named(type, "COST_CATEGORY") ? "cost_category:" + std::string(key) : std::string();
        if (column.empty() || is_fixed_column(column)) return false;
        for (const std::string& existing : columns_) {
            if (existing == column) return false;
        }
        columns_.push_back(std::move(column));
        definitions_.push_back(std::string(type) + ":" + std::string(key));
        return true;
    }

    // Every element of an array read by `read_item`; false if `value` is not an array or an element declines.
    template <class ReadItem>
    static bool each_item(simdjson::dom::element value, ReadItem read_item) {
        simdjson::dom::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) return false;
        for (const simdjson::dom::element item : array) {
            if (!read_item(item)) return false;
        }
        return true;
    }

    bool read_results(simdjson::dom::element value) {
        return each_item(value, [this](simdjson::dom::element item) { return read_result(item); });
    }

    bool read_result(simdjson::dom::element value) {
        simdjson::dom::object result;
        if (value.get_object().get(result) != simdjson::SUCCESS) return false;
        std::optional<date> start, end;
        bool period = false, total = false, groups = false, have_estimated = false, estimated = false;
        const std::size_t first_row = s_.metric.size();
        for (const simdjson::dom::key_value_pair field : result) {
            const std::string_view key = field.key;
            if (named(key, "TimePeriod")) {
                if (std::exchange(period, true) || !read_period(field.value, start, end)) return false;
            } else if (named(key, "Total")) {
                simdjson::dom::object amounts;  // a grouped response's Total is empty
                if (std::exchange(total, true) || field.value.get_object().get(amounts) != simdjson::SUCCESS || amounts.size() != 0) return false;
            } else if (named(key, "Groups")) {
                if (std::exchange(groups, true) || !read_groups(field.value)) return false;
            } else if (named(key, "Estimated")) {
                if (std::exchange(have_estimated, true) || field.value.get_bool().get(estimated) != simdjson::SUCCESS) return false;
            } else {
                return false;
            }
        }
        if (!period) return false;
        const std::size_t rows = s_.metric.size() - first_row;
        const std::int32_t granularity = *end - *start == 1 ? s_.daily_code : s_.monthly_code;
        for (std::size_t i = 0; i < rows; ++i) {
            s_.start.append(start->days());
            s_.end.append(end->days());
            s_.granularity.append_code(granularity);
            s_.estimated.append(estimated);
        }
        s_.rows += rows;
        return true;
    }

    static bool read_period(simdjson::dom::element value, std::optional<date>& start, std::optional<date>& end) {
        simdjson::dom::object period;
        if (value.get_object().get(period) != simdjson::SUCCESS) return false;
        for (const simdjson::dom::key_value_pair field : period) {
            const bool is_start = named(field.key, "Start");
            if (!is_start && !named(field.key, "End")) return false;
            std::optional<date>& into = is_start ? start : end;
            std::string_view text;
            if (into || !text_of(field.value, text)) return false;
            into = date::parse(text);
            if (!into) return false;
        }
        return start && end && *end > *start && daily_or_monthly(*start, *end);
    }

    bool read_groups(simdjson::dom::element value) {
        return each_item(value, [this](simdjson::dom::element item) { return read_group(item); });
    }

    bool read_group(simdjson::dom::element value) {
        simdjson::dom::object group;
        if (value.get_object().get(group) != simdjson::SUCCESS) return false;
        bool keys = false, metrics = false;
        std::size_t count = 0;
        simdjson::dom::object metric_object;
        for (const simdjson::dom::key_value_pair field : group) {
            if (named(field.key, "Keys")) {
                simdjson::dom::array array;
                if (std::exchange(keys, true) || field.value.get_array().get(array) != simdjson::SUCCESS) return false;
                for (const simdjson::dom::element key : array) {
                    std::string_view text;
                    if (!text_of(key, text)) return false;
                    if (group_keys_.size() <= count) group_keys_.resize(count + 1, -1);
                    if (s_.keys.size() <= count) s_.keys.resize(count + 1);
                    // Groups come sorted by their first keys (an account's services one after another):
                    // a key equal to the previous group's keeps its code without a lookup.
                    if (last_keys_.size() <= count) last_keys_.resize(count + 1);
                    if (group_keys_[count] < 0 || !named(text, last_keys_[count])) {
                        group_keys_[count] = s_.keys[count].intern(text);
                        last_keys_[count] = text;
                    }
                    ++count;
                }
            } else if (named(field.key, "Metrics")) {
                if (std::exchange(metrics, true) || field.value.get_object().get(metric_object) != simdjson::SUCCESS) return false;
            } else {
                return false;
            }
        }
        if (!keys || count == 0) return false;
        if (s_.key_count < 0) s_.key_count = static_cast<int>(count);
        if (static_cast<int>(count) != s_.key_count) return false;
        page_has_keys_ = true;
        if (!metrics) return true;
        // The handler appends a group's rows when the group closes, its metrics in order; a metric
        // declined half-way leaves rows the caller drops.
        std::uint32_t seen = 0;
        for (const simdjson::dom::key_value_pair field : metric_object) {
            std::size_t metric = last_metric_;
            if (metric == metric_count || !named(field.key, cost_explorer_metrics[metric])) {
                metric = 0;
                while (metric < metric_count && !named(field.key, cost_explorer_metrics[metric])) ++metric;
                last_metric_ = metric;
            }
            if (metric == metric_count || (seen & (1U << metric)) != 0) return false;
            seen |= 1U << metric;
            simdjson::dom::object entry;
            if (field.value.get_object().get(entry) != simdjson::SUCCESS) return false;
            std::string_view amount, unit;
            bool have_amount = false, have_unit = false;
            for (const simdjson::dom::key_value_pair part : entry) {
                if (named(part.key, "Amount")) {
                    if (std::exchange(have_amount, true) || !text_of(part.value, amount)) return false;
                } else if (named(part.key, "Unit")) {
                    if (std::exchange(have_unit, true) || !text_of(part.value, unit)) return false;
                } else {
                    return false;
                }
            }
            __int128 units = 0;
            if (!have_amount || !have_unit || !plain_units(amount, units)) return false;
            // The currency is set, with where it was first seen, by the handler only.
            if (is_cost_metric(cost_explorer_metrics[metric]) && (s_.currency.empty() || !named(unit, s_.currency))) return false;
            if (last_unit_code_ < 0 || !named(unit, last_unit_)) {
                last_unit_ = unit;
                last_unit_code_ = s_.unit.intern(unit);
            }
            for (std::size_t k = 0; k < count; ++k) s_.keys[k].append_code(group_keys_[k]);
            s_.metric.append_code(s_.metric_codes[metric]);
            s_.amount.append_units(units);
            s_.unit.append_code(last_unit_code_);
        }
        return true;
    }
};

// A response its caller chose to parse whole (bulk parsing, within cost_explorer_bulk_limit_bytes);
// `text` is followed by at least simdjson::SIMDJSON_PADDING readable bytes.
void read_response(cost_explorer_reader::state& s, const char* text, std::size_t size, const std::string& source) {
    simdjson::dom::element root;
    if (s.bulk_parser.parse(text, size, false).get(root) == simdjson::SUCCESS) {
        const std::size_t rows = s.rows;
        if (bulk_page_reader(s, source).read(root)) {
            ++s.pages;
            return;
        }
        drop_rows_after(s, rows);
        try {
            response_handler handler(s, source);
            detail::json_tree_events<response_handler>(handler).replay(root);
            ++s.pages;
            return;
        } catch (const detail::float_text_unavailable&) {
            drop_rows_after(s, rows);
        }
    }
    stream_response(s, text, text + size, source);
}

}  // namespace

void cost_explorer_reader::set_parsing(cost_explorer_parsing parsing) {
    if (!state_) throw std::logic_error("cost_explorer_reader: used after finish()");
    state_->parsing = parsing;
}

void cost_explorer_reader::add_text(std::string_view text, const std::string& source) {
    if (!state_) throw std::logic_error("cost_explorer_reader: used after finish()");
    state& s = *state_;
    if (s.parsing == cost_explorer_parsing::streamed || text.size() > cost_explorer_bulk_limit_bytes) {
        stream_response(s, text.data(), text.data() + text.size(), source);
        return;
    }
    s.page_text.resize(text.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(s.page_text.data(), text.data(), text.size());
    read_response(s, s.page_text.data(), text.size(), source);
}

void cost_explorer_reader::add_file(const std::string& path, const read_limits& limits) {
    if (!state_) throw std::logic_error("cost_explorer_reader: used after finish()");
    const std::string shown = printable(path);
    if (path.find('\0') == std::string::npos && !path.empty()) {
        const file_descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
        struct stat info {};
        if (fd.get() >= 0 && ::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode)) {
            const auto size = static_cast<std::uint64_t>(info.st_size);
            if (state_->parsing == cost_explorer_parsing::bulk && size <= cost_explorer_bulk_limit_bytes &&
                size <= limits.max_streamed_file_bytes && read_whole(fd.get(), size, state_->page_text)) {
                read_response(*state_, state_->page_text.data(), size, shown);
                return;
            }
            // Too large to hold, or it changed or failed while being read: stream it from the start
            // (the streamed reader reports a read error or the size limit itself).
            if (::lseek(fd.get(), 0, SEEK_SET) == 0) {
                detail::byte_source input(fd.get(), limits.max_streamed_file_bytes, shown, "the response");
                stream_response(*state_, detail::byte_iterator(&input), detail::byte_iterator(), shown);
                return;
            }
        }
    }
    // Not a regular file that opens: the common reader says why (missing, a directory, a FIFO, ...).
    const std::string text = read_input_file(path, limits, "the Cost Explorer response");
    stream_response(*state_, text.data(), text.data() + text.size(), shown);
}

cost_explorer_table cost_explorer_reader::finish() && {
    if (!state_) throw std::logic_error("cost_explorer_reader: finish() called twice");
    state& s = *state_;
    cost_explorer_table result;
    result.pages = s.pages;
    result.currency = s.currency;
    result.group_keys = s.columns;
    table::table& t = result.lines;
    t.add_column("date", std::move(s.start));
    t.add_column("end", std::move(s.end));
    t.add_column("granularity", std::move(s.granularity));
    for (std::size_t k = 0; k < s.columns.size(); ++k) {
        if (k < s.keys.size()) {
            t.add_column(s.columns[k], std::move(s.keys[k]));
        } else {
            t.add_string(s.columns[k]);  // grouped responses with no groups at all
        }
    }
    t.add_column("metric", std::move(s.metric));
    t.add_column("amount", std::move(s.amount));
    t.add_column("unit", std::move(s.unit));
    t.add_column("estimated", std::move(s.estimated));
    t.validate();
    state_.reset();
    return result;
}

cost_explorer_table read_cost_explorer_files(const std::vector<std::string>& paths, const read_limits& limits) {
    cost_explorer_reader reader;
    for (const std::string& path : paths) reader.add_file(path, limits);
    return std::move(reader).finish();
}

}  // namespace costmodel::actuals
