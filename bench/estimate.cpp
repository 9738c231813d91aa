// bench_estimate: how many priced lines per second costmodel::estimate produces on one core, against
// the same pricing in Python's decimal (the peer, bench/estimate.py), in the same run.
//
//   bench_estimate [--variants N] [--seed S] [--min-seconds X] [--example FILE]
//                  [--python PATH] [--python-variants M] [--no-python]
//
// 1. A generated scenario of 1,000 workloads of 12 kinds (bench/estimate.py makes the same one from the
//    same seed), priced again and again for at least --min-seconds.
// 2. A sweep of N variants (default 100,000) of examples/100k-users.json: each variant scales every
//    workload's usage by a factor from 0.50 to 20.00 drawn with splitmix64 (the same draws as
//    bench/estimate.py), then is priced.
// 3. bench/estimate.py, run with --python (default: $COSTMODEL_BENCH_PYTHON, the project's .venv, python3)
//    on the first M variants (default N): costmodel.estimate from Python (a 20-workload call, the
//    1,000-workload scenario, the sweep) and the peer on the same inputs. Its totals must equal ours.
//
// "Priced lines" are the estimate's lines (one per tier reached). C++ timing covers estimate() — metering
// and pricing — only; parsing and making the variants are not timed (parsing is reported apart).

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "bench_support.hpp"

namespace {

using costmodel_bench::default_python;
using costmodel_bench::run_json_command;
using costmodel_bench::shell_quote;

using costmodel::Decimal;
using clock_type = std::chrono::steady_clock;

using costmodel_bench::splitmix64;

// ------------------------------------------------------------------ the generated 1,000-workload scenario

std::string generated_scenario(std::uint64_t seed, int workloads) {
    splitmix64 random{seed};
    std::ostringstream out;
    out << R"({"schema": "costmodel/scenario/v1", "name": "generated-)" << workloads << R"(", "workloads": [)";
    for (int i = 0; i < workloads; ++i) {
        const std::uint64_t r = random.next();
        char name[16];
        std::snprintf(name, sizeof name, "w%04d", i);
        out << (i ? ",\n" : "\n") << R"({"name": ")" << name << R"(", )";
        switch (i % 12) {
            case 0:
            case 1:
                out << R"("service": "lambda", "arch": ")" << (i % 12 == 0 ? "x86_64" : "arm64") << R"(", "invocations_per_month": )"
                    << 1000 + r % 5000000 << R"(, "duration_ms": )" << 1 + (r >> 20) % 3000 << R"(, "memory_mb": )"
                    << 128 * (1 + (r >> 32) % 16);
                break;
            case 2:
                out << R"("service": "fargate", "vcpu": 1, "memory_gb": )" << 2 + r % 7 << R"(, "tasks": )" << 1 + (r >> 8) % 4
                    << R"(, "runs_per_month": )" << 1 + (r >> 16) % 60 << R"(, "run_minutes": )" << 1 + (r >> 24) % 90;
                break;
            case 3:
                out << R"("service": "glue_job", "dpu": )" << 2 + r % 10 << R"(, "runs_per_week": )" << 1 + (r >> 8) % 14
                    << R"(, "run_minutes": )" << 1 + (r >> 16) % 60;
                break;
            case 4:
                out << R"("service": "glue_crawler", "runs_per_month": )" << 1 + r % 30 << R"(, "run_minutes": )" << 1 + (r >> 8) % 30;
                break;
            case 5:
                out << R"("service": "athena", "queries_per_month": )" << 1 + r % 100000 << R"(, "scanned_mb_per_query": )"
                    << 1 + (r >> 20) % 5000;
                break;
            case 6:
                out << R"("service": "s3", "storage_gb": )" << 1 + r % 100000 << R"(, "put_requests_per_month": )"
                    << 1000 * ((r >> 20) % 1000) << R"(, "get_requests_per_month": )" << 1000 * ((r >> 30) % 10000);
                break;
            case 7:
                out << R"("service": "step_functions", "type": "standard", "transitions_per_month": )" << r % 10000000;
                break;
            case 8:
                out << R"("service": "cloudwatch", "logs_ingested_gb": )" << r % 100 << R"(, "logs_stored_gb": )" << (r >> 8) % 1000
                    << R"(, "custom_metrics": )" << (r >> 20) % 500 << R"(, "dashboards": )" << (r >> 32) % 5 << R"(, "alarms": )"
                    << (r >> 40) % 20;
                break;
            case 9:
                out << R"("service": "vpc_endpoint", "endpoints": )" << 1 + r % 5 << R"(, "azs": )" << 1 + (r >> 8) % 3
                    << R"(, "data_processed_gb": )" << (r >> 16) % 10000;
                break;
            case 10:
                out << R"("service": "bedrock", "model": "anthropic.claude-3-haiku", "input_tokens_per_month": )" << r % 10000000
                    << R"(, "output_tokens_per_month": )" << (r >> 24) % 1000000;
                break;
            default:
                out << R"("service": "cloudtrail", "data_events_per_month": )" << r % 10000000;
                break;
        }
        out << "}";
    }
    out << "\n]}\n";
    return out.str();
}

// ---------------------------------------------------------------------------- variants of the example

// A factor from 0.50 to 20.00 in steps of 0.01.
Decimal factor(std::uint64_t r) { return Decimal::from_units(static_cast<__int128>(50 + r % 1951) * 100'000'000); }

void scale(Decimal& value, Decimal f) { value = Decimal::multiply(value, f); }
void scale(std::optional<Decimal>& value, Decimal f) {
    if (value) *value = Decimal::multiply(*value, f);
}
void scale(costmodel::repetition& runs, Decimal f) {
    scale(runs.runs_per_month, f);
    scale(runs.runs_per_week, f);
}

// Scales a workload's usage (not its sizes or prices) by `f`; bench/estimate.py scales the same keys.
struct scaler {
    Decimal f;
    void operator()(costmodel::lambda_workload& w) const { scale(w.invocations_per_month, f); scale(w.invocations_per_week, f); }
    void operator()(costmodel::fargate_workload& w) const { scale(w.runs, f); }
    void operator()(costmodel::glue_job_workload& w) const { scale(w.runs, f); }
    void operator()(costmodel::glue_crawler_workload& w) const { scale(w.runs, f); }
    void operator()(costmodel::glue_catalog_workload& w) const { scale(w.objects, f); scale(w.requests_per_month, f); }
    void operator()(costmodel::athena_workload& w) const { scale(w.queries_per_month, f); scale(w.queries_per_week, f); }
    void operator()(costmodel::s3_workload& w) const {
        scale(w.storage_gb, f); scale(w.put_requests_per_month, f); scale(w.get_requests_per_month, f);
    }
    void operator()(costmodel::step_functions_workload& w) const { scale(w.transitions_per_month, f); scale(w.requests_per_month, f); }
    void operator()(costmodel::ecr_workload& w) const { scale(w.storage_gb, f); }
    void operator()(costmodel::bedrock_workload& w) const { scale(w.input_tokens_per_month, f); scale(w.output_tokens_per_month, f); }
    void operator()(costmodel::cloudwatch_workload& w) const {
        scale(w.logs_ingested_gb, f); scale(w.logs_stored_gb, f); scale(w.custom_metrics, f);
    }
    void operator()(costmodel::vpc_endpoint_workload& w) const { scale(w.data_processed_gb, f); }
    void operator()(costmodel::nat_gateway_workload& w) const { scale(w.data_processed_gb, f); }
    void operator()(costmodel::cloudtrail_workload& w) const { scale(w.data_events_per_month, f); }
    void operator()(costmodel::ec2_workload&) const {}
    void operator()(costmodel::fixed_workload&) const {}
};

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

struct figures {
    explicit figures(std::string label) : name(std::move(label)) {}
    std::string name;
    long long estimates = 0;
    long long lines = 0;
    double seconds = 0;
    Decimal checksum;
    [[nodiscard]] double lines_per_second() const { return static_cast<double>(lines) / seconds; }
    [[nodiscard]] double microseconds_per_estimate() const { return seconds * 1e6 / static_cast<double>(estimates); }
};

// Runs bench/estimate.py --json and returns what it prints.
nlohmann::json run_python(const std::string& python, long long variants, std::uint64_t seed, const std::string& example) {
    const std::string script = std::string(COSTMODEL_SOURCE_DIR) + "/bench/estimate.py";
    const std::string command = shell_quote(python) + " " + shell_quote(script) + " --json --variants " + std::to_string(variants) +
                                " --seed " + std::to_string(seed) + " --example " + shell_quote(example);
    return run_json_command(command, "bench/estimate.py");
}

std::string with_commas(double value) { return costmodel_bench::with_commas(static_cast<long long>(value + 0.5)); }

}  // namespace

int main(int argc, char** argv) {
    long long variants = 100000;
    long long python_variants = -1;  // default: the same as variants
    std::uint64_t seed = 20251001;
    double min_seconds = 1.0;
    bool with_python = true;
    std::string python = default_python();
    std::string example = std::string(COSTMODEL_SOURCE_DIR) + "/examples/100k-users.json";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "bench_estimate: " << arg << " needs a value\n";
                std::exit(64);
            }
            return argv[++i];
        };
        if (arg == "--variants") variants = std::stoll(value());
        else if (arg == "--python-variants") python_variants = std::stoll(value());
        else if (arg == "--seed") seed = std::stoull(value());
        else if (arg == "--min-seconds") min_seconds = std::stod(value());
        else if (arg == "--example") example = value();
        else if (arg == "--python") python = value();
        else if (arg == "--no-python") with_python = false;
        else {
            std::cerr << "usage: bench_estimate [--variants N] [--seed S] [--min-seconds X] [--example FILE] [--python PATH] "
                         "[--python-variants M] [--no-python]\n";
            return 64;
        }
    }
    if (python_variants < 0 || python_variants > variants) python_variants = variants;
    const costmodel::catalog& prices = costmodel::builtin_catalog();

    // 1. The 1,000-workload scenario.
    const std::string text = generated_scenario(seed, 1000);
    figures parse{"parse the 1,000-workload scenario"};
    {
        const auto start = clock_type::now();
        do {
            const costmodel::scenario s = costmodel::parse_scenario(text, "generated");
            ++parse.estimates;
        } while (seconds_since(start) < min_seconds / 4);
        parse.seconds = seconds_since(start);
    }
    const costmodel::scenario big = costmodel::parse_scenario(text, "generated");
    figures thousand{"1,000 workloads"};
    {
        thousand.checksum = costmodel::estimate(big, prices).total;  // warm-up
        const auto start = clock_type::now();
        do {
            const costmodel::estimate_result result = costmodel::estimate(big, prices);
            ++thousand.estimates;
            thousand.lines += static_cast<long long>(result.line_count());
        } while (seconds_since(start) < min_seconds);
        thousand.seconds = seconds_since(start);
    }
    figures metering{"1,000 workloads, meter() only"};
    {
        const auto start = clock_type::now();
        do {
            std::vector<costmodel::warning> warnings;
            const costmodel::table::table usage = costmodel::stages::meter(big, warnings);
            ++metering.estimates;
            metering.lines += static_cast<long long>(usage.num_rows());
        } while (seconds_since(start) < min_seconds / 2);
        metering.seconds = seconds_since(start);
    }

    // 2. The sweep of variants of the example. Only estimate() is timed.
    const costmodel::scenario base = costmodel::load_scenario(example);
    figures sweep{"sweep of " + with_commas(static_cast<double>(variants)) + " variants of " + base.name};
    Decimal python_prefix_checksum;
    {
        splitmix64 random{seed};
        clock_type::duration spent{};
        for (long long v = 0; v < variants; ++v) {
            costmodel::scenario variant = base;
            for (costmodel::workload& w : variant.workloads) std::visit(scaler{factor(random.next())}, w.spec);
            const auto start = clock_type::now();
            const costmodel::estimate_result result = costmodel::estimate(variant, prices);
            spent += clock_type::now() - start;
            ++sweep.estimates;
            sweep.lines += static_cast<long long>(result.line_count());
            sweep.checksum += result.total;
            if (v + 1 == python_variants) python_prefix_checksum = sweep.checksum;
        }
        sweep.seconds = std::chrono::duration<double>(spent).count();
    }

    // The same sweep through estimate_many: the variants made first, then priced in one call — on one
    // core, and on every core. Its checksum must equal the one-by-one sweep's.
    figures batch{"the same sweep, estimate_many on one core"};
    figures batch_all{"the same sweep, estimate_many on every core"};
    {
        std::vector<costmodel::scenario> all;
        all.reserve(static_cast<std::size_t>(variants));
        splitmix64 random{seed};
        for (long long v = 0; v < variants; ++v) {
            costmodel::scenario variant = base;
            for (costmodel::workload& w : variant.workloads) std::visit(scaler{factor(random.next())}, w.spec);
            all.push_back(std::move(variant));
        }
        for (figures* f : {&batch, &batch_all}) {
            const auto start = clock_type::now();
            const costmodel::estimate_batch result = costmodel::estimate_many(all, prices, f == &batch ? 1U : 0U);
            f->seconds = seconds_since(start);
            f->estimates = variants;
            f->lines = static_cast<long long>(result.lines.num_rows());
            for (const __int128 units : result.totals.decimals("total")) f->checksum += Decimal::from_units(units);
            if (f->checksum != sweep.checksum) {
                std::cerr << "bench_estimate: estimate_many's checksum " << f->checksum.to_string() << " differs from "
                          << sweep.checksum.to_string() << "\n";
                return 1;
            }
        }
    }

    // The 20-workload example as the Python binding handles it: parse, estimate, JSON text.
    double example_parse_us = 0, example_estimate_us = 0, example_json_us = 0;
    {
        std::ifstream in(example, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        const std::string example_text = buffer.str();
        const int calls = 2000;
        clock_type::duration parse_spent{}, estimate_spent{}, json_spent{};
        for (int i = 0; i < calls; ++i) {
            const auto t0 = clock_type::now();
            const costmodel::scenario s = costmodel::parse_scenario(example_text, example);
            const auto t1 = clock_type::now();
            const costmodel::estimate_result result = costmodel::estimate(s, prices);
            const auto t2 = clock_type::now();
            const std::string document = costmodel::estimate_to_json(result, &s.settings, -1);
            const auto t3 = clock_type::now();
            parse_spent += t1 - t0;
            estimate_spent += t2 - t1;
            json_spent += t3 - t2;
        }
        example_parse_us = std::chrono::duration<double, std::micro>(parse_spent).count() / calls;
        example_estimate_us = std::chrono::duration<double, std::micro>(estimate_spent).count() / calls;
        example_json_us = std::chrono::duration<double, std::micro>(json_spent).count() / calls;
    }

    std::cout << "costmodel " << costmodel::version << " estimate benchmark (one core; catalog " << prices.id() << ")\n\n";
    std::printf("%-52s %14s %14s\n", "C++", "lines/s", "us/estimate");
    for (const figures* f : {&thousand, &sweep, &batch, &batch_all}) {
        std::printf("%-52s %14s %14.1f\n", f->name.c_str(), with_commas(f->lines_per_second()).c_str(), f->microseconds_per_estimate());
    }
    std::printf("%-52s %14s %14.1f\n", metering.name.c_str(), with_commas(metering.lines_per_second()).c_str(),
                metering.microseconds_per_estimate());
    std::printf("%-52s %14s %14.1f\n", parse.name.c_str(), "", parse.microseconds_per_estimate());
    std::cout << "  (meter() only: metered usages per second, before prices)\n";
    std::printf("20-workload example, as the Python binding runs it: parse %.1f us + estimate %.1f us + JSON text %.1f us\n",
                example_parse_us, example_estimate_us, example_json_us);
    std::cout << "\n1,000-workload total: " << thousand.checksum.to_string() << "\nsweep checksum (sum of "
              << with_commas(static_cast<double>(sweep.estimates)) << " totals): " << sweep.checksum.to_string() << "\n";
    if (!with_python) return 0;

    // 3. Python: costmodel from Python and the peer, on the same inputs.
    std::cout << "\nrunning bench/estimate.py (" << python << ", " << with_commas(static_cast<double>(python_variants))
              << " variants) ...\n" << std::flush;
    const nlohmann::json py = run_python(python, python_variants, seed, example);
    const auto& generated = py["generated"];
    const auto& py_sweep = py["sweep"];
    const double gen_lines = generated["lines"].get<double>();
    const double py_gen = gen_lines / generated["costmodel_python_s"].get<double>();
    const double peer_gen = gen_lines / generated["peer_s"].get<double>();
    const double py_sw = py_sweep["lines"].get<double>() / py_sweep["costmodel_python_s"].get<double>();
    const double peer_sw = py_sweep["peer_lines"].get<double>() / py_sweep["peer_s"].get<double>();
    std::printf("\n%-40s %16s %16s %16s\n", "lines per second", "1,000 workloads", "sweep", "vs peer");
    std::printf("%-40s %16s %16s %10.0fx /%4.0fx\n", "C++ costmodel::estimate", with_commas(thousand.lines_per_second()).c_str(),
                with_commas(sweep.lines_per_second()).c_str(), thousand.lines_per_second() / peer_gen, sweep.lines_per_second() / peer_sw);
    std::printf("%-40s %16s %16s %10.1fx /%4.1fx\n", "Python costmodel.estimate(dict)", with_commas(py_gen).c_str(),
                with_commas(py_sw).c_str(), py_gen / peer_gen, py_sw / peer_sw);
    std::printf("%-40s %16s %16s %16s\n", "peer: Python decimal", with_commas(peer_gen).c_str(), with_commas(peer_sw).c_str(), "1x");
    std::printf("\nC++ / Python costmodel: %.1fx (1,000 workloads), %.1fx (sweep)\n", thousand.lines_per_second() / py_gen,
                sweep.lines_per_second() / py_sw);
    const auto& call = py["example_call_us"];
    std::printf("20-workload estimate from Python (%d workloads): median %.0f us, best %.0f us per call (target: under 1 ms)\n",
                call["workloads"].get<int>(), call["median"].get<double>(), call["best"].get<double>());
    const bool same_total = generated["total"].get<std::string>() == thousand.checksum.to_string();
    const bool same_sweep = py_sweep["checksum"].get<std::string>() == python_prefix_checksum.to_string() &&
                            py_sweep["peer_checksum"].get<std::string>() == python_prefix_checksum.to_string();
    std::cout << "results: 1,000-workload total " << (same_total ? "equal" : "DIFFERENT") << " in C++, Python and the peer; sweep checksum of "
              << with_commas(static_cast<double>(python_variants)) << " variants " << (same_sweep ? "equal" : "DIFFERENT") << " ("
              << python_prefix_checksum.to_string() << ")\n";
    std::cout << "Python " << py["python"].get<std::string>() << "\n";
    return same_total && same_sweep ? 0 : 1;
}
