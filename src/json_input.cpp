#include "json_input.hpp"

#include <memory>
#include <unordered_set>
#include <vector>

namespace costmodel::detail {

namespace {

// Builds the document through nlohmann's SAX interface, which hands over each number's text.
class exact_builder : public nlohmann::json_sax<json> {
public:
    explicit exact_builder(json& root) : root_(root) {}

    bool null() override { return put(json(nullptr)); }
    bool boolean(bool value) override { return put(json(value)); }
    bool number_integer(number_integer_t value) override { return put(json(marked(std::to_string(value)))); }
    bool number_unsigned(number_unsigned_t value) override { return put(json(marked(std::to_string(value)))); }
    bool number_float(number_float_t, const string_t& text) override { return put(json(marked(text))); }
    bool string(string_t& value) override {
        if (!value.empty() && value[0] == '\x01') value.erase(0, 1);  // a control character cannot mark a number
        return put(json(value));
    }
    bool binary(binary_t&) override { return false; }
    // A number's text with the leading '\x01' that marks it as a number.
    static std::string marked(std::string text) {
        text.insert(text.begin(), '\x01');
        return text;
    }
    bool start_object(std::size_t) override { return open(json::object()); }
    bool key(string_t& name) override {
        key_ = name;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
        error_position_ = position;
        error_message_ = error.what();
        return false;
    }

    std::size_t error_position_ = 0;
    std::string error_message_;
    std::string duplicate_path_;  // set when an object repeats a key

private:
    json& root_;
    std::vector<json*> stack_;
    std::vector<std::unique_ptr<std::unordered_set<std::string>>> key_sets_;  // of each open container, when large
    std::string key_;

    // The path of the member being added to the innermost open object, for the duplicate-key message.
    // Derived from the open containers only when it is needed: each open container is the last member
    // (or element) of the one that holds it, since members are only ever appended.
    std::string path_of_new_member() const {
        std::string path;
        for (std::size_t i = 1; i < stack_.size(); ++i) {
            const json& holder = *stack_[i - 1];
            if (holder.is_array()) {
                path += "[" + std::to_string(holder.size() - 1) + "]";
            } else {
                if (!path.empty()) path += ".";
                path += holder.get_ref<const json::object_t&>().back().first;
            }
        }
        return path.empty() ? key_ : path + "." + key_;
    }

    json* place(json value) {
        if (stack_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *stack_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        // A repeated key would silently replace the first value: a typo the user must hear about.
        if (is_repeated_key(parent)) {
            duplicate_path_ = path_of_new_member();
            return nullptr;
        }
        // ordered_json's own insertion searches the object's members one by one; the check above has
        // done that work, so the member is appended to the underlying vector directly.
        auto& members = static_cast<json::object_t::Container&>(parent.get_ref<json::object_t&>());
        members.emplace_back(key_, std::move(value));
        return &members.back().second;
    }
    // Small objects are searched member by member; an object past `indexed_from` members (an offer
    // file's tens of thousands of products) gets a hash set of its keys, so reading stays linear.
    static constexpr std::size_t indexed_from = 16;
    bool is_repeated_key(const json& parent) {
        const auto& members = parent.get_ref<const json::object_t&>();
        std::unique_ptr<std::unordered_set<std::string>>& keys = key_sets_.back();
        if (!keys && members.size() < indexed_from) {
            for (const auto& member : members) {
                if (member.first == key_) return true;
            }
            return false;
        }
        if (!keys) {
            keys = std::make_unique<std::unordered_set<std::string>>();
            for (const auto& member : members) keys->insert(member.first);
        }
        return !keys->insert(key_).second;
    }
    bool put(json value) { return place(std::move(value)) != nullptr; }
    bool open(json value) {
        json* container = place(std::move(value));
        if (container == nullptr) return false;
        stack_.push_back(container);
        key_sets_.emplace_back();
        return true;
    }
    bool close() {
        stack_.pop_back();
        key_sets_.pop_back();
        return true;
    }
};

}  // namespace

json parse_json_exact(std::string_view text, const std::string& source) {
    json root;
    exact_builder builder(root);
    const bool ok = json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json, false);
    if (!ok && !builder.duplicate_path_.empty()) {
        throw input_error(source, builder.duplicate_path_, "duplicate key (each key may appear once in an object)");
    }
    if (!ok) {
        std::string message = builder.error_message_;
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 5: ..."
        if (const auto pos = message.find("parse error"); pos != std::string::npos) message = message.substr(pos);
        throw input_error(source, "", "invalid JSON: " + message);
    }
    return root;
}

std::string describe(const json& value) {
    if (is_number(value)) return value.get_ref<const std::string&>().substr(1);
    if (value.is_string()) return "\"" + value.get_ref<const std::string&>() + "\"";
    if (value.is_object()) return "an object";
    if (value.is_array()) return "an array";
    return value.dump();
}

namespace {

// read_decimal with the path made only when there is an error to report: reading is on the path of
// every scenario, and nearly every number is valid.
template <class MakePath>
Decimal read_decimal_at(const json& value, const std::string& source, MakePath&& make_path) {
    if (!value.is_string()) throw input_error(source, make_path(), "expected a number, got " + describe(value));
    const std::string& text = value.get_ref<const std::string&>();
    const std::string_view digits = is_number(value) ? std::string_view(text).substr(1) : std::string_view(text);
    try {
        return Decimal::parse(digits);
    } catch (const std::overflow_error&) {
        throw input_error(source, make_path(), "number " + std::string(digits) + " is out of range (at most 28 integer digits)");
    } catch (const std::invalid_argument& error) {
        if (is_number(value)) {
            throw input_error(source, make_path(), "number " + std::string(digits) + " has more than 10 fractional digits");
        }
        const std::string why = error.what();
        if (why.find("fractional digits") != std::string::npos) {
            throw input_error(source, make_path(), "number \"" + text + "\" has more than 10 fractional digits");
        }
        throw input_error(source, make_path(), "expected a number, got " + describe(value));
    }
}

}  // namespace

Decimal read_decimal(const json& value, const std::string& source, const std::string& path) {
    return read_decimal_at(value, source, [&] { return path; });
}

json_object_reader::json_object_reader(const json& value, std::string source, std::string path)
    : object_(value), source_(std::move(source)), path_(std::move(path)) {
    if (!value.is_object()) throw input_error(source_, path_.empty() ? "(top level)" : path_, "expected an object, got " + describe(value));
    read_.assign(value.size(), false);
}

bool json_object_reader::has(std::string_view key) const { return object_.contains(key); }

const json* json_object_reader::value(std::string_view key) {
    std::size_t index = 0;
    for (const auto& member : object_.get_ref<const json::object_t&>()) {
        if (member.first == key) {
            read_[index] = true;
            return &member.second;
        }
        ++index;
    }
    return nullptr;
}

std::string json_object_reader::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void json_object_reader::fail(std::string_view key, const std::string& message) const {
    throw input_error(source_, path_of(key), message);
}

std::optional<Decimal> json_object_reader::optional_decimal(std::string_view key) {
    const json* found = value(key);
    if (found == nullptr || found->is_null()) return std::nullopt;
    return read_decimal_at(*found, source_, [&] { return path_of(key); });
}

Decimal json_object_reader::required_decimal(std::string_view key) {
    if (auto result = optional_decimal(key)) return *result;
    fail(key, "missing required key");
}

Decimal json_object_reader::decimal_or(std::string_view key, Decimal fallback) {
    return optional_decimal(key).value_or(fallback);
}

std::optional<Decimal> json_object_reader::optional_non_negative(std::string_view key) {
    auto result = optional_decimal(key);
    if (result && result->is_negative()) fail(key, "expected a number >= 0, got " + result->to_string());
    return result;
}

Decimal json_object_reader::required_non_negative(std::string_view key) {
    if (auto result = optional_non_negative(key)) return *result;
    fail(key, "missing required key");
}

Decimal json_object_reader::non_negative_or(std::string_view key, Decimal fallback) {
    return optional_non_negative(key).value_or(fallback);
}

std::optional<std::string> json_object_reader::optional_string(std::string_view key) {
    const json* found = value(key);
    if (found == nullptr || found->is_null()) return std::nullopt;
    if (!found->is_string() || is_number(*found)) fail(key, "expected a string, got " + describe(*found));
    return found->get<std::string>();
}

std::string json_object_reader::required_string(std::string_view key) {
    if (auto result = optional_string(key)) return *result;
    fail(key, "missing required key");
}

std::string json_object_reader::string_or(std::string_view key, std::string fallback) {
    return optional_string(key).value_or(std::move(fallback));
}

std::string json_object_reader::choice_or(std::string_view key, std::initializer_list<std::string_view> choices,
                                          std::string fallback) {
    auto result = optional_string(key);
    if (!result) return fallback;
    for (std::string_view choice : choices) {
        if (*result == choice) return *result;
    }
    std::string expected;
    for (std::string_view choice : choices) expected += (expected.empty() ? "" : ", ") + std::string(choice);
    fail(key, "expected one of " + expected + ", got \"" + *result + "\"");
}

std::optional<bool> json_object_reader::optional_bool(std::string_view key) {
    const json* found = value(key);
    if (found == nullptr || found->is_null()) return std::nullopt;
    if (!found->is_boolean()) fail(key, "expected true or false, got " + describe(*found));
    return found->get<bool>();
}

void json_object_reader::finish() const {
    std::size_t index = 0;
    for (const auto& member : object_.get_ref<const json::object_t&>()) {
        if (!read_[index++]) throw input_error(source_, path_of(member.first), "unknown key");
    }
}

}  // namespace costmodel::detail
