#include "costmodel/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "costmodel/input_error.hpp"
#include "json_document.hpp"
#include "file_descriptor.hpp"
#include "utf8.hpp"

namespace costmodel {

namespace {

using detail::file_descriptor;

std::string kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "it is a directory";
    if (S_ISFIFO(mode)) return "it is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a regular file";
    if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
    return "it is not a regular file";
}

std::string too_large(std::uint64_t limit) {
    return "the file is larger than the limit of " + std::to_string(limit) + " bytes (read_limits::max_file_bytes)";
}

}  // namespace

std::string read_input_file(const std::string& path, const read_limits& limits, std::string_view what) {
    const std::string cannot = "cannot read " + std::string(what) + " (";
    const std::string shown = detail::printable(path);
    // The C library stops at a NUL: the path would silently name another file.
    if (path.find('\0') != std::string::npos) throw input_error(shown, "", "the path contains a NUL character");
    if (path.empty()) throw input_error("<input>", "", "the path is empty");

    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
    const file_descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) {
        const int error = errno;
        if (error == ENOENT) throw input_error(shown, "", cannot + "no such file)");
        if (error == EACCES) throw input_error(shown, "", cannot + "permission denied)");
        throw input_error(shown, "", cannot + std::strerror(error) + ")");
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw input_error(shown, "", cannot + std::strerror(errno) + ")");
    if (!S_ISREG(info.st_mode)) throw input_error(shown, "", cannot + kind_of(info.st_mode) + ")");
    if (static_cast<std::uint64_t>(info.st_size) > limits.max_file_bytes) throw input_error(shown, "", too_large(limits.max_file_bytes));

    std::string text;
    text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t filled = 0;
    for (;;) {
        if (filled == text.size()) {
            // The file may have grown since fstat: read on, within the limit.
            if (text.size() >= limits.max_file_bytes + 1) break;
            const std::size_t grown = std::min<std::uint64_t>(limits.max_file_bytes + 1, std::max<std::size_t>(text.size() * 2, 4096));
            text.resize(grown);
        }
        const ssize_t got = ::read(fd.get(), text.data() + filled, text.size() - filled);
        if (got < 0) {
            if (errno == EINTR) continue;
            throw input_error(shown, "", cannot + std::strerror(errno) + ")");
        }
        if (got == 0) break;
        filled += static_cast<std::size_t>(got);
    }
    text.resize(filled);
    if (filled > limits.max_file_bytes) throw input_error(shown, "", too_large(limits.max_file_bytes));
    check_input_encoding(text, shown);
    return text;
}

void check_input_encoding(std::string_view text, const std::string& source) {
    const auto starts = [&](std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; };
    using namespace std::string_view_literals;
    if (starts("\xFF\xFE\x00\x00"sv) || starts("\x00\x00\xFE\xFF"sv)) {
        throw input_error(source, "", "the file is UTF-32; save it as UTF-8");
    }
    if (starts("\xFF\xFE"sv) || starts("\xFE\xFF"sv)) throw input_error(source, "", "the file is UTF-16; save it as UTF-8");
    // JSON starts with ASCII, which UTF-16 and UTF-32 without a byte order mark write with NUL bytes.
    if (text.size() >= 2 && (text[0] == '\0' || text[1] == '\0')) {
        throw input_error(source, "", "the file is UTF-16 or UTF-32 (it has NUL bytes); save it as UTF-8");
    }
    if (const std::size_t bad = detail::first_invalid_utf8(text); bad != std::string_view::npos) {
        throw input_error(source, "", "invalid UTF-8 at byte offset " + std::to_string(bad) + " (save the file as UTF-8)",
                          detail::printable(text.substr(bad, 1)));
    }
}

}  // namespace costmodel
