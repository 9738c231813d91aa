// AWS's own published pricing examples, priced by costmodel with the built-in catalog. Each test uses the
// example's inputs, the free-tier choice the example makes, and "line_rounding": "cents" (AWS rounds each
// charge to the cent, then adds), and must give the example's figures to the cent. The page each example
// comes from is cited beside it (all examples are for US East (N. Virginia), as published in 2025).
//
// Examples left out, and why:
// - aws.amazon.com/fargate/pricing Example 4 (10 Windows tasks, 1 vCPU, 2 GB, 1 h a day for 30 days,
//   $47.25): the page prices Windows at $0.0000254167 per vCPU-second ($0.0915 per hour) and
//   $0.0000027778 per GB-second ($0.0100 per hour); our reference prices are $0.09148 and $0.01005 per
//   hour, which give $27.44 + $13.80 + $6.03 = $47.27. The prices differ, so the example is not used.
// - The older Lambda page example (512 MB, 3M requests of 1 s, free tier: $18.34 + $0.40 = $18.74) uses
//   the rounded price $0.00001667 per GB-second; at today's $0.0000166667 the compute line is $18.33.
// - Lambda@Edge, SnapStart, tenant isolation, durable-function operations, response streaming bytes,
//   Managed Instances and event-source-mapping EPUs are not modelled; where such an example also has
//   ordinary request and duration lines, those lines are checked below and the rest is left out.
// - The event-source-mapping example 1 subtracts the free tier from compute but not from requests, which
//   a scenario's single free_tier switch cannot express; it is not used.

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "costmodel/costmodel.hpp"

using namespace costmodel::literals;
using costmodel::Decimal;
using costmodel::estimate_line;
using costmodel::estimate_result;

namespace {

// Prices workloads with AWS's own conventions for its examples: each line rounded half-up to cents.
estimate_result aws_example(std::string_view workloads, bool free_tier) {
    const std::string text = std::string(R"({"schema": "costmodel/scenario/v1", "name": "aws-example", "line_rounding": "cents", "free_tier": )") +
                             (free_tier ? "true" : "false") + R"(, "workloads": [)" + std::string(workloads) + "]}";
    return costmodel::estimate(costmodel::parse_scenario(text, "aws-example.json"), costmodel::builtin_catalog());
}

// The sum of the lines of `workload` whose component starts with `component` ("duration" covers
// "duration (tier 1)" and "duration (free tier)").
Decimal cost_of(const estimate_result& result, std::string_view workload, std::string_view component) {
    Decimal sum;
    bool found = false;
    for (const estimate_line& line : result.line_rows()) {
        if (line.workload == workload && line.component.rfind(component, 0) == 0) {
            sum += line.cost;
            found = true;
        }
    }
    if (!found) FAIL("no line " << workload << " / " << component);
    return sum;
}

}  // namespace

// ---------------------------------------------------------------------- aws.amazon.com/lambda/pricing

TEST_CASE("Lambda: mobile application backend (3M requests, 120 ms, 1536 MB, x86, free tier): $2.73", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Example 1 "Mobile application backend": 540,000 GB-s - 400,000 free =
    // 140,000 × $0.0000166667 = $2.33; 3M - 1M free requests = 2M × $0.20/M = $0.40; total $2.73.
    const auto r = aws_example(
        R"({"name": "backend", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 120, "memory_mb": 1536})", true);
    CHECK(cost_of(r, "backend", "duration") == "2.33"_d);
    CHECK(cost_of(r, "backend", "requests") == "0.4"_d);
    CHECK(r.total == "2.73"_d);
}

TEST_CASE("Lambda: enriching streaming telemetry (7.44M requests, 2 s, 1 GB, x86, no free tier): $249.49", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Example 2 "Enriching streaming telemetry with additional metadata":
    // 10,000 vehicles × 24 × 31 = 7,440,000 requests × $0.20/M = $1.488 ≈ $1.49; 14.88M GB-s ×
    // $0.0000166667 = $248.00; total $249.49. The example applies no free tier.
    const auto r = aws_example(
        R"({"name": "telemetry", "service": "lambda", "invocations_per_month": 7440000, "duration_ms": 2000, "memory_mb": 1024})", false);
    CHECK(cost_of(r, "telemetry", "requests") == "1.49"_d);
    CHECK(cost_of(r, "telemetry", "duration") == "248"_d);
    CHECK(r.total == "249.49"_d);
}

TEST_CASE("Lambda: ML on support tickets (6M requests, 280 ms, 4096 MB, 2048 MB ephemeral, free tier): $106.41", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Example 3 "Performing ML on customer support tickets": 6,720,000 GB-s -
    // 400,000 free = 6,320,000 × $0.0000166667 = $105.33; 5M billable requests = $1; ephemeral storage
    // 1,680,000 s × 1.5 GB = 2,520,000 GB-s × $0.0000000309 = $0.08; total $106.41.
    const auto r = aws_example(R"({"name": "bert", "service": "lambda", "invocations_per_month": 6000000, "duration_ms": 280,
                                   "memory_mb": 4096, "ephemeral_storage_mb": 2048})",
                               true);
    CHECK(cost_of(r, "bert", "duration") == "105.33"_d);
    CHECK(cost_of(r, "bert", "requests") == "1"_d);
    CHECK(cost_of(r, "bert", "ephemeral_storage") == "0.08"_d);
    CHECK(r.total == "106.41"_d);
}

TEST_CASE("Lambda provisioned concurrency: mobile application launch (free tier): $19.96", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Provisioned Concurrency Example 1 "Mobile application launch": 1536 MB
    // x86; concurrency 100 for 8 hours serves 500,000 requests of 100 ms; the other 2.5M requests of 120 ms
    // run without it. Provisioned concurrency 150 GB × 28,800 s = 4,320,000 GB-s × $0.0000041667 = $18;
    // 3M - 1M free requests = $0.40; 75,000 GB-s × $0.0000097222 = $0.73 on provisioned concurrency;
    // 450,000 - 400,000 free GB-s = 50,000 × $0.0000166667 = $0.83 without; total $19.96.
    // One function is two workloads here: costmodel prices all invocations of a workload with provisioned
    // concurrency at the provisioned-duration price.
    const auto r = aws_example(
        R"({"name": "launch-day", "service": "lambda", "invocations_per_month": 500000, "duration_ms": 100, "memory_mb": 1536,
            "provisioned_concurrency": 100, "provisioned_hours_per_month": 8},
           {"name": "rest-of-month", "service": "lambda", "invocations_per_month": 2500000, "duration_ms": 120, "memory_mb": 1536})",
        true);
    CHECK(cost_of(r, "launch-day", "provisioned_concurrency") == "18"_d);
    CHECK(cost_of(r, "launch-day", "provisioned_duration") == "0.73"_d);
    CHECK(cost_of(r, "launch-day", "requests") + cost_of(r, "rest-of-month", "requests") == "0.4"_d);
    CHECK(cost_of(r, "rest-of-month", "duration") == "0.83"_d);
    CHECK(r.total == "19.96"_d);
}

TEST_CASE("Lambda provisioned concurrency: Cyber Monday (2M requests, 280 ms, 4096 MB, concurrency 7 for 24 h): $32.26", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Provisioned Concurrency Example 2 "Routing customers ... during Cyber
    // Monday": 28 GB × 86,400 s = 2,419,200 GB-s × $0.0000041667 = $10.08; 2,240,000 GB-s × $0.0000097222 =
    // $21.78; 2M requests × $0.20/M = $0.40 (no free tier); total $32.26.
    const auto r = aws_example(R"({"name": "nlp", "service": "lambda", "invocations_per_month": 2000000, "duration_ms": 280,
                                   "memory_mb": 4096, "provisioned_concurrency": 7, "provisioned_hours_per_month": 24})",
                               false);
    CHECK(cost_of(r, "nlp", "provisioned_concurrency") == "10.08"_d);
    CHECK(cost_of(r, "nlp", "provisioned_duration") == "21.78"_d);
    CHECK(cost_of(r, "nlp", "requests") == "0.4"_d);
    CHECK(r.total == "32.26"_d);
}

TEST_CASE("Lambda arm: the compute and request lines of the durable-functions example", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, Durable Functions pricing example (insurance claims, 1 GB, Arm):
    // 32,000,000 GB-s - 400,000 free = 31,600,000 × $0.0000133334 = $421.34; 2M invocations - 1M free =
    // $0.20. Its durable-operation, data-written and retention charges are not modelled.
    const auto r = aws_example(R"({"name": "claims", "service": "lambda", "arch": "arm64", "invocations_per_month": 2000000,
                                   "duration_ms": 16000, "memory_mb": 1024})",
                               true);
    CHECK(cost_of(r, "claims", "duration") == "421.34"_d);
    CHECK(cost_of(r, "claims", "requests") == "0.2"_d);
}

TEST_CASE("Lambda: the compute and request lines of the response-streaming example", "[aws-examples][lambda]") {
    // aws.amazon.com/lambda/pricing, HTTP response streaming example: 3M requests, 500 ms, 1536 MB, x86:
    // 2,250,000 - 400,000 free GB-s = 1,850,000 × $0.0000166667 = $30.83; 2M billable requests = $0.40.
    // The streamed-bytes charge ($7.81) is not modelled.
    const auto r = aws_example(
        R"({"name": "ssr", "service": "lambda", "invocations_per_month": 3000000, "duration_ms": 500, "memory_mb": 1536})", true);
    CHECK(cost_of(r, "ssr", "duration") == "30.83"_d);
    CHECK(cost_of(r, "ssr", "requests") == "0.4"_d);
}

// --------------------------------------------------------------------- aws.amazon.com/fargate/pricing

TEST_CASE("Fargate Linux/x86: 5 tasks × 10 min × 30 days, 1 vCPU, 2 GB, 30 GB storage: $1.26", "[aws-examples][fargate]") {
    // aws.amazon.com/fargate/pricing, Example 1: vCPU 5 × 1 × 0.000011244 × 600 × 30 = $1.01; memory
    // 5 × 2 × 0.000001235 × 600 × 30 = $0.22; storage 5 × 10 × 0.0000000308 × 600 × 30 = $0.03; $1.26.
    // (The page's per-second prices are our per-hour prices / 3600.)
    const auto r = aws_example(R"({"name": "svc", "service": "fargate", "vcpu": 1, "memory_gb": 2, "ephemeral_storage_gb": 30,
                                   "tasks": 5, "runs_per_month": 30, "run_seconds": 600})",
                               false);
    CHECK(cost_of(r, "svc", "vcpu") == "1.01"_d);
    CHECK(cost_of(r, "svc", "memory") == "0.22"_d);
    CHECK(cost_of(r, "svc", "ephemeral_storage") == "0.03"_d);
    CHECK(r.total == "1.26"_d);
}

TEST_CASE("Fargate Linux/ARM: the same service on Graviton2: $1.02", "[aws-examples][fargate]") {
    // aws.amazon.com/fargate/pricing, Example 2: vCPU $0.81, memory $0.18, storage $0.03; total $1.02.
    const auto r = aws_example(R"({"name": "svc", "service": "fargate", "arch": "arm64", "vcpu": 1, "memory_gb": 2,
                                   "ephemeral_storage_gb": 30, "tasks": 5, "runs_per_month": 30, "run_seconds": 600})",
                               false);
    CHECK(cost_of(r, "svc", "vcpu") == "0.81"_d);
    CHECK(cost_of(r, "svc", "memory") == "0.18"_d);
    CHECK(cost_of(r, "svc", "ephemeral_storage") == "0.03"_d);
    CHECK(r.total == "1.02"_d);
}

TEST_CASE("Fargate EKS pods: 10 pods × 1 h × 30 days, 0.25 vCPU, 1 GB: $4.37", "[aws-examples][fargate]") {
    // aws.amazon.com/fargate/pricing, Example 3: vCPU 10 × 0.25 × 0.000011244 × 3600 × 30 = $3.04; memory
    // 10 × 1 × 0.000001235 × 3600 × 30 = $1.33; total $4.37.
    const auto r = aws_example(R"({"name": "pods", "service": "fargate", "vcpu": "0.25", "memory_gb": 1, "tasks": 10,
                                   "runs_per_month": 30, "run_seconds": 3600})",
                               false);
    CHECK(cost_of(r, "pods", "vcpu") == "3.04"_d);
    CHECK(cost_of(r, "pods", "memory") == "1.33"_d);
    CHECK(r.total == "4.37"_d);
}

// ------------------------------------------------------------------------ aws.amazon.com/glue/pricing

TEST_CASE("Glue ETL job: 15 minutes with 6 DPUs: $0.66", "[aws-examples][glue]") {
    // aws.amazon.com/glue/pricing, "ETL job": an Apache Spark job that runs 15 minutes with 6 DPUs at
    // $0.44 per DPU-hour: 6 × 1/4 hour × $0.44 = $0.66.
    const auto r = aws_example(R"({"name": "spark", "service": "glue_job", "dpu": 6, "runs_per_month": 1, "run_minutes": 15})", false);
    CHECK(r.total == "0.66"_d);
}

TEST_CASE("Glue interactive session: 24 minutes with 5 DPUs: $0.88", "[aws-examples][glue]") {
    // aws.amazon.com/glue/pricing, "AWS Glue Studio Job Notebooks and Interactive Sessions": 5 DPUs ×
    // 0.4 hour × $0.44 = $0.88. Sessions bill like ETL jobs ($0.44 per DPU-hour, per second, 1-minute
    // minimum), so the session is priced as a glue_job.
    const auto r = aws_example(R"({"name": "notebook", "service": "glue_job", "dpu": 5, "runs_per_month": 1, "run_minutes": 24})", false);
    CHECK(r.total == "0.88"_d);
}

TEST_CASE("Glue ETL job on the Lake Formation page: 10 minutes with 6 DPUs: $0.44", "[aws-examples][glue]") {
    // aws.amazon.com/lake-formation/pricing (Glue charges): a Spark job of 10 minutes with 6 DPUs:
    // 6 × 1/6 hour × $0.44 = $0.44.
    const auto r = aws_example(R"({"name": "spark", "service": "glue_job", "dpu": 6, "runs_per_month": 1, "run_minutes": 10})", false);
    CHECK(r.total == "0.44"_d);
}

TEST_CASE("Glue Data Catalog free tier: a million objects and a million requests: $0", "[aws-examples][glue]") {
    // aws.amazon.com/glue/pricing (also on aws.amazon.com/lake-formation/pricing), "Data Catalog free tier
    // example": one million tables stored and one million requests in a month cost $0.
    const auto r = aws_example(
        R"({"name": "catalog", "service": "glue_catalog", "objects": 1000000, "requests_per_month": 1000000})", true);
    CHECK(r.total == "0"_d);
    CHECK(cost_of(r, "catalog", "storage (free tier)") == "0"_d);
}

TEST_CASE("Glue Data Catalog and crawler: 2M requests and a 30-minute crawl with 2 DPUs: $1.44", "[aws-examples][glue]") {
    // aws.amazon.com/glue/pricing, "Data Catalog example": storage stays at one million tables ($0); two
    // million requests, the first million free: $1; crawlers 2 DPUs × 1/2 hour × $0.44 = $0.44; $1.44.
    const auto r = aws_example(R"({"name": "catalog", "service": "glue_catalog", "objects": 1000000, "requests_per_month": 2000000},
                                  {"name": "crawler", "service": "glue_crawler", "dpu": 2, "runs_per_month": 1, "run_minutes": 30})",
                               true);
    CHECK(cost_of(r, "catalog", "storage") == "0"_d);
    CHECK(cost_of(r, "catalog", "requests") == "1"_d);
    CHECK(cost_of(r, "crawler", "crawler") == "0.44"_d);
    CHECK(r.total == "1.44"_d);
}

// ---------------------------------------------------------------------- aws.amazon.com/athena/pricing

TEST_CASE("Athena: a query over 3 TB of text, gzip and Parquet: $15, $5, $1.25", "[aws-examples][athena]") {
    // aws.amazon.com/athena/pricing, "Example SQL query and note on compression": a table of 4 equally
    // sized columns as a 3 TB uncompressed text file: 3 TB × $5 = $15; gzipped 3:1 to 1 TB: $5; Parquet
    // (1 TB, one column of four read): 0.25 TB × $5 = $1.25. 1 TB = 1,048,576 MB.
    const auto r = aws_example(R"({"name": "text", "service": "athena", "queries_per_month": 1, "scanned_mb_per_query": 3145728},
                                  {"name": "gzip", "service": "athena", "queries_per_month": 1, "scanned_mb_per_query": 1048576},
                                  {"name": "parquet", "service": "athena", "queries_per_month": 1, "scanned_mb_per_query": 262144})",
                               false);
    CHECK(cost_of(r, "text", "data_scanned") == "15"_d);
    CHECK(cost_of(r, "gzip", "data_scanned") == "5"_d);
    CHECK(cost_of(r, "parquet", "data_scanned") == "1.25"_d);
}
