// Line tables through the Arrow C Data Interface: export without copy, import with exact conversion,
// release callbacks that run once.

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "costmodel/table/arrow.hpp"
#include "costmodel/table/operations.hpp"

using costmodel::Decimal;
using costmodel::table::table;
namespace arrow = costmodel::table::arrow;

namespace {

// Every column type, each with a null, over five rows.
table every_type() {
    table t;
    auto& cost = t.add_decimal("cost", true);
    auto& name = t.add_string("name", true);
    auto& n64 = t.add_int64("n64", true);
    auto& n32 = t.add_int32("n32", true);
    auto& flag = t.add_boolean("flag", true);
    auto& day = t.add_date("day", true);
    auto& at = t.add_timestamp("at", true);
    const char* costs[] = {"1.25", nullptr, "-0.0000000001", "99999999999999999999999999.9999999999", "0"};
    const char* names[] = {"api", "etl", nullptr, "api", ""};
    for (int i = 0; i < 5; ++i) {
        if (costs[i]) cost.append(Decimal::parse(costs[i]));
        else cost.append_null();
        if (names[i]) name.append(names[i]);
        else name.append_null();
        if (i == 1) n64.append_null();
        else n64.append(std::int64_t{1} << (40 + i));
        if (i == 2) n32.append_null();
        else n32.append(-i);
        if (i == 3) flag.append_null();
        else flag.append(i % 2 == 0);
        if (i == 4) day.append_null();
        else day.append(costmodel::table::days_from_civil(2026, 1, 1 + i));
        if (i == 0) at.append_null();
        else at.append(1'700'000'000'000'000LL + i);
    }
    return t;
}

int released = 0;
void counting_release(ArrowArray* a) {
    ++released;
    a->release = nullptr;
}
void counting_release_schema(ArrowSchema* s) {
    ++released;
    s->release = nullptr;
}

// A hand-made struct array of one child, as another producer would hand it over.
struct handmade {
    ArrowSchema child_schema{};
    ArrowSchema* schema_children[1]{};
    ArrowSchema schema{};
    ArrowArray child{};
    ArrowArray* children[1]{};
    const void* struct_buffers[1]{nullptr};
    ArrowArray array{};
    std::vector<const void*> buffers;

    handmade(const char* format, std::int64_t length, std::vector<const void*> child_buffers, std::int64_t offset = 0,
             std::int64_t null_count = 0)
        : buffers(std::move(child_buffers)) {
        child_schema = {format, "x", nullptr, ARROW_FLAG_NULLABLE, 0, nullptr, nullptr, &counting_release_schema, nullptr};
        schema_children[0] = &child_schema;
        schema = {"+s", "", nullptr, 0, 1, schema_children, nullptr, &counting_release_schema, nullptr};
        child = {length, null_count, offset, static_cast<std::int64_t>(buffers.size()), 0, buffers.data(), nullptr, nullptr,
                 &counting_release, nullptr};
        children[0] = &child;
        array = {length - offset, 0, 0, 1, 1, struct_buffers, children, nullptr, &counting_release, nullptr};
    }
    table import() { return arrow::import_array(&schema, &array); }
};

std::vector<std::string> texts(const table& t, const std::string& name) {
    std::vector<std::string> out;
    const auto& c = t[name];
    for (std::size_t i = 0; i < c.size(); ++i) out.push_back(c.value_text(i));
    return out;
}
using strings = std::vector<std::string>;

}  // namespace

TEST_CASE("a table exports as a struct of columns with the spec's format strings", "[arrow]") {
    const table t = every_type();
    ArrowSchema schema{};
    ArrowArray array{};
    arrow::export_table(t, &schema, &array);
    REQUIRE(std::string(schema.format) == "+s");
    REQUIRE(schema.n_children == 7);
    const char* formats[] = {"d:38,10", "i", "l", "i", "b", "tdD", "tsu:UTC"};
    for (int i = 0; i < 7; ++i) {
        CHECK(std::string(schema.children[i]->format) == formats[i]);
        CHECK(schema.children[i]->flags == ARROW_FLAG_NULLABLE);
        CHECK(array.children[i]->null_count == 1);
        CHECK(array.children[i]->length == 5);
    }
    REQUIRE(schema.children[1]->dictionary != nullptr);
    CHECK(std::string(schema.children[1]->dictionary->format) == "u");
    CHECK(std::string(schema.children[0]->name) == "cost");
    CHECK(array.length == 5);
    CHECK(array.n_buffers == 1);

    // No copy: the decimal child points at the column's own __int128 values; the codes likewise.
    CHECK(array.children[0]->buffers[1] == static_cast<const void*>(t.decimals("cost").data()));
    CHECK(array.children[1]->buffers[1] == static_cast<const void*>(t.codes("name").data()));
    CHECK(array.children[1]->dictionary->length == 3);  // "api", "etl" and the empty string

    // The validity bitmap of cost: row 1 null -> 0b11101.
    CHECK(static_cast<const std::uint8_t*>(array.children[0]->buffers[0])[0] == 0b11101);

    schema.release(&schema);
    array.release(&array);
    CHECK(schema.release == nullptr);
    CHECK(array.release == nullptr);
}

TEST_CASE("an export outlives its table and survives the table growing", "[arrow]") {
    ArrowSchema schema{};
    ArrowArray array{};
    const void* exported_values = nullptr;
    {
        table t = every_type();
        arrow::export_table(t, &schema, &array);
        exported_values = array.children[0]->buffers[1];
        // Growing the table moves its columns to new blocks and copies the shared dictionary.
        auto& cost = t.get_as<costmodel::table::decimal_column>("cost");
        for (int i = 0; i < 1000; ++i) cost.append(Decimal(i));
        auto& name = t.get_as<costmodel::table::string_column>("name");
        for (int i = 0; i < 1000; ++i) name.append("name" + std::to_string(i));
        CHECK(static_cast<const void*>(t.decimals("cost").data()) != exported_values);
    }
    // The table is gone; the exported buffers are still the five values (ASan checks the reads).
    const auto* units = static_cast<const __int128*>(exported_values);
    CHECK(units[0] == static_cast<__int128>(12'500'000'000LL));
    CHECK(units[2] == -1);
    CHECK(array.children[1]->dictionary->length == 3);
    const table back = arrow::import_array(&schema, &array);  // consumes both
    CHECK(schema.release == nullptr);
    CHECK(array.release == nullptr);
    CHECK(back == every_type());
}

TEST_CASE("every type round-trips with its nulls, whole and from an offset", "[arrow]") {
    const table t = every_type();
    ArrowSchema schema{};
    ArrowArray array{};
    arrow::export_table(t, &schema, &array);
    const table back = arrow::import_array(&schema, &array);
    CHECK(back == t);
    CHECK(back.schema() == t.schema());
    CHECK(texts(back, "cost") == strings{"1.25", "null", "-0.0000000001", "99999999999999999999999999.9999999999", "0"});

    // A stream of batches of two rows: the batches are windows onto the same buffers.
    ArrowArrayStream stream{};
    arrow::export_stream(t, &stream, 2);
    ArrowSchema s{};
    REQUIRE(stream.get_schema(&stream, &s) == 0);
    std::vector<std::int64_t> offsets;
    for (;;) {
        ArrowArray batch{};
        REQUIRE(stream.get_next(&stream, &batch) == 0);
        if (batch.release == nullptr) break;
        offsets.push_back(batch.children[0]->offset);
        CHECK(batch.children[0]->buffers[1] == static_cast<const void*>(t.decimals("cost").data()));
        batch.release(&batch);
    }
    CHECK(offsets == std::vector<std::int64_t>{0, 2, 4});
    s.release(&s);
    stream.release(&stream);

    ArrowArrayStream again{};
    arrow::export_stream(t, &again, 2);
    CHECK(arrow::import_stream(&again) == t);
    CHECK(again.release == nullptr);
}

TEST_CASE("a stream of a table without rows has its columns and no batch", "[arrow]") {
    table t;
    t.add_decimal("cost");
    t.add_string("name", true);
    ArrowArrayStream stream{};
    arrow::export_stream(t, &stream);
    const table back = arrow::import_stream(&stream);
    CHECK(back.num_rows() == 0);
    CHECK(back.schema() == t.schema());
}

TEST_CASE("import honours the struct's offset and each child's offset", "[arrow]") {
    // int64 values 10..15 with row 3 null; the child starts at 1, the struct at 1 more.
    std::int64_t values[] = {10, 11, 12, 13, 14, 15};
    std::uint8_t validity[] = {0b110111};
    released = 0;
    handmade h("l", 6, {validity, values}, 1, 1);
    h.array.offset = 1;
    h.array.length = 4;
    const table t = h.import();
    CHECK(texts(t, "x") == strings{"12", "null", "14", "15"});
    CHECK(released == 2);  // the struct array and the struct schema, each once
}

TEST_CASE("decimals of any scale up to 10 are rescaled exactly", "[arrow]") {
    __int128 values[] = {12345, -1, 0};
    released = 0;
    handmade two("d:38,2", 3, {nullptr, values});
    CHECK(texts(two.import(), "x") == strings{"123.45", "-0.01", "0"});
    handmade negative("d:5,-3", 3, {nullptr, values});
    CHECK(texts(negative.import(), "x") == strings{"12345000", "-1000", "0"});

    __int128 exact[] = {12000, 0};  // 12000 * 10^-13 = 1.2 * 10^-9, exact at scale 10
    handmade fine("d:38,13", 2, {nullptr, exact});
    CHECK(texts(fine.import(), "x") == strings{"0.0000000012", "0"});
    __int128 inexact[] = {12345};
    handmade lossy("d:38,13", 1, {nullptr, inexact});
    CHECK_THROWS_WITH(lossy.import(), Catch::Contains("format \"d:38,13\"") && Catch::Contains("more than 10 decimal places"));

    __int128 big[] = {static_cast<__int128>(costmodel::Decimal::max_units)};
    handmade too_big("d:38,0", 1, {nullptr, big});
    CHECK_THROWS_AS(too_big.import(), std::overflow_error);

    std::int64_t d64[] = {-250};
    handmade sixty_four("d:18,2,64", 1, {nullptr, d64});
    CHECK(texts(sixty_four.import(), "x") == strings{"-2.5"});
    handmade wide("d:76,10,256", 1, {nullptr, values});
    CHECK_THROWS_AS(wide.import(), arrow::arrow_error);
    CHECK(released == 14);  // seven imports, each releasing its array and its schema once
}

TEST_CASE("timestamps of every unit become microseconds; only UTC or no zone", "[arrow]") {
    std::int64_t seconds[] = {1, -1};
    handmade s("tss:", 2, {nullptr, seconds});
    CHECK(texts(s.import(), "x") == strings{"1970-01-01T00:00:01.000000Z", "1969-12-31T23:59:59.000000Z"});
    std::int64_t nanos[] = {1'000, 2'000'000};
    handmade ns("tsn:UTC", 2, {nullptr, nanos});
    CHECK(ns.import().timestamps("x")[1] == 2'000);
    std::int64_t odd[] = {1'001};
    handmade lossy("tsn:", 1, {nullptr, odd});
    CHECK_THROWS_WITH(lossy.import(), Catch::Contains("not a whole microsecond"));
    handmade zoned("tsu:Europe/Paris", 1, {nullptr, odd});
    CHECK_THROWS_WITH(zoned.import(), "Arrow column 'x' (format \"tsu:Europe/Paris\"): a timestamp must be in UTC or have "
                                      "no time zone, not Europe/Paris");
}

TEST_CASE("strings import from utf8, large_utf8, string_view and dictionaries", "[arrow]") {
    const char data[] = "apietlathena";
    std::int32_t offsets32[] = {0, 3, 6, 12};
    handmade utf8("u", 3, {nullptr, offsets32, data}, 1);
    CHECK(texts(utf8.import(), "x") == strings{"etl", "athena"});

    std::int64_t offsets64[] = {0, 3, 6, 12};
    handmade large("U", 3, {nullptr, offsets64, data});
    CHECK(texts(large.import(), "x") == strings{"api", "etl", "athena"});

    // Views: "api" inline, and a 13-byte string in data buffer 0.
    const char long_text[] = "a-long-string";
    std::uint8_t views[32] = {};
    const std::int32_t short_len = 3, long_len = 13, buffer_index = 0, offset = 0;
    std::memcpy(views, &short_len, 4);
    std::memcpy(views + 4, "api", 3);
    std::memcpy(views + 16, &long_len, 4);
    std::memcpy(views + 20, long_text, 4);
    std::memcpy(views + 24, &buffer_index, 4);
    std::memcpy(views + 28, &offset, 4);
    std::int64_t sizes[] = {13};
    handmade view("vu", 2, {nullptr, views, long_text, sizes});
    CHECK(texts(view.import(), "x") == strings{"api", "a-long-string"});

    // A dictionary with int8 indices, one null row.
    ArrowSchema dict_schema{"u", "", nullptr, 0, 0, nullptr, nullptr, &counting_release_schema, nullptr};
    const void* dict_buffers[] = {nullptr, offsets32, data};
    ArrowArray dict{3, 0, 0, 3, 0, dict_buffers, nullptr, nullptr, &counting_release, nullptr};
    std::int8_t indices[] = {2, 0, 2, 1};
    std::uint8_t validity[] = {0b1011};
    handmade coded("c", 4, {validity, indices}, 0, 1);
    coded.child_schema.dictionary = &dict_schema;
    coded.child.dictionary = &dict;
    const table t = coded.import();
    CHECK(texts(t, "x") == strings{"athena", "api", "null", "etl"});
    CHECK(t.strings("x").dictionary().size() == 4);  // athena, api, "" (for the null), etl
}

TEST_CASE("unsupported formats name the column and the format", "[arrow]") {
    double values[] = {1.5};
    released = 0;
    handmade f("g", 1, {nullptr, values});
    CHECK_THROWS_WITH(f.import(), Catch::StartsWith("Arrow column 'x' (format \"g\"): is not supported"));
    CHECK(released == 2);  // released even when the import fails
    handmade list("+l", 1, {nullptr, values});
    CHECK_THROWS_AS(list.import(), arrow::arrow_error);
    CHECK_THROWS_AS(list.import(), std::invalid_argument);
}
