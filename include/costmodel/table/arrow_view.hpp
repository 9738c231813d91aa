#pragma once
// Borrowed, typed views of Arrow arrays (arrow_c_abi.h): a kernel reads another library's columns in
// place — pyarrow's, polars', DuckDB's — without importing them into a table (arrow.hpp's import
// copies and dictionary-encodes every string, which costs more than a kernel over a few thousand rows).
//
// A view neither owns nor releases anything: the ArrowArray it was made from must outlive it (from
// Python, the capsule stays referenced for the call). Each view honours the array's offset and its
// validity bitmap. Making a view checks the format string and the buffer count and returns nullopt for
// any other layout, so a caller can fall back to a general path instead of failing.
//
//   view        formats                                   value
//   text_view   "u", "U" (utf8, large utf8), or a          std::string_view of row i
//               dictionary of them with an int8/16/32/64
//               index ("c" "s" "i" "l")
//   int32_view  "i", "tdD" (date32: days since epoch)      std::int32_t
//   int64_view  "l"                                        std::int64_t
//   decimal_view "d:P,S" with 128 bits (the scale is       __int128 units at the array's scale
//               reported; the caller decides)

#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "costmodel/table/arrow_c_abi.h"

namespace costmodel::table::arrow {

namespace view_detail {

[[nodiscard]] inline bool bit(const void* bitmap, std::int64_t i) noexcept {
    return (static_cast<const std::uint8_t*>(bitmap)[i >> 3] >> (i & 7)) & 1;
}

// The validity bitmap (buffer 0), or nullptr when every row is valid.
[[nodiscard]] inline const void* validity_of(const ArrowArray& array) noexcept {
    return array.null_count == 0 || array.n_buffers == 0 ? nullptr : array.buffers[0];
}

[[nodiscard]] inline bool usable(const ArrowSchema* schema, const ArrowArray* array, std::int64_t buffers) noexcept {
    return schema != nullptr && array != nullptr && array->release != nullptr && schema->format != nullptr &&
           array->n_buffers == buffers && array->buffers != nullptr && array->length >= 0 && array->offset >= 0;
}

}  // namespace view_detail

// Fixed-width values (int32, date32, int64): row i is values[offset + i].
template <class Value>
struct fixed_view {
    const Value* values = nullptr;
    const void* validity = nullptr;
    std::int64_t offset = 0;
    std::int64_t length = 0;

    [[nodiscard]] bool valid(std::int64_t i) const noexcept { return validity == nullptr || view_detail::bit(validity, offset + i); }
    [[nodiscard]] Value operator[](std::int64_t i) const noexcept { return values[offset + i]; }
};
using int32_view = fixed_view<std::int32_t>;
using int64_view = fixed_view<std::int64_t>;

// int32 ("i") or date32 ("tdD") values.
[[nodiscard]] inline std::optional<int32_view> view_int32(const ArrowSchema* schema, const ArrowArray* array) noexcept {
    if (!view_detail::usable(schema, array, 2) || schema->dictionary != nullptr) return std::nullopt;
    const std::string_view format(schema->format);
    if (format != "i" && format != "tdD") return std::nullopt;
    return int32_view{static_cast<const std::int32_t*>(array->buffers[1]), view_detail::validity_of(*array), array->offset,
                      array->length};
}

// int64 ("l") values.
[[nodiscard]] inline std::optional<int64_view> view_int64(const ArrowSchema* schema, const ArrowArray* array) noexcept {
    if (!view_detail::usable(schema, array, 2) || schema->dictionary != nullptr || std::string_view(schema->format) != "l")
        return std::nullopt;
    return int64_view{static_cast<const std::int64_t*>(array->buffers[1]), view_detail::validity_of(*array), array->offset,
                      array->length};
}

// 128-bit decimals; `scale` is the array's scale (the S of "d:P,S").
struct decimal_view {
    const std::uint8_t* values = nullptr;  // 16 bytes a value, little-endian two's complement
    const void* validity = nullptr;
    std::int64_t offset = 0;
    std::int64_t length = 0;
    int precision = 0;
    int scale = 0;

    [[nodiscard]] bool valid(std::int64_t i) const noexcept { return validity == nullptr || view_detail::bit(validity, offset + i); }
    [[nodiscard]] __int128 operator[](std::int64_t i) const noexcept {
        __int128 value;  // the buffer need not be 16-byte aligned: copy rather than cast
        std::memcpy(&value, values + 16 * (offset + i), sizeof value);
        return value;
    }
};

[[nodiscard]] inline std::optional<decimal_view> view_decimal128(const ArrowSchema* schema, const ArrowArray* array) noexcept {
    if (!view_detail::usable(schema, array, 2) || schema->dictionary != nullptr) return std::nullopt;
    const std::string_view format(schema->format);
    if (!format.starts_with("d:")) return std::nullopt;
    // "d:P,S" or "d:P,S,128"; any other bit width is another layout
    int precision = 0, scale = 0, bits = 128;
    const char* at = format.data() + 2;
    const char* end = format.data() + format.size();
    auto read = std::from_chars(at, end, precision);
    if (read.ec != std::errc{} || read.ptr == end || *read.ptr != ',') return std::nullopt;
    read = std::from_chars(read.ptr + 1, end, scale);
    if (read.ec != std::errc{}) return std::nullopt;
    if (read.ptr != end) {
        if (*read.ptr != ',') return std::nullopt;
        read = std::from_chars(read.ptr + 1, end, bits);
        if (read.ec != std::errc{} || read.ptr != end) return std::nullopt;
    }
    if (bits != 128) return std::nullopt;
    return decimal_view{static_cast<const std::uint8_t*>(array->buffers[1]), view_detail::validity_of(*array), array->offset,
                        array->length, precision, scale};
}

// utf8 text, plain or dictionary-encoded.
struct text_view {
    const void* validity = nullptr;  // of the rows (a dictionary's index validity)
    std::int64_t offset = 0;
    std::int64_t length = 0;
    // the strings: plain rows, or the dictionary's values
    const std::int32_t* offsets32 = nullptr;
    const std::int64_t* offsets64 = nullptr;
    const char* data = nullptr;
    std::int64_t values_offset = 0;
    // a dictionary's index (nullptr for plain text) and its width in bytes
    const void* codes = nullptr;
    int code_width = 0;

    [[nodiscard]] bool valid(std::int64_t i) const noexcept { return validity == nullptr || view_detail::bit(validity, offset + i); }
    [[nodiscard]] std::string_view operator[](std::int64_t i) const noexcept {
        const std::int64_t k = values_offset + (codes == nullptr ? offset + i : code(offset + i));
        if (offsets32 != nullptr) return {data + offsets32[k], static_cast<std::size_t>(offsets32[k + 1] - offsets32[k])};
        return {data + offsets64[k], static_cast<std::size_t>(offsets64[k + 1] - offsets64[k])};
    }

private:
    [[nodiscard]] std::int64_t code(std::int64_t j) const noexcept {
        switch (code_width) {
            case 1: return static_cast<const std::int8_t*>(codes)[j];
            case 2: return static_cast<const std::int16_t*>(codes)[j];
            case 4: return static_cast<const std::int32_t*>(codes)[j];
            default: return static_cast<const std::int64_t*>(codes)[j];
        }
    }
};

namespace view_detail {

// A plain utf8 / large utf8 array's strings into `view`; false for any other layout.
[[nodiscard]] inline bool strings_into(const ArrowSchema* schema, const ArrowArray* array, text_view& view) noexcept {
    if (!usable(schema, array, 3) || schema->dictionary != nullptr) return false;
    const std::string_view format(schema->format);
    if (format == "u")
        view.offsets32 = static_cast<const std::int32_t*>(array->buffers[1]);
    else if (format == "U")
        view.offsets64 = static_cast<const std::int64_t*>(array->buffers[1]);
    else
        return false;
    view.data = static_cast<const char*>(array->buffers[2]);
    if (view.data == nullptr) view.data = "";  // an array of empty strings may have no data buffer
    return true;
}

}  // namespace view_detail

[[nodiscard]] inline std::optional<text_view> view_text(const ArrowSchema* schema, const ArrowArray* array) noexcept {
    if (schema == nullptr || array == nullptr || schema->format == nullptr) return std::nullopt;
    text_view view;
    if (schema->dictionary == nullptr) {
        if (!view_detail::strings_into(schema, array, view)) return std::nullopt;
        view.validity = view_detail::validity_of(*array);
        view.offset = array->offset;
        view.length = array->length;
        return view;
    }
    // a dictionary whose values hold nulls is left to the general path
    if (!view_detail::usable(schema, array, 2) || array->dictionary == nullptr || array->dictionary->null_count != 0)
        return std::nullopt;
    const std::string_view index(schema->format);
    view.code_width = index == "c" ? 1 : index == "s" ? 2 : index == "i" ? 4 : index == "l" ? 8 : 0;
    if (view.code_width == 0) return std::nullopt;
    if (!view_detail::strings_into(schema->dictionary, array->dictionary, view)) return std::nullopt;
    view.codes = array->buffers[1];
    view.values_offset = array->dictionary->offset;
    view.validity = view_detail::validity_of(*array);
    view.offset = array->offset;
    view.length = array->length;
    return view;
}

}  // namespace costmodel::table::arrow
