#pragma once
// Strict, exact reading of JSON input (internal to the library's parsers).
//
// Numbers are never read through double: the document keeps each number's text (json_document.hpp),
// and readers turn it into a Decimal exactly. Object readers track which keys were read, so finish() can reject the
// unknown ones with their path.

#include <functional>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"
#include "costmodel/parameter_expression.hpp"
#include "costmodel/input_error.hpp"
#include "json_document.hpp"

namespace costmodel {
struct scenario;
}  // namespace costmodel

namespace costmodel::detail {

using json = json_value;

// A JSON number or a decimal string, exactly. Throws input_error naming source and path.
[[nodiscard]] Decimal read_decimal(const json& value, const std::string& source, const std::string& path);

// The expressions a read evaluated, in order, for a sweep that re-evaluates them per variant instead
// of reading the document again. The reader records each one's path and text; whoever reads the key
// sets `assign`, which puts a value where the read put it. An entry left without `assign` means the
// document has an expression somewhere a sweep cannot re-evaluate alone.
template <class Target>
struct expression_log {
    struct entry {
        std::string path;
        std::string written;  // the value as the document wrote it, for errors
        parameter_expression expression;
        std::function<void(Target&, const Decimal&)> assign;
    };
    std::vector<entry> entries;
};

class json_object_reader {
public:
    // Throws input_error if `value` is not an object. With `parameters`, a number may be written as an
    // expression of them, "=users * 0.05" (parameter_expression.hpp), evaluated exactly when it is read.
    json_object_reader(const json& value, std::string source, std::string path, const parameter_values* parameters = nullptr);

    // Records every expression this reader evaluates into `log` (nullptr: none).
    void record_expressions(expression_log<costmodel::scenario>* log) noexcept { log_ = log; }
    [[nodiscard]] expression_log<costmodel::scenario>* expressions() const noexcept { return log_; }

    [[nodiscard]] bool has(std::string_view key) const;
    // The raw value of a key (marking it read), or nullopt.
    [[nodiscard]] std::optional<json> value(std::string_view key);

    [[nodiscard]] std::optional<Decimal> optional_decimal(std::string_view key);
    [[nodiscard]] Decimal required_decimal(std::string_view key);
    // As above, refusing negative values ("expected a number >= 0").
    [[nodiscard]] std::optional<Decimal> optional_non_negative(std::string_view key);
    [[nodiscard]] Decimal required_non_negative(std::string_view key);

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
    [[noreturn]] void fail(std::string_view key, const std::string& message, const std::string& value = {}) const;
    // Throws input_error for the first key that was never read.
    void finish() const;

private:
    json object_;
    std::string source_;
    std::string path_;
    std::vector<bool> read_;  // by position among the object's members
    const parameter_values* parameters_;
    std::vector<std::string> absent_;  // keys asked for that the object does not hold
    expression_log<costmodel::scenario>* log_ = nullptr;
};

}  // namespace costmodel::detail
