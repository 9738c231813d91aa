#pragma once
// What the benchmarks share: the input generator, finding the Python that runs the peer, running it,
// and printing counts. The peer prints one JSON document on stdout; its timings are taken in the
// peer's own process.

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace costmodel_bench {

// splitmix64: a small, well-known generator that is easy to reproduce exactly in Python
// (bench/splitmix.py), so the C++ benchmarks and their Python peers draw the same inputs.
struct splitmix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

// `s` quoted for /bin/sh, whatever it holds.
inline std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

// COSTMODEL_BENCH_PYTHON, else the project's .venv (where costmodel is installed), else python3.
inline std::string default_python() {
    if (const char* env = std::getenv("COSTMODEL_BENCH_PYTHON"); env != nullptr && *env != '\0') return env;
    const std::filesystem::path venv = std::filesystem::path(COSTMODEL_SOURCE_DIR) / ".venv" / "bin" / "python";
    if (std::filesystem::exists(venv)) return venv.string();
    return "python3";
}

// Runs `command` through the shell and parses what it prints as JSON; throws naming `what` if it fails.
inline nlohmann::json run_json_command(const std::string& command, const std::string& what) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string output;
    std::array<char, 4096> buffer{};
    while (const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) output.append(buffer.data(), got);
    const int status = pclose(pipe.release());
    if (status != 0) throw std::runtime_error(what + " failed (" + command + ")");
    return nlohmann::json::parse(output);
}

// 1234567 → "1,234,567".
inline std::string with_commas(long long n) {
    std::string digits = std::to_string(n);
    const int first = digits[0] == '-' ? 1 : 0;
    for (int i = static_cast<int>(digits.size()) - 3; i > first; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

}  // namespace costmodel_bench
