#pragma once
// Line tables through the Arrow C Data Interface (arrow_c_abi.h): export without copying, import
// with exact conversion. The core does not link libarrow; the structs are the ABI of the spec.
//
// Export (a table becomes a struct array "+s" whose children are the columns, or a stream of them):
//
//   column     format     buffers
//   decimal    d:38,10    validity, the column's __int128 values (the same memory: no copy)
//   string     i + dictionary u
//                         validity, the int32 codes; dictionary: offsets and bytes (no copy)
//   int64      l          validity, values        int32  i   validity, values
//   boolean    b          validity, bits          date   tdD validity, int32 days
//   timestamp  tsu:UTC    validity, int64 µs
//
// Strings go out dictionary-encoded rather than as plain utf8. The codes and the dictionary are
// exported as they are, so 10 million lines cost no string copy; plain utf8 would mean writing every
// row's text. pyarrow reads it as a DictionaryArray (pandas: Categorical), polars as Categorical and
// DuckDB as VARCHAR, and each can cast to plain strings when it needs them.
//
// Ownership, the nanoarrow way: every exported ArrowArray's private_data holds shared references to
// the column buffers it points at (and its children and dictionary), and its release callback drops
// them. The table may go on growing or be destroyed: a column that outgrows its block moves to a new
// one and leaves the old block to the export, and a dictionary that an export shares is copied
// before it interns another string. Release callbacks free exactly once and mark the struct released
// (release = NULL), as the spec requires.
//
// Import copies into a new table (a table owns its buffers), converting exactly:
//   decimal32/64/128 "d:P,S[,bits]" with S <= 10 rescaled to scale 10 (overflow beyond 10^38 - 1
//     units is std::overflow_error); S > 10 only where every value is exact at scale 10;
//   int32 "i", int64 "l", bool "b", date32 "tdD" (and date64 "tdm" of whole days);
//   utf8 "u", large_utf8 "U", string_view "vu" and dictionaries of them (any integer index);
//   timestamps "ts{s,m,u,n}:" with no time zone or UTC, converted to µs (nanoseconds must be whole µs).
// Offsets (of the struct and of each child) and validity bitmaps are honoured. Anything else is an
// arrow_error naming the column and its format string. Import functions consume what they are given:
// they call its release callback, whether the import succeeds or not.

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/table/arrow_c_abi.h"
#include "costmodel/table/table.hpp"

namespace costmodel::table::arrow {

// An Arrow type or layout that a table cannot hold; std::invalid_argument, so Python sees ValueError.
class arrow_error : public std::invalid_argument {
public:
    arrow_error(std::string column, std::string format, const std::string& message)
        : std::invalid_argument("Arrow column '" + column + "' (format \"" + format + "\"): " + message),
          column_(std::move(column)),
          format_(std::move(format)) {}
    [[nodiscard]] const std::string& column() const noexcept { return column_; }
    [[nodiscard]] const std::string& format() const noexcept { return format_; }

private:
    std::string column_;
    std::string format_;
};

// The Arrow format string of a column type ("d:38,10", "tsu:UTC", ...); strings give their index
// format "i" (the dictionary's values are "u").
[[nodiscard]] constexpr const char* format_of(column_type type) noexcept {
    switch (type) {
        case column_type::decimal: return "d:38,10";
        case column_type::string: return "i";
        case column_type::int64: return "l";
        case column_type::int32: return "i";
        case column_type::boolean: return "b";
        case column_type::date: return "tdD";
        case column_type::timestamp: return "tsu:UTC";
    }
    return "";
}

namespace detail {

// Stands in for empty buffers, so that no exported buffer pointer is null except an absent validity
// bitmap (some consumers reject null data pointers even at length 0).
alignas(64) inline constexpr std::byte empty_block[64] = {};

// What an export needs of a column, taken at the moment of export: shared blocks, never copies.
struct column_snapshot {
    std::string name;
    column_type type;
    bool nullable;
    std::size_t length;
    std::size_t null_count;
    std::shared_ptr<const std::byte> values;    // fixed-width values or boolean bits
    std::shared_ptr<const std::byte> validity;  // null while the column has no null
    std::shared_ptr<const dictionary> dict;     // strings
    std::size_t dict_size = 0;
};

struct table_snapshot {
    std::vector<column_snapshot> columns;
    std::size_t rows = 0;
};

inline table_snapshot snapshot(const table& t) {
    t.validate();
    table_snapshot s;
    s.rows = t.num_rows();
    for (std::size_t i = 0; i < t.num_columns(); ++i) {
        const column& c = t.column_at(i);
        column_snapshot cs{t.name(i), c.type(), c.nullable(), c.size(), c.null_count(), {}, {}, {}, 0};
        cs.values = c.type() == column_type::boolean ? c.boolean_bits().bytes().share() : c.value_buffer().share();
        if (c.validity() != nullptr) cs.validity = c.validity()->bytes().share();
        if (c.type() == column_type::string) {
            cs.dict = c.shared_dictionary();
            cs.dict_size = cs.dict->size();
        }
        s.columns.push_back(std::move(cs));
    }
    return s;
}

inline std::size_t count_nulls(const std::byte* validity, std::size_t offset, std::size_t length) {
    if (validity == nullptr) return 0;
    const auto* bits = reinterpret_cast<const std::uint8_t*>(validity);
    std::size_t valid = 0;
    for (std::size_t i = offset; i < offset + length; ++i) valid += (bits[i >> 3] >> (i & 7)) & 1U;
    return length - valid;
}

struct array_private {
    std::vector<std::shared_ptr<const void>> owners;
    std::vector<const void*> buffers;
    std::vector<ArrowArray*> children;
    ArrowArray* dictionary = nullptr;
};

inline void release_child(ArrowArray* child) {
    if (child == nullptr) return;
    if (child->release != nullptr) child->release(child);  // a consumer may have moved it out
    delete child;
}

inline void release_array(ArrowArray* array) {
    if (array == nullptr || array->release == nullptr) return;
    auto* p = static_cast<array_private*>(array->private_data);
    for (ArrowArray* child : p->children) release_child(child);
    release_child(p->dictionary);
    delete p;
    array->release = nullptr;
    array->private_data = nullptr;
}

// Fills `out` from `p` (which it takes over).
inline void publish(ArrowArray* out, std::unique_ptr<array_private> p, std::int64_t length, std::int64_t null_count,
                    std::int64_t offset) {
    out->length = length;
    out->null_count = null_count;
    out->offset = offset;
    out->n_buffers = static_cast<std::int64_t>(p->buffers.size());
    out->n_children = static_cast<std::int64_t>(p->children.size());
    out->buffers = p->buffers.data();
    out->children = p->children.empty() ? nullptr : p->children.data();
    out->dictionary = p->dictionary;
    out->release = &release_array;
    out->private_data = p.release();
}

inline const void* pointer_or_empty(const std::shared_ptr<const void>& block) {
    return block ? block.get() : static_cast<const void*>(empty_block);
}

inline void fill_dictionary_array(ArrowArray* out, const column_snapshot& c) {
    auto p = std::make_unique<array_private>();
    p->owners.push_back(c.dict);  // keeps the offsets and bytes alive
    const std::byte* chars = c.dict->chars().size() == 0 ? empty_block : c.dict->chars().data();
    p->buffers = {nullptr, c.dict->offsets().data(), chars};
    publish(out, std::move(p), static_cast<std::int64_t>(c.dict_size), 0, 0);
}

inline void fill_column_array(ArrowArray* out, const column_snapshot& c, std::size_t offset, std::size_t length) {
    auto p = std::make_unique<array_private>();
    const std::shared_ptr<const void> values = c.values, validity = c.validity;
    p->owners = {values, validity};
    p->buffers = {validity ? validity.get() : nullptr, pointer_or_empty(values)};
    if (c.type == column_type::string) {
        auto dict = std::make_unique<ArrowArray>();
        fill_dictionary_array(dict.get(), c);
        p->dictionary = dict.release();
    }
    const std::size_t nulls = offset == 0 && length == c.length ? c.null_count : count_nulls(c.validity.get(), offset, length);
    publish(out, std::move(p), static_cast<std::int64_t>(length), static_cast<std::int64_t>(nulls),
            static_cast<std::int64_t>(offset));
}

// A struct array of rows [offset, offset + length): the struct itself starts at 0, its children at
// `offset` (so no consumer has to apply a parent offset to children).
inline void fill_struct_array(ArrowArray* out, const table_snapshot& t, std::size_t offset, std::size_t length) {
    auto p = std::make_unique<array_private>();
    p->buffers = {nullptr};
    p->children.reserve(t.columns.size());
    try {
        for (const auto& c : t.columns) {
            auto child = std::make_unique<ArrowArray>();
            fill_column_array(child.get(), c, offset, length);
            p->children.push_back(child.release());
        }
    } catch (...) {
        for (ArrowArray* child : p->children) release_child(child);
        throw;
    }
    publish(out, std::move(p), static_cast<std::int64_t>(length), 0, 0);
}

struct schema_private {
    std::string format;
    std::string name;
    std::vector<ArrowSchema*> children;
    ArrowSchema* dictionary = nullptr;
};

inline void release_schema(ArrowSchema* schema);

inline void release_schema_child(ArrowSchema* child) {
    if (child == nullptr) return;
    if (child->release != nullptr) child->release(child);
    delete child;
}

inline void release_schema(ArrowSchema* schema) {
    if (schema == nullptr || schema->release == nullptr) return;
    auto* p = static_cast<schema_private*>(schema->private_data);
    for (ArrowSchema* child : p->children) release_schema_child(child);
    release_schema_child(p->dictionary);
    delete p;
    schema->release = nullptr;
    schema->private_data = nullptr;
}

inline void publish(ArrowSchema* out, std::unique_ptr<schema_private> p, std::int64_t flags) {
    out->format = p->format.c_str();
    out->name = p->name.c_str();
    out->metadata = nullptr;
    out->flags = flags;
    out->n_children = static_cast<std::int64_t>(p->children.size());
    out->children = p->children.empty() ? nullptr : p->children.data();
    out->dictionary = p->dictionary;
    out->release = &release_schema;
    out->private_data = p.release();
}

inline void fill_column_schema(ArrowSchema* out, const column_snapshot& c) {
    auto p = std::make_unique<schema_private>();
    p->format = format_of(c.type);
    p->name = c.name;
    if (c.type == column_type::string) {
        auto values = std::make_unique<schema_private>();
        values->format = "u";
        auto dict = std::make_unique<ArrowSchema>();
        publish(dict.get(), std::move(values), 0);
        p->dictionary = dict.release();
    }
    publish(out, std::move(p), c.nullable ? ARROW_FLAG_NULLABLE : 0);
}

inline void fill_struct_schema(ArrowSchema* out, const table_snapshot& t) {
    auto p = std::make_unique<schema_private>();
    p->format = "+s";
    p->children.reserve(t.columns.size());
    try {
        for (const auto& c : t.columns) {
            auto child = std::make_unique<ArrowSchema>();
            fill_column_schema(child.get(), c);
            p->children.push_back(child.release());
        }
    } catch (...) {
        for (ArrowSchema* child : p->children) release_schema_child(child);
        throw;
    }
    publish(out, std::move(p), 0);
}

struct stream_private {
    table_snapshot table;
    std::size_t batch_rows;
    std::size_t next = 0;
    std::string last_error;
};

inline int stream_get_schema(ArrowArrayStream* stream, ArrowSchema* out) {
    auto* p = static_cast<stream_private*>(stream->private_data);
    try {
        fill_struct_schema(out, p->table);
        return 0;
    } catch (const std::exception& e) {
        p->last_error = e.what();
        return ENOMEM;
    }
}

inline int stream_get_next(ArrowArrayStream* stream, ArrowArray* out) {
    auto* p = static_cast<stream_private*>(stream->private_data);
    try {
        if (p->next >= p->table.rows) {
            out->release = nullptr;  // the end of the stream
            return 0;
        }
        const std::size_t length = std::min(p->batch_rows, p->table.rows - p->next);
        fill_struct_array(out, p->table, p->next, length);
        p->next += length;
        return 0;
    } catch (const std::exception& e) {
        p->last_error = e.what();
        return ENOMEM;
    }
}

inline const char* stream_get_last_error(ArrowArrayStream* stream) {
    auto* p = static_cast<stream_private*>(stream->private_data);
    return p->last_error.empty() ? nullptr : p->last_error.c_str();
}

inline void stream_release(ArrowArrayStream* stream) {
    if (stream == nullptr || stream->release == nullptr) return;
    delete static_cast<stream_private*>(stream->private_data);
    stream->release = nullptr;
    stream->private_data = nullptr;
}

}  // namespace detail

// The table's schema as a struct "+s" of its columns.
inline void export_schema(const table& t, ArrowSchema* out) { detail::fill_struct_schema(out, detail::snapshot(t)); }

// The table's rows as one struct array (what pyarrow imports as a RecordBatch).
inline void export_array(const table& t, ArrowArray* out) {
    const auto s = detail::snapshot(t);
    detail::fill_struct_array(out, s, 0, s.rows);
}

inline void export_table(const table& t, ArrowSchema* schema, ArrowArray* array) {
    const auto s = detail::snapshot(t);
    detail::fill_struct_schema(schema, s);
    try {
        detail::fill_struct_array(array, s, 0, s.rows);
    } catch (...) {
        schema->release(schema);
        throw;
    }
}

// A stream of batches of at most `batch_rows` rows (0: the whole table in one batch; a table without
// rows gives no batch). The batches share the column buffers: each is a window (its children's
// offset) onto the same memory.
inline void export_stream(const table& t, ArrowArrayStream* out, std::size_t batch_rows = 0) {
    auto p = std::make_unique<detail::stream_private>();
    p->table = detail::snapshot(t);
    p->batch_rows = batch_rows == 0 ? std::max<std::size_t>(p->table.rows, 1) : batch_rows;
    out->get_schema = &detail::stream_get_schema;
    out->get_next = &detail::stream_get_next;
    out->get_last_error = &detail::stream_get_last_error;
    out->release = &detail::stream_release;
    out->private_data = p.release();
}

namespace detail {

template <class T>
T load(const void* buffer, std::size_t index) noexcept {
    T value;
    std::memcpy(&value, static_cast<const std::byte*>(buffer) + index * sizeof(T), sizeof(T));
    return value;
}

inline bool bit(const void* bits, std::size_t i) noexcept {
    return (static_cast<const std::uint8_t*>(bits)[i >> 3] >> (i & 7)) & 1U;
}

// Reads the text of element i (0-based within the array, its own offset applied) of a utf8,
// large_utf8 or string_view array.
class string_reader {
public:
    string_reader(const std::string& column, const ArrowSchema* schema, const ArrowArray* array)
        : format_(schema->format), array_(array) {
        if (format_ == "u" || format_ == "U") {
            need_buffers(column, 3);
        } else if (format_ == "vu") {
            need_buffers(column, 2);
        } else {
            throw arrow_error(column, format_, "is not a string type (supported: u, U, vu)");
        }
    }

    [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
        const std::size_t at = static_cast<std::size_t>(array_->offset) + i;
        if (format_ == "u") {
            const auto begin = load<std::int32_t>(array_->buffers[1], at), end = load<std::int32_t>(array_->buffers[1], at + 1);
            return {static_cast<const char*>(array_->buffers[2]) + begin, static_cast<std::size_t>(end - begin)};
        }
        if (format_ == "U") {
            const auto begin = load<std::int64_t>(array_->buffers[1], at), end = load<std::int64_t>(array_->buffers[1], at + 1);
            return {static_cast<const char*>(array_->buffers[2]) + begin, static_cast<std::size_t>(end - begin)};
        }
        // A view: int32 length, then the text inline (up to 12 bytes) or a 4-byte prefix, the index
        // of a data buffer (counted from buffers[2]) and an offset into it.
        const auto* view = static_cast<const std::byte*>(array_->buffers[1]) + at * 16;
        std::int32_t length;
        std::memcpy(&length, view, 4);
        if (length <= 12) return {reinterpret_cast<const char*>(view + 4), static_cast<std::size_t>(length)};
        std::int32_t buffer_index, offset;
        std::memcpy(&buffer_index, view + 8, 4);
        std::memcpy(&offset, view + 12, 4);
        return {static_cast<const char*>(array_->buffers[2 + buffer_index]) + offset, static_cast<std::size_t>(length)};
    }

private:
    std::string format_;
    const ArrowArray* array_;

    void need_buffers(const std::string& column, std::int64_t n) const {
        if (array_->n_buffers < n) throw arrow_error(column, format_, "has " + std::to_string(array_->n_buffers) + " buffers");
    }
};

// Index of a dictionary array, for any integer index type.
inline std::int64_t load_index(const std::string& format, const void* buffer, std::size_t i) {
    switch (format[0]) {
        case 'c': return load<std::int8_t>(buffer, i);
        case 'C': return load<std::uint8_t>(buffer, i);
        case 's': return load<std::int16_t>(buffer, i);
        case 'S': return load<std::uint16_t>(buffer, i);
        case 'i': return load<std::int32_t>(buffer, i);
        case 'I': return load<std::uint32_t>(buffer, i);
        case 'l': return load<std::int64_t>(buffer, i);
        case 'L': return static_cast<std::int64_t>(load<std::uint64_t>(buffer, i));
    }
    return -1;
}

struct decimal_format {
    int precision = 0;
    int scale = 0;
    int bits = 128;
};

inline bool parse_decimal_format(const std::string& format, decimal_format& out) {
    if (format.size() < 3 || format[0] != 'd' || format[1] != ':') return false;
    int values[3] = {0, 0, 128};
    int count = 0;
    std::size_t pos = 2;
    while (count < 3 && pos <= format.size()) {
        std::size_t end = format.find(',', pos);
        if (end == std::string::npos) end = format.size();
        try {
            std::size_t used = 0;
            values[count] = std::stoi(format.substr(pos, end - pos), &used);
            if (used != end - pos) return false;
        } catch (const std::exception&) {
            return false;
        }
        ++count;
        pos = end + 1;
    }
    if (count < 2 || pos <= format.size()) return false;
    out = {values[0], values[1], values[2]};
    return true;
}

// One column of an imported struct: `start` is the first element (offsets applied), `length` rows.
inline void import_column(table& result, const ArrowSchema* schema, const ArrowArray* array, std::size_t start,
                          std::size_t length) {
    const std::string name = schema->name != nullptr ? schema->name : "";
    const std::string format = schema->format != nullptr ? schema->format : "";
    if (array == nullptr || array->release == nullptr) throw arrow_error(name, format, "the array is released");
    if (static_cast<std::size_t>(array->length) < start - static_cast<std::size_t>(array->offset) + length)
        throw arrow_error(name, format, "the array is shorter than its parent");
    const void* validity = array->n_buffers > 0 ? array->buffers[0] : nullptr;
    const bool has_nulls = validity != nullptr && array->null_count != 0;
    const bool nullable = (schema->flags & ARROW_FLAG_NULLABLE) != 0 || has_nulls;
    const auto valid = [&](std::size_t i) { return !has_nulls || bit(validity, start + i); };
    const auto need = [&](std::int64_t n) {
        if (array->n_buffers < n || array->buffers[n - 1] == nullptr)
            throw arrow_error(name, format, "the array has no data buffer");
    };

    if (schema->dictionary != nullptr) {
        const std::string index_format = format;
        if (index_format.size() != 1 || std::string("cCsSiIlL").find(index_format[0]) == std::string::npos)
            throw arrow_error(name, format, "a dictionary index must be an integer type");
        if (array->dictionary == nullptr) throw arrow_error(name, format, "the dictionary array is missing");
        const string_reader values(name, schema->dictionary, array->dictionary);
        need(2);
        auto& c = static_cast<string_column&>(result.add_column(name, column_type::string, nullable));
        c.reserve(length);
        std::vector<std::int32_t> codes(static_cast<std::size_t>(array->dictionary->length), -1);
        for (std::size_t i = 0; i < length; ++i) {
            if (!valid(i)) {
                c.append_null();
                continue;
            }
            const std::int64_t index = load_index(index_format, array->buffers[1], start + i);
            if (index < 0 || index >= array->dictionary->length)
                throw arrow_error(name, format, "dictionary index " + std::to_string(index) + " out of range");
            auto& code = codes[static_cast<std::size_t>(index)];
            if (code < 0) code = c.intern(values[static_cast<std::size_t>(index)]);
            c.append_code(code);
        }
        return;
    }

    const auto append_all = [&](auto& c, auto&& value_at) {
        c.reserve(length);
        for (std::size_t i = 0; i < length; ++i) {
            if (valid(i)) c.append(value_at(start + i));
            else c.append_null();
        }
    };

    if (format == "u" || format == "U" || format == "vu") {
        // The reader applies the array's own offset; `start` already includes it, so remove it.
        const string_reader values(name, schema, array);
        const std::size_t own = static_cast<std::size_t>(array->offset);
        auto& c = static_cast<string_column&>(result.add_column(name, column_type::string, nullable));
        append_all(c, [&](std::size_t i) { return values[i - own]; });
        return;
    }
    if (format == "l") {
        need(2);
        append_all(static_cast<int64_column&>(result.add_column(name, column_type::int64, nullable)),
                   [&](std::size_t i) { return load<std::int64_t>(array->buffers[1], i); });
        return;
    }
    if (format == "i") {
        need(2);
        append_all(static_cast<int32_column&>(result.add_column(name, column_type::int32, nullable)),
                   [&](std::size_t i) { return load<std::int32_t>(array->buffers[1], i); });
        return;
    }
    if (format == "b") {
        need(2);
        append_all(static_cast<boolean_column&>(result.add_column(name, column_type::boolean, nullable)),
                   [&](std::size_t i) { return bit(array->buffers[1], i); });
        return;
    }
    if (format == "tdD") {
        need(2);
        append_all(static_cast<date_column&>(result.add_column(name, column_type::date, nullable)),
                   [&](std::size_t i) { return load<std::int32_t>(array->buffers[1], i); });
        return;
    }
    if (format == "tdm") {
        need(2);
        append_all(static_cast<date_column&>(result.add_column(name, column_type::date, nullable)), [&](std::size_t i) {
            const auto ms = load<std::int64_t>(array->buffers[1], i);
            if (ms % 86'400'000 != 0) throw arrow_error(name, format, "a date64 value that is not a whole day: " + std::to_string(ms));
            return static_cast<std::int32_t>(ms / 86'400'000);
        });
        return;
    }
    if (format.size() >= 4 && format.compare(0, 2, "ts") == 0 && format[3] == ':') {
        const std::string zone = format.substr(4);
        if (!zone.empty() && zone != "UTC" && zone != "Etc/UTC" && zone != "+00:00" && zone != "Z")
            throw arrow_error(name, format, "a timestamp must be in UTC or have no time zone, not " + zone);
        std::int64_t multiply = 1, divide = 1;
        switch (format[2]) {
            case 's': multiply = 1'000'000; break;
            case 'm': multiply = 1'000; break;
            case 'u': break;
            case 'n': divide = 1'000; break;
            default: throw arrow_error(name, format, "unknown timestamp unit");
        }
        need(2);
        append_all(static_cast<timestamp_column&>(result.add_column(name, column_type::timestamp, nullable)),
                   [&](std::size_t i) {
                       const auto v = load<std::int64_t>(array->buffers[1], i);
                       if (v % divide != 0)
                           throw arrow_error(name, format, "a timestamp that is not a whole microsecond: " + std::to_string(v) + " ns");
                       std::int64_t micros;
                       if (__builtin_mul_overflow(v / divide, multiply, &micros))
                           throw std::overflow_error("Arrow column '" + name + "' (format \"" + format + "\"): timestamp " +
                                                     std::to_string(v) + " out of range in microseconds");
                       return micros;
                   });
        return;
    }
    decimal_format d;
    if (parse_decimal_format(format, d)) {
        if (d.bits != 32 && d.bits != 64 && d.bits != 128)
            throw arrow_error(name, format, "decimal of " + std::to_string(d.bits) + " bits is not supported (32, 64, 128)");
        need(2);
        const int shift = Decimal::scale - d.scale;  // > 0: multiply by 10^shift; < 0: divide exactly
        auto& c = static_cast<decimal_column&>(result.add_column(name, column_type::decimal, nullable));
        c.reserve(length);
        for (std::size_t i = 0; i < length; ++i) {
            if (!valid(i)) {
                c.append_null();
                continue;
            }
            __int128 v = d.bits == 128  ? load<__int128>(array->buffers[1], start + i)
                         : d.bits == 64 ? load<std::int64_t>(array->buffers[1], start + i)
                                        : load<std::int32_t>(array->buffers[1], start + i);
            const auto magnitude = Decimal::magnitude_of(v);
            if (shift > 0) {
                if (v != 0 && (shift > Decimal::max_digits || magnitude > Decimal::max_units / Decimal::pow10(shift)))
                    throw std::overflow_error("Arrow column '" + name + "' (format \"" + format + "\"): row " +
                                              std::to_string(i) + " is beyond the Decimal range at scale 10");
                if (v != 0) v *= static_cast<__int128>(Decimal::pow10(shift));
            } else if (shift < 0) {
                const auto divisor = static_cast<__int128>(Decimal::pow10(-shift));
                if (-shift > Decimal::max_digits || v % divisor != 0)
                    throw arrow_error(name, format, "row " + std::to_string(i) + " has more than 10 decimal places");
                v /= divisor;
            }
            if (Decimal::magnitude_of(v) > Decimal::max_units)
                throw std::overflow_error("Arrow column '" + name + "' (format \"" + format + "\"): row " +
                                          std::to_string(i) + " is beyond the Decimal range");
            c.append_units(v);
        }
        return;
    }
    throw arrow_error(name, format,
                      "is not supported (supported: decimal d:P,S with S <= 10, int32 i, int64 l, bool b, utf8 u, "
                      "large_utf8 U, string_view vu, dictionaries of strings, date32 tdD, date64 tdm, timestamps ts?:UTC)");
}

// Appends the struct array's rows to `result` (a new table when it has no column yet).
inline void import_struct(table& result, const ArrowSchema* schema, const ArrowArray* array) {
    const std::string format = schema->format != nullptr ? schema->format : "";
    if (format != "+s") throw arrow_error(schema->name != nullptr ? schema->name : "", format, "a table must be a struct (+s)");
    if (array->n_children != schema->n_children)
        throw arrow_error("", format, "the array has " + std::to_string(array->n_children) + " children, the schema " +
                                          std::to_string(schema->n_children));
    if (array->null_count != 0 && array->n_buffers > 0 && array->buffers[0] != nullptr)
        throw arrow_error("", format, "a struct with null rows cannot be a table");
    table batch;
    const auto length = static_cast<std::size_t>(array->length);
    for (std::int64_t i = 0; i < schema->n_children; ++i) {
        const ArrowArray* child = array->children[i];
        import_column(batch, schema->children[i], child,
                      static_cast<std::size_t>(array->offset) + static_cast<std::size_t>(child != nullptr ? child->offset : 0),
                      length);
    }
    if (result.num_columns() == 0) result = std::move(batch);
    else result.append(batch);
}

// The table schema of a struct schema, for a stream without batches.
inline costmodel::table::schema schema_of(const ArrowSchema* schema) {
    const std::string format = schema->format != nullptr ? schema->format : "";
    if (format != "+s") throw arrow_error(schema->name != nullptr ? schema->name : "", format, "a table must be a struct (+s)");
    std::vector<field> fields;
    for (std::int64_t i = 0; i < schema->n_children; ++i) {
        const ArrowSchema* child = schema->children[i];
        const std::string name = child->name != nullptr ? child->name : "";
        const std::string f = child->format != nullptr ? child->format : "";
        const bool nullable = (child->flags & ARROW_FLAG_NULLABLE) != 0;
        column_type type;
        decimal_format d;
        if (child->dictionary != nullptr || f == "u" || f == "U" || f == "vu") type = column_type::string;
        else if (f == "l") type = column_type::int64;
        else if (f == "i") type = column_type::int32;
        else if (f == "b") type = column_type::boolean;
        else if (f == "tdD" || f == "tdm") type = column_type::date;
        else if (f.size() >= 4 && f.compare(0, 2, "ts") == 0 && f[3] == ':') type = column_type::timestamp;
        else if (parse_decimal_format(f, d) && d.bits <= 128) type = column_type::decimal;
        else throw arrow_error(name, f, "is not supported");
        fields.push_back({name, type, nullable});
    }
    return costmodel::table::schema(std::move(fields));
}

struct release_guard {
    ArrowSchema* schema = nullptr;
    ArrowArray* array = nullptr;
    ArrowArrayStream* stream = nullptr;
    ~release_guard() {
        if (array != nullptr && array->release != nullptr) array->release(array);
        if (schema != nullptr && schema->release != nullptr) schema->release(schema);
        if (stream != nullptr && stream->release != nullptr) stream->release(stream);
    }
};

}  // namespace detail

// A table from a struct array and its schema (a RecordBatch). Consumes both: releases them.
[[nodiscard]] inline table import_array(ArrowSchema* schema, ArrowArray* array) {
    detail::release_guard guard{schema, array, nullptr};
    if (schema == nullptr || schema->release == nullptr) throw std::invalid_argument("Arrow import: the schema is released");
    if (array == nullptr || array->release == nullptr) throw std::invalid_argument("Arrow import: the array is released");
    table result;
    detail::import_struct(result, schema, array);
    return result;
}

// A table from every batch of a stream, in order. Consumes the stream: releases it.
[[nodiscard]] inline table import_stream(ArrowArrayStream* stream) {
    detail::release_guard guard{nullptr, nullptr, stream};
    if (stream == nullptr || stream->release == nullptr) throw std::invalid_argument("Arrow import: the stream is released");
    const auto fail = [&](int code, const char* what) {
        const char* message = stream->get_last_error(stream);
        throw std::invalid_argument(std::string("Arrow import: ") + what + " failed (" + std::to_string(code) + ")" +
                                    (message != nullptr ? std::string(": ") + message : std::string()));
    };
    ArrowSchema schema{};
    if (const int code = stream->get_schema(stream, &schema); code != 0) fail(code, "get_schema");
    detail::release_guard schema_guard{&schema, nullptr, nullptr};
    table result;
    bool first = true;
    for (;;) {
        ArrowArray batch{};
        if (const int code = stream->get_next(stream, &batch); code != 0) fail(code, "get_next");
        if (batch.release == nullptr) break;
        detail::release_guard batch_guard{nullptr, &batch, nullptr};
        detail::import_struct(result, &schema, &batch);
        first = false;
    }
    if (first) result = table(detail::schema_of(&schema));
    return result;
}

}  // namespace costmodel::table::arrow
