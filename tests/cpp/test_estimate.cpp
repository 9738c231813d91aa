// Estimates with the built-in catalog (AWS us-east-1 list prices, 2025-10): per service, cases a person
// can check by hand — each tier boundary, tiers aggregated across workloads of one SKU, free tiers on
// and off, billing minimums, line rounding, cost per user, audits of stated figures and warnings.
//
// Prices used below (docs/catalog-keys.md): Lambda requests 0.0000002; Lambda x86 duration
// 0.0000166667 / 0.000015 / 0.0000133334 per GB-s (tiers at 6B and 15B GB-s); arm 0.0000133334 /
// 0.0000120001 / 0.0000106667 (7.5B, 18.75B); Fargate x86 0.04048 per vCPU-h, 0.004445 per GB-h.

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using namespace costmodel::literals;
using costmodel::Decimal;
using costmodel::estimate_line;
using costmodel::estimate_result;

namespace {

using costmodel_test::document;

estimate_result run(std::string_view workloads, std::string_view settings = "") {
    return costmodel::estimate(costmodel::parse_scenario(document(workloads, settings), "test.json"),
                               costmodel::builtin_catalog());
}

// The lines of one workload, in order.
std::vector<estimate_line> lines_of(const estimate_result& result, std::string_view workload) {
    std::vector<estimate_line> found;
    for (const estimate_line& line : result.line_rows()) {
        if (line.workload == workload) found.push_back(line);
    }
    return found;
}

// The one line of `workload` named `component`; fails the test when there is none.
estimate_line line(const estimate_result& result, std::string_view workload, std::string_view component) {
    for (const estimate_line& candidate : result.line_rows()) {
        if (candidate.workload == workload && candidate.component == component) return candidate;
    }
    std::string present;
    for (const estimate_line& candidate : result.line_rows()) present += "\n  " + candidate.workload + " / " + candidate.component;
    FAIL("no line " << workload << " / " << component << "; lines:" << present);
    return {};
}

bool has_line(const estimate_result& result, std::string_view workload, std::string_view component) {
    for (const estimate_line& candidate : result.line_rows()) {
        if (candidate.workload == workload && candidate.component == component) return true;
    }
    return false;
}

// quantity × unit_price = cost, exactly, for every line; services and total are the sums of the lines.
void check_sums(const estimate_result& result) {
    Decimal total;
    for (const estimate_line& l : result.line_rows()) {
        INFO(l.workload << " / " << l.component);
        total += l.cost;
    }
    CHECK(result.total == total);
    Decimal by_service;
    for (const auto& [name, cost] : result.services) {
        Decimal sum;
        for (const estimate_line& l : result.line_rows()) {
            if (l.service == name) sum += l.cost;
        }
        CHECK(cost == sum);
        by_service += cost;
    }
    CHECK(by_service == total);
}

}  // namespace

// ---------------------------------------------------------------------------------------------- Lambda

TEST_CASE("Lambda: requests and duration in GB-seconds", "[estimate][lambda]") {
    // 1,000,000 × 100 ms × 1024 MB / 1024 = 100,000 GB-s.
    const auto r = run(R"({"name": "api", "service": "lambda", "invocations_per_month": 1000000, "duration_ms": 100, "memory_mb": 1024})");
    const auto requests = line(r, "api", "requests");
    CHECK(requests.quantity == "1000000"_d);
    CHECK(requests.unit == "request");
    CHECK(requests.unit_price == "0.0000002"_d);
    CHECK(requests.cost == "0.2"_d);
    const auto duration = line(r, "api", "duration (tier 1)");
    CHECK(duration.quantity == "100000"_d);
    CHECK(duration.unit == "GB-second");
    CHECK(duration.unit_price == "0.0000166667"_d);
    CHECK(duration.cost == "1.66667"_d);
    CHECK(r.total == "1.86667"_d);
    REQUIRE(r.services.size() == 1);
    CHECK(r.services[0].first == "lambda");
    check_sums(r);
}

TEST_CASE("Lambda: duration rounds up to the millisecond; memory GB = MB / 1024", "[estimate][lambda]") {
    // 1,000 × 101 ms (100.2 rounded up) × 1 GB = 101 GB-s; 1,000 × 100 ms × 1536/1024 GB = 150 GB-s.
    const auto r = run(R"({"name": "a", "service": "lambda", "invocations_per_month": 1000, "duration_ms": "100.2", "memory_mb": 1024},
                          {"name": "b", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 100, "memory_mb": 1536},
                          {"name": "c", "service": "lambda", "invocations_per_month": 1000, "duration_ms": "0.3"})");
    CHECK(line(r, "a", "duration (tier 1)").quantity == "101"_d);
    CHECK(line(r, "b", "duration (tier 1)").quantity == "150"_d);
    // At least 1 ms: 1,000 × 1 ms × 128/1024 GB = 0.125 GB-s.
    CHECK(line(r, "c", "duration (tier 1)").quantity == "0.125"_d);
}

TEST_CASE("Lambda: invocations per week use weeks_per_month (52/12 exactly by default)", "[estimate][lambda]") {
    // 12 a week × 52/12 = 52 a month; × 1 s × 1 GB = 52 GB-s.
    const auto r = run(R"({"name": "weekly", "service": "lambda", "invocations_per_week": 12, "duration_ms": 1000, "memory_mb": 1024})");
    CHECK(line(r, "weekly", "requests").quantity == "52"_d);
    CHECK(line(r, "weekly", "duration (tier 1)").quantity == "52"_d);
    const auto four = run(R"({"name": "weekly", "service": "lambda", "invocations_per_week": 12, "duration_ms": 1000, "memory_mb": 1024})",
                          R"("weeks_per_month": 4)");
    CHECK(line(four, "weekly", "requests").quantity == "48"_d);
}

TEST_CASE("Lambda x86 duration tiers: 6B and 15B GB-seconds", "[estimate][lambda][tiers]") {
    // 1 GB × 1 s per invocation: GB-seconds = invocations.
    SECTION("exactly 6B GB-s stays in tier 1") {
        const auto r = run(R"({"name": "big", "service": "lambda", "invocations_per_month": 6000000000, "duration_ms": 1000, "memory_mb": 1024})");
        const auto tier1 = line(r, "big", "duration (tier 1)");
        CHECK(tier1.quantity == "6000000000"_d);
        CHECK(tier1.cost == "100000.2"_d);
        CHECK_FALSE(has_line(r, "big", "duration (tier 2)"));
        CHECK(line(r, "big", "requests").cost == "1200"_d);
        CHECK(r.total == "101200.2"_d);
    }
    SECTION("one GB-s more reaches tier 2") {
        const auto r = run(R"({"name": "big", "service": "lambda", "invocations_per_month": 6000000001, "duration_ms": 1000, "memory_mb": 1024})");
        CHECK(line(r, "big", "duration (tier 1)").quantity == "6000000000"_d);
        const auto tier2 = line(r, "big", "duration (tier 2)");
        CHECK(tier2.quantity == "1"_d);
        CHECK(tier2.unit_price == "0.000015"_d);
        CHECK(tier2.cost == "0.000015"_d);
    }
    SECTION("16B GB-s spans all three tiers") {
        const auto r = run(R"({"name": "big", "service": "lambda", "invocations_per_month": 16000000000, "duration_ms": 1000, "memory_mb": 1024})");
        CHECK(line(r, "big", "duration (tier 1)").cost == "100000.2"_d);   // 6B × 0.0000166667
        CHECK(line(r, "big", "duration (tier 2)").quantity == "9000000000"_d);
        CHECK(line(r, "big", "duration (tier 2)").cost == "135000"_d);     // 9B × 0.000015
        CHECK(line(r, "big", "duration (tier 3)").quantity == "1000000000"_d);
        CHECK(line(r, "big", "duration (tier 3)").cost == "13333.4"_d);    // 1B × 0.0000133334
        check_sums(r);
    }
}

TEST_CASE("Lambda arm duration tiers: 7.5B and 18.75B GB-seconds", "[estimate][lambda][tiers]") {
    const auto r = run(
        R"({"name": "arm", "service": "lambda", "arch": "arm64", "invocations_per_month": 8000000000, "duration_ms": 1000, "memory_mb": 1024})");
    CHECK(line(r, "arm", "duration (tier 1)").quantity == "7500000000"_d);
    CHECK(line(r, "arm", "duration (tier 1)").cost == "100000.5"_d);  // 7.5B × 0.0000133334
    CHECK(line(r, "arm", "duration (tier 2)").quantity == "500000000"_d);
    CHECK(line(r, "arm", "duration (tier 2)").cost == "6000.05"_d);   // 0.5B × 0.0000120001
    const auto beyond = run(
        R"({"name": "arm", "service": "lambda", "arch": "arm64", "invocations_per_month": 18750000001, "duration_ms": 1000, "memory_mb": 1024})");
    CHECK(line(beyond, "arm", "duration (tier 2)").quantity == "11250000000"_d);
    CHECK(line(beyond, "arm", "duration (tier 3)").quantity == "1"_d);
    CHECK(line(beyond, "arm", "duration (tier 3)").unit_price == "0.0000106667"_d);
}

TEST_CASE("Lambda tiers aggregate across the functions of one architecture, in workload order", "[estimate][lambda][tiers]") {
    // 4B GB-s then 3B GB-s of x86: the second function's first 2B are in tier 1, its last 1B in tier 2.
    const auto r = run(R"({"name": "first", "service": "lambda", "invocations_per_month": 4000000000, "duration_ms": 1000, "memory_mb": 1024},
                          {"name": "second", "service": "lambda", "invocations_per_month": 3000000000, "duration_ms": 1000, "memory_mb": 1024})");
    CHECK(line(r, "first", "duration (tier 1)").quantity == "4000000000"_d);
    CHECK(line(r, "first", "duration (tier 1)").cost == "66666.8"_d);
    CHECK_FALSE(has_line(r, "first", "duration (tier 2)"));
    CHECK(line(r, "second", "duration (tier 1)").quantity == "2000000000"_d);
    CHECK(line(r, "second", "duration (tier 1)").cost == "33333.4"_d);
    CHECK(line(r, "second", "duration (tier 2)").quantity == "1000000000"_d);
    CHECK(line(r, "second", "duration (tier 2)").cost == "15000"_d);
    CHECK(r.workload_total("second") == "48933.4"_d);  // 33,333.4 + 15,000 + 600 (3B requests)
    check_sums(r);

    SECTION("arm and x86 do not share tiers") {
        const auto mixed = run(
            R"({"name": "x86", "service": "lambda", "invocations_per_month": 4000000000, "duration_ms": 1000, "memory_mb": 1024},
               {"name": "arm", "service": "lambda", "arch": "arm64", "invocations_per_month": 4000000000, "duration_ms": 1000, "memory_mb": 1024})");
        CHECK(line(mixed, "arm", "duration (tier 1)").quantity == "4000000000"_d);
        CHECK(line(mixed, "arm", "duration (tier 1)").cost == "53333.6"_d);
        CHECK_FALSE(has_line(mixed, "arm", "duration (tier 2)"));
        CHECK_FALSE(has_line(mixed, "x86", "duration (tier 2)"));
    }
}

TEST_CASE("Lambda free tier: 1M requests and 400,000 GB-s, shared by x86 and arm", "[estimate][lambda][free-tier]") {
    // Each function: 300,000 × 1 s × 1 GB = 300,000 GB-s and 300,000 requests.
    const char* const functions =
        R"({"name": "x86", "service": "lambda", "invocations_per_month": 300000, "duration_ms": 1000, "memory_mb": 1024},
           {"name": "arm", "service": "lambda", "arch": "arm64", "invocations_per_month": 300000, "duration_ms": 1000, "memory_mb": 1024})";
    SECTION("on: the x86 function draws 300,000 GB-s, the arm one the remaining 100,000") {
        const auto r = run(functions, R"("free_tier": true)");
        const auto free_x86 = line(r, "x86", "duration (free tier)");
        CHECK(free_x86.quantity == "300000"_d);
        CHECK(free_x86.cost == "0"_d);
        CHECK(free_x86.unit_price == "0"_d);
        CHECK_FALSE(has_line(r, "x86", "duration (tier 1)"));
        CHECK(line(r, "arm", "duration (free tier)").quantity == "100000"_d);
        CHECK(line(r, "arm", "duration (tier 1)").quantity == "200000"_d);
        CHECK(line(r, "arm", "duration (tier 1)").cost == "2.66668"_d);  // 200,000 × 0.0000133334
        // 600,000 requests in all: free.
        CHECK(line(r, "x86", "requests (free tier)").quantity == "300000"_d);
        CHECK(line(r, "arm", "requests (free tier)").quantity == "300000"_d);
        CHECK_FALSE(has_line(r, "arm", "requests"));
        CHECK(r.total == "2.66668"_d);
        check_sums(r);
    }
    SECTION("off (the default): everything is billed") {
        const auto r = run(functions);
        CHECK_FALSE(has_line(r, "x86", "duration (free tier)"));
        CHECK(line(r, "x86", "duration (tier 1)").cost == "5.00001"_d);  // 300,000 × 0.0000166667
        CHECK(line(r, "arm", "duration (tier 1)").cost == "4.00002"_d);  // 300,000 × 0.0000133334
        CHECK(line(r, "x86", "requests").cost == "0.06"_d);
        CHECK(r.total == "9.12003"_d);
    }
    SECTION("requests beyond the free million") {
        const auto r = run(R"({"name": "f", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 1})",
                           R"("free_tier": true)");
        CHECK(line(r, "f", "requests (free tier)").quantity == "1000000"_d);
        CHECK(line(r, "f", "requests").quantity == "2000000"_d);
        CHECK(line(r, "f", "requests").cost == "0.4"_d);
        // 3,000,000 × 1 ms × 128/1024 GB = 375 GB-s, all free.
        CHECK(line(r, "f", "duration (free tier)").quantity == "375"_d);
        CHECK(r.total == "0.4"_d);
    }
}

TEST_CASE("Lambda ephemeral storage above 512 MB", "[estimate][lambda]") {
    // (2048 - 512) / 1024 = 1.5 GB × 1,000,000 s = 1,500,000 GB-s × 0.0000000309; no free tier for it.
    const auto r = run(R"({"name": "etl", "service": "lambda", "invocations_per_month": 1000000, "duration_ms": 1000,
                           "ephemeral_storage_mb": 2048})",
                       R"("free_tier": true)");
    const auto storage = line(r, "etl", "ephemeral_storage");
    CHECK(storage.quantity == "1500000"_d);
    CHECK(storage.cost == "0.04635"_d);
    CHECK_FALSE(has_line(r, "etl", "ephemeral_storage (free tier)"));
}

TEST_CASE("Lambda provisioned concurrency", "[estimate][lambda]") {
    // 10 × 1 GB × 100 h × 3600 s = 3,600,000 GB-s × 0.0000041667 = 15.00012;
    // 100,000 × 1 s × 1 GB = 100,000 GB-s at the provisioned duration price 0.0000097222.
    const auto r = run(R"({"name": "pc", "service": "lambda", "invocations_per_month": 100000, "duration_ms": 1000, "memory_mb": 1024,
                           "provisioned_concurrency": 10, "provisioned_hours_per_month": 100})");
    CHECK(line(r, "pc", "provisioned_concurrency").quantity == "3600000"_d);
    CHECK(line(r, "pc", "provisioned_concurrency").cost == "15.00012"_d);
    CHECK(line(r, "pc", "provisioned_duration").quantity == "100000"_d);
    CHECK(line(r, "pc", "provisioned_duration").cost == "0.97222"_d);
    CHECK_FALSE(has_line(r, "pc", "duration (tier 1)"));
    // Without provisioned_hours_per_month: the scenario's 730 hours.
    const auto always = run(R"({"name": "pc", "service": "lambda", "invocations_per_month": 0, "duration_ms": 1000, "memory_mb": 1024,
                                "provisioned_concurrency": 10})");
    CHECK(line(always, "pc", "provisioned_concurrency").quantity == "26280000"_d);
    CHECK(line(always, "pc", "provisioned_concurrency").cost == "109.500876"_d);
}

// --------------------------------------------------------------------------------------------- Fargate

TEST_CASE("Fargate: vCPU-hours and GB-hours per second of task time", "[estimate][fargate]") {
    // 5 tasks × 30 runs × 600 s = 90,000 s = 25 task-hours.
    const auto r = run(R"({"name": "svc", "service": "fargate", "vcpu": 1, "memory_gb": 2, "tasks": 5, "runs_per_month": 30, "run_seconds": 600})");
    const auto vcpu = line(r, "svc", "vcpu");
    CHECK(vcpu.quantity == "25"_d);
    CHECK(vcpu.unit == "vCPU-hour");
    CHECK(vcpu.cost == "1.012"_d);
    const auto memory = line(r, "svc", "memory");
    CHECK(memory.quantity == "50"_d);
    CHECK(memory.unit == "GB-hour");
    CHECK(memory.cost == "0.22225"_d);
    CHECK_FALSE(has_line(r, "svc", "ephemeral_storage"));
    CHECK(r.warnings.empty());
    check_sums(r);
}

TEST_CASE("Fargate billing minimums and rounding to the second", "[estimate][fargate]") {
    SECTION("Linux: 1-minute minimum per run") {
        // 60 runs of 30 s are billed 60 × 60 s = 1 hour.
        const auto r = run(R"({"name": "short", "service": "fargate", "vcpu": 1, "memory_gb": 2, "runs_per_month": 60, "run_seconds": 30})");
        CHECK(line(r, "short", "vcpu").quantity == "1"_d);
        CHECK(line(r, "short", "vcpu").cost == "0.04048"_d);
    }
    SECTION("each run rounds up to the second") {
        // 20 runs of 179.5 s are billed 20 × 180 s = 1 hour.
        const auto r = run(R"({"name": "odd", "service": "fargate", "vcpu": 1, "memory_gb": 2, "runs_per_month": 20, "run_seconds": "179.5"})");
        CHECK(line(r, "odd", "vcpu").quantity == "1"_d);
    }
    SECTION("Windows: 5-minute minimum, OS licence per vCPU-hour") {
        // 12 runs of 2 minutes are billed 12 × 300 s = 1 hour.
        const auto r = run(R"({"name": "win", "service": "fargate", "os": "windows", "vcpu": 1, "memory_gb": 2, "runs_per_month": 12, "run_minutes": 2})");
        CHECK(line(r, "win", "vcpu").quantity == "1"_d);
        CHECK(line(r, "win", "vcpu").cost == "0.09148"_d);
        CHECK(line(r, "win", "os_license").cost == "0.046"_d);
        CHECK(line(r, "win", "memory").cost == "0.0201"_d);  // 2 GB-h × 0.01005
    }
}

TEST_CASE("Fargate arm, Spot, always-on tasks and ephemeral storage", "[estimate][fargate]") {
    const auto r = run(
        R"({"name": "arm", "service": "fargate", "arch": "arm64", "vcpu": 1, "memory_gb": 2, "runs_per_month": 1, "run_minutes": 60},
           {"name": "spot", "service": "fargate", "capacity": "spot", "spot_discount": "0.70", "vcpu": 1, "memory_gb": 2, "runs_per_month": 1, "run_minutes": 60},
           {"name": "always", "service": "fargate", "vcpu": "0.5", "memory_gb": 1, "tasks": 2, "hours_per_month": 730},
           {"name": "disk", "service": "fargate", "vcpu": 1, "memory_gb": 2, "ephemeral_storage_gb": 30, "runs_per_month": 10, "run_minutes": 60})");
    CHECK(line(r, "arm", "vcpu").cost == "0.03238"_d);
    CHECK(line(r, "arm", "memory").cost == "0.00712"_d);      // 2 × 0.00356
    CHECK(line(r, "spot", "vcpu").unit_price == "0.012144"_d);  // 0.04048 × 0.30
    CHECK(line(r, "spot", "vcpu").cost == "0.012144"_d);
    CHECK(line(r, "spot", "memory").unit_price == "0.0013335"_d);  // 0.004445 × 0.30
    CHECK(line(r, "always", "vcpu").quantity == "730"_d);      // 2 tasks × 730 h × 0.5 vCPU
    CHECK(line(r, "always", "vcpu").cost == "29.5504"_d);
    CHECK(line(r, "always", "memory").cost == "6.4897"_d);     // 1,460 GB-h × 0.004445
    const auto disk = line(r, "disk", "ephemeral_storage");
    CHECK(disk.quantity == "100"_d);                             // 10 GB above 20 × 10 hours
    CHECK(disk.cost == "0.0111"_d);
    check_sums(r);
}

TEST_CASE("Fargate: a task size Fargate does not offer is priced and warned about", "[estimate][fargate][warnings]") {
    const auto r = run(R"({"name": "training", "service": "fargate", "vcpu": 4, "memory_gb": 64, "runs_per_month": 4, "run_minutes": 30})");
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].workload == "training");
    CHECK_THAT(r.warnings[0].message, Catch::Contains("4 vCPU supports 8-30 GB") && Catch::Contains("64 GB requested"));
    // 4 runs × 0.5 h = 2 task-hours: 8 vCPU-h and 128 GB-h.
    CHECK(line(r, "training", "vcpu").cost == "0.32384"_d);
    CHECK(line(r, "training", "memory").cost == "0.56896"_d);
}

// ------------------------------------------------------------------------------------------------ Glue

TEST_CASE("Glue ETL jobs: DPU-hours per second, 1-minute minimum (Glue 0.9/1.0: 10 minutes)", "[estimate][glue]") {
    const auto r = run(
        R"({"name": "etl", "service": "glue_job", "dpu": 2, "runs_per_week": 1, "run_minutes": 15},
           {"name": "weekly", "service": "glue_job", "dpu": 1, "runs_per_week": 3, "run_minutes": 60},
           {"name": "short", "service": "glue_job", "dpu": 1, "runs_per_month": 60, "run_seconds": 20},
           {"name": "legacy", "service": "glue_job", "dpu": 1, "glue_version": "1.0", "runs_per_month": 6, "run_minutes": 3},
           {"name": "flex", "service": "glue_job", "dpu": 1, "execution_class": "flex", "runs_per_month": 1, "run_minutes": 60},
           {"name": "workers", "service": "glue_job", "workers": 5, "worker_type": "G.2X", "runs_per_month": 1, "run_minutes": 6})",
        R"("weeks_per_month": "52/12")");
    // 52/12 weeks: 1 run a week is 13/3 runs; × 900 s × 2 DPU / 3600 = 13/6 DPU-h, rounded once.
    CHECK(line(r, "etl", "etl").quantity == "2.1666666667"_d);
    CHECK(line(r, "weekly", "etl").quantity == "13"_d);          // 3 × 52/12 = 13 runs × 1 h
    CHECK(line(r, "weekly", "etl").cost == "5.72"_d);
    CHECK(line(r, "short", "etl").quantity == "1"_d);            // 60 runs × 60 s (1-minute minimum)
    CHECK(line(r, "legacy", "etl").quantity == "1"_d);           // 6 runs × 600 s (10-minute minimum)
    CHECK(line(r, "legacy", "etl").cost == "0.44"_d);
    CHECK(line(r, "flex", "etl").unit_price == "0.29"_d);
    CHECK(line(r, "workers", "etl").quantity == "1"_d);          // 5 × G.2X = 10 DPU × 0.1 h

    // The seed document's line: 4 jobs × 15 min × 2 DPU × $0.44 with 4 weeks a month is $0.88.
    const auto seed = run(R"({"name": "glue-etl", "service": "glue_job", "dpu": 2, "runs_per_week": 1, "run_minutes": 15})",
                          R"("weeks_per_month": 4)");
    CHECK(line(seed, "glue-etl", "etl").quantity == "2"_d);
    CHECK(seed.total == "0.88"_d);
}

TEST_CASE("Glue crawlers: 10-minute minimum per run", "[estimate][glue]") {
    const auto r = run(R"({"name": "crawl", "service": "glue_crawler", "runs_per_month": 6, "run_minutes": 5},
                          {"name": "long", "service": "glue_crawler", "dpu": 2, "runs_per_month": 2, "run_minutes": 30})");
    CHECK(line(r, "crawl", "crawler").quantity == "1"_d);  // 6 × 600 s × 1 DPU
    CHECK(line(r, "crawl", "crawler").cost == "0.44"_d);
    CHECK(line(r, "long", "crawler").quantity == "2"_d);   // 2 × 1,800 s × 2 DPU
    CHECK(line(r, "long", "crawler").cost == "0.88"_d);
}

TEST_CASE("Glue Data Catalog: first million objects and requests free with free tiers on", "[estimate][glue][free-tier]") {
    const char* const catalog = R"({"name": "catalog", "service": "glue_catalog", "objects": 1500000, "requests_per_month": 2500000})";
    const auto off = run(catalog);
    CHECK(line(off, "catalog", "storage").cost == "15"_d);     // 1,500,000 × 0.00001
    CHECK(line(off, "catalog", "requests").cost == "2.5"_d);   // 2,500,000 × 0.000001
    CHECK(off.total == "17.5"_d);
    const auto on = run(catalog, R"("free_tier": true)");
    CHECK(line(on, "catalog", "storage (free tier)").quantity == "1000000"_d);
    CHECK(line(on, "catalog", "storage").quantity == "500000"_d);
    CHECK(line(on, "catalog", "requests (free tier)").quantity == "1000000"_d);
    CHECK(line(on, "catalog", "requests").cost == "1.5"_d);
    CHECK(on.total == "6.5"_d);
    // Two catalogs share the pool, in workload order.
    const auto shared = run(R"({"name": "a", "service": "glue_catalog", "objects": 600000},
                               {"name": "b", "service": "glue_catalog", "objects": 600000})",
                            R"("free_tier": true)");
    CHECK(line(shared, "a", "storage (free tier)").quantity == "600000"_d);
    CHECK(line(shared, "b", "storage (free tier)").quantity == "400000"_d);
    CHECK(line(shared, "b", "storage").cost == "2"_d);
}

// ---------------------------------------------------------------------------------------------- Athena

TEST_CASE("Athena: bytes round up to the MB, 10 MB minimum per query, 1 TB = 1,048,576 MB", "[estimate][athena]") {
    const auto r = run(R"({"name": "tb", "service": "athena", "queries_per_month": 1024, "scanned_mb_per_query": 1024},
                          {"name": "small", "service": "athena", "queries_per_month": 1048576, "scanned_mb_per_query": 5},
                          {"name": "odd", "service": "athena", "queries_per_month": 1048576, "scanned_mb_per_query": "10.2"},
                          {"name": "stated", "service": "athena", "scanned_tb_per_month": 3})");
    CHECK(line(r, "tb", "data_scanned").quantity == "1"_d);
    CHECK(line(r, "tb", "data_scanned").unit == "TB");
    CHECK(line(r, "tb", "data_scanned").cost == "5"_d);
    CHECK(line(r, "small", "data_scanned").quantity == "10"_d);  // 10 MB minimum
    CHECK(line(r, "odd", "data_scanned").quantity == "11"_d);    // 10.2 MB → 11 MB
    CHECK(line(r, "stated", "data_scanned").cost == "15"_d);
    // The seed document: 50 queries a week × 10 MB × 4 weeks = 2,000 MB = 0.0019073486 TB (rounded once).
    const auto seed = run(R"({"name": "athena-queries", "service": "athena", "queries_per_week": 50, "scanned_mb_per_query": 10})",
                          R"("weeks_per_month": 4)");
    CHECK(line(seed, "athena-queries", "data_scanned").quantity == "0.0019073486"_d);
    CHECK(seed.total == "0.009536743"_d);
}

// -------------------------------------------------------------------------------------------------- S3

TEST_CASE("S3 storage tiers: 50 TB = 51,200 GB and 500 TB = 512,000 GB", "[estimate][s3][tiers]") {
    SECTION("exactly 50 TB stays in tier 1") {
        const auto r = run(R"({"name": "lake", "service": "s3", "storage_gb": 51200})");
        CHECK(line(r, "lake", "storage (tier 1)").cost == "1177.6"_d);
        CHECK_FALSE(has_line(r, "lake", "storage (tier 2)"));
    }
    SECTION("one GB more reaches tier 2") {
        const auto r = run(R"({"name": "lake", "service": "s3", "storage_gb": 51201})");
        CHECK(line(r, "lake", "storage (tier 2)").quantity == "1"_d);
        CHECK(line(r, "lake", "storage (tier 2)").cost == "0.022"_d);
    }
    SECTION("600,000 GB spans three tiers") {
        const auto r = run(R"({"name": "lake", "service": "s3", "storage_gb": 600000})");
        CHECK(line(r, "lake", "storage (tier 2)").quantity == "460800"_d);
        CHECK(line(r, "lake", "storage (tier 2)").cost == "10137.6"_d);
        CHECK(line(r, "lake", "storage (tier 3)").quantity == "88000"_d);
        CHECK(line(r, "lake", "storage (tier 3)").cost == "1848"_d);
        CHECK(r.total == "13163.2"_d);
    }
    SECTION("two buckets share the tiers") {
        const auto r = run(R"({"name": "a", "service": "s3", "storage_gb": 30000}, {"name": "b", "service": "s3", "storage_gb": 30000})");
        CHECK(line(r, "a", "storage (tier 1)").quantity == "30000"_d);
        CHECK(line(r, "b", "storage (tier 1)").quantity == "21200"_d);
        CHECK(line(r, "b", "storage (tier 1)").cost == "487.6"_d);
        CHECK(line(r, "b", "storage (tier 2)").quantity == "8800"_d);
        CHECK(line(r, "b", "storage (tier 2)").cost == "193.6"_d);
    }
}

TEST_CASE("S3 requests and Intelligent-Tiering monitoring", "[estimate][s3]") {
    const auto r = run(R"({"name": "b", "service": "s3", "storage_gb": 0, "put_requests_per_month": 1000, "get_requests_per_month": 1000},
                          {"name": "it", "service": "s3", "storage_class": "intelligent_tiering", "storage_gb": 100, "objects": 1000})");
    CHECK(line(r, "b", "put_requests").cost == "0.005"_d);
    CHECK(line(r, "b", "get_requests").cost == "0.0004"_d);
    CHECK(line(r, "it", "monitoring").cost == "0.0025"_d);
    CHECK(line(r, "it", "storage (tier 1)").cost == "2.3"_d);
    // Zero storage still shows as a line with cost 0.
    CHECK(line(r, "b", "storage (tier 1)").cost == "0"_d);
}

// -------------------------------------------------------------------------------------- Step Functions

TEST_CASE("Step Functions standard: transitions, 4,000 free with free tiers on", "[estimate][step-functions][free-tier]") {
    const char* const flow = R"({"name": "flow", "service": "step_functions", "type": "standard", "transitions_per_month": 10000})";
    CHECK(line(run(flow), "flow", "transitions").cost == "0.25"_d);
    const auto on = run(flow, R"("free_tier": true)");
    CHECK(line(on, "flow", "transitions (free tier)").quantity == "4000"_d);
    CHECK(line(on, "flow", "transitions").cost == "0.15"_d);
    const auto shared = run(R"({"name": "a", "service": "step_functions", "transitions_per_month": 3000},
                               {"name": "b", "service": "step_functions", "transitions_per_month": 3000})",
                            R"("free_tier": true)");
    CHECK(line(shared, "b", "transitions (free tier)").quantity == "1000"_d);
    CHECK(line(shared, "b", "transitions").cost == "0.05"_d);
}

TEST_CASE("Step Functions express: 100 ms and 64 MB steps; duration tier at 1,000 GB-hours", "[estimate][step-functions][tiers]") {
    // 1,000,000 × 300 ms (250 rounded up) × 64 MB / 1024 = 18,750 GB-s.
    const auto r = run(R"({"name": "x", "service": "step_functions", "type": "express", "requests_per_month": 1000000, "duration_ms": 250, "memory_mb": 64},
                          {"name": "y", "service": "step_functions", "type": "express", "requests_per_month": 1000000, "duration_ms": 100, "memory_mb": 100})");
    CHECK(line(r, "x", "requests").cost == "1"_d);
    CHECK(line(r, "x", "duration (tier 1)").quantity == "18750"_d);
    CHECK(line(r, "x", "duration (tier 1)").cost == "0.3125625"_d);
    CHECK(line(r, "y", "duration (tier 1)").quantity == "12500"_d);  // 100 MB → 128 MB
    SECTION("exactly 3,600,000 GB-s stays in tier 1") {
        const auto edge = run(R"({"name": "x", "service": "step_functions", "type": "express", "requests_per_month": 36000000, "duration_ms": 100, "memory_mb": 1024})");
        CHECK(line(edge, "x", "duration (tier 1)").quantity == "3600000"_d);
        CHECK(line(edge, "x", "duration (tier 1)").cost == "60.012"_d);
        CHECK_FALSE(has_line(edge, "x", "duration (tier 2)"));
    }
    SECTION("one GB-s more reaches tier 2") {
        const auto edge = run(R"({"name": "x", "service": "step_functions", "type": "express", "requests_per_month": 36000010, "duration_ms": 100, "memory_mb": 1024})");
        CHECK(line(edge, "x", "duration (tier 2)").quantity == "1"_d);
        CHECK(line(edge, "x", "duration (tier 2)").cost == "0.00000833"_d);
    }
}

// ------------------------------------------------------------------------------------- ECR and Bedrock

TEST_CASE("ECR storage and Bedrock tokens", "[estimate][ecr][bedrock]") {
    const auto r = run(R"({"name": "ecr", "service": "ecr", "storage_gb": 3},
                          {"name": "haiku", "service": "bedrock", "model": "anthropic.claude-3-haiku", "input_tokens_per_month": 100000, "output_tokens_per_month": 10000},
                          {"name": "titan", "service": "bedrock", "model": "amazon.titan-embed-text-v2", "input_tokens_per_month": 51200})");
    CHECK(line(r, "ecr", "storage").cost == "0.3"_d);
    CHECK(line(r, "haiku", "input_tokens").cost == "0.025"_d);
    CHECK(line(r, "haiku", "output_tokens").cost == "0.0125"_d);
    CHECK(line(r, "titan", "input_tokens").cost == "0.001024"_d);
    check_sums(r);
}

// ------------------------------------------------------------------------------------------ CloudWatch

TEST_CASE("CloudWatch custom metrics tiers: 10,000, 250,000 and 1,000,000 metrics", "[estimate][cloudwatch][tiers]") {
    const auto at = [](const char* metrics) {
        return run(std::string(R"({"name": "cw", "service": "cloudwatch", "custom_metrics": )") + metrics + "}");
    };
    const auto ten_thousand = at("10000");
    CHECK(line(ten_thousand, "cw", "custom_metrics (tier 1)").cost == "3000"_d);
    CHECK_FALSE(has_line(ten_thousand, "cw", "custom_metrics (tier 2)"));
    const auto quarter_million = at("250000");
    CHECK(line(quarter_million, "cw", "custom_metrics (tier 2)").quantity == "240000"_d);
    CHECK(line(quarter_million, "cw", "custom_metrics (tier 2)").cost == "24000"_d);
    CHECK_FALSE(has_line(quarter_million, "cw", "custom_metrics (tier 3)"));
    const auto million = at("1000000");
    CHECK(line(million, "cw", "custom_metrics (tier 3)").quantity == "750000"_d);
    CHECK(line(million, "cw", "custom_metrics (tier 3)").cost == "37500"_d);
    CHECK(million.total == "64500"_d);
    CHECK_FALSE(has_line(million, "cw", "custom_metrics (tier 4)"));
    const auto beyond = at("1000001");
    CHECK(line(beyond, "cw", "custom_metrics (tier 4)").quantity == "1"_d);
    CHECK(line(beyond, "cw", "custom_metrics (tier 4)").cost == "0.02"_d);
}

TEST_CASE("CloudWatch free tier: 5 GB logs, 5 GB storage, 10 metrics, 3 dashboards, 10 alarms", "[estimate][cloudwatch][free-tier]") {
    // The seed document's CloudWatch: 1 GB logs ingested and stored, 20 metrics, 1 dashboard, 5 alarms.
    const char* const cw = R"({"name": "cw", "service": "cloudwatch", "logs_ingested_gb": 1, "logs_stored_gb": 1, "custom_metrics": 20,
                               "dashboards": 1, "alarms": 5, "high_resolution_alarms": 2})";
    const auto off = run(cw);
    CHECK(line(off, "cw", "logs_ingestion").cost == "0.5"_d);
    CHECK(line(off, "cw", "logs_storage").cost == "0.03"_d);
    CHECK(line(off, "cw", "custom_metrics (tier 1)").cost == "6"_d);
    CHECK(line(off, "cw", "dashboards").cost == "3"_d);
    CHECK(line(off, "cw", "alarms").cost == "0.5"_d);
    CHECK(line(off, "cw", "high_resolution_alarms").cost == "0.6"_d);
    CHECK(off.total == "10.63"_d);
    const auto on = run(cw, R"("free_tier": true)");
    CHECK(line(on, "cw", "logs_ingestion (free tier)").cost == "0"_d);
    CHECK(line(on, "cw", "custom_metrics (free tier)").quantity == "10"_d);
    CHECK(line(on, "cw", "custom_metrics (tier 1)").quantity == "10"_d);
    CHECK(line(on, "cw", "custom_metrics (tier 1)").cost == "3"_d);
    CHECK_FALSE(has_line(on, "cw", "high_resolution_alarms (free tier)"));  // the free alarms are standard ones
    CHECK(on.total == "3.6"_d);
}

// ------------------------------------------------------------------------- networking, trail, EC2, fixed

TEST_CASE("VPC endpoints: endpoint-AZ-hours and data processed, tier at 1 PB", "[estimate][vpc-endpoint][tiers]") {
    const auto r = run(R"({"name": "ifaces", "service": "vpc_endpoint", "endpoints": 3, "data_processed_gb": 5},
                          {"name": "two-az", "service": "vpc_endpoint", "endpoints": 1, "azs": 2, "hours_per_month": 100},
                          {"name": "gateway", "service": "vpc_endpoint", "type": "gateway", "endpoints": 1})");
    CHECK(line(r, "ifaces", "endpoint_hours").quantity == "2190"_d);  // 3 × 1 AZ × 730 h
    CHECK(line(r, "ifaces", "endpoint_hours").cost == "21.9"_d);
    CHECK(line(r, "ifaces", "data_processed (tier 1)").cost == "0.05"_d);
    CHECK(line(r, "two-az", "endpoint_hours").quantity == "200"_d);
    for (const estimate_line& l : lines_of(r, "gateway")) {
        INFO(l.component);
        CHECK(l.cost == "0"_d);  // gateway endpoints are free, and still shown
    }
    CHECK_FALSE(lines_of(r, "gateway").empty());
    const auto seed = run(R"({"name": "vpc-interface-endpoints", "service": "vpc_endpoint", "endpoints": 3, "azs": 1, "data_processed_gb": 5})",
                          R"("hours_per_month": 720)");
    CHECK(seed.total == "21.65"_d);  // 2,160 endpoint-hours × 0.01 + 5 GB × 0.01
    SECTION("1 PB = 1,048,576 GB") {
        const auto edge = run(R"({"name": "e", "service": "vpc_endpoint", "endpoints": 1, "data_processed_gb": 1048576})");
        CHECK(line(edge, "e", "data_processed (tier 1)").cost == "10485.76"_d);
        CHECK_FALSE(has_line(edge, "e", "data_processed (tier 2)"));
        const auto beyond = run(R"({"name": "e", "service": "vpc_endpoint", "endpoints": 1, "data_processed_gb": 1048577})");
        CHECK(line(beyond, "e", "data_processed (tier 2)").cost == "0.006"_d);
    }
}

TEST_CASE("NAT gateways and CloudTrail", "[estimate][nat-gateway][cloudtrail]") {
    const auto r = run(R"({"name": "nat", "service": "nat_gateway", "gateways": 1, "data_processed_gb": 100},
                          {"name": "trail", "service": "cloudtrail", "data_events_per_month": 1000, "extra_management_events_per_month": 100000,
                           "insights_events_per_month": 100000, "lake_ingested_gb": 2})");
    CHECK(line(r, "nat", "hours").cost == "32.85"_d);  // 730 h × 0.045
    CHECK(line(r, "nat", "data_processed").cost == "4.5"_d);
    CHECK(line(r, "trail", "data_events").cost == "0.001"_d);
    CHECK(line(r, "trail", "management_events_extra").cost == "2"_d);
    CHECK(line(r, "trail", "insights_events").cost == "0.35"_d);
    CHECK(line(r, "trail", "lake_ingestion").cost == "5"_d);
    check_sums(r);
}

TEST_CASE("EC2 at a stated hourly rate and fixed monthly charges", "[estimate][ec2][fixed]") {
    const auto r = run(R"({"name": "vm", "service": "ec2", "hourly_rate": "0.0416", "count": 2, "utilization_percent": 50},
                          {"name": "guardduty", "service": "fixed", "monthly_cost": "12.34"})");
    // 2 instances × 730 h × 50 % = 730 instance-hours × 0.0416.
    CHECK(r.workload_total("vm") == "30.368"_d);
    CHECK(r.workload_total("guardduty") == "12.34"_d);
    CHECK(r.total == "42.708"_d);
}

// ------------------------------------------------------------------------ settings that shape the result

TEST_CASE("line_rounding cents rounds each line half-up to cents, then sums", "[estimate][rounding]") {
    // PUT 1,000 × 0.000005 = 0.005; GET 1,000 × 0.0000004 = 0.0004; PUT 900 = 0.0045.
    const char* const buckets = R"({"name": "a", "service": "s3", "storage_gb": 0, "put_requests_per_month": 1000, "get_requests_per_month": 1000},
                                   {"name": "b", "service": "s3", "storage_gb": 0, "put_requests_per_month": 900})";
    const auto exact = run(buckets, R"("line_rounding": "none")");
    CHECK(line(exact, "a", "put_requests").cost == "0.005"_d);
    CHECK(exact.total == "0.0099"_d);
    const auto cents = run(buckets, R"("line_rounding": "cents")");
    CHECK(line(cents, "a", "put_requests").cost == "0.01"_d);   // half-up: 0.005 → 0.01 (half-even would give 0.00)
    CHECK(line(cents, "a", "get_requests").cost == "0"_d);
    CHECK(line(cents, "b", "put_requests").cost == "0"_d);      // 0.0045 → 0.00: rounded once, not 0.005 → 0.01
    CHECK(line(cents, "a", "put_requests").quantity == "1000"_d);  // quantities stay exact
    CHECK(cents.total == "0.01"_d);
    check_sums(cents);
}

TEST_CASE("line_rounding invoice bills a positive line under a cent as a cent", "[estimate][rounding]") {
    // GET 10,000 × 0.0000004 = 0.004 → 0.01 (cents would give 0.00); PUT 1,000 × 0.000005 = 0.005 → 0.01.
    const auto r = run(R"({"name": "a", "service": "s3", "storage_gb": 0, "put_requests_per_month": 1000, "get_requests_per_month": 10000})",
                       R"("line_rounding": "invoice")");
    CHECK(line(r, "a", "get_requests").cost == "0.01"_d);
    CHECK(line(r, "a", "put_requests").cost == "0.01"_d);
    CHECK(r.total == "0.02"_d);
    const auto cents = run(R"({"name": "a", "service": "s3", "storage_gb": 0, "get_requests_per_month": 10000})",
                           R"("line_rounding": "cents")");
    CHECK(line(cents, "a", "get_requests").cost == "0"_d);
    check_sums(r);
}

TEST_CASE("users give the cost per user: total / users, rounded half-even to 10 places", "[estimate][users]") {
    const auto r = run(R"({"name": "f", "service": "fixed", "monthly_cost": 100})", R"("users": 3)");
    REQUIRE(r.cost_per_user.has_value());
    CHECK(*r.cost_per_user == "33.3333333333"_d);
    const auto seed = run(R"({"name": "f", "service": "fixed", "monthly_cost": "33.64"})", R"("users": 100000)");
    CHECK(*seed.cost_per_user == "0.0003364"_d);
    CHECK_FALSE(run(R"({"name": "f", "service": "fixed", "monthly_cost": 1})").cost_per_user.has_value());
}

TEST_CASE("stated figures are audited: difference = stated - computed", "[estimate][audit]") {
    const auto r = run(R"({"name": "glue-etl", "service": "glue_job", "dpu": 2, "runs_per_week": 1, "run_minutes": 15},
                          {"name": "ecr", "service": "ecr", "storage_gb": 3})",
                       R"("weeks_per_month": 4, "stated": {"total": "4.50", "lines": {"glue-etl": "4.40", "ecr": "0.30"}})");
    REQUIRE(r.audit.size() == 3);
    CHECK(r.audit[0].item == "glue-etl");
    CHECK(r.audit[0].stated == "4.4"_d);
    CHECK(r.audit[0].stated_text == "4.40");
    CHECK(r.audit[0].computed == "0.88"_d);
    CHECK(r.audit[0].difference == "3.52"_d);
    CHECK(r.audit[1].item == "ecr");
    CHECK(r.audit[1].difference == "0"_d);
    CHECK(r.audit[2].item == "total");
    CHECK(r.audit[2].computed == "1.18"_d);
    CHECK(r.audit[2].difference == "3.32"_d);
    // A computed figure above the stated one gives a negative difference.
    const auto under = run(R"({"name": "f", "service": "fixed", "monthly_cost": 10})", R"("stated": {"lines": {"f": "7.5"}})");
    CHECK(under.audit[0].difference == "-2.5"_d);
}

TEST_CASE("services list subtotals in order of first appearance", "[estimate]") {
    const auto r = run(R"({"name": "a", "service": "ecr", "storage_gb": 1},
                          {"name": "b", "service": "fixed", "monthly_cost": 2},
                          {"name": "c", "service": "ecr", "storage_gb": 3})");
    REQUIRE(r.services.size() == 2);
    CHECK(r.services[0] == std::pair<std::string, Decimal>{"ecr", "0.4"_d});
    CHECK(r.services[1] == std::pair<std::string, Decimal>{"fixed", "2"_d});
    CHECK(r.scenario == "test");
    CHECK(r.catalog_id == costmodel::builtin_catalog().id());
    CHECK(r.catalog_effective == costmodel::builtin_catalog().effective());
}

TEST_CASE("a scenario the catalog cannot price is an error naming the key or the currencies", "[estimate]") {
    const auto parse = [](std::string_view settings) {
        return costmodel::parse_scenario(document(R"({"name": "e", "service": "ecr", "storage_gb": 1})", settings), "x.json");
    };
    CHECK_THROWS_WITH(costmodel::estimate(parse(R"("region": "eu-west-1")"), costmodel::builtin_catalog()),
                      Catch::Contains("eu-west-1"));
    CHECK_THROWS_AS(costmodel::estimate(parse(R"("currency": "EUR")"), costmodel::builtin_catalog()), costmodel::catalog_error);
    CHECK_THROWS_WITH(costmodel::estimate(parse(R"("currency": "EUR")"), costmodel::builtin_catalog()),
                      Catch::Contains("EUR") && Catch::Contains("USD"));
}

TEST_CASE("the estimate document (contract estimate-v1)", "[estimate][json]") {
    const costmodel::scenario s = costmodel::parse_scenario(
        document(R"({"name": "f", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 1},
                    {"name": "training", "service": "fargate", "vcpu": 4, "memory_gb": 64, "runs_per_month": 4, "run_minutes": 30})",
                 R"("free_tier": true, "users": 1000, "stated": {"total": "1"})"),
        "doc.json");
    const estimate_result result = costmodel::estimate(s, costmodel::builtin_catalog());
    const auto document_json = nlohmann::ordered_json::parse(costmodel::estimate_to_json(result, &s.settings));
    std::vector<std::string> keys;
    for (const auto& [key, value] : document_json.items()) keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"schema", "scenario", "currency", "catalog", "lines", "services", "total",
                                           "cost_per_user", "warnings", "audit", "conventions"});
    CHECK(document_json["schema"] == "costmodel/estimate/v1");
    CHECK(document_json["currency"] == "USD");
    CHECK(document_json["catalog"]["id"] == costmodel::builtin_catalog().id());
    // Every amount is a decimal string; free lines appear with cost "0".
    const auto& first = document_json["lines"][0];
    CHECK(first["workload"] == "f");
    CHECK(first["component"] == "requests (free tier)");
    CHECK(first["quantity"] == "1000000");
    CHECK(first["unit_price"] == "0");
    CHECK(first["cost"] == "0");
    CHECK(document_json["total"].is_string());
    CHECK(document_json["total"] == result.total.to_string());
    CHECK(document_json["cost_per_user"] == result.cost_per_user->to_string());
    CHECK(document_json["warnings"][0]["workload"] == "training");
    CHECK(document_json["audit"][0]["item"] == "total");
    CHECK(document_json["audit"][0]["stated"] == "1");
    CHECK(document_json["conventions"]["hours_per_month"] == "730");
    CHECK(document_json["conventions"]["weeks_per_month"] == "52/12");
    CHECK(document_json["conventions"]["free_tier"] == true);
    CHECK(document_json["conventions"]["line_rounding"] == "none");
    // Without settings there is no conventions member.
    CHECK_FALSE(nlohmann::ordered_json::parse(costmodel::estimate_to_json(result)).contains("conventions"));
}

TEST_CASE("the estimate text equals the JSON tree of to_json, escapes included", "[estimate][json]") {
    const costmodel::scenario s = costmodel::parse_scenario(
        document(R"({"name": "quote \" back\\slash \t tab \u0001 ctl é ünï", "service": "fixed", "monthly_cost": "1.5"},
                    {"name": "f", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 1},
                    {"name": "training", "service": "fargate", "vcpu": 4, "memory_gb": 64, "runs_per_month": 4, "run_minutes": 30})",
                 R"("users": 7, "stated": {"total": "1.50", "lines": {"f": 2}})"),
        "doc.json");
    const estimate_result result = costmodel::estimate(s, costmodel::builtin_catalog());
    const nlohmann::ordered_json tree = result;
    const std::string compact = costmodel::estimate_to_json(result, nullptr, -1);
    CHECK(nlohmann::ordered_json::parse(compact) == tree);
    CHECK(compact == tree.dump());  // byte for byte, escapes and key order included
    CHECK(costmodel::estimate_to_json(result, nullptr, 2) == tree.dump(2));
    CHECK(result.line(0).workload == "quote \" back\\slash \t tab \u0001 ctl é ünï");
}

TEST_CASE("meter() gives the usage the service models meter, before prices", "[estimate]") {
    const costmodel::scenario s = costmodel::parse_scenario(
        document(R"({"name": "f", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 1000, "memory_mb": 2048})"), "m.json");
    const auto usage = costmodel::meter(s);
    REQUIRE(usage.size() == 2);
    CHECK(usage[0].component == "requests");
    CHECK(usage[0].key.to_string() == "lambda/requests[x86_64]@us-east-1");
    CHECK(usage[1].quantity == "2000"_d);
    CHECK(usage[1].unit == "GB-second");
}
