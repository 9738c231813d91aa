#pragma once
// Strict, exact reading of JSON input (internal to the library's parsers).
//
// Numbers are never read through double: parse_json_exact keeps each number's text, and readers turn
// it into a Decimal exactly. Object readers track which keys were read, so finish() can reject the
// unknown ones with their path.

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/input_error.hpp"

namespace costmodel::detail {

using json = nlohmann::ordered_json;

// JSON text to a document in which every number is a string holding its exact text, marked by a
// leading '\x01' so it can still be told from a JSON string. Syntax errors throw input_error with the
// byte offset.
[[nodiscard]] json parse_json_exact(std::string_view text, const std::string& source);

[[nodiscard]] inline bool is_number(const json& value) {
    return value.is_string() && !value.get_ref<const std::string&>().empty() && value.get_ref<const std::string&>()[0] == '\x01';
}
// A value as the user wrote it, for messages: 12.5, "abc", true, an object.
[[nodiscard]] std::string describe(const json& value);

// A JSON number or a decimal string, exactly. Throws input_error naming source and path.
[[nodiscard]] Decimal read_decimal(const json& value, const std::string& source, const std::string& path);

class json_object_reader {
public:
    // Throws input_error if `value` is not an object.
    json_object_reader(const json& value, std::string source, std::string path);

    [[nodiscard]] bool has(std::string_view key) const;
    // The raw value of a key (marking it read), or nullptr.
    [[nodiscard]] const json* value(std::string_view key);

    [[nodiscard]] std::optional<Decimal> optional_decimal(std::string_view key);
    [[nodiscard]] Decimal required_decimal(std::string_view key);
    [[nodiscard]] Decimal decimal_or(std::string_view key, Decimal fallback);
    // As above, refusing negative values ("expected a number >= 0").
    [[nodiscard]] std::optional<Decimal> optional_non_negative(std::string_view key);
    [[nodiscard]] Decimal required_non_negative(std::string_view key);
    [[nodiscard]] Decimal non_negative_or(std::string_view key, Decimal fallback);

    [[nodiscard]] std::optional<std::string> optional_string(std::string_view key);
    [[nodiscard]] std::string required_string(std::string_view key);
    [[nodiscard]] std::string string_or(std::string_view key, std::string fallback);
    // A string that must be one of `choices` (the error lists them).
    [[nodiscard]] std::string choice_or(std::string_view key, std::initializer_list<std::string_view> choices,
                                        std::string fallback);
    [[nodiscard]] std::optional<bool> optional_bool(std::string_view key);

    // Path of a key of this object, for messages: "workloads[3].memory_gb".
    [[nodiscard]] std::string path_of(std::string_view key) const;
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    [[noreturn]] void fail(std::string_view key, const std::string& message) const;
    // Throws input_error for the first key that was never read.
    void finish() const;

private:
    const json& object_;
    std::string source_;
    std::string path_;
    std::vector<bool> read_;  // by position among the object's members (an ordered_json object is a vector)
};

}  // namespace costmodel::detail
