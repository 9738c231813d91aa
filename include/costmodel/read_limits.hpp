#pragma once
// Limits on what an input file may cost to read, passed to the loaders (load_scenario, load_catalog).
// A value, not a setting: each call says what it accepts.

#include <cstdint>

namespace costmodel {

struct read_limits {
    // Largest input file read, in bytes. 1 GiB by default: a scenario of a million workloads is about
    // 115 MB, an AWS offer file for EC2 several GB (filter it first). Reading stops at the limit, so
    // an endless input (/dev/zero through a link, a growing file) cannot exhaust memory.
    std::uint64_t max_file_bytes = std::uint64_t(1) << 30;
    // Largest offer file read as a stream (AmazonEC2, the Savings Plans offers), in bytes: 64 GiB by
    // default. Such a file is never held whole (only the products kept), so it may be far larger than
    // max_file_bytes; reading stops at this limit all the same.
    std::uint64_t max_streamed_file_bytes = std::uint64_t(1) << 36;
};

}  // namespace costmodel
