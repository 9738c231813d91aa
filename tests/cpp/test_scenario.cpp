// Scenario documents (contract scenario-v1): defaults, settings, exact numbers, and every kind of bad
// input. A bad input is a costmodel::input_error whose message names the file, the path of the field
// and the value: "scenario.json: workloads[3].memry_gb: unknown key".

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "costmodel/costmodel.hpp"
#include "test_support.hpp"

using namespace costmodel::literals;
using costmodel::Decimal;
using costmodel::input_error;
using costmodel::parse_scenario;
using costmodel::scenario;

namespace {

using costmodel_test::document;

const char* const one_lambda = R"({"name": "f", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 100})";

// The message of the input_error that parsing `text` (named `source`) throws; fails the test if none.
std::string parse_error(const std::string& text, const std::string& source = "scenario.json") {
    try {
        (void)parse_scenario(text, source);
    } catch (const input_error& error) {
        return error.what();
    }
    FAIL("no input_error for: " << text);
    return {};
}

// A fresh, empty folder under the system's temporary folder.
std::filesystem::path scratch_folder(const std::string& name) {
    const auto folder = std::filesystem::temp_directory_path() / ("costmodel-test-scenario-" + name);
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    return folder;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

}  // namespace

TEST_CASE("a minimal scenario takes the contract's defaults", "[scenario]") {
    const scenario s = parse_scenario(document(one_lambda), "minimal.json");
    CHECK(s.name == "test");
    CHECK(s.catalog == "builtin");
    CHECK(s.settings.region == "us-east-1");
    CHECK(s.settings.currency_code == costmodel::usd);
    CHECK(s.settings.hours_per_month == "730"_d);
    CHECK(s.settings.weeks_per_month == costmodel::exact_ratio::fraction(52, 12));
    CHECK(s.settings.weeks_per_month_text == "52/12");
    CHECK_FALSE(s.settings.free_tier);
    CHECK(s.settings.line_rounding == costmodel::rounding_policy::none);
    CHECK_FALSE(s.users.has_value());
    CHECK_FALSE(s.stated.total.has_value());
    CHECK(s.stated.lines.empty());
    REQUIRE(s.workloads.size() == 1);
    CHECK(s.workloads[0].name == "f");
    CHECK(costmodel::service_name(s.workloads[0].spec) == "lambda");
}

TEST_CASE("scenario settings are read as written", "[scenario]") {
    const scenario s = parse_scenario(document(one_lambda, R"("currency": "USD", "region": "us-east-1",
        "hours_per_month": 720, "weeks_per_month": 4, "free_tier": true, "line_rounding": "cents",
        "users": 100000, "description": "free text")"),
                                      "settings.json");
    CHECK(s.settings.hours_per_month == "720"_d);
    CHECK(s.settings.weeks_per_month == costmodel::exact_ratio("4"_d));
    CHECK(s.settings.weeks_per_month_text == "4");
    CHECK(s.settings.free_tier);
    CHECK(s.settings.line_rounding == costmodel::rounding_policy::cents);
    REQUIRE(s.users.has_value());
    CHECK(*s.users == "100000"_d);

    SECTION("weeks per month as a decimal string or a fraction") {
        CHECK(parse_scenario(document(one_lambda, R"("weeks_per_month": "4.345")"), "w.json").settings.weeks_per_month ==
              costmodel::exact_ratio("4.345"_d));
        const scenario fraction = parse_scenario(document(one_lambda, R"("weeks_per_month": "365/84")"), "w.json");
        CHECK(fraction.settings.weeks_per_month == costmodel::exact_ratio::fraction(365, 84));
        CHECK(fraction.settings.weeks_per_month_text == "365/84");
    }
    SECTION("line_rounding none is the exact policy") {
        CHECK(parse_scenario(document(one_lambda, R"("line_rounding": "none")"), "r.json").settings.line_rounding ==
              costmodel::rounding_policy::none);
        CHECK(parse_scenario(document(one_lambda, R"("line_rounding": "invoice")"), "r.json").settings.line_rounding ==
              costmodel::rounding_policy::invoice);
    }
}

TEST_CASE("numbers are read exactly from their text, as JSON numbers or decimal strings", "[scenario]") {
    const scenario s = parse_scenario(document(R"({"name": "a", "service": "fixed", "monthly_cost": 0.1},
        {"name": "b", "service": "fixed", "monthly_cost": "0.0000166667"},
        {"name": "c", "service": "fixed", "monthly_cost": 1e-3},
        {"name": "d", "service": "fixed", "monthly_cost": 123456789012345678901234567})"),
                                      "numbers.json");
    REQUIRE(s.workloads.size() == 4);
    CHECK(std::get<costmodel::fixed_workload>(s.workloads[0].spec).monthly_cost == "0.1"_d);
    CHECK(std::get<costmodel::fixed_workload>(s.workloads[1].spec).monthly_cost == "0.0000166667"_d);
    CHECK(std::get<costmodel::fixed_workload>(s.workloads[2].spec).monthly_cost == "0.001"_d);
    CHECK(std::get<costmodel::fixed_workload>(s.workloads[3].spec).monthly_cost == "123456789012345678901234567"_d);
}

TEST_CASE("stated figures keep the document's order", "[scenario]") {
    const scenario s = parse_scenario(document(R"({"name": "b", "service": "fixed", "monthly_cost": 1},
        {"name": "a", "service": "fixed", "monthly_cost": 2})",
                                               R"("stated": {"total": "3.50", "lines": {"b": "1.25", "a": 2}})"),
                                      "stated.json");
    REQUIRE(s.stated.total.has_value());
    CHECK(s.stated.total->value == "3.5"_d);
    CHECK(s.stated.total->text == "3.50");  // the document's own places, for the audit
    REQUIRE(s.stated.lines.size() == 2);
    CHECK(s.stated.lines[0].first == "b");
    CHECK(s.stated.lines[0].second.value == "1.25"_d);
    CHECK(s.stated.lines[1].first == "a");
    CHECK(s.stated.lines[1].second.value == "2"_d);
    CHECK(s.stated.lines[1].second.text == "2");
}

TEST_CASE("a stated total of null is no stated total, as for every optional number", "[scenario]") {
    const scenario s = parse_scenario(document(R"({"name": "a", "service": "fixed", "monthly_cost": 1})",
                                               R"("stated": {"total": null, "lines": {"a": "1.00"}})"),
                                      "stated.json");
    CHECK_FALSE(s.stated.total.has_value());
    CHECK(s.stated.lines.size() == 1);
}

TEST_CASE("a stated figure's text is plain decimal notation with the places written", "[scenario]") {
    const scenario s = parse_scenario(document(R"({"name": "a", "service": "fixed", "monthly_cost": 1})",
                                               R"("stated": {"total": 1.0e-2, "lines": {"a": "0.10"}})"),
                                      "stated.json");
    CHECK(s.stated.total->text == "0.01");
    CHECK(s.stated.lines[0].second.text == "0.10");
}

TEST_CASE("bad scenario inputs name the file, the path and the value", "[scenario]") {
    SECTION("negative usage") {
        const std::string message = parse_error(
            document(R"({"name": "f", "service": "lambda", "invocations_per_month": -5, "duration_ms": 100})"));
        CHECK(message == "scenario.json: workloads[0].invocations_per_month: expected a number >= 0, got -5");
    }
    SECTION("unknown service") {
        const std::string message = parse_error(document(R"({"name": "f", "service": "lamda"})"));
        CHECK_THAT(message, Catch::StartsWith("scenario.json: workloads[0].service: unknown service \"lamda\""));
        CHECK_THAT(message, Catch::Contains("lambda"));
    }
    SECTION("unknown key: the contract's example") {
        // Four workloads; the fourth misspells Fargate's memory_gb.
        const std::string text = document(std::string(one_lambda) + R"(,
            {"name": "g", "service": "fixed", "monthly_cost": 1},
            {"name": "h", "service": "ecr", "storage_gb": 3},
            {"name": "training", "service": "fargate", "vcpu": 4, "memry_gb": 16, "runs_per_month": 4, "run_minutes": 30})");
        CHECK_THAT(parse_error(text), Catch::StartsWith("scenario.json: workloads[3].memry_gb: unknown key"));
    }
    SECTION("unknown key where the misspelt key is optional") {
        const std::string message = parse_error(document(
            R"({"name": "f", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 100, "memry_mb": 512})"));
        CHECK(message == "scenario.json: workloads[0].memry_mb: unknown key (did you mean \"memory_mb\"?)");
    }
    SECTION("unknown top-level key") {
        CHECK(parse_error(document(one_lambda, R"("hours_per_mnth": 720)")) == "scenario.json: hours_per_mnth: unknown key (did you mean \"hours_per_month\"?)");
    }
    SECTION("unknown key in stated") {
        CHECK(parse_error(document(one_lambda, R"("stated": {"totl": 1})")) == "scenario.json: stated.totl: unknown key (did you mean \"total\"?)");
    }
    SECTION("a string where a number belongs") {
        const std::string message = parse_error(document(
            R"({"name": "f", "service": "lambda", "invocations_per_month": 1000, "duration_ms": 100, "memory_mb": "lots"})"));
        CHECK(message == "scenario.json: workloads[0].memory_mb: expected a number, got \"lots\"");
    }
    SECTION("a boolean where a number belongs") {
        CHECK(parse_error(document(one_lambda, R"("users": true)")) == "scenario.json: users: expected a number, got true");
    }
    SECTION("more than 10 fractional digits") {
        CHECK(parse_error(document(R"({"name": "a", "service": "fixed", "monthly_cost": 0.00000000001})")) ==
              "scenario.json: workloads[0].monthly_cost: number 0.00000000001 has more than 10 fractional digits");
    }
    SECTION("a missing required key") {
        CHECK(parse_error(document(R"({"name": "t", "service": "fargate", "memory_gb": 2, "runs_per_month": 1, "run_minutes": 5})")) ==
              "scenario.json: workloads[0].vcpu: missing required key");
        CHECK(parse_error(R"({"schema": "costmodel/scenario/v1", "workloads": []})") == "scenario.json: name: missing required key");
        CHECK(parse_error(R"({"schema": "costmodel/scenario/v1", "name": "x"})") == "scenario.json: workloads: missing required key");
        CHECK(parse_error(R"({"name": "x", "workloads": []})") == "scenario.json: schema: missing required key");
        CHECK(parse_error(document(R"({"service": "fixed", "monthly_cost": 1})")) ==
              "scenario.json: workloads[0].name: missing required key");
    }
    SECTION("Fargate Spot needs an explicit discount, between 0 and 1, and only with capacity spot") {
        const std::string task = R"({"name": "t", "service": "fargate", "vcpu": 1, "memory_gb": 2, "runs_per_month": 1, "run_minutes": 5, )";
        CHECK(parse_error(document(task + R"("capacity": "spot"})")) ==
              "scenario.json: workloads[0].spot_discount: missing: capacity spot needs the discount it assumes, e.g. \"0.70\"");
        CHECK(parse_error(document(task + R"("capacity": "spot", "spot_discount": 1.5})")) ==
              "scenario.json: workloads[0].spot_discount: expected a fraction between 0 and 1, got 1.5");
        CHECK(parse_error(document(task + R"("spot_discount": 0.7})")) ==
              "scenario.json: workloads[0].spot_discount: given without capacity \"spot\"");
    }
    SECTION("invalid JSON") {
        const std::string message = parse_error(R"({"schema": "costmodel/scenario/v1", "name": )", "broken.json");
        CHECK_THAT(message, Catch::StartsWith("broken.json: invalid JSON: parse error at line 1, column"));
    }
    SECTION("a key given twice in one object") {
        CHECK(parse_error(document(R"({"name": "a", "service": "fixed", "monthly_cost": 1, "monthly_cost": 2})")) ==
              "scenario.json: workloads[0].monthly_cost: duplicate key (each key may appear once in an object)");
        CHECK(parse_error(document(one_lambda, R"("stated": {"total": 1}, "stated": {"total": 2})")) ==
              "scenario.json: stated: duplicate key (each key may appear once in an object)");
    }
    SECTION("a key given twice in a large object (past the point where keys are hashed)") {
        std::string workloads;
        std::string lines;
        for (int i = 0; i < 40; ++i) {
            const std::string name = "w" + std::to_string(i);
            workloads += (i ? ", " : "") + std::string(R"({"name": ")") + name + R"(", "service": "fixed", "monthly_cost": 1})";
            lines += (i ? ", " : "") + std::string("\"") + name + "\": 1";
        }
        // 40 distinct keys read fine; the same key again at position 41 is refused, as at position 3.
        CHECK(parse_scenario(document(workloads, R"("stated": {"lines": {)" + lines + "}}"), "big.json").stated.lines.size() == 40);
        CHECK(parse_error(document(workloads, R"("stated": {"lines": {)" + lines + R"(, "w7": 2}})")) ==
              "scenario.json: stated.lines.w7: duplicate key (each key may appear once in an object)");
        CHECK(parse_error(document(workloads, R"("stated": {"lines": {"w1": 1, "w2": 1, "w1": 2}})")) ==
              "scenario.json: stated.lines.w1: duplicate key (each key may appear once in an object)");
    }
    SECTION("not an object") {
        CHECK(parse_error("[1, 2]") == "scenario.json: (top level): expected an object, got an array");
        CHECK(parse_error(document("42")) == "scenario.json: workloads[0]: expected an object, got 42");
        CHECK(parse_error(R"({"schema": "costmodel/scenario/v1", "name": "x", "workloads": {}})") ==
              "scenario.json: workloads: expected an array, got an object");
    }
    SECTION("wrong schema") {
        CHECK(parse_error(R"({"schema": "costmodel/scenario/v2", "name": "x", "workloads": []})") ==
              "scenario.json: schema: expected \"costmodel/scenario/v1\", got \"costmodel/scenario/v2\"");
    }
    SECTION("duplicate workload names") {
        CHECK(parse_error(document(R"({"name": "a", "service": "fixed", "monthly_cost": 1},
                                      {"name": "a", "service": "fixed", "monthly_cost": 2})")) ==
              "scenario.json: workloads[1].name: duplicate workload name \"a\"");
    }
    SECTION("a stated line naming no workload") {
        CHECK(parse_error(document(one_lambda, R"("stated": {"lines": {"nope": "1.00"}})")) ==
              "scenario.json: stated.lines.nope: no workload named \"nope\"");
    }
    SECTION("bad settings") {
        CHECK(parse_error(document(one_lambda, R"("hours_per_month": 0)")) ==
              "scenario.json: hours_per_month: expected a number > 0, got 0");
        CHECK(parse_error(document(one_lambda, R"("hours_per_month": -730)")) ==
              "scenario.json: hours_per_month: expected a number >= 0, got -730");
        CHECK(parse_error(document(one_lambda, R"("users": 0)")) == "scenario.json: users: expected a number > 0, got 0");
        CHECK(parse_error(document(one_lambda, R"("weeks_per_month": "52/0")")) ==
              "scenario.json: weeks_per_month: expected a positive number or a fraction such as \"52/12\", got \"52/0\"");
        CHECK(parse_error(document(one_lambda, R"("weeks_per_month": 0)")) ==
              "scenario.json: weeks_per_month: expected a number > 0, got 0");
        CHECK(parse_error(document(one_lambda, R"("line_rounding": "up")")) ==
              "scenario.json: line_rounding: expected one of none, cents, invoice, got \"up\"");
        CHECK(parse_error(document(one_lambda, R"("free_tier": "yes")")) ==
              "scenario.json: free_tier: expected true or false, got \"yes\"");
        CHECK_THAT(parse_error(document(one_lambda, R"("currency": "XYZ")")),
                   Catch::StartsWith("scenario.json: currency: unknown currency \"XYZ\""));
        CHECK(parse_error(R"({"schema": "costmodel/scenario/v1", "name": 5, "workloads": []})") ==
              "scenario.json: name: expected a string, got 5");
    }
    SECTION("the error carries the source and the path separately") {
        try {
            (void)parse_scenario(document(R"({"name": "f", "service": "ecr", "storage_gb": -1})"), "x.json");
            FAIL("no error");
        } catch (const input_error& error) {
            CHECK(error.source() == "x.json");
            CHECK(error.path() == "workloads[0].storage_gb");
        }
    }
}

TEST_CASE("load_scenario reads files and names them in errors", "[scenario]") {
    const auto folder = scratch_folder("load");

    SECTION("an unreadable file") {
        const std::string missing = (folder / "no-such-file.json").string();
        try {
            (void)costmodel::load_scenario(missing);
            FAIL("no error");
        } catch (const input_error& error) {
            CHECK(std::string(error.what()) == missing + ": cannot read the file (no such file)");
        }
    }
    SECTION("invalid JSON in a file") {
        const auto path = folder / "broken.json";
        write_file(path, "{\"schema\": \"costmodel/scenario/v1\",\n  \"name\": }");
        try {
            (void)costmodel::load_scenario(path.string());
            FAIL("no error");
        } catch (const input_error& error) {
            CHECK_THAT(std::string(error.what()), Catch::StartsWith(path.string() + ": invalid JSON: parse error at line 2"));
        }
    }
    SECTION("a relative catalog path is taken relative to the scenario's folder") {
        const auto path = folder / "with-catalog.json";
        write_file(path, document(one_lambda, R"("catalog": "prices/catalog.json")"));
        const scenario s = costmodel::load_scenario(path.string());
        CHECK(s.catalog == (folder / "prices" / "catalog.json").lexically_normal().string());
    }
    SECTION("an absolute catalog path and builtin are kept") {
        const auto path = folder / "absolute.json";
        write_file(path, document(one_lambda, R"("catalog": "/opt/prices.json")"));
        CHECK(costmodel::load_scenario(path.string()).catalog == "/opt/prices.json");
        write_file(path, document(one_lambda));
        CHECK(costmodel::load_scenario(path.string()).catalog == "builtin");
    }
    std::filesystem::remove_all(folder);
}

TEST_CASE("the bundled example and the test scenarios load", "[scenario]") {
    const std::filesystem::path root(COSTMODEL_SOURCE_DIR);
    const scenario example = costmodel::load_scenario((root / "examples" / "100k-users.json").string());
    CHECK(example.name == "100k-users");
    CHECK(example.workloads.size() == 20);
    CHECK(example.settings.hours_per_month == "720"_d);
    CHECK(example.settings.weeks_per_month == costmodel::exact_ratio("4"_d));
    REQUIRE(example.stated.total.has_value());
    CHECK(example.stated.total->value == "33.64"_d);
    CHECK(example.stated.total->text == "33.64");
    CHECK(example.stated.lines.size() == 20);

    int good = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root / "tests" / "data" / "scenarios")) {
        if (entry.path().extension() != ".json") continue;
        const std::string name = entry.path().filename().string();
        INFO(name);
        if (name.rfind("bad-", 0) == 0) {
            CHECK_THROWS_AS(costmodel::load_scenario(entry.path().string()), input_error);
        } else {
            CHECK_NOTHROW(costmodel::load_scenario(entry.path().string()));
            ++good;
        }
    }
    CHECK(good >= 3);
}
