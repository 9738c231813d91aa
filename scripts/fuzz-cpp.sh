#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz with clang (fuzzer + AddressSanitizer +
# UndefinedBehaviorSanitizer) into build/fuzz and runs each for a bounded time, seeded from
# examples/ and tests/data/. Prints one line per harness; on a finding (a crash, a sanitizer report, a
# leak, a timeout, the RSS limit, an exception other than the documented input errors) prints the
# fuzzer's report and exits non-zero. The corpus each run grows is kept in build/fuzz/corpus/, so later
# runs start from it; findings are written to build/fuzz/artifacts/.
#
#   FUZZ_SECONDS   time per harness (default 15)
#   FUZZ_TARGETS   harnesses to run (default: scenario catalog offer_file cost_explorer)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/fuzz
jobs=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
seconds=${FUZZ_SECONDS:-15}
targets=(${FUZZ_TARGETS:-scenario catalog offer_file cost_explorer})

mkdir -p "$build"
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >"$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
build_targets=()
for name in "${targets[@]}"; do build_targets+=("fuzz_$name"); done
cmake --build "$build" -j "$jobs" --target "${build_targets[@]}" >"$build/build.log" 2>&1 \
  || { cat "$build/build.log"; exit 1; }

seeds_scenario=(examples tests/data/scenarios)
seeds_catalog=(tests/data/catalogs src/catalog)
seeds_offer_file=(tests/data/offers)
seeds_cost_explorer=(tests/data/cost-explorer examples/seed-003)

status=0
mkdir -p "$build/artifacts"
for name in "${targets[@]}"; do
  seeds_var="seeds_${name}[@]"
  corpus=$build/corpus/$name
  log=$build/fuzz_$name.log
  mkdir -p "$corpus"
  # The outer timeout is a backstop for a fuzzer that stops answering; -max_total_time bounds a run.
  if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     timeout $((seconds + 60)) "$build/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$build/artifacts/fuzz_$name-" "$corpus" "${!seeds_var}" \
       >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$name: ${runs:-?} executions in ${seconds} s, corpus $(ls "$corpus" | wc -l) inputs, no findings"
  else
    code=$?
    echo "fuzz_$name: FINDING (exit $code); report follows (full log: $log)"
    grep -v -E '^#[0-9]+' "$log" | tail -n 60
    status=1
  fi
done
exit $status
