#pragma once
// costmodel::detail::file_descriptor — an open POSIX descriptor closed on every path out, for the
// readers that open input files themselves (src/input_file.cpp, src/actuals/cost_explorer.cpp).

#include <unistd.h>

namespace costmodel::detail {

class file_descriptor {
public:
    explicit file_descriptor(int fd) noexcept : fd_(fd) {}
    ~file_descriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    file_descriptor(const file_descriptor&) = delete;
    file_descriptor& operator=(const file_descriptor&) = delete;
    [[nodiscard]] int get() const noexcept { return fd_; }

private:
    int fd_;
};

}  // namespace costmodel::detail
