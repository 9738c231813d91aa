// The service registry: one list from which the workload variant, service names and the scenario
// reader's dispatch follow, and the docs' list of services matches it.

#include <catch2/catch.hpp>

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
