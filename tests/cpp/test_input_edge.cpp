// The input edge: the JSON document (exact numbers as their own kind, no marker strings, text after
// the document refused), reading files (non-regular files, size limit, encodings, NUL in a path) and
// the messages a user sees for bad input.

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "costmodel/costmodel.hpp"
#include "costmodel/input_file.hpp"
#include "json_document.hpp"
#include "test_support.hpp"

using costmodel::input_error;
using costmodel::parse_scenario;
using costmodel::detail::json_document;
using costmodel::detail::json_kind;
using costmodel_test::document;

namespace {

template <class F>
input_error error_of(F&& f) {
    try {
        f();
    } catch (const input_error& error) {
        return error;
    }
    FAIL("no input_error");
    return input_error("", "", "");
}

std::filesystem::path scratch_folder() {
    const auto folder = std::filesystem::temp_directory_path() / ("costmodel-edge-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    return folder;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("the document keeps numbers as their exact text, as their own kind", "[edge]") {
    const json_document doc = json_document::parse(R"({"a": 1.50, "b": "1.50", "c": 123456789012345678901234567890, "d": -0,
        "e": 2E3, "f": [true, null, {}], "g": "\u0001x"})", "t.json");
    const auto root = doc.root();
    REQUIRE(root.is_object());
    CHECK(root.size() == 7);
    CHECK(root.find("a")->is_number());
    CHECK(root.find("a")->text() == "1.50");
    CHECK(root.find("b")->is_string());
    CHECK(root.find("b")->text() == "1.50");
    CHECK(root.find("c")->text() == "123456789012345678901234567890");
    CHECK(root.find("e")->text() == "2E3");
    const auto f = *root.find("f");
    REQUIRE(f.size() == 3);
    auto element = f.begin();
    CHECK((*element).as_bool());
    CHECK((*++element).is_null());
    CHECK((*++element).kind() == json_kind::object);
    CHECK(++element == f.end());
    // A leading U+0001 is a character like any other (it once marked numbers).
    CHECK(root.find("g")->text() == "\x01x");
    CHECK_FALSE(root.find("h").has_value());
    // Members in document order, with their keys.
    std::string keys;
    for (const auto member : root) keys += std::string(member.key());
    CHECK(keys == "abcdefg");
}

TEST_CASE("text after the JSON document is an error naming the byte offset", "[edge]") {
    const auto trailing = error_of([] { (void)json_document::parse(R"({"a": 1} x)", "t.json"); });
    CHECK(std::string(trailing.what()) == "t.json: invalid JSON: parse error at line 1, column 10: unexpected text after the JSON "
                                          "document (byte offset 9)");
    const auto two = error_of([] { (void)json_document::parse("{}\n{}", "t.json"); });
    CHECK_THAT(std::string(two.what()), Catch::Contains("unexpected text after the JSON document (byte offset 3)"));
    // Whitespace after the document is fine.
    CHECK(json_document::parse("{} \n\t ", "t.json").root().is_object());
}

TEST_CASE("messages never carry the JSON library's internal codes", "[edge]") {
    const std::string syntax = error_of([] { (void)json_document::parse(R"({"a": tru})", "t.json"); }).what();
    CHECK_THAT(syntax, Catch::StartsWith("t.json: invalid JSON: parse error at line 1, column"));
    CHECK_THAT(syntax, !Catch::Contains("json.exception"));

    // 1e309 is beyond a double, and far beyond a Decimal: said so at its path, from its text.
    const auto huge = error_of([] { (void)parse_scenario(document(R"({"name": "f", "service": "fixed", "monthly_cost": 1e309})"), "s.json"); });
    CHECK(std::string(huge.what()) == "s.json: workloads[0].monthly_cost: number 1e309 is beyond the Decimal range (at most 28 integer digits)");
    CHECK(huge.path() == "workloads[0].monthly_cost");
    CHECK(huge.value() == "1e309");
}

TEST_CASE("a huge exponent is refused from its text, quickly", "[edge]") {
    // 1e999999999 overflows a double (the library rejects it); 1e-999999999 is a tiny double, and its
    // text is refused as more than 10 fractional digits without expanding it.
    const auto start = std::chrono::steady_clock::now();
    const auto tiny = error_of([] { (void)parse_scenario(document(R"({"name": "f", "service": "fixed", "monthly_cost": 1e-999999999})"), "s.json"); });
    CHECK_THAT(std::string(tiny.what()), Catch::Contains("has more than 10 fractional digits"));
    const auto big = error_of([] { (void)parse_scenario(document(R"({"name": "f", "service": "fixed", "monthly_cost": "1e999999999"})"), "s.json"); });
    CHECK_THAT(std::string(big.what()), Catch::Contains("is out of range"));
    CHECK(big.value() == "\"1e999999999\"");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
}

TEST_CASE("control characters in keys are shown escaped, never cutting the message", "[edge]") {
    const std::string text = document(std::string(R"({"name": "f", "service": "fixed", "monthly_cost": 1, "bad)") + "\\u0000" + R"(key": 2})");
    const auto error = error_of([&] { (void)parse_scenario(text, "s.json"); });
    CHECK(std::string(error.what()) == "s.json: workloads[0].bad\\u0000key: unknown key");
    CHECK(error.path() == "workloads[0].bad\\u0000key");
}

TEST_CASE("names are kept as written, and an empty scenario name is refused", "[edge]") {
    const auto s = parse_scenario(document(R"({"name": "\u0001f", "service": "fixed", "monthly_cost": 1})"), "s.json");
    CHECK(s.workloads[0].name == "\x01" "f");
    const auto empty = error_of([] {
        (void)parse_scenario(R"({"schema": "costmodel/scenario/v1", "name": "", "workloads": []})", "s.json");
    });
    CHECK(std::string(empty.what()) == "s.json: name: must not be empty");
}

TEST_CASE("stated lines are read in linear time", "[edge]") {
    const auto scenario_with = [](int count) {
        std::string workloads;
        std::string lines;
        for (int i = 0; i < count; ++i) {
            const std::string name = "w" + std::to_string(i);
            workloads += (i ? ", " : "") + std::string(R"({"name": ")") + name + R"(", "service": "fixed", "monthly_cost": 1})";
            lines += (i ? ", " : "") + std::string("\"") + name + "\": 1";
        }
        return document(workloads, R"("stated": {"lines": {)" + lines + "}}");
    };
    const auto time_of = [](const std::string& text, std::size_t expected) {
        const auto start = std::chrono::steady_clock::now();
        const auto s = parse_scenario(text, "big.json");
        const auto elapsed = std::chrono::steady_clock::now() - start;
        CHECK(s.stated.lines.size() == expected);
        return elapsed;
    };
    const std::string small = scenario_with(5000);
    const std::string large = scenario_with(50000);
    auto small_time = time_of(small, 5000);
    for (int i = 0; i < 2; ++i) small_time = std::min(small_time, time_of(small, 5000));
    const auto large_time = time_of(large, 50000);
    // Ten times the lines: about ten times the time when linear, a hundred when quadratic (the old
    // reader took 10 s for 50,000). The margin absorbs timing noise and sanitizer builds.
    CHECK(large_time < 30 * small_time + std::chrono::milliseconds(50));
}

TEST_CASE("input files: only regular files within the size limit, as UTF-8", "[edge]") {
    const auto folder = scratch_folder();
    using costmodel::read_input_file;

    SECTION("a directory") {
        CHECK(std::string(error_of([&] { (void)read_input_file(folder.string()); }).what()) ==
              folder.string() + ": cannot read the file (it is a directory)");
        CHECK(std::string(error_of([&] { (void)costmodel::load_scenario(folder.string()); }).what()) ==
              folder.string() + ": cannot read the file (it is a directory)");
    }
    SECTION("a device and a FIFO are refused without reading them") {
        CHECK(std::string(error_of([] { (void)costmodel::load_scenario("/dev/zero"); }).what()) ==
              "/dev/zero: cannot read the file (it is a device, not a regular file)");
        CHECK(std::string(error_of([] { (void)costmodel::load_catalog("/dev/zero"); }).what()) ==
              "/dev/zero: cannot read catalog (it is a device, not a regular file)");
        const auto fifo = folder / "fifo";
        std::filesystem::remove(fifo);
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        // Opening a FIFO for reading would wait for a writer; it is refused at once.
        CHECK(std::string(error_of([&] { (void)read_input_file(fifo.string()); }).what()) ==
              fifo.string() + ": cannot read the file (it is a FIFO (named pipe), not a regular file)");
    }
    SECTION("the size limit") {
        const auto path = folder / "ten.json";
        write_file(path, "0123456789");
        CHECK(read_input_file(path.string(), costmodel::read_limits{10}) == "0123456789");
        CHECK(std::string(error_of([&] { (void)read_input_file(path.string(), costmodel::read_limits{9}); }).what()) ==
              path.string() + ": the file is larger than the limit of 9 bytes (read_limits::max_file_bytes)");
        CHECK_THROWS_AS(costmodel::load_scenario(path.string(), costmodel::read_limits{9}), input_error);
        CHECK_THROWS_AS(costmodel::load_catalog(path.string(), costmodel::read_limits{9}), input_error);
    }
    SECTION("a path with an embedded NUL is refused, not truncated") {
        const auto path = folder / "real.json";
        write_file(path, "{}");
        const std::string with_nul = path.string() + std::string(1, '\0') + "ignored";
        CHECK(std::string(error_of([&] { (void)read_input_file(with_nul); }).what()) ==
              path.string() + "\\u0000ignored: the path contains a NUL character");
    }
    SECTION("encodings") {
        const auto path = folder / "enc.json";
        write_file(path, "\xFF\xFE{\0}\0");
        CHECK(std::string(error_of([&] { (void)costmodel::load_scenario(path.string()); }).what()) ==
              path.string() + ": the file is UTF-16; save it as UTF-8");
        write_file(path, std::string_view("{\0\"\0", 4));
        CHECK_THAT(std::string(error_of([&] { (void)read_input_file(path.string()); }).what()), Catch::Contains("UTF-16 or UTF-32"));
        write_file(path, "{\"name\": \"caf\xE9\"}");
        const auto invalid = error_of([&] { (void)read_input_file(path.string()); });
        CHECK(std::string(invalid.what()) == path.string() + ": invalid UTF-8 at byte offset 13 (save the file as UTF-8)");
        CHECK(invalid.value() == "\\xe9");
        // A UTF-8 byte order mark is accepted.
        write_file(path, "\xEF\xBB\xBF" + document(R"({"name": "f", "service": "fixed", "monthly_cost": 1})"));
        CHECK(costmodel::load_scenario(path.string()).workloads.size() == 1);
    }
    std::filesystem::remove_all(folder);
}

TEST_CASE("overflow while metering or pricing names the file and the workload", "[edge]") {
    // 10^27 invocations of 10^6 ms at 10 GB: GB-seconds far beyond 10^28.
    const std::string text = document(R"({"name": "ok", "service": "fixed", "monthly_cost": 1},
        {"name": "huge", "service": "lambda", "invocations_per_month": 1000000000000000000000000000, "duration_ms": 900000, "memory_mb": 10240})");
    const costmodel::scenario s = parse_scenario(text, "s.json");
    const auto error = error_of([&] { (void)costmodel::estimate(s, costmodel::builtin_catalog()); });
    CHECK(error.source() == "s.json");
    CHECK(error.path() == "workloads[1]");
    CHECK_THAT(std::string(error.what()), Catch::StartsWith("s.json: workloads[1]: ") && Catch::Contains("out of range") &&
                                              Catch::EndsWith("(workload \"huge\")"));

    // Built in code: the same error, with the source "<scenario>".
    costmodel::scenario built = s;
    built.source.clear();
    CHECK_THAT(std::string(error_of([&] { (void)costmodel::estimate(built, costmodel::builtin_catalog()); }).what()), Catch::StartsWith("<scenario>: workloads[1]: "));

    // Stated prices whose sum overflows: the pricing stage says so, naming the file.
    const std::string sum = document(R"({"name": "a", "service": "fixed", "monthly_cost": 9000000000000000000000000000},
        {"name": "b", "service": "fixed", "monthly_cost": 9000000000000000000000000000})");
    const auto total = error_of([&] { (void)costmodel::estimate(parse_scenario(sum, "sum.json"), costmodel::builtin_catalog()); });
    CHECK_THAT(std::string(total.what()), Catch::StartsWith("sum.json: ") && Catch::Contains("beyond the Decimal range"));
}
