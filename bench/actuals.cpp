// bench_actuals: Cost Explorer pages read into a line table, each page parsed whole by simdjson
// (the default) and streamed through nlohmann_json's SAX parser, and the daily rate computed over
// the table. Peers in the same run: bench/actuals_peer.py (json + float, the seed tool's way, and
// json + decimal), started by bench/run_actuals.sh.
//
//   bench_actuals --as-of 2026-01-03 [--no-streamed] PAGE.json...

#include <sys/resource.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "costmodel/actuals/cost_explorer.hpp"
#include "costmodel/actuals/daily_rate.hpp"

int main(int argc, char** argv) {
    std::string as_of = "2026-01-03";
    bool streamed = true;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--as-of" && i + 1 < argc) {
            as_of = argv[++i];
        } else if (arg == "--no-streamed") {
            streamed = false;
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
    namespace actuals = costmodel::actuals;
    const auto read_all = [&](actuals::cost_explorer_parsing parsing) {
        actuals::cost_explorer_reader reader;
        reader.set_parsing(parsing);
        for (const std::string& path : paths) reader.add_file(path);
        return std::move(reader).finish();
    };
    const auto began = clock::now();
    const actuals::cost_explorer_table t = read_all(actuals::cost_explorer_parsing::bulk);
    const auto read = clock::now();
    rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1e3;
    costmodel::actuals::daily_rate_options options;
    options.as_of = *costmodel::date::parse(as_of);
    options.rounding = costmodel::actuals::daily_rate_rounding::console;
    const costmodel::actuals::daily_rate_result r = costmodel::actuals::daily_rate(t.lines, options);
    const auto rated = clock::now();
    const double read_s = std::chrono::duration<double>(read - began).count();
    const double rate_s = std::chrono::duration<double>(rated - read).count();
    std::printf("rows %zu, %.1f MB in %zu pages\n", t.lines.num_rows(), bytes / 1e6, t.pages);
    std::printf("costmodel read (simdjson):  %.2f s, %.1f MB/s, %.2f M rows/s; table %.1f MB, peak RSS %.0f MB\n", read_s, bytes / 1e6 / read_s,
                static_cast<double>(t.lines.num_rows()) / 1e6 / read_s, static_cast<double>(t.lines.memory_bytes()) / 1e6, peak_mb);
    if (streamed) {
        const auto stream_began = clock::now();
        const actuals::cost_explorer_table again = read_all(actuals::cost_explorer_parsing::streamed);
        const double stream_s = std::chrono::duration<double>(clock::now() - stream_began).count();
        std::printf("costmodel read (streamed):  %.2f s, %.1f MB/s; same table: %s; simdjson %.1fx streamed\n", stream_s,
                    bytes / 1e6 / stream_s, again.lines.equals(t.lines) ? "yes" : "NO", stream_s / read_s);
    }
    std::printf("costmodel rate:  %.3f s (one pass over %zu rows)\n", rate_s, t.lines.num_rows());
    std::printf("operational %s, daily operational %s, annual %s (window %s to %s)\n", r.operational.to_string().c_str(),
                r.daily_operational.to_string().c_str(), r.annual_projection.to_string().c_str(), r.start.to_string().c_str(),
                r.end.to_string().c_str());
    return 0;
}
