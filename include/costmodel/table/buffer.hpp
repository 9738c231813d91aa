#pragma once
// costmodel::table::buffer — growable memory whose blocks can outlive the buffer.
//
// Why not std::vector: a table hands its columns to Arrow consumers without copying, and an export
// must stay valid while the table goes on growing. So a buffer's memory is a reference-counted block:
// an export holds a reference (share()), and when the buffer outgrows its block it moves to a new one
// and drops only its own reference. Appending never rewrites bytes an export can see (exports cover
// [0, size) at the time of export), so no copy-on-write is needed for appends. Blocks are aligned to
// the allocator's own __STDCPP_DEFAULT_NEW_ALIGNMENT__ (16 bytes on x86-64 and arm64): enough for
// __int128 and for every Arrow consumer (the C Data Interface asks for 8). Arrow's recommended 64 bytes
// would go through aligned allocation, which took a fifth of a small estimate's time. The smallest
// block is 256 bytes, so a column of a few dozen values does not grow several times over.
//
// Copying a buffer copies its bytes: two tables never share a block they could both append into.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

namespace costmodel::table {

class buffer {
public:
    static constexpr std::size_t alignment = __STDCPP_DEFAULT_NEW_ALIGNMENT__;
    static constexpr std::size_t smallest_block = 256;

    buffer() noexcept = default;
    buffer(const buffer& other) { assign(other.data(), other.size_); }
    buffer(buffer&& other) noexcept = default;
    buffer& operator=(const buffer& other) {
        if (this != &other) {
            buffer copy(other);
            *this = std::move(copy);
        }
        return *this;
    }
    buffer& operator=(buffer&& other) noexcept = default;

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] const std::byte* data() const noexcept { return block_.get(); }
    [[nodiscard]] std::byte* data() noexcept { return block_.get(); }

    // A reference that keeps the current block (and so the bytes [0, size())) alive.
    [[nodiscard]] std::shared_ptr<const std::byte> share() const noexcept { return block_; }

    void reserve(std::size_t bytes) {
        if (bytes > capacity_) grow_to(bytes);
    }
    // Sets the size; new bytes are zero.
    void resize(std::size_t bytes) {
        reserve(bytes);
        if (bytes > size_) std::memset(data() + size_, 0, bytes - size_);
        size_ = bytes;
    }
    void clear() noexcept { size_ = 0; }

    template <class T>
    void push_back(const T& value) {
        if (size_ + sizeof(T) > capacity_) grow_to(size_ + sizeof(T));
        std::memcpy(data() + size_, &value, sizeof(T));
        size_ += sizeof(T);
    }
    void append(const void* bytes, std::size_t count) {
        if (count == 0) return;
        if (size_ + count > capacity_) grow_to(size_ + count);
        std::memcpy(data() + size_, bytes, count);
        size_ += count;
    }

    template <class T>
    [[nodiscard]] const T* as() const noexcept { return reinterpret_cast<const T*>(data()); }
    template <class T>
    [[nodiscard]] T* as() noexcept { return reinterpret_cast<T*>(data()); }

private:
    struct alignas(alignment) chunk {
        std::byte bytes[alignment];
    };
    std::shared_ptr<std::byte> block_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;

    void assign(const std::byte* bytes, std::size_t count) {
        size_ = 0;
        reserve(count);
        if (count != 0) std::memcpy(data(), bytes, count);
        size_ = count;
    }

    void grow_to(std::size_t needed) {
        // Doubling keeps appends amortised O(1); the minimum avoids many tiny blocks.
        std::size_t capacity = std::max<std::size_t>({needed, capacity_ * 2, smallest_block});
        capacity = (capacity + alignment - 1) / alignment * alignment;
        // One allocation for the bytes and their reference count (a table makes dozens of buffers, and a
        // small estimate's time went to allocating them twice over).
        const std::shared_ptr<chunk[]> owner = std::make_shared_for_overwrite<chunk[]>(capacity / alignment);
        std::shared_ptr<std::byte> block(owner, reinterpret_cast<std::byte*>(owner.get()));
        if (size_ != 0) std::memcpy(block.get(), block_.get(), size_);
        block_ = std::move(block);
        capacity_ = capacity;
    }
};

}  // namespace costmodel::table
