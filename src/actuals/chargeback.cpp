// The chargeback CSV in one pass (actuals/chargeback.hpp): every field written straight into one
// buffer, amounts from their __int128 units to cents without a Decimal or a temporary string.

#include "costmodel/actuals/chargeback.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <deque>

namespace costmodel::actuals {

namespace {

using table::arrow::decimal_view;
using table::arrow::text_view;

constexpr std::string_view header = "OrgUnit,OwnerEmail,LeaseID,AccountID,StartDate,EndDate,Duration,Budget,ActualCost,Variance\n";
constexpr std::int64_t seconds_per_day = 86400;

// The cents of an amount of 10^-10 units, rounded half-up (ties away from zero), as a magnitude and
// a sign (-1, 0, 1): the sign is the rounded figure's, so an amount under half a cent has none.
struct cents {
    unsigned __int128 magnitude;
    int sign;
};

[[nodiscard]] cents to_cents(__int128 units) noexcept {
    constexpr std::uint64_t step = 100'000'000;  // 10^8 units a cent
    const bool negative = units < 0;
    const auto magnitude = negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(units)
                                    : static_cast<unsigned __int128>(units);
    unsigned __int128 quotient;
    std::uint64_t remainder;
    if (magnitude >> 64 == 0) {  // the common case: a 64-bit division
        const auto small = static_cast<std::uint64_t>(magnitude);
        quotient = small / step;
        remainder = small % step;
    } else {
        quotient = magnitude / step;
        remainder = static_cast<std::uint64_t>(magnitude % step);
    }
    if (remainder >= step / 2) ++quotient;
    return {quotient, quotient == 0 ? 0 : negative ? -1 : 1};
}

// Digits of `value` ending just before `end`; returns where they start.
char* write_unsigned(char* end, unsigned __int128 value) noexcept {
    // 128-bit division is a library call: only the digits above 2^64 pay for it
    while (value >> 64 != 0) {
        *--end = static_cast<char>('0' + static_cast<unsigned>(value % 10));
        value /= 10;
    }
    auto small = static_cast<std::uint64_t>(value);
    do {
        *--end = static_cast<char>('0' + small % 10);
        small /= 10;
    } while (small != 0);
    return end;
}

// 1 for the bytes that make a CSV field need quotes.
constexpr std::array<std::uint8_t, 256> quote_bytes = [] {
    std::array<std::uint8_t, 256> bytes{};
    bytes[','] = bytes['"'] = bytes['\r'] = bytes['\n'] = 1;
    return bytes;
}();

// True when `text` holds a comma, a quote, CR or LF: eight bytes at a time, each compared with the four
// at once (a byte of x ^ c is zero where x holds c; (v - 0x01..) & ~v & 0x80.. marks zero bytes).
[[nodiscard]] bool needs_quotes(std::string_view text) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const auto special = [&](std::uint64_t x) {
        return zero_byte(x ^ (ones * ',')) | zero_byte(x ^ (ones * '"')) | zero_byte(x ^ (ones * '\r')) |
               zero_byte(x ^ (ones * '\n'));
    };
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        if (special(word) != 0) return true;
    }
    bool found = false;
    for (; i < text.size(); ++i) found |= quote_bytes[static_cast<unsigned char>(text[i])] != 0;
    return found;
}

// Copies a short text (a field, a date, a figure) without a call: overlapping 8- or 4-byte moves, which
// read only inside [from, from + n).
inline void copy_short(char* to, const char* from, std::size_t n) noexcept {
    if (n >= 8) {
        if (n > 16) {
            std::memcpy(to, from, n);
            return;
        }
        std::uint64_t head, tail;
        std::memcpy(&head, from, 8);
        std::memcpy(&tail, from + n - 8, 8);
        std::memcpy(to, &head, 8);
        std::memcpy(to + n - 8, &tail, 8);
    } else if (n >= 4) {
        std::uint32_t head, tail;
        std::memcpy(&head, from, 4);
        std::memcpy(&tail, from + n - 4, 4);
        std::memcpy(to, &head, 4);
        std::memcpy(to + n - 4, &tail, 4);
    } else {
        for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    }
}

// The CSV text, written through a cursor into a buffer grown ahead of each line (a line's size is
// bounded before it is written), so no character is appended one by one with a capacity check.
class csv_writer {
public:
    explicit csv_writer(std::size_t expected) { buffer_.resize(std::max<std::size_t>(expected, 4096)); }

    // Room for `bytes` more.
    void reserve(std::size_t bytes) {
        if (at_ + bytes > buffer_.size()) buffer_.resize(std::max(buffer_.size() * 2, at_ + bytes));
    }
    void put(char c) noexcept { buffer_[at_++] = c; }
    void put(std::string_view text) noexcept {
        copy_short(buffer_.data() + at_, text.data(), text.size());
        at_ += text.size();
    }
    // A field: copied, and quoted (its quotes doubled) when it holds a comma, a quote, CR or LF.
    // Needs 2 × size + 2 bytes of room.
    void field(std::string_view text) noexcept {
        char* out = buffer_.data() + at_;
        if (!needs_quotes(text)) {
            copy_short(out, text.data(), text.size());
            at_ += text.size();
            return;
        }
        *out++ = '"';
        for (const char c : text) {
            if (c == '"') *out++ = '"';
            *out++ = c;
        }
        *out++ = '"';
        at_ = static_cast<std::size_t>(out - buffer_.data());
    }
    // An amount: sign, symbol and cents ("-£143.66", "+£12.00", "£1000" when `whole` and the figure has
    // no cents), quoted when the symbol needs it. Needs 2 × (symbol + 44) + 2 bytes of room.
    void amount(__int128 units, std::string_view symbol, bool signed_figure, bool whole) noexcept {
        const cents c = to_cents(units);
        std::array<char, 48> digits;
        char* end = digits.data() + digits.size();
        char* begin = end;
        std::uint64_t fraction;
        unsigned __int128 whole_part;
        if (c.magnitude >> 64 == 0) {
            const auto small = static_cast<std::uint64_t>(c.magnitude);
            whole_part = small / 100;
            fraction = small % 100;
        } else {
            whole_part = c.magnitude / 100;
            fraction = static_cast<std::uint64_t>(c.magnitude % 100);
        }
        if (!(whole && fraction == 0)) {
            *--begin = static_cast<char>('0' + fraction % 10);
            *--begin = static_cast<char>('0' + fraction / 10);
            *--begin = '.';
        }
        begin = write_unsigned(begin, whole_part);
        const char* sign = c.sign < 0 ? "-" : c.sign > 0 && signed_figure ? "+" : "";
        if (!needs_quotes(symbol)) {
            put(std::string_view(sign));
            put(symbol);
            put(std::string_view(begin, static_cast<std::size_t>(end - begin)));
            return;
        }
        std::string text(sign);
        text.append(symbol);
        text.append(begin, end);
        field(text);
    }
    void integer(std::int64_t value) noexcept {
        std::array<char, 24> digits;
        char* end = digits.data() + digits.size();
        const bool negative = value < 0;
        const auto magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
        char* begin = write_unsigned(end, magnitude);
        if (negative) *--begin = '-';
        put(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    }

    [[nodiscard]] std::string take() && {
        buffer_.resize(at_);
        return std::move(buffer_);
    }

private:
    std::string buffer_;
    std::size_t at_ = 0;
};

// YYYY-MM-DD of a day, remembered for the days seen (a month's leases share a few dozen dates).
class date_texts {
public:
    // The text, or an empty view for a year outside 1..9999 (which the general path writes its own way).
    [[nodiscard]] std::string_view of(std::int32_t days) noexcept {
        entry& e = entries_[static_cast<std::uint32_t>(days) % entries_.size()];
        if (!e.filled || e.days != days) {
            e.days = days;
            e.filled = true;
            const table::civil_date c = date::from_days(days).civil();
            e.usable = c.year >= 1 && c.year <= 9999;
            if (e.usable) {
                const auto year = static_cast<unsigned>(c.year);
                const auto two = [](char* at, unsigned v) {
                    at[0] = static_cast<char>('0' + v / 10);
                    at[1] = static_cast<char>('0' + v % 10);
                };
                two(e.text.data(), year / 100);
                two(e.text.data() + 2, year % 100);
                e.text[4] = '-';
                two(e.text.data() + 5, c.month);
                e.text[7] = '-';
                two(e.text.data() + 8, c.day);
            }
        }
        return e.usable ? std::string_view(e.text.data(), 10) : std::string_view();
    }

private:
    struct entry {
        std::int32_t days = 0;
        bool filled = false;
        bool usable = false;
        std::array<char, 10> text{};
    };
    std::array<entry, 512> entries_{};
};

// The symbol (or "CODE ") of each row's currency, found once per distinct code.
class symbols {
public:
    explicit symbols(std::optional<std::string_view> fixed) : fixed_(fixed) {}

    [[nodiscard]] std::string_view of(std::string_view currency) {
        if (fixed_) return *fixed_;
        if (currency == last_code_) return last_symbol_;  // rows of one currency follow each other
        last_code_ = currency;
        last_symbol_ = lookup(currency);
        return last_symbol_;
    }

private:
    [[nodiscard]] std::string_view lookup(std::string_view currency) {
        if (currency == "GBP") return "\xC2\xA3";      // £
        if (currency == "USD") return "$";
        if (currency == "EUR") return "\xE2\x82\xAC";  // €
        for (const auto& [code, symbol] : others_)
            if (code == currency) return symbol;
        others_.emplace_back(std::string(currency), std::string(currency) + " ");
        return others_.back().second;
    }

    std::optional<std::string_view> fixed_;
    std::string_view last_code_ = "\x01";  // no currency code: the first row looks up
    std::string_view last_symbol_;
    std::deque<std::pair<std::string, std::string>> others_;  // few; a deque keeps the views of earlier ones valid
};

[[nodiscard]] bool long_enough(const chargeback_columns& c) noexcept {
    const std::int64_t n = c.length;
    const auto fits = [n](const auto& view) { return view.length >= n; };
    return fits(c.org_unit) && fits(c.owner_email) && fits(c.lease_id) && fits(c.account_id) && fits(c.currency) &&
           fits(c.start_date) && fits(c.end_date) && fits(c.budget) && fits(c.total_cost) && (!c.owner_id || fits(*c.owner_id)) &&
           (!c.duration || fits(*c.duration)) && (!c.collected_at || fits(*c.collected_at)) && (!c.variance || fits(*c.variance));
}

}  // namespace

std::optional<std::vector<std::int64_t>> chargeback_rows(const chargeback_columns& columns, chargeback_by by, date first,
                                                         date last) {
    if (!long_enough(columns)) return std::nullopt;
    std::vector<std::int64_t> rows;
    const std::int64_t n = columns.length;
    if (by == chargeback_by::collected) {
        if (!columns.collected_at) return std::nullopt;
        const auto& at = *columns.collected_at;
        const std::int64_t low = static_cast<std::int64_t>(first.days()) * seconds_per_day;
        const std::int64_t high = (static_cast<std::int64_t>(last.days()) + 1) * seconds_per_day;
        for (std::int64_t i = 0; i < n; ++i)
            if (at.valid(i) && at[i] >= low && at[i] < high) rows.push_back(i);
    } else {
        const auto& day = by == chargeback_by::end ? columns.end_date : columns.start_date;
        const std::int32_t low = first.days(), high = last.days();
        for (std::int64_t i = 0; i < n; ++i)
            if (day.valid(i) && day[i] >= low && day[i] <= high) rows.push_back(i);
    }
    // startDate ascending, then leaseId in byte order (nulls last), ties in row order: the order of
    // pyarrow's stable sort_indices. The keys are gathered once, and a lease id is compared first by
    // the eight bytes after the prefix every selected id shares ("lease-"), as one big-endian integer
    // (zero-padded: a shorter id sorts first, as in byte order); only equal windows compare the rest.
    const auto& start = columns.start_date;
    const auto& lease = columns.lease_id;
    std::size_t shared = std::string_view::npos;
    std::string_view first_id;
    for (const std::int64_t i : rows) {
        if (!lease.valid(i)) continue;
        const std::string_view id = lease[i];
        if (shared == std::string_view::npos) {
            first_id = id;
            shared = id.size();
            continue;
        }
        std::size_t k = 0;
        const std::size_t bound = std::min(shared, id.size());
        while (k < bound && id[k] == first_id[k]) ++k;
        shared = k;
    }
    if (shared == std::string_view::npos) shared = 0;
    struct key {
        std::uint64_t day;     // start date, offset to unsigned; null starts last (the CSV then falls back)
        std::uint64_t window;  // the lease id's eight bytes after the shared prefix; nulls last
        std::string_view lease;
        std::int64_t row;
    };
    std::vector<key> keys;
    keys.reserve(rows.size());
    for (const std::int64_t i : rows) {
        key k{};
        k.day = start.valid(i) ? static_cast<std::uint64_t>(static_cast<std::int64_t>(start[i]) + (std::int64_t{1} << 32))
                               : ~std::uint64_t{0};
        if (lease.valid(i)) {
            k.lease = lease[i];
            for (std::size_t b = 0; b < 8; ++b) {
                const std::size_t at = shared + b;
                k.window = (k.window << 8) | (at < k.lease.size() ? static_cast<unsigned char>(k.lease[at]) : 0u);
            }
        } else {
            k.window = ~std::uint64_t{0};
        }
        k.row = i;
        keys.push_back(k);
    }
    std::sort(keys.begin(), keys.end(), [&lease](const key& a, const key& b) {
        if (a.day != b.day) return a.day < b.day;
        if (a.window != b.window) return a.window < b.window;
        const bool a_null = !lease.valid(a.row), b_null = !lease.valid(b.row);
        if (a_null != b_null) return b_null;  // a null id and an id of 0xFF bytes share the window
        if (!a_null) {
            if (const int order = a.lease.compare(b.lease); order != 0) return order < 0;
        }
        return a.row < b.row;
    });
    for (std::size_t k = 0; k < keys.size(); ++k) rows[k] = keys[k].row;
    return rows;
}

std::optional<std::string> chargeback_csv(const chargeback_columns& c, std::span<const std::int64_t> rows,
                                          std::optional<std::string_view> symbol) {
    if (!long_enough(c)) return std::nullopt;
    constexpr int amount_scale = 10;
    if (c.budget.scale != amount_scale || c.total_cost.scale != amount_scale || (c.variance && c.variance->scale != amount_scale))
        return std::nullopt;
    csv_writer out(header.size() + rows.size() * 128);
    out.put(header);
    symbols currency_symbols(symbol);
    date_texts dates;
    const auto text = [](const text_view& view, std::int64_t i) { return view.valid(i) ? view[i] : std::string_view(); };
    for (const std::int64_t i : rows) {
        if (i < 0 || i >= c.length) return std::nullopt;
        if (!c.start_date.valid(i) || !c.end_date.valid(i) || !c.currency.valid(i) || !c.total_cost.valid(i)) return std::nullopt;
        const std::string_view org = text(c.org_unit, i), lease = text(c.lease_id, i), account = text(c.account_id, i);
        std::string_view owner = text(c.owner_email, i);
        if (owner.empty() && c.owner_id) owner = text(*c.owner_id, i);
        const std::string_view start = dates.of(c.start_date[i]), end = dates.of(c.end_date[i]);
        if (start.empty() || end.empty()) return std::nullopt;
        const std::string_view sign = currency_symbols.of(c.currency[i]);
        // the line's bound: each text field doubled and quoted, three amounts, two dates, a duration, commas
        out.reserve(2 * (org.size() + owner.size() + lease.size() + account.size()) + 8 + 3 * (2 * (sign.size() + 44) + 2) + 64);
        out.field(org);
        out.put(',');
        out.field(owner);
        out.put(',');
        out.field(lease);
        out.put(',');
        out.field(account);
        out.put(',');
        out.put(start);
        out.put(',');
        out.put(end);
        out.put(',');
        if (c.duration) {
            if (!c.duration->valid(i)) return std::nullopt;
            out.integer((*c.duration)[i]);
        } else {
            out.integer(static_cast<std::int64_t>(c.end_date[i]) - c.start_date[i]);
        }
        out.put(',');
        const bool has_budget = c.budget.valid(i);
        if (has_budget) out.amount(c.budget[i], sign, false, true);
        out.put(',');
        const __int128 total = c.total_cost[i];
        out.amount(total, sign, false, false);
        out.put(',');
        if (c.variance) {
            if (c.variance->valid(i)) out.amount((*c.variance)[i], sign, true, false);
        } else if (has_budget) {
            __int128 difference;
            if (__builtin_sub_overflow(total, c.budget[i], &difference)) return std::nullopt;
            out.amount(difference, sign, true, false);
        }
        out.put('\n');
    }
    return std::move(out).take();
}

}  // namespace costmodel::actuals
