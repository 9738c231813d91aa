#pragma once
// Exact arithmetic expressions of named parameters, for parametric scenarios: a quantity written as
// "=users * 0.05" or "=(users / 1000000) * 12 + 3" takes the value of the expression for each value of
// `users` a sweep gives.
//
// Grammar (whitespace anywhere between tokens):
//   expression := term (("+" | "-") term)*
//   term       := factor (("*" | "/") factor)*
//   factor     := number | name | "(" expression ")" | "-" factor
//   number     := digits ["." digits]          (no exponent: the text is the exact value)
//   name       := letter or "_", then letters, digits or "_"
// Evaluation is exact (exact_ratio): the result is rounded once, half-even, to 10 fractional digits, as
// every metered quantity is. Division by zero, an unknown name, and a result beyond the Decimal range
// are errors naming the expression.

#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "costmodel/decimal.hpp"
#include "costmodel/exact_ratio.hpp"

namespace costmodel {

// Parameter values by name, in the order a scenario declares them.
using parameter_values = std::vector<std::pair<std::string, Decimal>>;

class parameter_expression {
public:
    // Throws std::invalid_argument naming the position of the first thing that is not the grammar.
    [[nodiscard]] static parameter_expression parse(std::string_view text) {
        parameter_expression result;
        result.text_ = std::string(text);
        parser p{text, 0, result};
        p.expression();
        p.skip_space();
        if (p.at != text.size()) p.fail("unexpected '" + std::string(1, text[p.at]) + "'");
        return result;
    }

    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    // The parameter names the expression uses, each once, in order of first use.
    [[nodiscard]] const std::vector<std::string>& names() const noexcept { return names_; }

    // The value for these parameters; throws std::invalid_argument (unknown name, division by zero)
    // or std::overflow_error (beyond the Decimal range), each naming the expression.
    [[nodiscard]] Decimal evaluate(const parameter_values& values) const {
        std::vector<exact_ratio> stack;
        stack.reserve(program_.size());
        for (const step& s : program_) {
            switch (s.op) {
                case op_code::constant: stack.push_back(constants_[s.index]); break;
                case op_code::parameter: stack.push_back(lookup(values, names_[s.index])); break;
                case op_code::negate: stack.back() = exact_ratio(Decimal()) - stack.back(); break;
                default: {
                    const exact_ratio right = std::move(stack.back());
                    stack.pop_back();
                    exact_ratio& left = stack.back();
                    if (s.op == op_code::add) left = left + right;
                    else if (s.op == op_code::subtract) left = left - right;
                    else if (s.op == op_code::multiply) left = left * right;
                    else {
                        if (right == exact_ratio(Decimal())) throw std::invalid_argument("expression \"" + text_ + "\": division by zero");
                        left = left / right;
                    }
                }
            }
        }
        try {
            return stack.back().to_decimal();
        } catch (const std::overflow_error&) {
            throw std::overflow_error("expression \"" + text_ + "\": the result is beyond the Decimal range");
        }
    }

private:
    enum class op_code : std::uint8_t { constant, parameter, negate, add, subtract, multiply, divide };
    struct step {
        op_code op;
        std::uint32_t index = 0;
    };
    std::string text_;
    std::vector<step> program_;  // postfix
    std::vector<exact_ratio> constants_;
    std::vector<std::string> names_;

    [[nodiscard]] exact_ratio lookup(const parameter_values& values, const std::string& name) const {
        for (const auto& [key, value] : values) {
            if (key == name) return exact_ratio(value);
        }
        std::string known;
        for (const auto& [key, value] : values) known += (known.empty() ? "" : ", ") + key;
        throw std::invalid_argument("expression \"" + text_ + "\": no parameter named \"" + name + "\" (parameters: " +
                                    (known.empty() ? "none" : known) + ")");
    }

    struct parser {
        std::string_view text;
        std::size_t at;
        parameter_expression& out;

        [[noreturn]] void fail(const std::string& message) const {
            throw std::invalid_argument("expression \"" + std::string(text) + "\" at character " + std::to_string(at + 1) + ": " +
                                        message);
        }
        void skip_space() {
            while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
        }
        bool take(char c) {
            skip_space();
            if (at < text.size() && text[at] == c) {
                ++at;
                return true;
            }
            return false;
        }
        void expression() {
            term();
            for (;;) {
                if (take('+')) {
                    term();
                    out.program_.push_back({op_code::add});
                } else if (take('-')) {
                    term();
                    out.program_.push_back({op_code::subtract});
                } else {
                    return;
                }
            }
        }
        void term() {
            factor();
            for (;;) {
                if (take('*')) {
                    factor();
                    out.program_.push_back({op_code::multiply});
                } else if (take('/')) {
                    factor();
                    out.program_.push_back({op_code::divide});
                } else {
                    return;
                }
            }
        }
        void factor() {
            skip_space();
            if (at >= text.size()) fail("the expression ends where a number, a name or \"(\" was expected");
            const char c = text[at];
            if (take('(')) {
                expression();
                if (!take(')')) fail("\")\" expected");
            } else if (take('-')) {
                factor();
                out.program_.push_back({op_code::negate});
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                const std::size_t start = at;
                while (at < text.size() && (std::isdigit(static_cast<unsigned char>(text[at])) || text[at] == '.')) ++at;
                Decimal value;
                try {
                    value = Decimal::parse(text.substr(start, at - start));
                } catch (const std::exception& error) {
                    at = start;
                    fail("not a number: " + std::string(error.what()));
                }
                out.constants_.emplace_back(value);
                out.program_.push_back({op_code::constant, static_cast<std::uint32_t>(out.constants_.size() - 1)});
            } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                const std::size_t start = at;
                while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_')) ++at;
                const std::string name(text.substr(start, at - start));
                std::uint32_t index = 0;
                while (index < out.names_.size() && out.names_[index] != name) ++index;
                if (index == out.names_.size()) out.names_.push_back(name);
                out.program_.push_back({op_code::parameter, index});
            } else {
                fail("unexpected '" + std::string(1, c) + "'");
            }
        }
    };
};

}  // namespace costmodel
