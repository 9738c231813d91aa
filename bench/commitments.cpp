// bench_commitments: Savings Plans applied to a year of hours of 1,000 usage lines by
// costmodel::apply_savings_plans, against the same walk in Python's decimal and as a NumPy float64
// per-hour loop (the peers, bench/commitments.py), in the same run.
//
//   bench_commitments [--hours H] [--usage N] [--seed S] [--repeat R] [--python PATH]
//                     [--decimal-hours D] [--no-python]
//
// The generator (splitmix64) is the one of bench/commitments.py, so both sides walk the same hours:
// N usage lines (m5 and c5 instances with Compute and EC2 Instance rates, Fargate vCPU-hours and Lambda
// GB-seconds with Compute rates), one EC2 Instance Savings Plan (m5, us-east-1, 60.00/hour) and one
// Compute Savings Plan (300.00/hour). Timed: apply_savings_plans on the definitions and the hours x
// usage matrix (making the matrix is not timed), CPU time, best of R runs, with the default summary detail and once
// with per-line detail. The decimal peer's hourly totals must equal ours exactly; the NumPy peer's are
// compared exactly with ours (each double converted to the Decimal nearest its shortest text).

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "costmodel/commitments/savings_plans.hpp"

namespace {

using costmodel::Decimal;
using costmodel_bench::splitmix64;

constexpr __int128 units = 10'000'000'000;

struct generated {
    costmodel::commitments_definition definition;
    std::vector<__int128> quantities;
};

generated generate(std::size_t hours, std::size_t usage, std::uint64_t seed) {
    splitmix64 random{seed};
    generated out;
    std::vector<int> kinds;
    for (std::size_t i = 0; i < usage; ++i) {
        const std::uint64_t r = random.next();
        const int kind = static_cast<int>(i % 4);
        kinds.push_back(kind);
        char id[16];
        costmodel::usage_definition line;
        if (kind < 2) {
            std::snprintf(id, sizeof id, "i%04zu", i);
            const __int128 od = 500'000'000 + static_cast<__int128>(r % 5000) * 1'000'000;
            line = {id, Decimal::from_units(od), kind == 0 ? "m5" : "c5", "us-east-1", Decimal::from_units(od * 72 / 100),
                    Decimal::from_units(od * 62 / 100)};
        } else if (kind == 2) {
            std::snprintf(id, sizeof id, "f%04zu", i);
            line = {id, Decimal::from_units(404'800'000), "", "", Decimal::from_units(303'600'000), std::nullopt};
        } else {
            std::snprintf(id, sizeof id, "l%04zu", i);
            line = {id, Decimal::from_units(166'667), "", "", Decimal::from_units(140'000), std::nullopt};
        }
        out.definition.usage.push_back(std::move(line));
    }
    out.quantities.reserve(hours * usage);
    for (std::size_t h = 0; h < hours; ++h) {
        for (std::size_t i = 0; i < usage; ++i) {
            const std::uint64_t r = random.next();
            if (kinds[i] < 2) out.quantities.push_back(static_cast<__int128>(r % 5) * units);
            else if (kinds[i] == 2) out.quantities.push_back(static_cast<__int128>(r % 4000) * units / 100);
            else out.quantities.push_back(static_cast<__int128>(r % 100'000) * units);
        }
    }
    out.definition.savings_plans.push_back({"ec2-m5", costmodel::plan_type::ec2_instance, "m5", "us-east-1", Decimal(60)});
    out.definition.savings_plans.push_back({"compute", costmodel::plan_type::compute, "", "", Decimal(300)});
    return out;
}

// CPU time of this thread: on a shared machine the wall clock also counts the time other processes
// hold the core. The peers measure their process's CPU time likewise (time.process_time()).
double thread_seconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

template <class F>
double best_seconds(int repeat, F&& run) {
    double best = 1e300;
    for (int i = 0; i < repeat; ++i) {
        const double start = thread_seconds();
        run();
        best = std::min(best, thread_seconds() - start);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t hours = 8760;
    std::size_t usage = 1000;
    std::uint64_t seed = 2025;
    int repeat = 5;
    long long decimal_hours = -1;
    bool with_python = true;
    std::string python = costmodel_bench::default_python();
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--hours") hours = std::stoul(value());
        else if (arg == "--usage") usage = std::stoul(value());
        else if (arg == "--seed") seed = std::stoull(value());
        else if (arg == "--repeat") repeat = std::stoi(value());
        else if (arg == "--python") python = value();
        else if (arg == "--decimal-hours") decimal_hours = std::stoll(value());
        else if (arg == "--no-python") with_python = false;
        else {
            std::cerr << "usage: bench_commitments [--hours H] [--usage N] [--seed S] [--repeat R] [--python PATH] "
                         "[--decimal-hours D] [--no-python]\n";
            return 64;
        }
    }

    const generated input = generate(hours, usage, seed);
    costmodel::savings_plans_result result;
    const double summary_seconds = best_seconds(repeat, [&] { result = costmodel::apply_savings_plans(input.definition, input.quantities, hours); });
    costmodel::savings_plans_result lines;
    const double lines_seconds = best_seconds(1, [&] {
        lines = costmodel::apply_savings_plans(input.definition, input.quantities, hours, {costmodel::savings_plans_detail::lines});
    });
    const double usage_hours = static_cast<double>(hours) * static_cast<double>(usage);
    std::printf("bench_commitments: %zu hours x %zu usage lines (%s usage-hours), 1 EC2 Instance + 1 Compute Savings Plan\n", hours,
                usage, costmodel_bench::with_commas(static_cast<long long>(usage_hours)).c_str());
    std::printf("  costmodel (summary detail): %.1f ms (best of %d), %.1f ns per usage-hour%s\n", summary_seconds * 1e3, repeat,
                summary_seconds * 1e9 / usage_hours, result.wide_path ? " [256-bit path]" : "");
    std::printf("  costmodel (lines detail):   %.1f ms, %s usage rows + %s covered rows\n", lines_seconds * 1e3,
                costmodel_bench::with_commas(static_cast<long long>(lines.usage_lines.num_rows())).c_str(),
                costmodel_bench::with_commas(static_cast<long long>(lines.covered_lines.num_rows())).c_str());
    std::printf("  series total %s, on-demand equivalent %s, utilization %s, coverage %s\n", result.totals.total.to_string().c_str(),
                result.totals.on_demand_equivalent.to_string().c_str(), result.totals.utilization->to_string().c_str(),
                result.totals.coverage->to_string().c_str());
    if (!with_python) return 0;

    const std::string script = std::string(COSTMODEL_SOURCE_DIR) + "/bench/commitments.py";
    const std::string command = costmodel_bench::shell_quote(python) + " " + costmodel_bench::shell_quote(script) + " --json --hours " +
                                std::to_string(hours) + " --usage " + std::to_string(usage) + " --seed " + std::to_string(seed) +
                                " --decimal-hours " + std::to_string(decimal_hours);
    const nlohmann::json peer = costmodel_bench::run_json_command(command, "bench/commitments.py");

    const long long walked = peer["decimal_hours"].get<long long>();
    const double decimal_seconds = peer["decimal_seconds"].get<double>();
    std::size_t mismatches = 0;
    const auto& decimal_totals = peer["decimal_totals"];
    for (std::size_t h = 0; h < decimal_totals.size(); ++h) {
        if (Decimal::parse(decimal_totals[h].get<std::string>()) != result.hour_totals[h].total) ++mismatches;
    }
    // The decimal peer's time per hour, scaled to the whole series when it walked fewer hours.
    const double decimal_full = decimal_seconds * static_cast<double>(hours) / static_cast<double>(std::max(1LL, walked));
    std::printf("  Python decimal peer: %.2f s for %lld hours%s -> %.0fx costmodel; hourly totals equal to costmodel's: %s\n",
                decimal_seconds, walked, walked < static_cast<long long>(hours) ? " (scaled to the series)" : "",
                decimal_full / summary_seconds, mismatches == 0 ? "all" : (std::to_string(mismatches) + " differ").c_str());

    const double numpy_seconds = peer["numpy_seconds"].get<double>();
    if (numpy_seconds < 0) {
        std::printf("  NumPy peer: numpy is not installed\n");
        return mismatches == 0 ? 0 : 1;
    }
    Decimal largest;
    std::size_t largest_hour = 0;
    Decimal sum_numpy;
    const auto& numpy_totals = peer["numpy_totals"];
    for (std::size_t h = 0; h < numpy_totals.size(); ++h) {
        const Decimal value = Decimal::from_double(numpy_totals[h].get<double>());
        sum_numpy += value;
        const Decimal difference = abs(value - result.hour_totals[h].total);
        if (difference > largest) {
            largest = difference;
            largest_hour = h;
        }
    }
    std::printf("  NumPy float64 per-hour loop: %.3f s -> costmodel %.1fx faster; largest hourly difference from the exact total %s "
                "(hour %zu), sum of its hourly totals off by %s\n",
                numpy_seconds, numpy_seconds / summary_seconds, largest.to_string().c_str(), largest_hour,
                abs(sum_numpy - result.totals.total).to_string().c_str());
    return mismatches == 0 ? 0 : 1;
}
