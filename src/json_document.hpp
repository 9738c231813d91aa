#pragma once
// An immutable JSON document of our own (internal to the library's readers): numbers keep their exact
// text as their own kind, never a double and never a marked string; objects keep their members in
// order (a repeated key is an error); values live in one flat array of 12-byte nodes and one block of
// text, so a document costs about its input's size.
//
// Built through nlohmann_json's SAX interface (which hands over each number's lexeme); syntax errors,
// text after the document and numbers beyond any Decimal are input_error naming the byte offset.

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace costmodel::detail {

enum class json_kind : std::uint8_t { null, boolean, number, string, array, object };

class json_document;

// A value of a document: a cheap handle (the document must outlive it).
class json_value {
public:
    json_value() = default;

    [[nodiscard]] json_kind kind() const noexcept;
    [[nodiscard]] bool is_null() const noexcept { return kind() == json_kind::null; }
    [[nodiscard]] bool is_boolean() const noexcept { return kind() == json_kind::boolean; }
    [[nodiscard]] bool is_number() const noexcept { return kind() == json_kind::number; }
    [[nodiscard]] bool is_string() const noexcept { return kind() == json_kind::string; }
    [[nodiscard]] bool is_array() const noexcept { return kind() == json_kind::array; }
    [[nodiscard]] bool is_object() const noexcept { return kind() == json_kind::object; }

    [[nodiscard]] bool as_bool() const noexcept;
    // A string's content, or a number's text exactly as written ("1.50", "2e3").
    [[nodiscard]] std::string_view text() const noexcept;
    // Members of an object or elements of an array; 0 for anything else.
    [[nodiscard]] std::size_t size() const noexcept;
    // The key of this value in the object holding it (empty for array elements and the root).
    [[nodiscard]] std::string_view key() const noexcept;

    // An object's member, or nullopt (also when this is not an object).
    [[nodiscard]] std::optional<json_value> find(std::string_view key) const;
    [[nodiscard]] bool contains(std::string_view key) const { return find(key).has_value(); }

    // Children (members of an object, elements of an array), in document order.
    class iterator {
    public:
        using value_type = json_value;
        using difference_type = std::ptrdiff_t;
        using iterator_category = std::forward_iterator_tag;
        iterator() = default;
        iterator(const json_document* document, std::uint32_t index) : document_(document), index_(index) {}
        [[nodiscard]] json_value operator*() const { return {document_, index_}; }
        iterator& operator++();
        iterator operator++(int) {
            iterator before = *this;
            ++*this;
            return before;
        }
        friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.index_ == b.index_; }

    private:
        const json_document* document_ = nullptr;
        std::uint32_t index_ = 0;
    };
    [[nodiscard]] iterator begin() const;
    [[nodiscard]] iterator end() const;

private:
    friend class json_document;
    json_value(const json_document* document, std::uint32_t index) : document_(document), index_(index) {}
    const json_document* document_ = nullptr;
    std::uint32_t index_ = 0;
};

class json_document {
public:
    // Parses JSON text. `source` names the input in errors.
    [[nodiscard]] static json_document parse(std::string_view text, const std::string& source);

    [[nodiscard]] json_value root() const { return {this, 0}; }

    json_document(json_document&&) noexcept = default;
    json_document& operator=(json_document&&) noexcept = default;
    json_document(const json_document&) = delete;
    json_document& operator=(const json_document&) = delete;

private:
    friend class json_value;
    friend class document_builder;
    json_document() = default;

    // kind_key: the kind in the top 3 bits, the key's id in the rest (0: no key).
    // size: a string's or number's length in bytes, a container's count of children, a boolean's value.
    // data: where a string's or number's text starts in text_; one past a container's last descendant.
    struct node {
        std::uint32_t kind_key;
        std::uint32_t size;
        std::uint32_t data;
    };
    static constexpr unsigned key_bits = 29;
    static constexpr std::uint32_t key_mask = (std::uint32_t(1) << key_bits) - 1;

    std::vector<node> nodes_;
    std::string text_;                                 // strings' and numbers' text, one after another
    std::unordered_map<std::string, std::uint32_t> key_ids_;  // each distinct key once
    std::vector<const std::string*> keys_;                   // key id - 1 -> the key (nodes of key_ids_)

    [[nodiscard]] std::uint32_t next_sibling(std::uint32_t index) const noexcept {
        const node& n = nodes_[index];
        const auto kind = static_cast<json_kind>(n.kind_key >> key_bits);
        return kind == json_kind::array || kind == json_kind::object ? n.data : index + 1;
    }
};

// A value as the user wrote it, for messages: 12.5, "abc", true, an object.
[[nodiscard]] std::string describe(const json_value& value);
// A value as compact JSON text (for messages that show a small object).
[[nodiscard]] std::string dump(const json_value& value);
// A key or string as shown inside a message or a path: control characters escaped (\u0000), so that
// a NUL cannot cut the message and an invisible character can be seen.
[[nodiscard]] std::string printable(std::string_view text);

}  // namespace costmodel::detail
