#!/usr/bin/env bash
# Checks that an outside CMake project can use an installed costmodel through find_package(costmodel):
#
#   1. configures and builds the library (Release, no tests, no benchmarks, no Python module),
#   2. installs it into a fresh prefix with `cmake --install`,
#   3. configures tests/consumer against that prefix (CMAKE_PREFIX_PATH only), builds and runs it,
#   4. compares what it prints with the expected text.
#
# The library's build directory is kept (build/consumer/lib) so that a second run only rebuilds what
# changed; the prefix and the consumer's build are made anew on every run. Set COSTMODEL_CONSUMER_DIR
# to use another directory. Works from a clean checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${COSTMODEL_CONSUMER_DIR:-$root/build/consumer}
jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi

mkdir -p "$work"
log=$work/log.txt
: >"$log"
run() {
    # Runs a step quietly; on failure shows its output and stops.
    if ! "$@" >>"$log" 2>&1; then
        echo "test-consumer: failed: $*" >&2
        tail -n 60 "$log" >&2
        exit 1
    fi
}

echo "test-consumer: building and installing costmodel into $work/prefix"
if [[ -f "$work/lib/CMakeCache.txt" ]] && ! grep -q "^CMAKE_HOME_DIRECTORY:INTERNAL=$root\$" "$work/lib/CMakeCache.txt"; then
    rm -rf "$work/lib"  # a build directory left by another checkout
fi
run cmake -S "$root" -B "$work/lib" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCOSTMODEL_BUILD_TESTS=OFF -DCOSTMODEL_BUILD_BENCH=OFF -DCOSTMODEL_BUILD_PYTHON=OFF -DCOSTMODEL_SANITIZE=OFF
run cmake --build "$work/lib" -j "$jobs"
rm -rf "$work/prefix" "$work/app"
run cmake --install "$work/lib" --prefix "$work/prefix"

echo "test-consumer: building tests/consumer against the installed package"
# Only the prefix is given: no path into the source or build tree, and no package registry.
run cmake -S "$root/tests/consumer" -B "$work/app" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
found=$(sed -n 's/^costmodel_DIR:PATH=//p' "$work/app/CMakeCache.txt")
if [[ "$found" != "$work/prefix/"* ]]; then
    echo "test-consumer: costmodel was found in '$found', not in the installed prefix $work/prefix" >&2
    exit 1
fi
run cmake --build "$work/app"

expected="costmodel $(sed -n 's/^project(costmodel VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
0.04048 USD x 4: 0.16192 USD
to the cent: 0.16 USD
100 USD split 1:1:1: 33.34 USD, 33.33 USD, 33.33 USD
1 / 3: 0.3333333333
from_double(0.1): 0.1
Glue 2 DPU x 15 min x 4 runs: 0.88
ok"
status=0
output=$("$work/app/costmodel_consumer") || status=$?
if [[ $status -ne 0 || "$output" != "$expected" ]]; then
    echo "test-consumer: the consumer exited with status $status; its output differs from the expected:" >&2
    diff <(echo "$expected") <(echo "$output") >&2 || true
    exit 1
fi
echo "$output"
echo "test-consumer: find_package(costmodel) works"
