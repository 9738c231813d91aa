#pragma once
// JSON text, written (internal to the library's writers).

#include <string>
#include <string_view>

#include "costmodel/decimal.hpp"

namespace costmodel::detail {

// Writes JSON text straight to a string, laid out as nlohmann's dump(indent) lays it out (so documents
// once written through a JSON tree keep their bytes): the writer of the estimate document and of
// scenario documents. Numbers are written from their exact text (literal), never through double.
class json_writer {
public:

    void string(std::string_view text) {
        static constexpr char hex[] = "0123456789abcdef";
        const auto escape = [&](unsigned code) {
            out_ += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) out_.push_back(hex[(code >> shift) & 0xF]);
        };
        out_.push_back('"');
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_.push_back('\\');
                out_.push_back(c);
            } else if (byte < 0x20) {
                switch (c) {
                    case '\n': out_ += "\\n"; break;
                    case '\r': out_ += "\\r"; break;
                    case '\t': out_ += "\\t"; break;
                    case '\b': out_ += "\\b"; break;
                    case '\f': out_ += "\\f"; break;
                    default: escape(byte);
                }
            } else if (ascii_ && byte >= 0x7F) {
                // As Python's json.dumps(ensure_ascii=True): every character outside ' '..'~' as \uXXXX,
                // above U+FFFF as a surrogate pair. The readers accept valid UTF-8 only.
                unsigned code = byte;
                std::size_t extra = 0;
                if (byte >= 0xF0) code = byte & 0x07, extra = 3;
                else if (byte >= 0xE0) code = byte & 0x0F, extra = 2;
                else if (byte >= 0xC0) code = byte & 0x1F, extra = 1;
                for (std::size_t k = 0; k < extra && i + 1 < text.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(text[++i]) & 0x3F);
                if (code > 0xFFFF) {
                    code -= 0x10000;
                    escape(0xD800 + (code >> 10));
                    escape(0xDC00 + (code & 0x3FF));
                } else {
                    escape(code);
                }
            } else {
                out_.push_back(c);  // UTF-8 passes through, as nlohmann's dump() writes it
            }
        }
        out_.push_back('"');
    }
    void key(std::string_view name) {
        separate();
        string(name);
        out_ += indent_ < 0 ? ":" : ": ";
        after_key_ = true;  // the value follows on the same line, without a comma
    }
    void value(std::string_view text) {
        separate();
        string(text);
    }
    void value(const Decimal& amount) { value(amount.to_string()); }
    void literal(std::string_view text) {
        separate();
        out_ += text;
    }
    void open(char bracket) {
        separate();
        out_.push_back(bracket);
        first_ = true;
        ++depth_;
    }
    void close(char bracket) {
        --depth_;
        if (!first_) new_line();  // an empty container stays "[]" / "{}", as nlohmann's dump writes it
        out_.push_back(bracket);
        first_ = false;
    }
    template <class T>
    void member(std::string_view name, const T& content) {
        key(name);
        value(content);
    }

    // With `indent` >= 0, the layout of nlohmann's dump(indent): one member or element a line.
    explicit json_writer(std::string& out, int indent, bool ascii) : out_(out), indent_(indent), ascii_(ascii) {}

private:
    std::string& out_;
    int indent_ = -1;
    bool ascii_ = false;
    int depth_ = 0;
    bool first_ = true;
    bool after_key_ = false;
    void new_line() {
        if (indent_ < 0) return;
        out_.push_back('\n');
        out_.append(static_cast<std::size_t>(indent_ * depth_), ' ');
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            first_ = false;
            return;
        }
        if (!first_) out_.push_back(',');
        first_ = false;
        if (depth_ > 0) new_line();
    }
};

}  // namespace costmodel::detail
