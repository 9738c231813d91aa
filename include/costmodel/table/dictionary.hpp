#pragma once
// costmodel::table::dictionary — the distinct strings of a string column, each stored once, with a
// hash index so that appending a string finds its code without allocating.
//
// Layout: exactly Arrow's utf8 layout (int32 offsets, n + 1 of them starting at 0, and one byte
// buffer), so a dictionary is exported to Arrow without a copy. Codes are int32, as Arrow's
// dictionary indices and DuckDB's dictionary vectors are; the total text is limited to 2^31 - 1
// bytes by the int32 offsets (std::length_error beyond).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/table/buffer.hpp"

namespace costmodel::table {

// a == b for texts of the same length: short ones with a few word loads, inline, in place of a call
// to memcmp (hot callers compare names and SKU parts of under 24 bytes, which nearly always match).
[[nodiscard]] inline bool same_text(const char* a, const char* b, std::size_t n) noexcept {
    if (n >= 8 && n <= 24) {
        std::uint64_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        std::memcpy(&x0, a, 8);
        std::memcpy(&y0, b, 8);
        std::memcpy(&x1, a + n - 8, 8);
        std::memcpy(&y1, b + n - 8, 8);
        if (((x0 ^ y0) | (x1 ^ y1)) != 0) return false;
        if (n <= 16) return true;
        std::memcpy(&x0, a + 8, 8);
        std::memcpy(&y0, b + 8, 8);
        return x0 == y0;
    }
    if (n < 8) {
        for (std::size_t i = 0; i < n; ++i) {
            if (a[i] != b[i]) return false;
        }
        return true;
    }
    return std::memcmp(a, b, n) == 0;
}
[[nodiscard]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && same_text(a.data(), b.data(), a.size());
}

class dictionary {
public:
    dictionary() { offsets_.push_back(std::int32_t{0}); }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    [[nodiscard]] std::string_view operator[](std::int32_t code) const noexcept {
        const auto* offsets = offsets_.as<std::int32_t>();
        return {reinterpret_cast<const char*>(chars_.data()) + offsets[code],
                static_cast<std::size_t>(offsets[code + 1] - offsets[code])};
    }

    // The code of `text`, adding it if it is new.
    std::int32_t intern(std::string_view text) {
        const auto hash = static_cast<std::uint32_t>(hash_text(text));
        if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.empty() ? 16 : slots_.size() * 2);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const std::uint64_t entry = slots_[slot];
            if (entry == empty_slot) {
                const std::int32_t added = add(text);
                slots_[slot] = pack(hash, added);
                return added;
            }
            if (static_cast<std::uint32_t>(entry >> 32) == hash && same_text((*this)[code_of(entry)], text)) return code_of(entry);
        }
    }

    // The code of `text`, or -1 when it is not in the dictionary.
    [[nodiscard]] std::int32_t find(std::string_view text) const noexcept {
        if (slots_.empty()) return -1;
        const auto hash = static_cast<std::uint32_t>(hash_text(text));
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const std::uint64_t entry = slots_[slot];
            if (entry == empty_slot) return -1;
            if (static_cast<std::uint32_t>(entry >> 32) == hash && same_text((*this)[code_of(entry)], text)) return code_of(entry);
        }
    }

    void reserve(std::size_t strings, std::size_t bytes) {
        offsets_.reserve((strings + 1) * sizeof(std::int32_t));
        chars_.reserve(bytes);
        std::size_t wanted = 16;
        while (wanted < strings * 2) wanted *= 2;
        if (wanted > slots_.size()) rehash(wanted);
    }

    // Bytes of the hash index (beside the Arrow buffers).
    [[nodiscard]] std::size_t index_bytes() const noexcept {
        return slots_.capacity() * sizeof(std::uint64_t);
    }

    // Arrow utf8 buffers: size() + 1 offsets and the bytes they index.
    [[nodiscard]] const buffer& offsets() const noexcept { return offsets_; }
    [[nodiscard]] const buffer& chars() const noexcept { return chars_; }

private:
    // Most texts are short (names, ~40-byte notes): eight bytes at a time with a multiply-fold, which
    // costs a fraction of std::hash's. Codes never depend on the hash, only the probe order does.
    [[nodiscard]] static std::size_t hash_text(std::string_view text) noexcept {
        constexpr std::uint64_t k0 = 0x9E3779B97F4A7C15ULL;
        constexpr std::uint64_t k1 = 0xC2B2AE3D27D4EB4FULL;
        const char* p = text.data();
        std::size_t n = text.size();
        std::uint64_t h = k1 ^ (n * k0);
        const auto mix = [](std::uint64_t a, std::uint64_t b) {
            const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
            return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
        };
        while (n >= 16) {
            std::uint64_t a = 0;
            std::uint64_t b = 0;
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + 8, 8);
            h = mix(a ^ k0 ^ h, b ^ k1);
            p += 16;
            n -= 16;
        }
        std::uint64_t a = 0;
        std::uint64_t b = 0;
        if (n >= 8) {
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + n - 8, 8);  // overlapping tail
        } else if (n >= 4) {
            std::uint32_t x = 0;
            std::uint32_t y = 0;
            std::memcpy(&x, p, 4);
            std::memcpy(&y, p + n - 4, 4);
            a = x;
            b = y;
        } else if (n > 0) {
            a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
                (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) | static_cast<unsigned char>(p[n - 1]);
        }
        h = mix(a ^ k0 ^ h, b ^ k1 ^ n);
        return static_cast<std::size_t>(mix(h, k0));
    }

    // Each slot holds a code and 32 bits of its text's hash (compared before the text, and enough to
    // place it again when the index grows), so the index is one allocation.
    static constexpr std::uint64_t empty_slot = ~std::uint64_t{0};
    [[nodiscard]] static std::uint64_t pack(std::uint32_t hash, std::int32_t code) noexcept {
        return (static_cast<std::uint64_t>(hash) << 32) | static_cast<std::uint32_t>(code);
    }
    [[nodiscard]] static std::int32_t code_of(std::uint64_t entry) noexcept { return static_cast<std::int32_t>(static_cast<std::uint32_t>(entry)); }

    buffer offsets_;                     // int32, size() + 1
    buffer chars_;                       // UTF-8 bytes
    std::size_t size_ = 0;               // strings
    std::vector<std::uint64_t> slots_;   // open addressing, empty_slot = empty; a power of two in size

    std::int32_t add(std::string_view text) {
        constexpr auto limit = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
        if (chars_.size() + text.size() > limit) throw std::length_error("dictionary: more than 2^31 - 1 bytes of text");
        const auto code = static_cast<std::int32_t>(size_);
        chars_.append(text.data(), text.size());
        offsets_.push_back(static_cast<std::int32_t>(chars_.size()));
        ++size_;
        return code;
    }

    void rehash(std::size_t slot_count) {
        std::vector<std::uint64_t> old(slot_count, empty_slot);
        old.swap(slots_);
        const std::size_t mask = slot_count - 1;
        for (const std::uint64_t entry : old) {
            if (entry == empty_slot) continue;
            std::size_t slot = static_cast<std::uint32_t>(entry >> 32) & mask;
            while (slots_[slot] != empty_slot) slot = (slot + 1) & mask;
            slots_[slot] = entry;
        }
    }
};

}  // namespace costmodel::table
