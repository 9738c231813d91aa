#include "json_input.hpp"

#include "did_you_mean.hpp"


namespace costmodel::detail {

namespace {

// read_decimal with the path made only when there is an error to report: reading is on the path of
// every scenario, and nearly every number is valid.
template <class MakePath>
Decimal read_decimal_at(const json& value, const std::string& source, MakePath&& make_path,
                        const parameter_values* parameters = nullptr, expression_log<scenario>* log = nullptr) {
    if (!value.is_string() && !value.is_number()) {
        throw input_error(source, make_path(), "expected a number, got " + describe(value), describe(value));
    }
    const std::string_view digits = value.text();
    if (value.is_string() && !digits.empty() && digits.front() == '=') {
        if (parameters == nullptr) {
            throw input_error(source, make_path(), "an expression (" + describe(value) + ") is allowed only where the scenario declares parameters",
                              describe(value));
        }
        try {
            parameter_expression expression = parameter_expression::parse(digits.substr(1));
            Decimal result = expression.evaluate(*parameters);
            if (log != nullptr) log->entries.push_back({make_path(), describe(value), std::move(expression), {}});
            return result;
        } catch (const std::exception& error) {
            throw input_error(source, make_path(), error.what(), describe(value));
        }
    }
    const std::string shown = describe(value);
    try {
        return Decimal::parse(digits);
    } catch (const std::overflow_error&) {
        throw input_error(source, make_path(), "number " + shown + " is out of range (at most 28 integer digits)", shown);
    } catch (const std::invalid_argument& error) {
        if (value.is_number()) {
            throw input_error(source, make_path(), "number " + shown + " has more than 10 fractional digits", shown);
        }
        const std::string why = error.what();
        if (why.find("fractional digits") != std::string::npos) {
            throw input_error(source, make_path(), "number " + shown + " has more than 10 fractional digits", shown);
        }
        throw input_error(source, make_path(), "expected a number, got " + shown, shown);
    }
}

}  // namespace

Decimal read_decimal(const json& value, const std::string& source, const std::string& path) {
    return read_decimal_at(value, source, [&] { return path; });
}

json_object_reader::json_object_reader(const json& value, std::string source, std::string path, const parameter_values* parameters)
    : object_(value), source_(std::move(source)), path_(std::move(path)), parameters_(parameters) {
    if (!value.is_object()) throw input_error(source_, path_.empty() ? "(top level)" : path_, "expected an object, got " + describe(value));
    read_.assign(value.size(), false);
}

bool json_object_reader::has(std::string_view key) const { return object_.contains(key); }

std::optional<json> json_object_reader::value(std::string_view key) {
    std::size_t index = 0;
    for (const json member : object_) {
        if (member.key() == key) {
            read_[index] = true;
            return member;
        }
        ++index;
    }
    absent_.emplace_back(key);  // a name this object could have held: finish() suggests it for a misspelling
    return std::nullopt;
}

std::string json_object_reader::path_of(std::string_view key) const {
    return path_.empty() ? printable(key) : path_ + "." + printable(key);
}

void json_object_reader::fail(std::string_view key, const std::string& message, const std::string& value) const {
    throw input_error(source_, path_of(key), message, value);
}

std::optional<Decimal> json_object_reader::optional_decimal(std::string_view key) {
    const std::optional<json> found = value(key);
    if (!found || found->is_null()) return std::nullopt;
    return read_decimal_at(*found, source_, [&] { return path_of(key); }, parameters_, log_);
}

Decimal json_object_reader::required_decimal(std::string_view key) {
    if (auto result = optional_decimal(key)) return *result;
    fail(key, "missing required key");
}

std::optional<Decimal> json_object_reader::optional_non_negative(std::string_view key) {
    auto result = optional_decimal(key);
    if (result && result->is_negative()) fail(key, "expected a number >= 0, got " + result->to_string(), describe(*value(key)));
    return result;
}

Decimal json_object_reader::required_non_negative(std::string_view key) {
    if (auto result = optional_non_negative(key)) return *result;
    fail(key, "missing required key");
}

std::optional<std::string> json_object_reader::optional_string(std::string_view key) {
    const std::optional<json> found = value(key);
    if (!found || found->is_null()) return std::nullopt;
    if (!found->is_string()) fail(key, "expected a string, got " + describe(*found), describe(*found));
    return std::string(found->text());
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
    const auto near = nearest_name(*result, choices);
    fail(key, "expected one of " + expected + ", got \"" + printable(*result) + "\"" +
                  (near ? " (did you mean \"" + std::string(*near) + "\"?)" : std::string()),
         "\"" + printable(*result) + "\"");
}

std::optional<bool> json_object_reader::optional_bool(std::string_view key) {
    const std::optional<json> found = value(key);
    if (!found || found->is_null()) return std::nullopt;
    if (!found->is_boolean()) fail(key, "expected true or false, got " + describe(*found), describe(*found));
    return found->as_bool();
}

void json_object_reader::finish() const {
    std::size_t index = 0;
    for (const json member : object_) {
        if (!read_[index++]) {
            const auto near = nearest_name(member.key(), absent_);
            throw input_error(source_, path_of(member.key()),
                              near ? "unknown key (did you mean \"" + std::string(*near) + "\"?)" : std::string("unknown key"),
                              describe(member));
        }
    }
}

}  // namespace costmodel::detail
