// bench_load_catalog: reads one catalog or offer file and prints how many SKUs it kept and how long it
// took. Run it under /usr/bin/time -v for the peak memory (docs/benchmarks.md, "Reading an EC2 offer
// file").
//
//     bench_load_catalog AmazonEC2.json [region ...]
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "costmodel/catalog.hpp"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_load_catalog FILE [REGION ...]\n");
        return 2;
    }
    costmodel::catalog_options options;
    if (argc > 2) options.regions.assign(argv + 2, argv + argc);
    try {
        const auto start = std::chrono::steady_clock::now();
        const costmodel::catalog prices = costmodel::load_catalog(argv[1], options);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("%s: %zu SKUs in %.2f s\n", prices.id().c_str(), prices.size(), took.count());
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
