// bench_decimal: costmodel::Decimal against raw __int128 arithmetic and Python's decimal, in one run.
//
//   bench_decimal [--n N] [--repeat R] [--seed S] [--python PATH] [--python-n M] [--no-python] [--peer FILE]
//
// Three operations over columns of N values (default 10,000,000) drawn with splitmix64 from a fixed seed:
// amounts a[i], b[i] from 1,000 to 1,000,000 with 10 fractional digits, and a rate r[i] from a list of
// eight unit prices (0.0000166667, 0.04048, ...):
//
//   add       c[i] = a[i] + b[i]
//   mul_rate  c[i] = a[i] × r[i], rounded half-even to 10 fractional digits
//   sum       a[0] + a[1] + ... + a[N-1]
//
// Each is run once untimed, then timed R times (default 5) on one thread, costmodel and raw __int128
// alternately, and the best run of each is kept. The same work is done by
//   - costmodel: Decimal's operators (checked against the 10^38 - 1 limit, throwing on overflow);
//   - raw __int128: the bare integer operations with the same rounding rule and no checks at all;
//   - Python's decimal: bench/decimal_peer.py, run with the interpreter given by --python, or
//     $COSTMODEL_BENCH_PYTHON, or the project's .venv/bin/python, or python3, on the first M values
//     (default 1,000,000: a Python list of 10M Decimals needs gigabytes).
// Results are written to an output column (or, for the sum, kept and printed) and compared afterwards:
// costmodel must equal raw __int128 on every value and Python on the first M; a mismatch exits 1.
// The program reports operations per second and the ratios; missing a target is reported, not an error.

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "costmodel/decimal.hpp"
#include "bench_support.hpp"

#ifndef COSTMODEL_SOURCE_DIR
#define COSTMODEL_SOURCE_DIR "."
#endif

namespace {

using costmodel_bench::default_python;
using costmodel_bench::run_json_command;
using costmodel_bench::shell_quote;
using costmodel_bench::with_commas;

using costmodel::Decimal;
using int128 = __int128;
using clock_type = std::chrono::steady_clock;

// Keeps the compiler from proving a value unused, or memory unchanged, without adding work.
template <class T>
inline void do_not_optimize(T const& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}
inline void clobber_memory() { asm volatile("" : : : "memory"); }

using costmodel_bench::splitmix64;

// As bench/decimal_peer.py lists them.
constexpr std::array<const char*, 8> rate_texts = {
    "0.0000166667",  // Lambda, per GB-second (x86)
    "0.0000133334",  // Lambda, per GB-second (Arm)
    "0.0000002",     // Lambda, per request
    "0.04048",       // Fargate, per vCPU-hour
    "0.004445",      // Fargate, per GB-hour
    "0.023",         // S3 Standard, per GB-month
    "0.09",          // data transfer out, per GB
    "0.0000004",     // S3 GET, per request
};

struct columns {
    std::vector<Decimal> a, b, rate;
};

columns make_columns(std::size_t n, std::uint64_t seed) {
    splitmix64 rng{seed};
    std::array<Decimal, rate_texts.size()> rates;
    for (std::size_t i = 0; i < rates.size(); ++i) rates[i] = Decimal::parse(rate_texts[i]);
    constexpr std::uint64_t first = 10'000'000'000'000ULL;       // 1,000 in units of 10^-10
    constexpr std::uint64_t span = 999ULL * 10'000'000'000'000ULL;  // up to 1,000,000
    columns c;
    c.a.resize(n);
    c.b.resize(n);
    c.rate.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        c.a[i] = Decimal::from_units(static_cast<int128>(first + rng.next() % span));
        c.b[i] = Decimal::from_units(static_cast<int128>(first + rng.next() % span));
        c.rate[i] = rates[rng.next() % rates.size()];
    }
    return c;
}

// ---- the kernels: each in its own function (as a user's code would be), costmodel and raw alike ----

constexpr int128 raw_one = 10'000'000'000LL;  // 10^10 units

// The raw __int128 version of a × b rounded half-even to 10 places: no range checks, no rounding modes.
inline int128 raw_multiply_half_even(int128 a, int128 b) {
    const int128 product = a * b;
    const bool negative = product < 0;
    const auto magnitude = static_cast<unsigned __int128>(negative ? -product : product);
    auto quotient = magnitude / static_cast<unsigned __int128>(raw_one);
    const auto remainder = magnitude - quotient * static_cast<unsigned __int128>(raw_one);
    constexpr auto half = static_cast<unsigned __int128>(raw_one / 2);
    if (remainder > half || (remainder == half && (quotient & 1) != 0)) ++quotient;
    return negative ? -static_cast<int128>(quotient) : static_cast<int128>(quotient);
}

// The raw kernels read and write the very same memory as costmodel's: a Decimal column is a contiguous
// array of __int128 unit counts, which std::bit_cast reads and writes without any check.
inline int128 raw(Decimal d) { return std::bit_cast<int128>(d); }
inline Decimal unchecked(int128 units) { return std::bit_cast<Decimal>(units); }

[[gnu::noinline]] void add_cm(const Decimal* a, const Decimal* b, Decimal* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = a[i] + b[i];
}
[[gnu::noinline]] void add_raw(const Decimal* a, const Decimal* b, Decimal* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = unchecked(raw(a[i]) + raw(b[i]));
}
[[gnu::noinline]] void mul_rate_cm(const Decimal* a, const Decimal* rate, Decimal* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = a[i] * rate[i];  // half-even, the default
}
[[gnu::noinline]] void mul_rate_raw(const Decimal* a, const Decimal* rate, Decimal* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out[i] = unchecked(raw_multiply_half_even(raw(a[i]), raw(rate[i])));
}
[[gnu::noinline]] Decimal sum_cm(std::span<const Decimal> column) {
    Decimal s;
    for (const Decimal x : column) s += x;
    return s;
}
[[gnu::noinline]] int128 sum_raw(std::span<const Decimal> column) {
    int128 s = 0;
    for (const Decimal x : column) s += raw(x);
    return s;
}

// ---- timing ----

template <class F>
double seconds_of(F& run) {
    clobber_memory();
    const auto start = clock_type::now();
    run();
    clobber_memory();
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// Runs costmodel's and the raw kernel alternately, `repeat` times each after one untimed run of each, and
// returns their best rates for n operations: neither gains from running second, with warmer caches or pages.
template <class F, class G>
std::pair<double, double> best_rates(std::size_t n, int repeat, F&& cm, G&& raw) {
    cm();
    raw();
    double best_cm = 1e300, best_raw = 1e300;
    for (int k = 0; k < repeat; ++k) {
        best_cm = std::min(best_cm, seconds_of(cm));
        best_raw = std::min(best_raw, seconds_of(raw));
    }
    return {static_cast<double>(n) / best_cm, static_cast<double>(n) / best_raw};
}

struct measured {
    double cm = 0;      // costmodel, operations per second
    double raw = 0;     // raw __int128
    double py = 0;      // Python decimal (0 when not run)
};

nlohmann::json run_peer(const std::string& python, const std::string& peer, std::size_t n, int repeat,
                        std::uint64_t seed) {
    const std::string command = shell_quote(python) + " " + shell_quote(peer) + " --n " + std::to_string(n) +
                                " --repeat " + std::to_string(repeat) + " --seed " + std::to_string(seed);
    return run_json_command(command, "the Python peer");
}

std::string rate_text(double ops) {
    char text[32];
    if (ops >= 1e9) std::snprintf(text, sizeof text, "%.2f G/s", ops / 1e9);
    else if (ops >= 1e6) std::snprintf(text, sizeof text, "%.1f M/s", ops / 1e6);
    else std::snprintf(text, sizeof text, "%.0f /s", ops);
    return text;
}

std::string ratio_text(double x) {
    char text[32];
    std::snprintf(text, sizeof text, x >= 10 ? "%.0fx" : "%.2fx", x);
    return text;
}

[[noreturn]] void usage(const char* why) {
    std::cerr << "bench_decimal: " << why << "\n"
              << "usage: bench_decimal [--n N] [--repeat R] [--seed S] [--python PATH] [--python-n M] [--no-python] "
                 "[--peer FILE]\n";
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t n = 10'000'000;
    std::size_t python_n = 1'000'000;
    int repeat = 5;
    std::uint64_t seed = 2024;
    bool with_python = true;
    std::string python = default_python();
    std::string peer = (std::filesystem::path(COSTMODEL_SOURCE_DIR) / "bench" / "decimal_peer.py").string();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
            return argv[++i];
        };
        try {
            if (arg == "--n") n = std::stoull(value());
            else if (arg == "--repeat") repeat = std::stoi(value());
            else if (arg == "--seed") seed = std::stoull(value());
            else if (arg == "--python") python = value();
            else if (arg == "--python-n") python_n = std::stoull(value());
            else if (arg == "--no-python") with_python = false;
            else if (arg == "--peer") peer = value();
            else usage(("unknown argument " + arg).c_str());
        } catch (const std::logic_error&) {
            usage(("bad value for " + arg).c_str());
        }
    }
    if (n == 0 || repeat < 1) usage("--n and --repeat must be positive");
    python_n = std::min(python_n, n);

    const columns col = make_columns(n, seed);
    const Decimal* a = col.a.data();
    const Decimal* b = col.b.data();
    const Decimal* rate = col.rate.data();
    std::vector<Decimal> out(n);    // both kernels write here while timed
    std::vector<Decimal> check(n);  // a copy of one kernel's results, to compare with the other's

    int mismatches = 0;
    // The timed runs end with the raw kernel; keep its results, run costmodel's again and compare.
    auto compare_with_raw = [&](const char* what, auto&& run_cm) {
        check = out;
        run_cm();
        std::size_t bad = 0;
        for (std::size_t i = 0; i < n; ++i) bad += out[i] != check[i];
        if (bad != 0) {
            std::cerr << "MISMATCH: " << what << ": costmodel and raw __int128 differ on " << bad << " values\n";
            ++mismatches;
        }
    };
    auto prefix_sum = [&](const std::vector<Decimal>& v, std::size_t count) {
        Decimal s;
        for (std::size_t i = 0; i < count; ++i) s += v[i];
        return s;
    };

    measured add, mul, sum;
    Decimal checksum_add, checksum_mul, checksum_sum;

    // add
    const auto run_add_cm = [&] { add_cm(a, b, out.data(), n); };
    std::tie(add.cm, add.raw) = best_rates(n, repeat, run_add_cm, [&] { add_raw(a, b, out.data(), n); });
    compare_with_raw("add", run_add_cm);
    checksum_add = prefix_sum(out, python_n);

    // mul_rate
    const auto run_mul_cm = [&] { mul_rate_cm(a, rate, out.data(), n); };
    std::tie(mul.cm, mul.raw) = best_rates(n, repeat, run_mul_cm, [&] { mul_rate_raw(a, rate, out.data(), n); });
    compare_with_raw("mul_rate", run_mul_cm);
    checksum_mul = prefix_sum(out, python_n);

    // sum
    Decimal total_cm;
    int128 total_raw = 0;
    std::tie(sum.cm, sum.raw) = best_rates(
        n, repeat,
        [&] {
            total_cm = sum_cm(col.a);
            do_not_optimize(total_cm);
        },
        [&] {
            total_raw = sum_raw(col.a);
            do_not_optimize(total_raw);
        });
    if (total_cm.units() != total_raw) {
        std::cerr << "MISMATCH: sum: costmodel " << total_cm << ", raw __int128 differs\n";
        ++mismatches;
    }
    checksum_sum = prefix_sum(col.a, python_n);

    std::string peer_name = "Python decimal: not run (--no-python)";
    if (with_python) {
        try {
            const nlohmann::json result = run_peer(python, peer, python_n, std::min(repeat, 3), seed);
            peer_name = result.at("peer").get<std::string>() + ", " + with_commas(python_n) + " values";
            const auto& r = result.at("results");
            const std::array<std::pair<const char*, Decimal>, 3> checks = {
                {{"add", checksum_add}, {"mul_rate", checksum_mul}, {"sum", checksum_sum}}};
            for (const auto& [name, mine] : checks) {
                const Decimal theirs = Decimal::parse(r.at(name).at("checksum").get<std::string>());
                if (theirs != mine) {
                    std::cerr << "MISMATCH: " << name << ": costmodel checksum " << mine << ", Python " << theirs << "\n";
                    ++mismatches;
                }
            }
            add.py = r.at("add").at("ops_per_s").get<double>();
            mul.py = r.at("mul_rate").at("ops_per_s").get<double>();
            sum.py = r.at("sum").at("ops_per_s").get<double>();
        } catch (const std::exception& e) {
            std::cerr << "bench_decimal: the Python peer did not run: " << e.what() << "\n";
            peer_name = "Python decimal: failed to run (see above)";
        }
    }

    std::printf("bench_decimal: %s values per column, best of %d runs, one thread\n", with_commas(n).c_str(), repeat);
    std::printf("peer: %s (python: %s)\n\n", peer_name.c_str(), with_python ? python.c_str() : "-");
    std::printf("%-34s %12s %14s %16s %12s %12s\n", "operation", "costmodel", "raw __int128", "Python decimal",
                "cm/int128", "cm/Python");
    const auto row = [&](const char* name, const measured& m) {
        std::printf("%-34s %12s %14s %16s %12s %12s\n", name, rate_text(m.cm).c_str(), rate_text(m.raw).c_str(),
                    m.py > 0 ? rate_text(m.py).c_str() : "-", ratio_text(m.cm / m.raw).c_str(),
                    m.py > 0 ? ratio_text(m.cm / m.py).c_str() : "-");
    };
    row("add       a + b", add);
    row("mul_rate  a x rate, half-even 1e-10", mul);
    row("sum       a[0] + ... + a[n-1]", sum);
    std::printf("\n(ratios are costmodel's operations per second over the other's: above 1 means costmodel is faster)\n");
    std::printf("checksums: add %s, mul_rate %s, sum %s (first %s values)\n", checksum_add.to_string().c_str(),
                checksum_mul.to_string().c_str(), checksum_sum.to_string().c_str(), with_commas(python_n).c_str());
    std::printf("results: costmodel %s raw __int128 on all %s values%s\n", mismatches == 0 ? "equals" : "DIFFERS FROM",
                with_commas(n).c_str(), with_python ? " and Python decimal on the checksums" : "");
    std::printf("target mul_rate >= 50 M/s: %s (%s)\n", mul.cm >= 50e6 ? "met" : "MISSED", rate_text(mul.cm).c_str());
    std::printf("target sum within 2x of raw __int128: %s (costmodel takes %.2fx the time)\n",
                sum.raw / sum.cm <= 2.0 ? "met" : "MISSED", sum.raw / sum.cm);
    return mismatches == 0 ? 0 : 1;
}
