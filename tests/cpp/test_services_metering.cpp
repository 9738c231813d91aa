// Service models: what each one meters (quantity, unit, catalog key, note) and how each parser rejects
// bad input. Every expected quantity is worked out by hand in the comment beside it.

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/costmodel.hpp"


using namespace costmodel;
using namespace costmodel::literals;

namespace {

struct metered {
    std::vector<metered_usage> usage;
    std::vector<warning> warnings;

    // The one usage of `component`; fails the test if there is none or more than one.
    [[nodiscard]] const metered_usage& at(std::string_view component) const {
        const metered_usage* found = nullptr;
        for (const metered_usage& u : usage) {
            if (u.component == component) {
                if (found != nullptr) FAIL("two usages of component " << component);
                found = &u;
            }
        }
        if (found == nullptr) FAIL("no usage of component " << component);
        return *found;
    }
    [[nodiscard]] bool has(std::string_view component) const {
        for (const metered_usage& u : usage) {
            if (u.component == component) return true;
        }
        return false;
    }
};

// Meters a workload as an estimate does: checked first by the rules every scenario is held to.
template <class Workload>
metered run(const Workload& w, const scenario_settings& settings = {}) {
    validate(costmodel::workload{"w", w, ""}, 0, "test");
    usage_sink sink("w", "svc", settings.region);
    meter(w, settings, sink);
    return metered{sink.usage(), sink.warnings()};
}

scenario_settings four_weeks() {
    scenario_settings s;
    s.weeks_per_month = exact_ratio(Decimal(4));
    s.weeks_per_month_text = "4";
    return s;
}

void check_key(const metered_usage& u, std::string_view service, std::string_view usage_type, std::string_view variant,
               std::string_view unit) {
    CHECK(u.key.service == service);
    CHECK(u.key.usage_type == usage_type);
    CHECK(u.key.variant == variant);
    CHECK(u.key.region == "us-east-1");
    CHECK(u.unit == unit);
    CHECK_FALSE(u.stated_unit_price.has_value());
}

// Which service's keys a parse reads: parse(as<lambda_workload>, ...).
template <class Workload>
constexpr std::type_identity<Workload> as{};

// Parses one workload object (the keys after name/service) as the scenario reader does: the object is
// the only workload of a scenario read from "test.json", so errors name "test.json: workloads[0]...".
template <class Workload>
Workload parse(std::type_identity<Workload>, std::string_view keys) {
    REQUIRE(keys.substr(0, 1) == "{");
    std::string text = R"({"schema": "costmodel/scenario/v1", "name": "t", "workloads": [{"name": "w", "service": ")";
    text += Workload::service_name;
    text += "\"";
    const std::string rest(keys.substr(1));
    text += rest.find_first_not_of(" \n}") == std::string::npos ? rest : ", " + rest;
    text += "]}";
    return std::get<Workload>(parse_scenario(text, "test.json").workloads.at(0).spec);
}

// The message of the input_error that parsing `text` throws; fails the test if none.
template <class Parser>
std::string parse_error(Parser parser, std::string_view text) {
    try {
        (void)parse(parser, text);
    } catch (const input_error& error) {
        return error.what();
    }
    FAIL("no input_error for: " << text);
    return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
// Fargate (minimums of the worked example)

TEST_CASE("fargate bills a 1-minute minimum per run on Linux and 5 minutes on Windows", "[services]") {
    fargate_workload w;
    w.vcpu = "1"_d;
    w.memory_gb = "2"_d;
    w.runs.runs_per_month = "1"_d;
    w.runs.run_seconds = "30"_d;
    // 30 s -> 60 s: 1 vCPU × 60/3600 h = 0.0166666667 vCPU-hours; 2 GB × 1/60 h = 0.0333333333 GB-hours
    auto m = run(w);
    CHECK(m.at("vcpu").quantity == "0.0166666667"_d);
    CHECK(m.at("memory").quantity == "0.0333333333"_d);

    w.os = "windows";
    w.runs.run_seconds = "120"_d;
    // 120 s -> 300 s: 1 vCPU × 300/3600 h = 0.0833333333, and the same vCPU-hours of licence
    m = run(w);
    CHECK(m.at("vcpu").quantity == "0.0833333333"_d);
    CHECK(m.at("os_license").quantity == "0.0833333333"_d);
    CHECK(m.at("vcpu").key.variant == "windows-x86_64");

    w.os = "linux";
    w.runs.run_seconds = "90.2"_d;  // rounded up to 91 s: 91/3600 = 0.0252777778
    CHECK(run(w).at("vcpu").quantity == "0.0252777778"_d);
}

// ---------------------------------------------------------------------------------------------------
// Lambda

TEST_CASE("lambda meters requests and GB-seconds with each invocation rounded up to the ms", "[services]") {
    lambda_workload w;
    w.invocations_per_month = "1000000"_d;
    w.duration_ms = "100.4"_d;  // billed 101 ms
    w.memory_mb = "512"_d;
    const auto m = run(w);
    REQUIRE(m.usage.size() == 2);
    check_key(m.at("requests"), "lambda", "requests", "x86_64", "request");
    CHECK(m.at("requests").quantity == "1000000"_d);
    // 1,000,000 × 0.101 s × 0.5 GB = 50,500 GB-seconds
    check_key(m.at("duration"), "lambda", "duration", "x86_64", "GB-second");
    CHECK(m.at("duration").quantity == "50500"_d);
    CHECK_THAT(m.at("duration").note, Catch::Contains("101 ms (100.4 ms rounded up to the ms)"));
    CHECK(m.warnings.empty());
}

TEST_CASE("lambda bills at least 1 ms and exact fractions of a GB", "[services]") {
    lambda_workload w;
    w.invocations_per_month = "1000"_d;
    w.duration_ms = "0.2"_d;  // billed 1 ms
    w.memory_mb = "128"_d;
    // 1000 × 0.001 s × 128/1024 GB = 0.125 GB-seconds
    CHECK(run(w).at("duration").quantity == "0.125"_d);
    w.duration_ms = "0"_d;
    CHECK(run(w).at("duration").quantity == "0.125"_d);
    // seed 000, 60M users: 4 × 300 s × 3008/1024 GB = 1200 × 2.9375 = 3525 GB-seconds
    w.invocations_per_month = "4"_d;
    w.duration_ms = "300000"_d;
    w.memory_mb = "3008"_d;
    CHECK(run(w).at("duration").quantity == "3525"_d);
    // 1 × 0.001 s × 1000/1024 GB = 0.0009765625 GB-seconds, exact
    w.invocations_per_month = "1"_d;
    w.duration_ms = "1"_d;
    w.memory_mb = "1000"_d;
    CHECK(run(w).at("duration").quantity == "0.0009765625"_d);
}

TEST_CASE("lambda invocations per week use weeks_per_month: 52/12 by default, 4 when set", "[services]") {
    lambda_workload w;
    w.invocations_per_week = "1"_d;
    w.duration_ms = "60000"_d;
    w.memory_mb = "1024"_d;
    // 52/12 invocations × 60 s × 1 GB = 260 GB-seconds exactly; requests 4.3333333333
    auto m = run(w);
    CHECK(m.at("requests").quantity == "4.3333333333"_d);
    CHECK(m.at("duration").quantity == "260"_d);
    CHECK_THAT(m.at("requests").note, Catch::Contains("52/12"));
    // 4 invocations × 60 s × 1 GB = 240 GB-seconds
    m = run(w, four_weeks());
    CHECK(m.at("requests").quantity == "4"_d);
    CHECK(m.at("duration").quantity == "240"_d);
}

TEST_CASE("lambda ephemeral storage above 512 MB is extra GB × execution seconds", "[services]") {
    lambda_workload w;
    w.invocations_per_month = "1000"_d;
    w.duration_ms = "2000"_d;
    w.memory_mb = "4096"_d;
    w.ephemeral_storage_mb = "10240"_d;
    // 1000 × 2 s = 2000 s × (10240 − 512)/1024 = 9.5 GB -> 19,000 GB-seconds (memory does not enter)
    const auto m = run(w);
    check_key(m.at("ephemeral_storage"), "lambda", "ephemeral_storage", "x86_64", "GB-second");
    CHECK(m.at("ephemeral_storage").quantity == "19000"_d);
    w.ephemeral_storage_mb = "512"_d;
    CHECK_FALSE(run(w).has("ephemeral_storage"));
}

TEST_CASE("lambda provisioned concurrency: provisioned GB-seconds, and all duration at the provisioned price", "[services]") {
    lambda_workload w;
    w.invocations_per_month = "1000"_d;
    w.duration_ms = "500"_d;
    w.memory_mb = "1024"_d;
    w.provisioned_concurrency = "2"_d;
    // 2 × 1 GB × 730 h × 3600 s = 5,256,000 GB-seconds; duration 1000 × 0.5 s × 1 GB = 500
    auto m = run(w);
    REQUIRE(m.usage.size() == 3);
    check_key(m.at("provisioned_concurrency"), "lambda", "provisioned_concurrency", "x86_64", "GB-second");
    CHECK(m.at("provisioned_concurrency").quantity == "5256000"_d);
    check_key(m.at("provisioned_duration"), "lambda", "provisioned_duration", "x86_64", "GB-second");
    CHECK(m.at("provisioned_duration").quantity == "500"_d);
    CHECK_FALSE(m.has("duration"));
    // provisioned for 100 h: 2 × 1 × 100 × 3600 = 720,000
    w.provisioned_hours_per_month = "100"_d;
    CHECK(run(w).at("provisioned_concurrency").quantity == "720000"_d);
    // the scenario's month length is the default
    w.provisioned_hours_per_month.reset();
    scenario_settings s;
    s.hours_per_month = "720"_d;
    CHECK(run(w, s).at("provisioned_concurrency").quantity == "5184000"_d);

    w.arch = "arm64";
    CHECK_THROWS_WITH(run(w), Catch::Contains("provisioned concurrency on arm64"));
}

TEST_CASE("lambda warns beyond the 15-minute timeout and rejects memory outside 128-10240 MB", "[services]") {
    lambda_workload w;
    w.invocations_per_month = "1"_d;
    w.duration_ms = "900001"_d;
    CHECK(run(w).warnings.size() == 1);
    w.duration_ms = "900000"_d;
    CHECK(run(w).warnings.empty());
    w.memory_mb = "10241"_d;
    CHECK_THROWS_AS(run(w), std::invalid_argument);
}

TEST_CASE("lambda parser", "[services]") {
    const auto w = parse(as<costmodel::lambda_workload>,
                         R"({"invocations_per_week": 1, "duration_ms": "30000", "memory_mb": 512, "arch": "arm64"})");
    CHECK(*w.invocations_per_week == "1"_d);
    CHECK_FALSE(w.invocations_per_month.has_value());
    CHECK(w.duration_ms == "30000"_d);
    CHECK(w.memory_mb == "512"_d);
    CHECK(w.arch == "arm64");
    CHECK(w.ephemeral_storage_mb == "512"_d);
    CHECK(parse(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 1})").memory_mb == "128"_d);

    CHECK(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": -1})") ==
          "test.json: workloads[0].duration_ms: expected a number >= 0, got -1");
    CHECK(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 1, "memry_mb": 512})") ==
          "test.json: workloads[0].memry_mb: unknown key (did you mean \"memory_mb\"?)");
    CHECK(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": "fast"})") ==
          "test.json: workloads[0].duration_ms: expected a number, got \"fast\"");
    CHECK(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5})") ==
          "test.json: workloads[0].duration_ms: missing required key");
    CHECK(parse_error(as<costmodel::lambda_workload>, R"({"duration_ms": 5})") ==
          "test.json: workloads[0].invocations_per_month: missing required key (or invocations_per_week)");
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "invocations_per_week": 1, "duration_ms": 5})"),
               Catch::StartsWith("test.json: workloads[0].invocations_per_week: give invocations_per_month or"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 5, "memory_mb": 64})"),
               Catch::StartsWith("test.json: workloads[0].memory_mb: expected whole MB from 128 to 10240, got 64"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 5, "memory_mb": 10240.5})"),
               Catch::StartsWith("test.json: workloads[0].memory_mb:"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 5, "ephemeral_storage_mb": 256})"),
               Catch::StartsWith("test.json: workloads[0].ephemeral_storage_mb:"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 5, "arch": "x86"})"),
               Catch::StartsWith("test.json: workloads[0].arch: expected one of x86_64, arm64"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>,
                           R"({"invocations_per_month": 5, "duration_ms": 5, "arch": "arm64", "provisioned_concurrency": 1})"),
               Catch::StartsWith("test.json: workloads[0].provisioned_concurrency: the catalog has no price"));
    CHECK_THAT(parse_error(as<costmodel::lambda_workload>, R"({"invocations_per_month": 5, "duration_ms": 5, "provisioned_hours_per_month": 5})"),
               Catch::StartsWith("test.json: workloads[0].provisioned_hours_per_month: given without provisioned_concurrency"));
}

// ---------------------------------------------------------------------------------------------------
// Glue

TEST_CASE("glue job DPU-hours per second with a 1-minute minimum", "[services]") {
    glue_job_workload w;
    w.dpu = "2"_d;
    w.runs.runs_per_month = "4"_d;
    w.runs.run_minutes = "15"_d;
    // seed 000: 4 runs × 900 s × 2 DPU / 3600 = 2 DPU-hours (× 0.44 = 0.88, not the stated 4.40)
    auto m = run(w);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("etl"), "glue", "etl", "standard", "DPU-hour");
    CHECK(m.at("etl").quantity == "2"_d);

    // 30 s -> 60 s: 1 × 60 × 1 / 3600 = 0.0166666667
    w.dpu = "1"_d;
    w.runs.runs_per_month = "1"_d;
    w.runs.run_minutes.reset();
    w.runs.run_seconds = "30"_d;
    m = run(w);
    CHECK(m.at("etl").quantity == "0.0166666667"_d);
    CHECK_THAT(m.at("etl").note, Catch::Contains("1-minute minimum"));

    // 90.5 s -> 91 s; 36 runs × 91 s / 3600 = 0.91
    w.runs.runs_per_month = "36"_d;
    w.runs.run_seconds = "90.5"_d;
    CHECK(run(w).at("etl").quantity == "0.91"_d);
}

TEST_CASE("glue job 0.9 and 1.0 bill a 10-minute minimum; 2.0 and later 1 minute", "[services]") {
    glue_job_workload w;
    w.dpu = "1"_d;
    w.runs.runs_per_month = "1"_d;
    w.runs.run_minutes = "5"_d;
    w.glue_version = "1.0";
    // 5 min -> 600 s: 600/3600 = 0.1666666667
    CHECK(run(w).at("etl").quantity == "0.1666666667"_d);
    CHECK_THAT(run(w).at("etl").note, Catch::Contains("10-minute minimum of Glue 1.0"));
    w.glue_version = "0.9";
    CHECK(run(w).at("etl").quantity == "0.1666666667"_d);
    w.glue_version = "2.0";
    // 300 s: 300/3600 = 0.0833333333
    CHECK(run(w).at("etl").quantity == "0.0833333333"_d);
    w.glue_version = "1.0";
    w.runs.run_minutes = "12"_d;  // above the minimum: 720/3600 = 0.2
    CHECK(run(w).at("etl").quantity == "0.2"_d);
}

TEST_CASE("glue job workers, flex and weekly runs", "[services]") {
    glue_job_workload w;
    w.workers = "10"_d;
    w.worker_type = "G.2X";
    w.runs.runs_per_month = "1"_d;
    w.runs.run_minutes = "60"_d;
    // 10 × 2 DPU × 1 h = 20 DPU-hours
    CHECK(run(w).at("etl").quantity == "20"_d);
    w.worker_type = "G.1X";
    CHECK(run(w).at("etl").quantity == "10"_d);

    w.execution_class = "flex";
    w.runs.run_minutes.reset();
    w.runs.run_seconds = "20"_d;
    // Flex keeps the 1-minute minimum: 10 DPU × 60 s / 3600 = 0.1666666667, at variant flex
    const auto m = run(w);
    check_key(m.at("etl"), "glue", "etl", "flex", "DPU-hour");
    CHECK(m.at("etl").quantity == "0.1666666667"_d);

    glue_job_workload weekly;
    weekly.dpu = "2"_d;
    weekly.runs.runs_per_week = "1"_d;
    weekly.runs.run_minutes = "15"_d;
    // 52/12 runs × 0.25 h × 2 DPU = 2.1666666667; with 4 weeks: 2
    CHECK(run(weekly).at("etl").quantity == "2.1666666667"_d);
    CHECK(run(weekly, four_weeks()).at("etl").quantity == "2"_d);
}

TEST_CASE("glue job parser", "[services]") {
    auto w = parse(as<costmodel::glue_job_workload>, R"({"workers": 5, "worker_type": "G.2X", "runs_per_week": 1, "run_minutes": 15,
                                               "glue_version": 1, "execution_class": "standard"})");
    CHECK(*w.workers == "5"_d);
    CHECK(*w.worker_type == "G.2X");
    CHECK(w.glue_version == "1.0");
    CHECK(parse(as<costmodel::glue_job_workload>, R"({"dpu": 2, "runs_per_month": 1, "run_seconds": 1})").glue_version == "4.0");
    CHECK(parse(as<costmodel::glue_job_workload>, R"({"dpu": 2, "runs_per_month": 1, "run_seconds": 1, "glue_version": "0.9"})").glue_version ==
          "0.9");

    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"workers": 5, "worker_type": "G.4X", "runs_per_month": 1, "run_minutes": 1})"),
               Catch::StartsWith("test.json: workloads[0].worker_type: expected one of G.1X, G.2X, got \"G.4X\""));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"dpu": 2, "workers": 5, "worker_type": "G.1X", "runs_per_month": 1, "run_minutes": 1})"),
               Catch::StartsWith("test.json: workloads[0].workers: give dpu, or workers with worker_type, not both"));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"workers": 5, "runs_per_month": 1, "run_minutes": 1})"),
               Catch::StartsWith("test.json: workloads[0].worker_type: missing required key"));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"runs_per_month": 1, "run_minutes": 1})"),
               Catch::StartsWith("test.json: workloads[0].dpu: missing required key"));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"dpu": 2, "run_minutes": 1})"),
               Catch::StartsWith("test.json: workloads[0].runs_per_month: missing required key"));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>, R"({"dpu": 2, "runs_per_month": 1, "run_minutes": 1, "glue_version": "3.5"})"),
               Catch::StartsWith("test.json: workloads[0].glue_version: expected one of 0.9, 1.0"));
    CHECK_THAT(parse_error(as<costmodel::glue_job_workload>,
                           R"({"dpu": 2, "runs_per_month": 1, "run_minutes": 1, "glue_version": "1.0", "execution_class": "flex"})"),
               Catch::StartsWith("test.json: workloads[0].execution_class: the Flex execution class needs Glue 3.0"));
    CHECK(parse_error(as<costmodel::glue_job_workload>, R"({"dpu": 2, "runs_per_month": -4, "run_minutes": 1})") ==
          "test.json: workloads[0].runs_per_month: expected a number >= 0, got -4");
    CHECK(parse_error(as<costmodel::glue_job_workload>, R"({"dpu": "two", "runs_per_month": 4, "run_minutes": 1})") ==
          "test.json: workloads[0].dpu: expected a number, got \"two\"");
}

TEST_CASE("glue crawler bills a 10-minute minimum per run", "[services]") {
    glue_crawler_workload w;
    w.runs.runs_per_week = "1"_d;
    w.runs.run_minutes = "5"_d;
    // seed 000, 100K users: 4 runs × 600 s (minimum) × 1 DPU / 3600 = 0.6666666667 DPU-hours
    auto m = run(w, four_weeks());
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("crawler"), "glue", "crawler", "", "DPU-hour");
    CHECK(m.at("crawler").quantity == "0.6666666667"_d);
    CHECK_THAT(m.at("crawler").note, Catch::Contains("10-minute minimum"));
    // 4 runs × 30 min = 2 DPU-hours
    w.runs.run_minutes = "30"_d;
    CHECK(run(w, four_weeks()).at("crawler").quantity == "2"_d);

    CHECK(parse(as<costmodel::glue_crawler_workload>, R"({"runs_per_month": 4, "run_minutes": 5})").dpu == "1"_d);
    CHECK(parse_error(as<costmodel::glue_crawler_workload>, R"({"dpu": 1, "runs_per_month": 4})") ==
          "test.json: workloads[0].run_minutes: missing required key (or run_seconds)");
    CHECK(parse_error(as<costmodel::glue_crawler_workload>, R"({"dpu": 1, "runs_per_month": 4, "run_minutes": 5, "run_seconds": 5})") ==
          "test.json: workloads[0].run_seconds: give run_minutes or run_seconds, not both");
}

TEST_CASE("glue catalog meters objects and requests", "[services]") {
    glue_catalog_workload w;
    w.objects = "10"_d;
    auto m = run(w);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("storage"), "glue", "catalog_storage", "", "object-month");
    CHECK(m.at("storage").quantity == "10"_d);
    w.requests_per_month = "2000000"_d;
    m = run(w);
    check_key(m.at("requests"), "glue", "catalog_requests", "", "request");
    CHECK(m.at("requests").quantity == "2000000"_d);

    CHECK(parse(as<costmodel::glue_catalog_workload>, R"({"objects": 10})").requests_per_month == "0"_d);
    CHECK(parse_error(as<costmodel::glue_catalog_workload>, R"({"requests_per_month": 10})") ==
          "test.json: workloads[0].objects: missing required key");
}

// ---------------------------------------------------------------------------------------------------
// Athena

TEST_CASE("athena rounds each query up to the MB with a 10 MB minimum; 1 TB = 1048576 MB", "[services]") {
    athena_workload w;
    w.queries_per_month = "200"_d;
    w.scanned_mb_per_query = "10"_d;
    // 200 × 10 MB = 2000 MB / 1048576 = 0.0019073486328125 -> 0.0019073486 TB
    auto m = run(w);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("data_scanned"), "athena", "data_scanned", "", "TB");
    CHECK(m.at("data_scanned").quantity == "0.0019073486"_d);

    // 100 queries of 1 MB bill 10 MB each: 1000 / 1048576 = 0.00095367431640625 -> 0.0009536743
    w.queries_per_month = "100"_d;
    w.scanned_mb_per_query = "1"_d;
    m = run(w);
    CHECK(m.at("data_scanned").quantity == "0.0009536743"_d);
    CHECK_THAT(m.at("data_scanned").note, Catch::Contains("10 MB minimum"));
    w.scanned_mb_per_query = "0"_d;
    CHECK(run(w).at("data_scanned").quantity == "0.0009536743"_d);

    // 10.2 MB -> 11 MB; 1048576 queries × 11 MB = 11 TB exactly
    w.queries_per_month = "1048576"_d;
    w.scanned_mb_per_query = "10.2"_d;
    m = run(w);
    CHECK(m.at("data_scanned").quantity == "11"_d);
    CHECK_THAT(m.at("data_scanned").note, Catch::Contains("10.2 MB rounded up"));
}

TEST_CASE("athena queries per week, and TB per month as given", "[services]") {
    athena_workload w;
    w.queries_per_week = "500"_d;
    w.scanned_mb_per_query = "6144"_d;  // 6 GB
    // 4 weeks: 2000 × 6144 / 1048576 = 11.71875 TB; 52/12 weeks: 26000/12 × 6144 / 1048576 = 12.6953125 TB
    CHECK(run(w, four_weeks()).at("data_scanned").quantity == "11.71875"_d);
    CHECK(run(w).at("data_scanned").quantity == "12.6953125"_d);

    athena_workload tb;
    tb.scanned_tb_per_month = "12"_d;
    const auto m = run(tb);
    CHECK(m.at("data_scanned").quantity == "12"_d);
    CHECK_THAT(m.at("data_scanned").note, Catch::Contains("no per-query rounding"));

    athena_workload none;  // zero queries still meter the line, at 0
    none.queries_per_month = "0"_d;
    none.scanned_mb_per_query = "100"_d;
    CHECK(run(none).at("data_scanned").quantity == "0"_d);
}

TEST_CASE("athena parser", "[services]") {
    const auto w = parse(as<costmodel::athena_workload>, R"({"queries_per_week": 50, "scanned_mb_per_query": "10"})");
    CHECK(*w.queries_per_week == "50"_d);
    CHECK(parse(as<costmodel::athena_workload>, R"({"scanned_tb_per_month": "0.5"})").scanned_tb_per_month == "0.5"_d);

    CHECK_THAT(parse_error(as<costmodel::athena_workload>, R"({"queries_per_month": 5, "scanned_mb_per_query": 10, "scanned_tb_per_month": 1})"),
               Catch::StartsWith("test.json: workloads[0].scanned_tb_per_month: give scanned_tb_per_month, or queries"));
    CHECK_THAT(parse_error(as<costmodel::athena_workload>, R"({"queries_per_month": 5})"),
               Catch::StartsWith("test.json: workloads[0].scanned_mb_per_query: missing required key"));
    CHECK_THAT(parse_error(as<costmodel::athena_workload>, R"({"scanned_mb_per_query": 5})"),
               Catch::StartsWith("test.json: workloads[0].queries_per_month: missing required key"));
    CHECK_THAT(parse_error(as<costmodel::athena_workload>, R"({"queries_per_month": 5, "queries_per_week": 1, "scanned_mb_per_query": 5})"),
               Catch::StartsWith("test.json: workloads[0].queries_per_week: give queries_per_month or queries_per_week"));
    CHECK(parse_error(as<costmodel::athena_workload>, R"({"queries_per_month": 5, "scanned_mb_per_query": -5})") ==
          "test.json: workloads[0].scanned_mb_per_query: expected a number >= 0, got -5");
}

// ---------------------------------------------------------------------------------------------------
// S3

TEST_CASE("s3 storage, requests and Intelligent-Tiering monitoring", "[services]") {
    s3_workload w;
    w.storage_gb = "380.5"_d;
    w.put_requests_per_month = "4000"_d;
    w.get_requests_per_month = "200000"_d;
    auto m = run(w);
    REQUIRE(m.usage.size() == 3);
    check_key(m.at("storage"), "s3", "storage", "standard", "GB-month");
    CHECK(m.at("storage").quantity == "380.5"_d);
    check_key(m.at("put_requests"), "s3", "put_requests", "", "request");
    CHECK(m.at("put_requests").quantity == "4000"_d);
    check_key(m.at("get_requests"), "s3", "get_requests", "", "request");
    CHECK(m.at("get_requests").quantity == "200000"_d);

    w.put_requests_per_month = "0"_d;  // zero components are not metered
    w.get_requests_per_month = "0"_d;
    CHECK(run(w).usage.size() == 1);

    w.storage_class = "intelligent_tiering";
    w.objects = "1000"_d;
    m = run(w);
    check_key(m.at("storage"), "s3", "storage", "intelligent_tiering", "GB-month");
    check_key(m.at("monitoring"), "s3", "monitoring", "intelligent_tiering", "object-month");
    CHECK(m.at("monitoring").quantity == "1000"_d);
    w.objects = "0"_d;
    m = run(w);
    CHECK_FALSE(m.has("monitoring"));
    CHECK(m.warnings.size() == 1);

    w.storage_class = "standard";
    w.objects = "5"_d;
    CHECK_THROWS_AS(run(w), std::invalid_argument);
}

TEST_CASE("s3 parser", "[services]") {
    const auto w = parse(as<costmodel::s3_workload>, R"({"storage_gb": "0.791015625", "put_requests_per_month": 400})");
    CHECK(w.storage_gb == "0.791015625"_d);
    CHECK(w.get_requests_per_month == "0"_d);
    CHECK(w.storage_class == "standard");
    CHECK_THAT(parse_error(as<costmodel::s3_workload>, R"({"storage_gb": 1, "objects": 10})"),
               Catch::StartsWith("test.json: workloads[0].objects: objects are metered for Intelligent-Tiering monitoring only"));
    CHECK_THAT(parse_error(as<costmodel::s3_workload>, R"({"storage_gb": 1, "storage_class": "glacier"})"),
               Catch::StartsWith("test.json: workloads[0].storage_class: expected one of standard, intelligent_tiering"));
    CHECK(parse_error(as<costmodel::s3_workload>, R"({"put_requests_per_month": 1})") == "test.json: workloads[0].storage_gb: missing required key");
    CHECK(parse_error(as<costmodel::s3_workload>, R"({"storage_gb": 1, "get_requests_per_month": -1})") ==
          "test.json: workloads[0].get_requests_per_month: expected a number >= 0, got -1");
}

// ---------------------------------------------------------------------------------------------------
// Step Functions

TEST_CASE("step functions standard transitions; express in 100 ms and 64 MB steps", "[services]") {
    step_functions_workload standard;
    standard.transitions_per_month = "80"_d;
    auto m = run(standard);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("transitions"), "step_functions", "transitions", "standard", "state-transition");
    CHECK(m.at("transitions").quantity == "80"_d);

    step_functions_workload express;
    express.type = "express";
    express.requests_per_month = "1000"_d;
    express.duration_ms = "250"_d;  // -> 300 ms
    express.memory_mb = "100"_d;    // -> 128 MB
    // 1000 × 0.3 s × 128/1024 GB = 37.5 GB-seconds
    m = run(express);
    REQUIRE(m.usage.size() == 2);
    check_key(m.at("requests"), "step_functions", "requests", "express", "request");
    CHECK(m.at("requests").quantity == "1000"_d);
    check_key(m.at("duration"), "step_functions", "duration", "express", "GB-second");
    CHECK(m.at("duration").quantity == "37.5"_d);
    CHECK_THAT(m.at("duration").note, Catch::Contains("250 ms in 100 ms steps"));
    CHECK_THAT(m.at("duration").note, Catch::Contains("100 MB in 64 MB steps"));

    // at least one step of each: 50 ms -> 100 ms, 10 MB -> 64 MB: 1000 × 0.1 × 0.0625 = 6.25
    express.duration_ms = "50"_d;
    express.memory_mb = "10"_d;
    CHECK(run(express).at("duration").quantity == "6.25"_d);
    // exact steps stay: 200 ms, 64 MB: 1000 × 0.2 × 0.0625 = 12.5
    express.duration_ms = "200"_d;
    express.memory_mb = "64"_d;
    CHECK(run(express).at("duration").quantity == "12.5"_d);
}

TEST_CASE("step functions parser", "[services]") {
    const auto w = parse(as<costmodel::step_functions_workload>, R"({"type": "express", "requests_per_month": 10, "duration_ms": 150})");
    CHECK(w.type == "express");
    CHECK_FALSE(w.memory_mb.has_value());  // metered at the default 64 MB
    CHECK(parse(as<costmodel::step_functions_workload>, R"({"transitions_per_month": 80})").type == "standard");
    CHECK(parse_error(as<costmodel::step_functions_workload>, R"({"type": "express", "requests_per_month": 10, "duration_ms": 150, "transitions_per_month": 5})") ==
          "test.json: workloads[0].transitions_per_month: for type standard only (this workflow is express)");
    CHECK(parse_error(as<costmodel::step_functions_workload>, R"({"transitions_per_month": 80, "duration_ms": 150})") ==
          "test.json: workloads[0].duration_ms: for type express only (this workflow is standard)");
    CHECK(parse_error(as<costmodel::step_functions_workload>, R"({"type": "standard"})") ==
          "test.json: workloads[0].transitions_per_month: missing required key");
    CHECK(parse_error(as<costmodel::step_functions_workload>, R"({"type": "express", "requests_per_month": 10})") ==
          "test.json: workloads[0].duration_ms: missing required key");
    CHECK_THAT(parse_error(as<costmodel::step_functions_workload>, R"({"type": "batch"})"),
               Catch::StartsWith("test.json: workloads[0].type: expected one of standard, express"));
}

// ---------------------------------------------------------------------------------------------------
// ECR, Bedrock

TEST_CASE("ecr storage", "[services]") {
    ecr_workload w;
    w.storage_gb = "3"_d;
    const auto m = run(w);
    check_key(m.at("storage"), "ecr", "storage", "", "GB-month");
    CHECK(m.at("storage").quantity == "3"_d);
    CHECK(parse(as<costmodel::ecr_workload>, R"({"storage_gb": 15})").storage_gb == "15"_d);
    CHECK(parse_error(as<costmodel::ecr_workload>, R"({"storage_gb": true})") == "test.json: workloads[0].storage_gb: expected a number, got true");
    CHECK(parse_error(as<costmodel::ecr_workload>, R"({})") == "test.json: workloads[0].storage_gb: missing required key");
}

TEST_CASE("bedrock tokens by model", "[services]") {
    bedrock_workload w;
    w.model = "anthropic.claude-3-haiku";
    w.input_tokens_per_month = "100000"_d;
    auto m = run(w);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("input_tokens"), "bedrock", "input_tokens", "anthropic.claude-3-haiku", "token");
    CHECK(m.at("input_tokens").quantity == "100000"_d);
    w.output_tokens_per_month = "5000"_d;
    m = run(w);
    check_key(m.at("output_tokens"), "bedrock", "output_tokens", "anthropic.claude-3-haiku", "token");
    CHECK(m.at("output_tokens").quantity == "5000"_d);

    w.model = "amazon.titan-embed-text-v2";
    CHECK_THROWS_WITH(run(w), Catch::Contains("embedding model"));
    w.model = "anthropic.claude-4";
    CHECK_THROWS_WITH(run(w), Catch::Contains("workloads[0].model: expected one of anthropic.claude-3-haiku"));

    CHECK(parse(as<costmodel::bedrock_workload>, R"({"model": "amazon.titan-embed-text-v2", "input_tokens_per_month": 51200})").model ==
          "amazon.titan-embed-text-v2");
    CHECK_THAT(parse_error(as<costmodel::bedrock_workload>, R"({"model": "gpt-4", "input_tokens_per_month": 1})"),
               Catch::StartsWith("test.json: workloads[0].model: expected one of anthropic.claude-3-haiku, amazon.titan-embed-text-v2"));
    CHECK(parse_error(as<costmodel::bedrock_workload>, R"({"input_tokens_per_month": 1})") == "test.json: workloads[0].model: missing required key");
    CHECK_THAT(parse_error(as<costmodel::bedrock_workload>,
                           R"({"model": "amazon.titan-embed-text-v2", "input_tokens_per_month": 1, "output_tokens_per_month": 1})"),
               Catch::StartsWith("test.json: workloads[0].output_tokens_per_month: amazon.titan-embed-text-v2 is an embedding model"));
}

// ---------------------------------------------------------------------------------------------------
// CloudWatch

TEST_CASE("cloudwatch meters each component as its own usage", "[services]") {
    cloudwatch_workload w;
    w.logs_ingested_gb = "1"_d;
    w.logs_stored_gb = "2"_d;
    w.custom_metrics = "20"_d;
    w.dashboards = "1"_d;
    w.alarms = "5"_d;
    w.high_resolution_alarms = "3"_d;
    auto m = run(w);
    REQUIRE(m.usage.size() == 6);
    check_key(m.at("logs_ingestion"), "cloudwatch", "logs_ingestion", "", "GB");
    CHECK(m.at("logs_ingestion").quantity == "1"_d);
    check_key(m.at("logs_storage"), "cloudwatch", "logs_storage", "", "GB-month");
    CHECK(m.at("logs_storage").quantity == "2"_d);
    check_key(m.at("custom_metrics"), "cloudwatch", "custom_metrics", "", "metric-month");
    CHECK(m.at("custom_metrics").quantity == "20"_d);
    check_key(m.at("dashboards"), "cloudwatch", "dashboards", "", "dashboard-month");
    check_key(m.at("alarms"), "cloudwatch", "alarms", "standard", "alarm-month");
    CHECK(m.at("alarms").quantity == "5"_d);
    check_key(m.at("high_resolution_alarms"), "cloudwatch", "alarms", "high_resolution", "alarm-month");
    CHECK(m.at("high_resolution_alarms").quantity == "3"_d);

    w.high_resolution_alarms = "0"_d;
    w.logs_stored_gb = "0"_d;
    CHECK(run(w).usage.size() == 4);
    m = run(cloudwatch_workload{});
    CHECK(m.usage.empty());
    CHECK(m.warnings.size() == 1);

    CHECK(parse(as<costmodel::cloudwatch_workload>, R"({"dashboards": 1})").dashboards == "1"_d);
    CHECK(parse_error(as<costmodel::cloudwatch_workload>, R"({"alarms": -5})") == "test.json: workloads[0].alarms: expected a number >= 0, got -5");
    CHECK(parse_error(as<costmodel::cloudwatch_workload>, R"({"alarm": 5})") == "test.json: workloads[0].alarm: unknown key (did you mean \"alarms\"?)");
}

// ---------------------------------------------------------------------------------------------------
// Networking

TEST_CASE("vpc endpoints: endpoints × AZs × hours, gateway at its own (free) variant", "[services]") {
    vpc_endpoint_workload w;
    w.endpoints = "3"_d;
    w.data_processed_gb = "5"_d;
    scenario_settings s;
    s.hours_per_month = "720"_d;
    // 3 endpoints × 1 AZ × 720 h = 2160 endpoint-hours
    auto m = run(w, s);
    REQUIRE(m.usage.size() == 2);
    check_key(m.at("endpoint_hours"), "vpc_endpoint", "endpoint_hours", "interface", "endpoint-hour");
    CHECK(m.at("endpoint_hours").quantity == "2160"_d);
    check_key(m.at("data_processed"), "vpc_endpoint", "data_processed", "interface", "GB");
    CHECK(m.at("data_processed").quantity == "5"_d);
    // 3 × 2 AZs × 730 h (the default month) = 4380; 3 × 2 × 100 h = 600
    w.azs = "2"_d;
    CHECK(run(w).at("endpoint_hours").quantity == "4380"_d);
    w.hours_per_month = "100"_d;
    CHECK(run(w).at("endpoint_hours").quantity == "600"_d);

    vpc_endpoint_workload gateway;
    gateway.type = "gateway";
    gateway.endpoints = "1"_d;
    m = run(gateway);
    REQUIRE(m.usage.size() == 1);
    check_key(m.at("endpoint_hours"), "vpc_endpoint", "endpoint_hours", "gateway", "endpoint-hour");
    CHECK(m.at("endpoint_hours").quantity == "730"_d);
    gateway.endpoints = "0"_d;  // the line stays, at quantity 0
    CHECK(run(gateway).at("endpoint_hours").quantity == "0"_d);

    const auto parsed = parse(as<costmodel::vpc_endpoint_workload>, R"({"type": "gateway", "endpoints": 1})");
    CHECK(parsed.type == "gateway");
    CHECK(parsed.azs == "1"_d);
    CHECK_FALSE(parsed.hours_per_month.has_value());
    CHECK(parse_error(as<costmodel::vpc_endpoint_workload>, R"({"azs": 2})") == "test.json: workloads[0].endpoints: missing required key");
    CHECK_THAT(parse_error(as<costmodel::vpc_endpoint_workload>, R"({"type": "gwlb", "endpoints": 1})"),
               Catch::StartsWith("test.json: workloads[0].type: expected one of interface, gateway"));
}

TEST_CASE("nat gateway hours and data", "[services]") {
    nat_gateway_workload w;
    w.gateways = "2"_d;
    w.data_processed_gb = "100"_d;
    // 2 × 730 h = 1460 gateway-hours
    auto m = run(w);
    check_key(m.at("hours"), "nat_gateway", "hours", "", "gateway-hour");
    CHECK(m.at("hours").quantity == "1460"_d);
    check_key(m.at("data_processed"), "nat_gateway", "data_processed", "", "GB");
    CHECK(m.at("data_processed").quantity == "100"_d);
    w.data_processed_gb = "0"_d;
    CHECK(run(w).usage.size() == 1);

    CHECK(parse(as<costmodel::nat_gateway_workload>, R"({"gateways": 1, "hours_per_month": 744})").hours_per_month == "744"_d);
    CHECK(parse_error(as<costmodel::nat_gateway_workload>, R"({"gateways": -1})") ==
          "test.json: workloads[0].gateways: expected a number >= 0, got -1");
}

// ---------------------------------------------------------------------------------------------------
// CloudTrail

TEST_CASE("cloudtrail events and lake ingestion", "[services]") {
    cloudtrail_workload w;
    w.data_events_per_month = "1000"_d;
    w.extra_management_events_per_month = "200000"_d;
    w.insights_events_per_month = "300"_d;
    w.lake_ingested_gb = "1024"_d;
    const auto m = run(w);
    REQUIRE(m.usage.size() == 4);
    check_key(m.at("data_events"), "cloudtrail", "data_events", "", "event");
    CHECK(m.at("data_events").quantity == "1000"_d);
    check_key(m.at("management_events_extra"), "cloudtrail", "management_events_extra", "", "event");
    check_key(m.at("insights_events"), "cloudtrail", "insights_events", "", "event");
    check_key(m.at("lake_ingestion"), "cloudtrail", "lake_ingestion", "", "GB");
    CHECK(m.at("lake_ingestion").quantity == "1024"_d);

    CHECK(run(cloudtrail_workload{}).warnings.size() == 1);
    CHECK(parse(as<costmodel::cloudtrail_workload>, R"({"data_events_per_month": 100000})").data_events_per_month == "100000"_d);
    CHECK(parse_error(as<costmodel::cloudtrail_workload>, R"({"data_events_per_month": "many"})") ==
          "test.json: workloads[0].data_events_per_month: expected a number, got \"many\"");
}

// ---------------------------------------------------------------------------------------------------
// EC2, fixed

TEST_CASE("ec2 instance-hours at the stated hourly rate", "[services]") {
    ec2_workload w;
    w.hourly_rate = "0.0832"_d;
    scenario_settings s;
    s.hours_per_month = "720"_d;
    // 1 × 720 h × 100 % = 720 instance-hours at 0.0832
    auto m = run(w, s);
    REQUIRE(m.usage.size() == 1);
    CHECK(m.at("instance_hours").unit == "instance-hour");
    CHECK(m.at("instance_hours").quantity == "720"_d);
    REQUIRE(m.at("instance_hours").stated_unit_price.has_value());
    CHECK(*m.at("instance_hours").stated_unit_price == "0.0832"_d);
    // 3 × 730 h × 50 % = 1095
    w.count = "3"_d;
    w.utilization_percent = "50"_d;
    CHECK(run(w).at("instance_hours").quantity == "1095"_d);

    // Without a rate, the catalog's on-demand price of the type and OS: key ec2/instance-hours [t3.large/linux].
    ec2_workload no_rate;
    no_rate.instance_type = "t3.large";
    const auto from_catalog = run(no_rate).at("instance_hours");
    CHECK(from_catalog.key.service == "ec2");
    CHECK(from_catalog.key.usage_type == "instance-hours");
    CHECK(from_catalog.key.variant == "t3.large/linux");
    CHECK(from_catalog.price_factor == "1"_d);
    CHECK(!from_catalog.stated_unit_price.has_value());
    // A Savings Plan at 20% off and the seed's Windows factor 1.15: price factor 0.8 × 1.15 = 0.92.
    no_rate.pricing_model = "compute_savings_plan";
    no_rate.term = "1yr";
    no_rate.discount_percent = "20"_d;
    no_rate.os_factor = "1.15"_d;
    CHECK(run(no_rate).at("instance_hours").price_factor == "0.92"_d);

    const auto parsed = parse(as<costmodel::ec2_workload>, R"({"instance_type": "t3.large", "hourly_rate": "0.0832", "count": 2})");
    CHECK(*parsed.instance_type == "t3.large");
    CHECK(parsed.count == "2"_d);
    CHECK(parsed.utilization_percent == "100"_d);
    CHECK_THAT(parse_error(as<costmodel::ec2_workload>, R"({"count": 2})"),
               Catch::StartsWith("test.json: workloads[0].instance_type: missing required key (or hourly_rate)"));
    CHECK_THAT(parse_error(as<costmodel::ec2_workload>, R"({"instance_type": "t3.large", "pricing_model": "reserved", "term": "5yr"})"),
               Catch::StartsWith("test.json: workloads[0].term: expected one of 1yr, 3yr, got \"5yr\""));
    CHECK_THAT(parse_error(as<costmodel::ec2_workload>, R"({"hourly_rate": 1, "utilization_percent": 120})"),
               Catch::StartsWith("test.json: workloads[0].utilization_percent: expected a percentage from 0 to 100"));
    CHECK(parse_error(as<costmodel::ec2_workload>, R"({"hourly_rate": 1, "pricing": "spot"})") == "test.json: workloads[0].pricing: unknown key");
}

TEST_CASE("fixed charge: one month at the stated price", "[services]") {
    fixed_workload w;
    w.monthly_cost = "4.50"_d;
    const auto m = run(w);
    REQUIRE(m.usage.size() == 1);
    CHECK(m.at("monthly_charge").unit == "month");
    CHECK(m.at("monthly_charge").quantity == "1"_d);
    CHECK(*m.at("monthly_charge").stated_unit_price == "4.5"_d);
    CHECK(parse(as<costmodel::fixed_workload>, R"({"monthly_cost": "10.00"})").monthly_cost == "10"_d);
    CHECK(parse_error(as<costmodel::fixed_workload>, R"({"monthly_cost": -1})") == "test.json: workloads[0].monthly_cost: expected a number >= 0, got -1");
    CHECK(parse_error(as<costmodel::fixed_workload>, R"({})") == "test.json: workloads[0].monthly_cost: missing required key");
}

TEST_CASE("the region of every metered key is the scenario's", "[services]") {
    scenario_settings s;
    s.region = "eu-west-1";
    ecr_workload w;
    w.storage_gb = "1"_d;
    CHECK(run(w, s).at("storage").key.region == "eu-west-1");
}
