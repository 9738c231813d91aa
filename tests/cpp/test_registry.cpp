// The service registry: one list from which the workload variant, service names and the scenario
// reader's dispatch follow, and the docs' list of services matches it.

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

namespace {

// The variant holds exactly the list's types, in its order.
template <class List, class Variant>
struct same_types;
template <class... Listed, class... Held>
struct same_types<costmodel::type_list<Listed...>, std::variant<Held...>> : std::is_same<std::tuple<Listed...>, std::tuple<Held...>> {};

}  // namespace

static_assert(same_types<costmodel::service_types, costmodel::service_workload>::value);
static_assert(costmodel::service_types::size == std::variant_size_v<costmodel::service_workload>);
static_assert(!costmodel::is_valid_service_list(costmodel::type_list<costmodel::fixed_workload, costmodel::fixed_workload>{}),
              "a repeated service name is refused");

TEST_CASE("service_name follows the workload's type", "[registry]") {
    CHECK(costmodel::service_name(costmodel::service_workload(costmodel::fixed_workload{})) == "fixed");
    CHECK(costmodel::service_name(costmodel::service_workload(costmodel::glue_job_workload{})) == "glue_job");
    CHECK(costmodel::registered_service_names().front() == "fargate");
    CHECK(costmodel::registered_service_names().size() == 16);
}

TEST_CASE("docs/services.md lists exactly the registered services, in order", "[registry]") {
    std::ifstream file(costmodel_test::source_dir + "/docs/services.md");
    REQUIRE(file);
    std::vector<std::string> documented;
    std::string line;
    while (std::getline(file, line)) {
        if (line.rfind("### ", 0) == 0) documented.push_back(line.substr(4));
    }
    const auto names = costmodel::registered_service_names();
    CHECK(documented == std::vector<std::string>(names.begin(), names.end()));
}

TEST_CASE("an unknown service lists the registered ones", "[registry]") {
    try {
        (void)costmodel::parse_scenario(costmodel_test::document(R"({"name": "x", "service": "lamda"})"), "s.json");
        FAIL("no error");
    } catch (const costmodel::input_error& error) {
        CHECK_THAT(std::string(error.what()), Catch::StartsWith("s.json: workloads[0].service: unknown service \"lamda\" (did you mean \"lambda\"? expected one of fargate, lambda,"));
        CHECK(error.value() == "\"lamda\"");
    }
    // No near name: no guess.
    try {
        (void)costmodel::parse_scenario(costmodel_test::document(R"({"name": "x", "service": "kubernetes"})"), "s.json");
        FAIL("no error");
    } catch (const costmodel::input_error& error) {
        CHECK_THAT(std::string(error.what()), Catch::Contains("unknown service \"kubernetes\" (expected one of"));
    }
}

TEST_CASE("an invalid choice suggests the near one", "[registry]") {
    try {
        (void)costmodel::parse_scenario(
            costmodel_test::document(R"({"name": "x", "service": "lambda", "invocations_per_month": 1, "duration_ms": 1, "arch": "arm46"})"),
            "s.json");
        FAIL("no error");
    } catch (const costmodel::input_error& error) {
        CHECK(std::string(error.what()) ==
              "s.json: workloads[0].arch: expected one of x86_64, arm64, got \"arm46\" (did you mean \"arm64\"?)");
        CHECK(error.value() == "\"arm46\"");
    }
}

// ---------------------------------------------------------------------------------------------------
// One key list per service: reading, writing, validation and descriptions follow from it.

namespace {

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE(file);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("to_json writes a scenario the reader reads back equal, for every example and test scenario", "[registry]") {
    for (const std::string name : {"examples/100k-users.json", "examples/60m-users.json", "examples/60m-users-optimized.json",
                                   "examples/scaling-users.json", "tests/data/scenarios/all-services.json",
                                   "tests/data/scenarios/fargate-on-demand.json", "tests/data/scenarios/fargate-spot.json",
                                   "tests/data/scenarios/lambda-tiers.json"}) {
        INFO(name);
        const costmodel::scenario original = costmodel::parse_scenario(read_text(costmodel_test::source_dir + "/" + name), name);
        const std::string written = costmodel::to_json(original);
        const costmodel::scenario again = costmodel::parse_scenario(written, name);
        CHECK(again == original);
        // Writing is a fixed point: the written document writes itself.
        CHECK(costmodel::to_json(again) == written);
    }
}

TEST_CASE("to_json writes every key of a workload, defaults filled in, optional keys only when given", "[registry]") {
    const costmodel::scenario s = costmodel::parse_scenario(
        costmodel_test::document(R"({"name": "f", "service": "lambda", "invocations_per_week": "1e3", "duration_ms": 1.50})"), "s.json");
    const std::string text = costmodel::to_json(s);
    CHECK_THAT(text, Catch::Contains(R"("invocations_per_week": 1000,)"));
    CHECK_THAT(text, Catch::Contains(R"("duration_ms": 1.5,)"));
    CHECK_THAT(text, Catch::Contains(R"("memory_mb": 128,)"));
    CHECK_THAT(text, Catch::Contains(R"("arch": "x86_64",)"));
    CHECK_THAT(text, Catch::Contains(R"("weeks_per_month": "52/12",)"));
    CHECK_FALSE(text.find("invocations_per_month") != std::string::npos);
    CHECK_FALSE(text.find("provisioned_hours_per_month") != std::string::npos);
}

TEST_CASE("a scenario built in code is validated by estimate() with the reader's messages", "[registry]") {
    costmodel::lambda_workload function;
    function.invocations_per_month = costmodel_test::dec("1000");
    function.duration_ms = costmodel_test::dec("100");
    function.memory_mb = costmodel_test::dec("64");
    costmodel::scenario s;
    s.name = "built";
    s.workloads.push_back({"f", function, ""});
    const costmodel::catalog& prices = *costmodel::catalog_named("builtin");
    try {
        (void)costmodel::estimate(s, prices);
        FAIL("no error");
    } catch (const costmodel::input_error& error) {
        CHECK(std::string(error.what()) == "<scenario>: workloads[0].memory_mb: expected whole MB from 128 to 10240, got 64");
        CHECK(error.path() == "workloads[0].memory_mb");
        CHECK(error.value() == "64");
    }
    // The same workload read from a document gives the same message, with the document's name.
    try {
        (void)costmodel::parse_scenario(
            costmodel_test::document(R"({"name": "f", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 100, "memory_mb": 64})"),
            "s.json");
        FAIL("no error");
    } catch (const costmodel::input_error& error) {
        CHECK(std::string(error.what()) == "s.json: workloads[0].memory_mb: expected whole MB from 128 to 10240, got 64");
    }
    // Rules of single keys come from the key list: a choice outside its values, a negative number.
    std::get<costmodel::lambda_workload>(s.workloads[0].spec).memory_mb = costmodel_test::dec("128");
    std::get<costmodel::lambda_workload>(s.workloads[0].spec).arch = "arm65";
    CHECK_THROWS_WITH(costmodel::estimate(s, prices),
                      "<scenario>: workloads[0].arch: expected one of x86_64, arm64, got \"arm65\" (did you mean \"arm64\"?)");
    std::get<costmodel::lambda_workload>(s.workloads[0].spec).arch = "arm64";
    std::get<costmodel::lambda_workload>(s.workloads[0].spec).duration_ms = costmodel_test::dec("-1");
    CHECK_THROWS_WITH(costmodel::estimate(s, prices), "<scenario>: workloads[0].duration_ms: expected a number >= 0, got -1");
    std::get<costmodel::lambda_workload>(s.workloads[0].spec).duration_ms = costmodel_test::dec("1");
    s.workloads.push_back(s.workloads[0]);
    CHECK_THROWS_WITH(costmodel::estimate(s, prices), "<scenario>: workloads[1].name: duplicate workload name \"f\"");
    s.workloads.pop_back();
    CHECK(costmodel::estimate(s, prices).total > costmodel::Decimal());
}

TEST_CASE("describe_services gives each service's keys from its key list", "[registry]") {
    const auto services = costmodel::describe_services();
    REQUIRE(services.size() == costmodel::service_types::size);
    CHECK(services.front().name == "fargate");
    const auto lambda = std::find_if(services.begin(), services.end(), [](const auto& s) { return s.name == "lambda"; });
    REQUIRE(lambda != services.end());
    const auto key = [&](std::string_view name) {
        const auto found = std::find_if(lambda->keys.begin(), lambda->keys.end(), [&](const auto& k) { return k.name == name; });
        REQUIRE(found != lambda->keys.end());
        return *found;
    };
    CHECK(key("duration_ms").presence == costmodel::key_presence::required);
    CHECK(key("memory_mb").default_value == "128");
    CHECK(key("arch").kind == "text");
    CHECK(key("arch").choices == std::vector<std::string_view>{"x86_64", "arm64"});
    CHECK(key("provisioned_concurrency").rule == "whole");
    CHECK(key("invocations_per_week").presence == costmodel::key_presence::optional);
    // The repetition keys appear where a service lists them.
    const auto crawler = std::find_if(services.begin(), services.end(), [](const auto& s) { return s.name == "glue_crawler"; });
    REQUIRE(crawler != services.end());
    std::vector<std::string_view> names;
    for (const auto& k : crawler->keys) names.push_back(k.name);
    CHECK(names == std::vector<std::string_view>{"dpu", "runs_per_month", "runs_per_week", "run_minutes", "run_seconds"});
}

static_assert(costmodel::has_distinct_keys<costmodel::fargate_workload>());
static_assert(costmodel::key_names<costmodel::glue_crawler_workload>().size() == 5);
