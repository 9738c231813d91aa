#pragma once
// Internal to the catalog readers: the checks catalog::add and the parsers share, and the parsers'
// entry points on an already parsed document (so load_catalog parses a file once).

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/catalog.hpp"
#include "json_input.hpp"

namespace costmodel::detail {

// What is wrong with a SKU's tiers, if anything: the tier's index, the field at fault ("from", "to",
// "price", or empty for the list as a whole) and a sentence.
struct tier_issue {
    std::size_t index = 0;
    std::string field;
    std::string message;
};
[[nodiscard]] std::optional<tier_issue> check_tiers(const std::vector<price_tier>& tiers);

// The units a catalog may price in: those of units.hpp ("GB-second", "request", ...).
[[nodiscard]] bool is_known_unit(std::string_view unit);
[[nodiscard]] std::string known_units_list();

// "2025-10-01": four-digit year, month 01-12, a day that exists in that month.
[[nodiscard]] bool is_iso_date(std::string_view text);

[[nodiscard]] catalog catalog_from_document(json document, const std::string& source);
[[nodiscard]] catalog catalog_from_offer(json document, const std::string& source);

// The small-service offer reader's usage-type table (offer_file.cpp), for the streamed readers of
// offer_stream.cpp: the key a usage type of an offer prices (with or without its region prefix).
struct offer_usage {
    std::string_view service;
    std::string_view usage_type;
    std::string_view variant;
    std::string_view unit;
};
[[nodiscard]] std::optional<offer_usage> find_offer_usage(std::string_view offer, std::string_view usage);
[[nodiscard]] std::optional<std::string_view> usage_without_region_prefix(std::string_view usage);
[[nodiscard]] std::optional<std::string> region_of_location(std::string_view location);
// One offer unit is first/second of ours, or nullopt for a spelling the loader does not read.
[[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> offer_unit_factor(std::string_view our_unit, std::string_view offer_unit);
[[nodiscard]] std::string offer_unit_spellings(std::string_view our_unit);

// The streamed offer readers (offer_stream.cpp): AmazonEC2 and the Savings Plans offers, read through
// nlohmann's SAX interface from a byte_source (a file read in chunks, or text in memory), so that a
// file of several GB is never held whole. stream_offer returns nullopt, having read only the first
// members, when the input is not one of those offers (or is not JSON before its offerCode): the
// caller then reads it whole, as before.
class byte_source {
public:
    // Text in memory (not copied: it must outlive the source).
    explicit byte_source(std::string_view text) noexcept : pos_(text.data()), end_(text.data() + text.size()) {}
    // An open file descriptor (not closed here), read in chunks; more than `limit` bytes is an
    // input_error naming `source`, and a failed read says "cannot read <what>".
    byte_source(int fd, std::uint64_t limit, std::string source, std::string what = "catalog");

    [[nodiscard]] bool at_end() { return pos_ == end_ && !refill(); }
    [[nodiscard]] char current() const noexcept { return *pos_; }
    void advance() noexcept { ++pos_; }

private:
    bool refill();
    const char* pos_;
    const char* end_;
    int fd_ = -1;
    std::uint64_t limit_ = 0;
    std::uint64_t consumed_ = 0;
    std::string source_;
    std::string what_;
    std::vector<char> buffer_;
};

// An input iterator over a byte_source, for nlohmann's iterator input adapter.
class byte_iterator {
public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = char;

    byte_iterator() = default;
    explicit byte_iterator(byte_source* source) : source_(source) {}
    char operator*() const { return source_->current(); }
    byte_iterator& operator++() {
        source_->advance();
        return *this;
    }
    byte_iterator operator++(int) {
        byte_iterator before = *this;
        ++*this;
        return before;
    }
    friend bool operator==(const byte_iterator& a, const byte_iterator& b) { return a.done() == b.done(); }

private:
    [[nodiscard]] bool done() const { return source_ == nullptr || source_->at_end(); }
    byte_source* source_ = nullptr;
};

[[nodiscard]] std::optional<catalog> stream_offer(byte_source& input, const std::string& source, const std::vector<std::string>& regions);

// Offer codes the streamed readers take: AmazonEC2, and any offer whose code names Savings Plans.
[[nodiscard]] bool is_streamed_offer(std::string_view offer_code);

}  // namespace costmodel::detail
