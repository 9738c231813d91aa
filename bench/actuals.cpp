// bench_actuals: Cost Explorer pages read into a line table (nlohmann_json SAX, streamed) and the
// daily rate computed over it. Peers in the same run: bench/actuals_peer.py (json + float, the seed
// tool's way, and json + decimal), started by bench/run_actuals.sh.
//
//   bench_actuals --as-of 2026-01-03 PAGE.json...

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/actuals/daily_rate.hpp"

int main(int argc, char** argv) {
    std::string as_of = "2026-01-03";
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--as-of" && i + 1 < argc) {
            as_of = argv[++i];
        } else {
            paths.push_back(arg);
        }
    }
    double bytes = 0;
    for (const std::string& path : paths) {
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0) bytes += static_cast<double>(info.st_size);
    }
    using clock = std::chrono::steady_clock;
    const auto began = clock::now();
    const costmodel::actuals::cost_explorer_table t = costmodel::actuals::read_cost_explorer_files(paths);
    const auto read = clock::now();
    costmodel::actuals::daily_rate_options options;
    options.as_of = *costmodel::date::parse(as_of);
    options.rounding = costmodel::actuals::daily_rate_rounding::console;
    const costmodel::actuals::daily_rate_result r = costmodel::actuals::daily_rate(t.lines, options);
    const auto rated = clock::now();
    const double read_s = std::chrono::duration<double>(read - began).count();
    const double rate_s = std::chrono::duration<double>(rated - read).count();
    std::printf("rows %zu, %.1f MB in %zu pages\n", t.lines.num_rows(), bytes / 1e6, t.pages);
    std::printf("costmodel read:  %.2f s, %.1f MB/s, %.1f M rows/s; table %.1f MB\n", read_s, bytes / 1e6 / read_s,
                static_cast<double>(t.lines.num_rows()) / 1e6 / read_s, static_cast<double>(t.lines.memory_bytes()) / 1e6);
    std::printf("costmodel rate:  %.3f s (one pass over %zu rows)\n", rate_s, t.lines.num_rows());
    std::printf("operational %s, daily operational %s, annual %s (window %s to %s)\n", r.operational.to_string().c_str(),
                r.daily_operational.to_string().c_str(), r.annual_projection.to_string().c_str(), r.start.to_string().c_str(),
                r.end.to_string().c_str());
    return 0;
}
