// The AmazonEC2 and Savings Plans offer files, read as a stream. AWS's EC2 file is several GB: it is
// read through nlohmann's SAX interface, and only the products that match the filters of
// docs/catalog-format.md ("EC2 and Savings Plans offer files") and the regions asked for are kept,
// each as a small tree while it is read; every other product and term is skipped as it streams by.

#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <set>
#include <unordered_map>

#include "catalog_formats.hpp"
#include "costmodel/catalog.hpp"
#include "costmodel/input_error.hpp"
#include "json_document.hpp"

namespace costmodel::detail {

byte_source::byte_source(int fd, std::uint64_t limit, std::string source, std::string what)
    : pos_(nullptr), end_(nullptr), fd_(fd), limit_(limit), source_(std::move(source)), what_(std::move(what)), buffer_(std::size_t(1) << 20) {}

bool byte_source::refill() {
    if (fd_ < 0) return false;
    for (;;) {
        const ssize_t got = ::read(fd_, buffer_.data(), buffer_.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            throw input_error(printable(source_), "", "cannot read " + what_ + " (" + std::strerror(errno) + ")");
        }
        if (got == 0) {
            fd_ = -1;
            return false;
        }
        consumed_ += static_cast<std::uint64_t>(got);
        if (consumed_ > limit_) {
            throw input_error(printable(source_), "",
                              "the file is larger than the limit of " + std::to_string(limit_) +
                                  " bytes (read_limits::max_streamed_file_bytes)");
        }
        pos_ = buffer_.data();
        end_ = buffer_.data() + got;
        return true;
    }
}

bool is_streamed_offer(std::string_view offer_code) {
    return offer_code == "AmazonEC2" || offer_code.find("SavingsPlan") != std::string_view::npos;
}

namespace {

// A kept part of the file, as a small tree: a product, the terms of a kept SKU, one Savings Plan rate.
struct node {
    json_kind kind = json_kind::null;
    std::string text;  // a string's content or a number's text; "true"/"false"
    std::vector<node> children;  // an object's members (each with its key) or an array's elements
    std::string key;             // the member's key in its parent object; empty in an array

    [[nodiscard]] const node* find(std::string_view name) const {
        for (const node& child : children) {
            if (child.key == name) return &child;
        }
        return nullptr;
    }
    [[nodiscard]] std::string string_of(std::string_view key) const {
        const node* child = find(key);
        return child != nullptr && child->kind == json_kind::string ? child->text : std::string();
    }
};

std::string describe(const node& value) {
    switch (value.kind) {
        case json_kind::string: return nlohmann::json(value.text).dump();
        case json_kind::number:
        case json_kind::boolean: return value.text;
        case json_kind::null: return "null";
        case json_kind::array: return "an array";
        case json_kind::object: return "an object";
    }
    return {};
}

std::string key_path(const std::string& parent, std::string_view key) { return parent + "." + printable(key); }

std::string date_part(const std::string& timestamp) {
    if (timestamp.size() >= 10 && is_iso_date(std::string_view(timestamp).substr(0, 10))) return timestamp.substr(0, 10);
    return {};
}

// "1yr" / "3yr" and AWS's purchase options as our keys' segments.
std::optional<std::string> payment_key(std::string_view option) {
    if (option == "No Upfront") return "no_upfront";
    if (option == "Partial Upfront") return "partial_upfront";
    if (option == "All Upfront") return "all_upfront";
    return std::nullopt;
}

// Hours in a reserved term: 8,760 per year (365 days of 24 hours), as AWS's reservation prices assume.
constexpr std::int64_t hours_per_term_year = 8760;

// nlohmann's message without its internal code.
std::string without_code(std::string message) {
    if (message.rfind("[json.exception.", 0) == 0) {
        if (const auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
    }
    return message;
}

enum class offer_kind { undecided, ec2, savings_plans };

struct kept_instance {
    std::string instance_type;
    std::string os;  // "linux" / "windows"
    std::string region;
    std::string path;
};

struct kept_plan {
    std::string kind;  // "compute_sp" / "ec2_instance_sp"
    std::string term;  // "1yr" / "3yr"
    std::string payment;
    std::string path;
};

struct found_sku {
    sku entry;
    std::string path;
};

class stream_reader : public nlohmann::json_sax<nlohmann::json> {
public:
    stream_reader(std::string source, const std::vector<std::string>& regions)
        : source_(std::move(source)), regions_(regions.begin(), regions.end()) {}

    // Set when the input is not a streamed offer: the caller reads it whole.
    bool fall_back = false;
    bool failed = false;
    std::size_t failure_position = 0;
    std::string failure_token;
    std::string failure_message;

    // --- SAX events ---
    bool null() override { return scalar(json_kind::null, "null"); }
    bool boolean(bool value) override { return scalar(json_kind::boolean, value ? "true" : "false"); }
    bool number_integer(number_integer_t value) override { return scalar(json_kind::number, std::to_string(value)); }
    bool number_unsigned(number_unsigned_t value) override { return scalar(json_kind::number, std::to_string(value)); }
    bool number_float(number_float_t, const string_t& text) override { return scalar(json_kind::number, text); }
    bool string(string_t& value) override { return scalar(json_kind::string, std::move(value)); }
    bool binary(binary_t&) override { return false; }
    bool key(string_t& name) override {
        if (skip_ > 0) return true;
        key_ = std::move(name);
        if (!building_.empty()) {
            // A repeated key inside a kept part is an error, as in every other reader.
            node& open = *building_.back();
            if (open.find(key_) != nullptr) {
                throw input_error(source_, current_path() + "." + printable(key_), "duplicate key (each key may appear once in an object)");
            }
            return true;
        }
        if (frames_.size() == 1) return top_level_key();
        return true;
    }
    bool start_object(std::size_t) override { return open(json_kind::object); }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json_kind::array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& error) override {
        if (kind_ == offer_kind::undecided) {
            fall_back = true;  // the document reader reports it as it always has
            return false;
        }
        failed = true;
        failure_position = position;
        failure_token = token;
        failure_message = error.what();
        return false;
    }

    catalog finish();

private:
    // A container being passed through: its key in the parent and its count of elements so far.
    struct frame {
        json_kind kind;
        std::string key;
        std::size_t elements = 0;
    };

    std::string source_;
    std::set<std::string, std::less<>> regions_;  // empty: every region
    offer_kind kind_ = offer_kind::undecided;
    std::string offer_;
    std::string version_;
    std::string publication_;
    bool seen_products_ = false;
    bool seen_terms_ = false;

    std::vector<frame> frames_;     // passed-through containers, root first
    std::string key_;               // the key of the next value
    std::size_t skip_ = 0;          // depth inside a skipped value
    node built_;                    // the kept part being built
    std::vector<node*> building_;   // its open containers
    std::string built_path_;        // its path

    // Term-level scalars of the Savings Plan term being read, and its rates kept so far.
    std::string plan_term_sku_;
    std::string plan_term_effective_;
    std::vector<std::pair<node, std::string>> plan_rates_;

    std::unordered_map<std::string, kept_instance> instances_;
    std::unordered_map<std::string, kept_plan> plans_;
    std::set<std::string> terms_seen_;  // kept instance SKUs with an on-demand term
    std::map<sku_key, found_sku> skus_;
    std::string currency_;

    // --- where a value is ---
    [[nodiscard]] std::string frame_path(std::size_t depth) const {
        // The path of frames_[1..depth] (the root has no name).
        std::string path;
        for (std::size_t i = 1; i <= depth && i < frames_.size(); ++i) {
            if (frames_[i - 1].kind == json_kind::array) {
                path += "[" + std::to_string(frames_[i - 1].elements - 1) + "]";
            } else {
                path += (path.empty() ? "" : ".") + printable(frames_[i].key);
            }
        }
        return path;
    }
    [[nodiscard]] std::string current_path() const {
        if (!building_.empty()) return built_path_;
        return frame_path(frames_.size() - 1);
    }
    // The path of the value about to start in the innermost passed-through container.
    [[nodiscard]] std::string child_path() const {
        const std::string parent = frame_path(frames_.size() - 1);
        if (frames_.back().kind == json_kind::array) return parent + "[" + std::to_string(frames_.back().elements) + "]";
        return parent.empty() ? printable(key_) : parent + "." + printable(key_);
    }
    [[nodiscard]] bool at(std::initializer_list<std::string_view> keys) const {
        // Whether the passed-through containers below the root are exactly `keys` ("" for an array element).
        if (frames_.size() != keys.size() + 1) return false;
        std::size_t i = 1;
        for (const std::string_view key : keys) {
            if (!key.empty() && frames_[i].key != key) return false;
            ++i;
        }
        return true;
    }

    bool top_level_key() {
        if (key_ == "formatVersion" || key_ == "disclaimer" || key_ == "offerCode" || key_ == "version" || key_ == "publicationDate") {
            return true;
        }
        if (kind_ == offer_kind::undecided) {
            fall_back = true;  // not a streamed offer (or its offerCode comes after its products)
            return false;
        }
        if (key_ == "products") seen_products_ = true;
        if (key_ == "terms") {
            if (!seen_products_) {
                throw input_error(source_, "terms",
                                  "the terms come before the products: an " + offer_ + " offer file is read as a stream and needs "
                                  "\"products\" first, as AWS writes it");
            }
            seen_terms_ = true;
        }
        return true;
    }

    bool scalar(json_kind kind, std::string text) {
        if (skip_ > 0) return true;
        if (!building_.empty()) {
            add_child(node{kind, std::move(text), {}});
            return true;
        }
        if (frames_.empty()) {
            fall_back = true;  // a scalar document: the document reader says what is wrong
            return false;
        }
        frame& parent = frames_.back();
        if (parent.kind == json_kind::array) ++parent.elements;
        if (frames_.size() == 1) {
            if (kind != json_kind::string) {
                if (key_ == "offerCode" && kind_ == offer_kind::undecided) {
                    fall_back = true;
                    return false;
                }
                return true;
            }
            if (key_ == "offerCode") {
                offer_ = text;
                if (!is_streamed_offer(offer_)) {
                    fall_back = true;
                    return false;
                }
                kind_ = offer_ == "AmazonEC2" ? offer_kind::ec2 : offer_kind::savings_plans;
            } else if (key_ == "version") {
                version_ = text;
            } else if (key_ == "publicationDate") {
                publication_ = date_part(text);
            }
            return true;
        }
        if (kind_ == offer_kind::savings_plans && at({"terms", "savingsPlan", ""}) && kind == json_kind::string) {
            if (key_ == "sku") plan_term_sku_ = text;
            if (key_ == "effectiveDate") plan_term_effective_ = date_part(text);
        }
        return true;
    }

    void add_child(node child) {
        node& parent = *building_.back();
        child.key = parent.kind == json_kind::object ? key_ : std::string();
        parent.children.push_back(std::move(child));
    }

    bool open(json_kind kind) {
        if (skip_ > 0) {
            ++skip_;
            return true;
        }
        if (!building_.empty()) {
            add_child(node{kind, {}, {}});
            building_.push_back(&building_.back()->children.back());
            return true;
        }
        if (frames_.empty()) {
            if (kind != json_kind::object) {
                fall_back = true;
                return false;
            }
            frames_.push_back(frame{kind, {}, 0});
            return true;
        }
        if (kind_ == offer_kind::undecided) {
            fall_back = true;
            return false;
        }
        const std::string path = child_path();
        switch (decide(kind)) {
            case action::pass:
                if (frames_.back().kind == json_kind::array) ++frames_.back().elements;
                frames_.push_back(frame{kind, frames_.back().kind == json_kind::object ? key_ : std::string(), 0});
                if (kind_ == offer_kind::savings_plans && at({"terms", "savingsPlan", ""})) {
                    plan_term_sku_.clear();
                    plan_term_effective_.clear();
                    plan_rates_.clear();
                }
                return true;
            case action::build:
                if (frames_.back().kind == json_kind::array) ++frames_.back().elements;
                built_ = node{kind, {}, {}};
                built_key_ = frames_.back().kind == json_kind::object ? key_ : std::string();
                built_path_ = path;
                building_.push_back(&built_);
                return true;
            case action::skip:
                if (frames_.back().kind == json_kind::array) ++frames_.back().elements;
                skip_ = 1;
                return true;
        }
        return true;
    }

    bool close() {
        if (skip_ > 0) {
            --skip_;
            return true;
        }
        if (!building_.empty()) {
            building_.pop_back();
            if (building_.empty()) kept(built_, built_key_, built_path_);
            return true;
        }
        const bool term_ends = kind_ == offer_kind::savings_plans && at({"terms", "savingsPlan", ""});
        const std::string path = frame_path(frames_.size() - 1);
        frames_.pop_back();
        if (term_ends) plan_term_done(path);
        return true;
    }

    enum class action { pass, build, skip };
    std::string built_key_;

    action decide(json_kind kind) const {
        const bool object = kind == json_kind::object;
        if (at({})) {
            if (key_ == "products") {
                if (kind_ == offer_kind::ec2 && !object) throw input_error(source_, "products", "expected an object of products by SKU, got an array");
                if (kind_ == offer_kind::savings_plans && object) throw input_error(source_, "products", "expected an array of products, got an object");
                return action::pass;
            }
            if (key_ == "terms") {
                if (!object) throw input_error(source_, "terms", "expected an object, got an array");
                return action::pass;
            }
            return action::skip;
        }
        if (at({"products"})) return action::build;
        if (kind_ == offer_kind::ec2) {
            if (at({"terms"})) {
                if (key_ != "OnDemand" && key_ != "Reserved") return action::skip;  // Spot and others: not read
                if (!object) throw input_error(source_, child_path(), "expected an object of terms by SKU, got an array");
                return action::pass;
            }
            if (at({"terms", ""})) return instances_.count(key_) != 0 ? action::build : action::skip;
            return action::skip;
        }
        if (at({"terms"})) {
            if (key_ != "savingsPlan") return action::skip;
            if (object) throw input_error(source_, "terms.savingsPlan", "expected an array of terms, got an object");
            return action::pass;
        }
        if (at({"terms", "savingsPlan"})) {
            if (!object) throw input_error(source_, child_path(), "expected an object, got an array");
            return action::pass;
        }
        if (at({"terms", "savingsPlan", ""})) {
            if (key_ != "rates") return action::skip;
            if (object) throw input_error(source_, child_path(), "expected an array of rates, got an object");
            return action::pass;
        }
        if (at({"terms", "savingsPlan", "", "rates"})) return action::build;
        return action::skip;
    }

    // A kept part has been read whole.
    void kept(const node& value, const std::string& key, const std::string& path) {
        if (at({"products"})) {
            if (kind_ == offer_kind::ec2) {
                ec2_product(key, value, path);
            } else {
                plan_product(value, path);
            }
        } else if (kind_ == offer_kind::ec2 && at({"terms", "OnDemand"})) {
            ec2_on_demand(key, value, path);
        } else if (kind_ == offer_kind::ec2 && at({"terms", "Reserved"})) {
            ec2_reserved(key, value, path);
        } else if (kind_ == offer_kind::savings_plans && at({"terms", "savingsPlan", "", "rates"})) {
            keep_rate(value, path);
        }
    }

    [[nodiscard]] bool wanted_region(std::string_view region) const { return regions_.empty() || regions_.count(region) != 0; }

    void expect_object(const node& value, const std::string& path) const {
        if (value.kind != json_kind::object) throw input_error(source_, path, "expected an object, got " + describe(value), describe(value));
    }
    const node& require(const node& parent, std::string_view key, const std::string& path) const {
        const node* child = parent.find(key);
        if (child == nullptr) throw input_error(source_, key_path(path, key), "missing required key");
        return *child;
    }
    std::string require_string(const node& parent, std::string_view key, const std::string& path) const {
        const node& child = require(parent, key, path);
        if (child.kind != json_kind::string) {
            throw input_error(source_, key_path(path, key), "expected a string, got " + describe(child), describe(child));
        }
        return child.text;
    }
    Decimal require_price(const node& value, const std::string& path) const {
        if (value.kind != json_kind::string && value.kind != json_kind::number) {
            throw input_error(source_, path, "expected a decimal price, got " + describe(value), describe(value));
        }
        Decimal price;
        try {
            price = Decimal::parse(value.text);
        } catch (const std::overflow_error&) {
            throw input_error(source_, path, "price " + describe(value) + " is out of range (at most 28 integer digits)", describe(value));
        } catch (const std::invalid_argument& error) {
            throw input_error(source_, path, "expected a decimal price, got " + describe(value) + " (" + error.what() + ")", describe(value));
        }
        if (price.is_negative()) throw input_error(source_, path, "expected a price >= 0, got " + price.to_string(), describe(value));
        return price;
    }

    std::string region_of(const node& attributes, const std::string& path) const {
        std::string region = attributes.string_of("regionCode");
        if (!region.empty()) return region;
        const std::string location = attributes.string_of("location");
        if (const auto found = region_of_location(location)) return *found;
        throw input_error(source_, key_path(path, "location"), "unknown location \"" + printable(location) + "\" and no regionCode",
                          "\"" + printable(location) + "\"");
    }

    // --- AmazonEC2 ---
    // A product is kept when it is an instance of shared tenancy with no pre-installed software, in
    // use (not a capacity reservation), Linux without a licence or Windows with the licence included,
    // in an AWS Region asked for.
    void ec2_product(const std::string& sku_id, const node& product, const std::string& path) {
        expect_object(product, path);
        const std::string family = product.string_of("productFamily");
        if (family != "Compute Instance" && family != "Compute Instance (bare metal)") return;
        const node& attributes = require(product, "attributes", path);
        const std::string attributes_path = key_path(path, "attributes");
        expect_object(attributes, attributes_path);
        const std::string system = attributes.string_of("operatingSystem");
        const std::string os = system == "Linux" ? "linux" : system == "Windows" ? "windows" : "";
        if (os.empty()) return;
        if (attributes.string_of("tenancy") != "Shared" || attributes.string_of("preInstalledSw") != "NA" ||
            attributes.string_of("capacitystatus") != "Used") {
            return;
        }
        if (attributes.string_of("licenseModel") != (os == "linux" ? "No License required" : "License Included")) return;
        const std::string location_type = attributes.string_of("locationType");
        if (!location_type.empty() && location_type != "AWS Region") return;
        const std::string region = region_of(attributes, attributes_path);
        if (!wanted_region(region)) return;
        const std::string type = require_string(attributes, "instanceType", attributes_path);
        if (type.empty() || type.find('.') == std::string::npos) {
            throw input_error(source_, key_path(attributes_path, "instanceType"), "expected an instance type such as \"m5.large\", got \"" + printable(type) + "\"",
                              "\"" + printable(type) + "\"");
        }
        instances_.emplace(sku_id, kept_instance{type, os, region, path});
    }

    struct dimension {
        std::string unit;
        Decimal price;
        std::string description;
        std::string path;
    };

    std::vector<dimension> dimensions_of(const node& term, const std::string& term_path) {
        const node& raw = require(term, "priceDimensions", term_path);
        const std::string dims_path = key_path(term_path, "priceDimensions");
        expect_object(raw, dims_path);
        std::vector<dimension> dims;
        for (const node& d : raw.children) {
            const std::string& code = d.key;
            const std::string path = key_path(dims_path, code);
            expect_object(d, path);
            dimension parsed;
            parsed.path = path;
            parsed.unit = require_string(d, "unit", path);
            parsed.description = d.string_of("description");
            const node& prices = require(d, "pricePerUnit", path);
            const std::string prices_path = key_path(path, "pricePerUnit");
            expect_object(prices, prices_path);
            if (currency_.empty()) {
                if (prices.find("USD") != nullptr) {
                    currency_ = "USD";
                } else if (prices.children.size() == 1 && currency::is_known(prices.children.front().key)) {
                    currency_ = prices.children.front().key;
                } else {
                    throw input_error(source_, prices_path, "no price in a known ISO 4217 currency");
                }
            }
            const node* price = prices.find(currency_);
            if (price == nullptr) throw input_error(source_, prices_path, "no price in " + currency_ + " (the currency of the file's other prices)");
            parsed.price = require_price(*price, key_path(prices_path, currency_));
            dims.push_back(std::move(parsed));
        }
        if (dims.empty()) throw input_error(source_, dims_path, "no price dimension");
        return dims;
    }

    std::string offer_source(const std::string& sku_id) const {
        return "AWS Price List offer " + offer_ + (version_.empty() ? std::string() : " version " + version_) + ", SKU " + sku_id +
               ", read from " + source_;
    }

    void offer_sku(sku entry, const std::string& path) {
        const auto existing = skus_.find(entry.key);
        if (existing == skus_.end()) {
            sku_key key = entry.key;
            skus_.emplace(std::move(key), found_sku{std::move(entry), path});
            return;
        }
        if (existing->second.entry.tiers != entry.tiers) {
            throw input_error(source_, path, "prices " + entry.key.to_string() + " at " + entry.tiers.front().unit_price.to_string() +
                                                 ", but " + existing->second.path + " prices it at " +
                                                 existing->second.entry.tiers.front().unit_price.to_string());
        }
    }

    sku instance_sku(const kept_instance& instance, std::string usage_type, Decimal rate) const {
        sku entry;
        entry.key = sku_key{"ec2", std::move(usage_type), instance.region, instance.instance_type + "/" + instance.os};
        entry.unit = "instance-hour";
        entry.tiers.push_back(price_tier{Decimal(), std::nullopt, rate});
        return entry;
    }

    void ec2_on_demand(const std::string& sku_id, const node& terms, const std::string& path) {
        const kept_instance& instance = instances_.at(sku_id);
        expect_object(terms, path);
        // Several terms for one SKU: the one most recently effective.
        const node* term = nullptr;
        std::string term_code;
        std::string effective;
        for (const node& candidate : terms.children) {
            const std::string& code = candidate.key;
            expect_object(candidate, key_path(path, code));
            const std::string date = date_part(candidate.string_of("effectiveDate"));
            if (term == nullptr || date > effective) {
                term = &candidate;
                term_code = code;
                effective = date;
            }
        }
        if (term == nullptr) throw input_error(source_, path, "no on-demand term for " + instance.instance_type + " " + instance.os);
        const std::string term_path = key_path(path, term_code);
        const std::vector<dimension> dims = dimensions_of(*term, term_path);
        if (dims.size() != 1 || !offer_unit_factor("vCPU-hour", dims.front().unit)) {
            throw input_error(source_, key_path(term_path, "priceDimensions"),
                              "expected one price per hour (unit Hrs) for " + instance.instance_type + " " + instance.os + ", got " +
                                  std::to_string(dims.size()) + " dimension(s), the first in unit \"" + printable(dims.front().unit) + "\"");
        }
        sku entry = instance_sku(instance, "instance-hours", dims.front().price);
        entry.description = dims.front().description;
        entry.effective = effective.empty() ? publication_ : effective;
        entry.source = offer_source(sku_id);
        terms_seen_.insert(sku_id);
        offer_sku(std::move(entry), term_path);
    }

    // A standard reservation's effective hourly rate: the upfront fee spread over the term's hours
    // (8,760 a year), rounded half-even to 10 places, plus the hourly fee.
    void ec2_reserved(const std::string& sku_id, const node& terms, const std::string& path) {
        const kept_instance& instance = instances_.at(sku_id);
        expect_object(terms, path);
        struct chosen {
            std::string effective;
            std::string path;
            Decimal upfront;
            Decimal hourly;
        };
        std::map<std::string, chosen> by_key;  // "1yr/no_upfront" -> the latest term
        for (const node& term : terms.children) {
            const std::string& code = term.key;
            const std::string term_path = key_path(path, code);
            expect_object(term, term_path);
            const node& attributes = require(term, "termAttributes", term_path);
            const std::string attributes_path = key_path(term_path, "termAttributes");
            expect_object(attributes, attributes_path);
            if (require_string(attributes, "OfferingClass", attributes_path) != "standard") continue;  // convertible: not read
            const std::string lease = require_string(attributes, "LeaseContractLength", attributes_path);
            if (lease != "1yr" && lease != "3yr") {
                throw input_error(source_, key_path(attributes_path, "LeaseContractLength"), "expected \"1yr\" or \"3yr\", got \"" + printable(lease) + "\"",
                                  "\"" + printable(lease) + "\"");
            }
            const std::string option = require_string(attributes, "PurchaseOption", attributes_path);
            const auto payment = payment_key(option);
            if (!payment) {
                throw input_error(source_, key_path(attributes_path, "PurchaseOption"),
                                  "expected \"No Upfront\", \"Partial Upfront\" or \"All Upfront\", got \"" + printable(option) + "\"",
                                  "\"" + printable(option) + "\"");
            }
            chosen c;
            c.effective = date_part(term.string_of("effectiveDate"));
            c.path = term_path;
            bool hourly_seen = false;
            for (const dimension& d : dimensions_of(term, term_path)) {
                if (same_unit(d.unit, "Quantity")) {
                    c.upfront = checked_sum(c.upfront, d.price, d.path);
                } else if (offer_unit_factor("vCPU-hour", d.unit)) {
                    c.hourly = checked_sum(c.hourly, d.price, d.path);
                    hourly_seen = true;
                } else {
                    throw input_error(source_, key_path(d.path, "unit"),
                                      "expected \"Quantity\" (the upfront fee) or \"Hrs\" (the hourly fee), got \"" + printable(d.unit) + "\"",
                                      "\"" + printable(d.unit) + "\"");
                }
            }
            if (!hourly_seen && *payment != "all_upfront") {
                throw input_error(source_, key_path(term_path, "priceDimensions"), "a " + option + " reservation needs an hourly fee (unit Hrs)");
            }
            const std::string key = lease + "/" + *payment;
            const auto existing = by_key.find(key);
            if (existing == by_key.end() || c.effective > existing->second.effective) by_key[key] = std::move(c);
        }
        for (const auto& [key, c] : by_key) {
            const std::int64_t years = key[0] - '0';
            const Decimal hours(hours_per_term_year * years);
            const Decimal rate = checked_sum(c.upfront / hours, c.hourly, c.path);
            sku entry = instance_sku(instance, "instance-hours/reserved/" + key, rate);
            const std::string lease = key.substr(0, 3);
            entry.description = "standard " + lease + " " + key.substr(4) + " reservation of " + instance.instance_type + " " + instance.os +
                                ": upfront fee " + c.upfront.to_string() + " " + currency_ + " over " + hours.to_string() +
                                " hours + " + c.hourly.to_string() + " per hour";
            entry.effective = c.effective.empty() ? publication_ : c.effective;
            entry.source = offer_source(sku_id);
            offer_sku(std::move(entry), c.path);
        }
    }

    // A sum beyond the Decimal range (prices of 28 integer digits) is the file's error, not ours.
    Decimal checked_sum(Decimal a, Decimal b, const std::string& path) const {
        try {
            return a + b;
        } catch (const std::overflow_error&) {
            throw input_error(source_, path, "the term's fees add up beyond the Decimal range (at most 28 integer digits)");
        }
    }

    static bool same_unit(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
            if (lower(a[i]) != lower(b[i])) return false;
        }
        return true;
    }

    // --- Savings Plans ---
    void plan_product(const node& product, const std::string& path) {
        expect_object(product, path);
        const std::string family = product.string_of("productFamily");
        const std::string kind = family == "ComputeSavingsPlans" ? "compute_sp" : family == "EC2InstanceSavingsPlans" ? "ec2_instance_sp" : "";
        if (kind.empty()) return;  // SageMaker and other plans: not read
        const std::string sku_id = require_string(product, "sku", path);
        const node& attributes = require(product, "attributes", path);
        const std::string attributes_path = key_path(path, "attributes");
        expect_object(attributes, attributes_path);
        std::string term = require_string(attributes, "purchaseTerm", attributes_path);
        if (term == "1 yr") term = "1yr";
        if (term == "3 yr") term = "3yr";
        if (term != "1yr" && term != "3yr") {
            throw input_error(source_, key_path(attributes_path, "purchaseTerm"), "expected \"1yr\" or \"3yr\", got \"" + printable(term) + "\"",
                              "\"" + printable(term) + "\"");
        }
        const std::string option = require_string(attributes, "purchaseOption", attributes_path);
        const auto payment = payment_key(option);
        if (!payment) {
            throw input_error(source_, key_path(attributes_path, "purchaseOption"),
                              "expected \"No Upfront\", \"Partial Upfront\" or \"All Upfront\", got \"" + printable(option) + "\"",
                              "\"" + printable(option) + "\"");
        }
        plans_[sku_id] = kept_plan{kind, term, *payment, path};
    }

    // A rate is kept while its term streams by when it is in a region asked for; it is read when the
    // term ends (its sku may come after its rates).
    void keep_rate(const node& rate, const std::string& path) {
        expect_object(rate, path);
        const std::string region = rate.string_of("discountedRegionCode");
        if (!region.empty() && !wanted_region(region)) return;
        plan_rates_.emplace_back(rate, path);
    }

    void plan_term_done(const std::string& term_path) {
        if (plan_rates_.empty()) return;
        if (plan_term_sku_.empty()) throw input_error(source_, key_path(term_path, "sku"), "missing required key");
        const auto plan = plans_.find(plan_term_sku_);
        if (plan == plans_.end()) return;  // a plan this loader does not read, or a SKU without a product
        for (const auto& [rate, path] : plan_rates_) plan_rate(plan->second, rate, path);
        plan_rates_.clear();
    }

    void plan_rate(const kept_plan& plan, const node& rate, const std::string& path) {
        const std::string usage = require_string(rate, "discountedUsageType", path);
        const std::string operation = rate.string_of("discountedOperation");
        const std::string region = require_string(rate, "discountedRegionCode", path);
        const std::string_view bare = usage_without_region_prefix(usage).value_or(std::string_view(usage));
        const std::string suffix = "/" + plan.kind + "/" + plan.term + "/" + plan.payment;

        sku entry;
        if (bare.rfind("BoxUsage:", 0) == 0) {
            // EC2 shared tenancy: RunInstances is Linux, RunInstances:0002 is Windows with its licence.
            const std::string os = operation == "RunInstances" ? "linux" : operation == "RunInstances:0002" ? "windows" : "";
            if (os.empty()) return;
            const kept_instance instance{std::string(bare.substr(9)), os, region, path};
            entry = instance_sku(instance, "instance-hours" + suffix, Decimal());
        } else {
            if (plan.kind != "compute_sp") return;
            std::optional<offer_usage> found;
            if (bare.find("Fargate") != std::string_view::npos) found = find_offer_usage("AmazonECS", bare);
            if (bare.find("Lambda") != std::string_view::npos) found = find_offer_usage("AWSLambda", bare);
            if (!found) return;
            const bool covered = (found->service == "fargate" && (found->usage_type == "vcpu" || found->usage_type == "memory")) ||
                                 (found->service == "lambda" && (found->usage_type == "duration" || found->usage_type == "provisioned_concurrency" ||
                                                                 found->usage_type == "provisioned_duration"));
            if (!covered) return;
            entry.key = sku_key{std::string(found->service), std::string(found->usage_type) + suffix, region, std::string(found->variant)};
            entry.unit = std::string(found->unit);
        }

        const std::string unit = require_string(rate, "unit", path);
        const auto factor = offer_unit_factor(entry.key.service == "ec2" ? "vCPU-hour" : entry.unit, unit);
        if (!factor) {
            throw input_error(source_, key_path(path, "unit"),
                              "unit \"" + printable(unit) + "\" of " + printable(usage) + " is not one the loader can convert to " + entry.unit +
                                  " (it reads " + offer_unit_spellings(entry.key.service == "ec2" ? "vCPU-hour" : entry.unit) + ")",
                              "\"" + printable(unit) + "\"");
        }
        const node& discounted = require(rate, "discountedRate", path);
        const std::string discounted_path = key_path(path, "discountedRate");
        expect_object(discounted, discounted_path);
        const std::string code = discounted.string_of("currency").empty() ? "USD" : discounted.string_of("currency");
        if (currency_.empty()) {
            if (!currency::is_known(code)) {
                throw input_error(source_, key_path(discounted_path, "currency"), "unknown currency \"" + printable(code) + "\"", "\"" + printable(code) + "\"");
            }
            currency_ = code;
        } else if (code != currency_) {
            throw input_error(source_, key_path(discounted_path, "currency"),
                              "rate in " + printable(code) + ", not " + currency_ + " (the currency of the file's other rates)", "\"" + printable(code) + "\"");
        }
        const Decimal offer_price = require_price(require(discounted, "price", discounted_path), key_path(discounted_path, "price"));
        Decimal price = offer_price;
        if (factor->first != factor->second) {
            try {
                price = offer_price * Decimal(factor->second) / Decimal(factor->first);
            } catch (const std::overflow_error&) {
                throw input_error(source_, key_path(discounted_path, "price"), "price " + offer_price.to_string() + " is beyond the Decimal range in " + entry.unit);
            }
        }
        entry.tiers = {price_tier{Decimal(), std::nullopt, price}};
        entry.description = rate.string_of("description").empty() ? plan.term + " " + plan.payment + " " + plan.kind + " rate for " + usage +
                                                                          (operation.empty() ? std::string() : " (" + operation + ")")
                                                                    : rate.string_of("description");
        entry.effective = plan_term_effective_.empty() ? publication_ : plan_term_effective_;
        entry.source = offer_source(plan_term_sku_) + " (" + usage + ")";
        offer_sku(std::move(entry), path);
    }
};

catalog stream_reader::finish() {
    if (!seen_products_) throw input_error(source_, "products", "missing required key");
    if (!seen_terms_) throw input_error(source_, "terms", "missing required key");
    if (kind_ == offer_kind::ec2) {
        for (const auto& [sku_id, instance] : instances_) {
            if (terms_seen_.count(sku_id) == 0) {
                throw input_error(source_, "terms.OnDemand." + printable(sku_id),
                                  "missing: product " + instance.path + " (" + instance.instance_type + " " + instance.os + " in " + instance.region +
                                      ") has no on-demand term");
            }
        }
    }
    std::string regions_text;
    for (const std::string& region : regions_) regions_text += (regions_text.empty() ? "" : ", ") + region;
    if (skus_.empty()) {
        throw input_error(source_, "products",
                          "no product of offer " + offer_ + " in " + (regions_text.empty() ? std::string("any region") : regions_text) +
                              " is one this loader reads (see docs/catalog-format.md, \"EC2 and Savings Plans offer files\")");
    }
    std::string effective = publication_;
    if (effective.empty()) {
        for (const auto& [key, found] : skus_) effective = std::max(effective, found.entry.effective);
    }
    catalog result("aws-offer-" + offer_ + (version_.empty() ? std::string() : "-" + version_), effective,
                   currency(currency_.empty() ? "USD" : currency_), source_);
    for (auto& [key, found] : skus_) result.add(std::move(found.entry));
    return result;
}

}  // namespace

std::optional<catalog> stream_offer(byte_source& input, const std::string& source, const std::vector<std::string>& regions) {
    stream_reader reader(source, regions);
    const bool ok = nlohmann::json::sax_parse(byte_iterator(&input), byte_iterator(), &reader, nlohmann::json::input_format_t::json, true);
    if (reader.fall_back) return std::nullopt;
    if (!ok) {
        const std::size_t offset = reader.failure_position == 0 ? 0 : reader.failure_position - 1;
        std::string message = without_code(reader.failure_message);
        if (message.find("expected end of input") != std::string::npos) {
            const auto colon = message.find(": ");
            message = message.substr(0, colon) + ": unexpected text after the JSON document";
        }
        throw input_error(source, "", "invalid JSON: " + message + " (byte offset " + std::to_string(offset) + ")", printable(reader.failure_token));
    }
    return reader.finish();
}

}  // namespace costmodel::detail
