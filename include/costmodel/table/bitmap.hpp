#pragma once
// costmodel::table::bitmap — a packed sequence of bits in Arrow's order: bit i is bit (i % 8) of
// byte i / 8, least significant bit first. Used for boolean values and for validity (1 = valid).

#include <cstddef>
#include <cstdint>

#include "costmodel/table/buffer.hpp"

namespace costmodel::table {

class bitmap {
public:
    bitmap() = default;
    // `count` bits, all set to `value`.
    bitmap(std::size_t count, bool value) { append(count, value); }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
    [[nodiscard]] const std::uint8_t* data() const noexcept { return bytes_.as<std::uint8_t>(); }
    [[nodiscard]] const buffer& bytes() const noexcept { return bytes_; }

    [[nodiscard]] bool operator[](std::size_t i) const noexcept { return (data()[i >> 3] >> (i & 7)) & 1U; }

    void reserve(std::size_t bits) { bytes_.reserve((bits + 7) / 8); }

    void push_back(bool value) {
        if ((size_ & 7) == 0) bytes_.push_back(std::uint8_t{0});
        if (value) bytes_.as<std::uint8_t>()[size_ >> 3] |= static_cast<std::uint8_t>(1U << (size_ & 7));
        ++size_;
    }
    void append(std::size_t count, bool value) {
        reserve(size_ + count);
        for (std::size_t i = 0; i < count; ++i) push_back(value);
    }
    // Appends bits [offset, offset + count) of a packed bitmap in Arrow's order.
    void append_bits(const std::uint8_t* bits, std::size_t offset, std::size_t count) {
        reserve(size_ + count);
        for (std::size_t i = offset; i < offset + count; ++i) push_back((bits[i >> 3] >> (i & 7)) & 1U);
    }
    void set(std::size_t i, bool value) noexcept {
        auto& byte = bytes_.as<std::uint8_t>()[i >> 3];
        const auto mask = static_cast<std::uint8_t>(1U << (i & 7));
        byte = value ? static_cast<std::uint8_t>(byte | mask) : static_cast<std::uint8_t>(byte & ~mask);
    }
    void clear() noexcept {
        bytes_.clear();
        size_ = 0;
    }
    // Keeps the first `bits` bits (no more than size()); the bits past the end of the last byte are
    // cleared, as push_back expects.
    void truncate(std::size_t bits) noexcept {
        if (bits >= size_) return;
        bytes_.resize((bits + 7) / 8);
        if ((bits & 7) != 0) bytes_.as<std::uint8_t>()[bits >> 3] &= static_cast<std::uint8_t>((1U << (bits & 7)) - 1U);
        size_ = bits;
    }

    [[nodiscard]] std::size_t count_set() const noexcept {
        std::size_t count = 0;
        const std::size_t whole = size_ / 8;
        for (std::size_t b = 0; b < whole; ++b) count += static_cast<std::size_t>(__builtin_popcount(data()[b]));
        for (std::size_t i = whole * 8; i < size_; ++i) count += (*this)[i];
        return count;
    }

private:
    buffer bytes_;
    std::size_t size_ = 0;
};

}  // namespace costmodel::table
