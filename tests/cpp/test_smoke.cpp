#include <catch2/catch.hpp>

#include "costmodel/costmodel.hpp"

using namespace costmodel::literals;

TEST_CASE("a rate times a quantity is exact") {
    CHECK(("0.04048"_d * "4"_d).to_string() == "0.16192");
}
