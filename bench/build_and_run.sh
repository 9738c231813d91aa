#!/usr/bin/env bash
# Builds one benchmark target (Release, -O3) into build/bench (or $COSTMODEL_BENCH_BUILD_DIR) and runs
# it with the remaining arguments. Used by run_decimal.sh and run_estimate.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
shift
build=${COSTMODEL_BENCH_BUILD_DIR:-build/bench}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCOSTMODEL_BUILD_BENCH=ON \
    -DCOSTMODEL_BUILD_TESTS=OFF -DCOSTMODEL_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build" --target "$target" -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" >/dev/null
exec "$build/bench/$target" "$@"
