// bench_recommend: sizing a Compute Savings Plan for a year of hours × usage lines (default 8,760 ×
// 1,000) with costmodel::recommend_savings_plan (curve in double, optimum evaluated exactly), against
// a NumPy vectorised search of the same curve (bench/recommend_peer.py) on the same inputs, in the
// same run. Prints seconds for each and the ratio.
//
//   bench_recommend [--hours N] [--usage N] [--points N] [--no-python] [--python PATH]
//
// Inputs (drawn the same way by the peer): usage u has on demand (5 + u mod 50) / 100 and Compute rate
// od × (80 − u mod 26) / 100; hour h of usage u has (splitmix64 draw h × usage + u) mod 400 hundredths,
// a quarter of that (rounded down) outside 09:00–17:00 on weekdays.

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "bench_support.hpp"
#include "costmodel/commitments/recommend.hpp"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t hours = 8760, usage = 1000, points = 500;
    bool python = true;
    std::string interpreter = costmodel_bench::default_python();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--hours" && i + 1 < argc) hours = std::stoul(argv[++i]);
        else if (arg == "--usage" && i + 1 < argc) usage = std::stoul(argv[++i]);
        else if (arg == "--points" && i + 1 < argc) points = std::stoul(argv[++i]);
        else if (arg == "--no-python") python = false;
        else if (arg == "--python" && i + 1 < argc) interpreter = argv[++i];
        else {
            std::fprintf(stderr, "usage: bench_recommend [--hours N] [--usage N] [--points N] [--no-python] [--python PATH]\n");
            return 2;
        }
    }
    costmodel::commitments_definition definition;
    for (std::size_t u = 0; u < usage; ++u) {
        const costmodel::Decimal od = costmodel::Decimal(static_cast<std::int64_t>(5 + u % 50)) / costmodel::Decimal(100);
        const costmodel::Decimal rate = od * costmodel::Decimal(static_cast<std::int64_t>(80 - u % 26)) / costmodel::Decimal(100);
        definition.usage.push_back({"u" + std::to_string(u), od, "", "", rate, std::nullopt});
    }
    costmodel::usage_hours q;
    q.hours = hours;
    q.usage_count = usage;
    q.units.resize(hours * usage);
    costmodel_bench::splitmix64 rng{42};
    for (std::size_t h = 0; h < hours; ++h) {
        const std::size_t day = h / 24 % 7, hour = h % 24;
        const bool business = day < 5 && hour >= 9 && hour < 17;
        for (std::size_t u = 0; u < usage; ++u) {
            std::uint64_t centi = rng.next() % 400;
            if (!business) centi /= 4;
            q.units[h * usage + u] = static_cast<__int128>(centi) * 100000000;  // hundredths at scale 10
        }
    }
    costmodel::recommend_options options;
    options.points = points;
    double best_seconds = 1e300;
    costmodel::recommendation r;
    for (int run = 0; run < 3; ++run) {
        const auto start = std::chrono::steady_clock::now();
        r = costmodel::recommend_savings_plan(definition, q, options, "<bench>");
        best_seconds = std::min(best_seconds, seconds_since(start));
    }
    std::printf("%zu hours x %zu usage lines, %zu curve points\n", hours, usage, points);
    std::printf("costmodel recommend_savings_plan: %.3f s (best of 3), commitment %s per hour, exact total %s, curve minimum %.6f\n",
                best_seconds, r.best.commitment_per_hour.to_string().c_str(), r.best.total.to_string().c_str(), r.curve_minimum);
    if (python) {
        const std::string command = costmodel_bench::shell_quote(interpreter) + " " +
                                    costmodel_bench::shell_quote(std::string(COSTMODEL_SOURCE_DIR) + "/bench/recommend_peer.py") + " --hours " +
                                    std::to_string(hours) + " --usage " + std::to_string(usage) + " --points " + std::to_string(points);
        const nlohmann::json peer = costmodel_bench::run_json_command(command, "the NumPy peer");
        const double peer_seconds = peer.at("seconds").get<double>();
        std::printf("NumPy vectorised search:          %.3f s (best of 3), optimum %.6f per hour, curve minimum %.6f\n", peer_seconds,
                    peer.at("optimum").get<double>(), peer.at("minimum").get<double>());
        std::printf("ratio NumPy / costmodel: %.2fx\n", peer_seconds / best_seconds);
    }
    return 0;
}
