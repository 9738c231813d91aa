#pragma once
// UTF-8 validation (internal): input files and the text shown in messages.

#include <cstddef>
#include <string_view>

namespace costmodel::detail {

// Length of the valid UTF-8 sequence starting at text[pos] (1-4), or 0 when the bytes there are not
// UTF-8 (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, a cut sequence).
[[nodiscard]] inline std::size_t utf8_sequence_length(std::string_view text, std::size_t pos) noexcept {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = at(pos);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead == 0xe0) length = 3, low = 0xa0;
    else if (lead == 0xed) length = 3, high = 0x9f;  // no surrogates
    else if (lead >= 0xe1 && lead <= 0xef) length = 3;
    else if (lead == 0xf0) length = 4, low = 0x90;
    else if (lead == 0xf4) length = 4, high = 0x8f;  // at most U+10FFFF
    else if (lead >= 0xf1 && lead <= 0xf3) length = 4;
    else return 0;
    if (pos + length > text.size()) return 0;
    if (at(pos + 1) < low || at(pos + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (at(pos + i) < 0x80 || at(pos + i) > 0xbf) return 0;
    }
    return length;
}

// The offset of the first byte that is not valid UTF-8, or npos.
[[nodiscard]] inline std::size_t first_invalid_utf8(std::string_view text) noexcept {
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Runs of ASCII are the common case.
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const std::size_t length = utf8_sequence_length(text, pos);
        if (length == 0) return pos;
        pos += length;
    }
    return std::string_view::npos;
}

}  // namespace costmodel::detail
