#!/usr/bin/env bash
# Builds bench_decimal (Release, benchmarks on, tests off) in build/bench and runs it; arguments are passed on:
#
#   bash bench/run_decimal.sh                       # 10M values; Python's decimal on the first 1M
#   bash bench/run_decimal.sh --python-n 10000000   # Python on all 10M (needs about 6 GB)
#   bash bench/run_decimal.sh --no-python
#
# The Python peer (bench/decimal_peer.py) runs with $COSTMODEL_BENCH_PYTHON, else .venv/bin/python, else python3.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${COSTMODEL_BENCH_BUILD_DIR:-build/bench}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCOSTMODEL_BUILD_BENCH=ON \
    -DCOSTMODEL_BUILD_TESTS=OFF -DCOSTMODEL_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build" --target bench_decimal -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" >/dev/null
exec "$build/bench/bench_decimal" "$@"
