#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs every test: the C++ tests (plain and under
# AddressSanitizer + UndefinedBehaviorSanitizer), a short libFuzzer run of each C++ parser
# (scripts/fuzz-cpp.sh), an outside CMake project built against the installed library, a test-only
# service added to a copy of the tree by the documented steps (tests/registry/add-service.sh), and the Python
# tests (property tests, stub check, CLI, notebooks).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
export PATH="$PWD/.venv/bin:$PATH"

echo "== C++ tests (Release)"
cmake -S . -B build/cpp -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTMODEL_BUILD_TESTS=ON >/dev/null
cmake --build build/cpp -j "$jobs"
ctest --test-dir build/cpp --output-on-failure -j "$jobs"

echo "== C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCOSTMODEL_SANITIZE=ON -DCOSTMODEL_BUILD_TESTS=ON >/dev/null
cmake --build build/asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs"

echo "== C++ parsers under libFuzzer (about 15 s per harness)"
bash scripts/fuzz-cpp.sh

echo "== find_package(costmodel) from an outside project"
bash scripts/test-consumer.sh

echo "== a service added by the steps of docs/adding-a-service.md"
bash tests/registry/add-service.sh

echo "== Python tests"
.venv/bin/python -m pytest tests/python -q
