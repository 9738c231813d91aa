#include "json_document.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <unordered_set>

#include "costmodel/input_error.hpp"
#include "costmodel/input_file.hpp"
#include "utf8.hpp"

namespace costmodel::detail {

json_kind json_value::kind() const noexcept {
    if (document_ == nullptr) return json_kind::null;
    return static_cast<json_kind>(document_->nodes_[index_].kind_key >> json_document::key_bits);
}

bool json_value::as_bool() const noexcept { return is_boolean() && document_->nodes_[index_].size != 0; }

std::string_view json_value::text() const noexcept {
    if (!is_string() && !is_number()) return {};
    const auto& n = document_->nodes_[index_];
    return std::string_view(document_->text_).substr(n.data, n.size);
}

std::size_t json_value::size() const noexcept {
    return is_array() || is_object() ? document_->nodes_[index_].size : 0;
}

std::string_view json_value::key() const noexcept {
    if (document_ == nullptr) return {};
    const std::uint32_t id = document_->nodes_[index_].kind_key & json_document::key_mask;
    return id == 0 ? std::string_view() : std::string_view(*document_->keys_[id - 1]);
}

std::optional<json_value> json_value::find(std::string_view key) const {
    if (!is_object()) return std::nullopt;
    // Keys are interned: one hash lookup, then the members are compared by id.
    const auto found = document_->key_ids_.find(std::string(key));
    if (found == document_->key_ids_.end()) return std::nullopt;
    for (const json_value member : *this) {
        if ((document_->nodes_[member.index_].kind_key & json_document::key_mask) == found->second) return member;
    }
    return std::nullopt;
}

json_value::iterator& json_value::iterator::operator++() {
    index_ = document_->next_sibling(index_);
    return *this;
}

json_value::iterator json_value::begin() const {
    if (!is_array() && !is_object()) return end();
    return {document_, index_ + 1};
}

json_value::iterator json_value::end() const {
    if (document_ == nullptr) return {};
    return {document_, document_->next_sibling(index_)};
}

// Builds a document from nlohmann's SAX events.
class document_builder : public nlohmann::json_sax<nlohmann::json> {
public:
    document_builder(json_document& document, std::size_t text_size) : document_(document) {
        // Reserved address space that is never written costs no memory; a guess near the usual density
        // of values saves most of the copies of growing.
        document_.nodes_.reserve(text_size / 12 + 16);
        document_.text_.reserve(text_size / 4 + 16);
    }

    bool null() override { return add(json_kind::null, 0, 0); }
    bool boolean(bool value) override { return add(json_kind::boolean, value ? 1 : 0, 0); }
    bool number_integer(number_integer_t value) override { return text_value(json_kind::number, std::to_string(value)); }
    bool number_unsigned(number_unsigned_t value) override { return text_value(json_kind::number, std::to_string(value)); }
    bool number_float(number_float_t, const string_t& text) override { return text_value(json_kind::number, text); }
    bool string(string_t& value) override { return text_value(json_kind::string, value); }
    bool binary(binary_t&) override { return false; }
    bool start_object(std::size_t) override { return open(json_kind::object); }
    bool key(string_t& name) override {
        auto [found, inserted] = document_.key_ids_.try_emplace(name, 0);
        if (inserted) {
            if (document_.keys_.size() >= json_document::key_mask - 1) return too_large("distinct keys");
            document_.keys_.push_back(&found->first);
            found->second = static_cast<std::uint32_t>(document_.keys_.size());
        }
        key_ = found->second;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json_kind::array); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& error) override {
        failure_.position = position;
        failure_.id = error.id;
        failure_.token = token;
        failure_.message = error.what();
        failure_.path = path_of_new_value();
        return false;
    }

    struct failure {
        std::size_t position = 0;
        int id = 0;
        std::string token;
        std::string message;
        std::string path;
        bool duplicate = false;
        bool too_large = false;
    };
    failure failure_;

private:
    json_document& document_;
    std::vector<std::uint32_t> open_;  // indices of the open containers
    std::vector<std::unique_ptr<std::unordered_set<std::uint32_t>>> key_sets_;  // of open objects, when large
    std::uint32_t key_ = 0;

    // Objects past `indexed_from` members (an offer file's tens of thousands of products) get a hash set
    // of their keys, so reading stays linear; small ones are searched member by member.
    static constexpr std::size_t indexed_from = 16;

    bool too_large(const char* what) {
        failure_.too_large = true;
        failure_.message = std::string("the document has too many ") + what + " for one input";
        return false;
    }

    bool repeated_key(std::uint32_t object) {
        auto& keys = key_sets_.back();
        const json_document::node& n = document_.nodes_[object];
        if (!keys && n.size < indexed_from) {
            for (std::uint32_t child = object + 1, i = 0; i < n.size; ++i, child = document_.next_sibling(child)) {
                if ((document_.nodes_[child].kind_key & json_document::key_mask) == key_) return true;
            }
            return false;
        }
        if (!keys) {
            keys = std::make_unique<std::unordered_set<std::uint32_t>>();
            for (std::uint32_t child = object + 1, i = 0; i < n.size; ++i, child = document_.next_sibling(child)) {
                keys->insert(document_.nodes_[child].kind_key & json_document::key_mask);
            }
        }
        return !keys->insert(key_).second;
    }

    bool add(json_kind kind, std::uint32_t size, std::uint32_t data) {
        std::uint32_t key = 0;
        if (!open_.empty()) {
            json_document::node& parent = document_.nodes_[open_.back()];
            if (static_cast<json_kind>(parent.kind_key >> json_document::key_bits) == json_kind::object) {
                // A repeated key would silently replace the first value: a typo the user must hear about.
                if (repeated_key(open_.back())) {
                    failure_.duplicate = true;
                    failure_.path = path_of_new_value();
                    return false;
                }
                key = key_;
            }
            ++document_.nodes_[open_.back()].size;
        }
        if (document_.nodes_.size() >= std::numeric_limits<std::uint32_t>::max() - 1) return too_large("values");
        document_.nodes_.push_back({(static_cast<std::uint32_t>(kind) << json_document::key_bits) | key, size, data});
        return true;
    }
    bool text_value(json_kind kind, std::string_view text) {
        if (document_.text_.size() + text.size() >= std::numeric_limits<std::uint32_t>::max()) return too_large("bytes of text");
        const auto offset = static_cast<std::uint32_t>(document_.text_.size());
        document_.text_.append(text);
        return add(kind, static_cast<std::uint32_t>(text.size()), offset);
    }
    bool open(json_kind kind) {
        if (!add(kind, 0, 0)) return false;
        open_.push_back(static_cast<std::uint32_t>(document_.nodes_.size() - 1));
        key_sets_.emplace_back();
        return true;
    }
    bool close() {
        document_.nodes_[open_.back()].data = static_cast<std::uint32_t>(document_.nodes_.size());
        open_.pop_back();
        key_sets_.pop_back();
        return true;
    }

    // The path of the value being added ("workloads[3].memory_gb"), derived from the open containers
    // only when there is an error to report.
    std::string path_of_new_value() const {
        std::string path;
        for (std::size_t depth = 0; depth < open_.size(); ++depth) {
            const std::uint32_t container = open_[depth];
            const json_document::node& n = document_.nodes_[container];
            const bool is_array = static_cast<json_kind>(n.kind_key >> json_document::key_bits) == json_kind::array;
            const bool innermost = depth + 1 == open_.size();
            if (innermost) {
                if (is_array) path += "[" + std::to_string(n.size) + "]";
                else append_key(path, key_);
            } else {
                // The next open container is the last child of this one.
                const std::uint32_t child = open_[depth + 1];
                if (is_array) path += "[" + std::to_string(n.size - 1) + "]";
                else append_key(path, document_.nodes_[child].kind_key & json_document::key_mask);
            }
        }
        return path;
    }
    void append_key(std::string& path, std::uint32_t id) const {
        if (!path.empty()) path += ".";
        if (id != 0) path += printable(*document_.keys_[id - 1]);
    }
};

namespace {

// nlohmann's message without its internal code: "[json.exception.parse_error.101] parse error at ..."
// becomes "parse error at ...".
std::string without_code(std::string message) {
    if (message.rfind("[json.exception.", 0) == 0) {
        if (const auto end = message.find("] "); end != std::string::npos) message.erase(0, end + 2);
    }
    return message;
}

}  // namespace

json_document json_document::parse(std::string_view text, const std::string& source) {
    check_input_encoding(text, source);
    json_document document;
    document_builder builder(document, text.size());
    // strict: the document must be the whole input; text after it is an error, not ignored.
    const bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &builder, nlohmann::json::input_format_t::json, true);
    if (ok) return document;

    const auto& failure = builder.failure_;
    if (failure.duplicate) throw input_error(source, failure.path, "duplicate key (each key may appear once in an object)");
    if (failure.too_large) throw input_error(source, "", failure.message);
    const std::size_t offset = failure.position == 0 ? 0 : failure.position - 1;
    if (failure.id == 406) {  // out_of_range.406: a number a double cannot hold, so far beyond any Decimal
        throw input_error(source, failure.path.empty() ? "(top level)" : failure.path,
                          "number " + printable(failure.token) + " is beyond the Decimal range (at most 28 integer digits)",
                          failure.token);
    }
    std::string message = without_code(failure.message);
    if (message.find("expected end of input") != std::string::npos) {
        // "parse error at line 3, column 1: syntax error ..." -> keep the place, say what is wrong.
        const auto colon = message.find(": ");
        message = message.substr(0, colon) + ": unexpected text after the JSON document";
    }
    throw input_error(source, "", "invalid JSON: " + message + " (byte offset " + std::to_string(offset) + ")",
                      printable(failure.token));
}

std::string printable(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string result;
    result.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte < 0x20 || byte == 0x7f) {
            result += "\\u00";
            result += hex[byte >> 4];
            result += hex[byte & 0xf];
            ++pos;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) {  // not UTF-8: shown as its byte, so the message itself stays valid text
            result += "\\x";
            result += hex[byte >> 4];
            result += hex[byte & 0xf];
            ++pos;
            continue;
        }
        result.append(text.substr(pos, length));
        pos += length;
    }
    return result;
}

std::string dump(const json_value& value) {
    const auto quoted = [](std::string_view text) { return nlohmann::json(std::string(text)).dump(); };
    switch (value.kind()) {
        case json_kind::number: return std::string(value.text());
        case json_kind::string: return quoted(value.text());
        case json_kind::boolean: return value.as_bool() ? "true" : "false";
        case json_kind::null: return "null";
        case json_kind::array:
        case json_kind::object: break;
    }
    const bool object = value.is_object();
    std::string result(1, object ? '{' : '[');
    bool first = true;
    for (const json_value child : value) {
        if (!first) result += ',';
        first = false;
        if (object) result += quoted(child.key()) + ':';
        result += dump(child);
    }
    result += object ? '}' : ']';
    return result;
}

std::string describe(const json_value& value) {
    switch (value.kind()) {
        case json_kind::number: return std::string(value.text());
        case json_kind::string: return "\"" + printable(value.text()) + "\"";
        case json_kind::object: return "an object";
        case json_kind::array: return "an array";
        case json_kind::boolean: return value.as_bool() ? "true" : "false";
        case json_kind::null: break;
    }
    return "null";
}

}  // namespace costmodel::detail
