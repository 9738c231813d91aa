#!/usr/bin/env bash
# Runs bench_estimate of this tree and of an earlier commit (default aabe1bc, the last row-of-strings
# engine) one after the other with the same arguments, and prints each figure of both with the ratio.
#
#   bash bench/compare_baseline.sh [--baseline REV] [bench_estimate arguments, e.g. --variants 20000]
#
# The earlier commit is exported with `git archive` into build/baseline/REV (sources only, nothing of
# this tree) and built there in Release; --no-python is always passed (the Python peer is the same
# for both). Both read the same examples/100k-users.json, from this tree.
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=aabe1bc
if [ "${1:-}" = "--baseline" ]; then baseline=$2; shift 2; fi
rev=$(git rev-parse --short "$baseline")
src=build/baseline/$rev/src
if [ ! -f "$src/CMakeLists.txt" ]; then
  mkdir -p "$src"
  git archive "$rev" | tar -x -C "$src"
fi
cmake -S "$src" -B "build/baseline/$rev/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCOSTMODEL_BUILD_BENCH=ON \
  -DCOSTMODEL_BUILD_TESTS=OFF -DCOSTMODEL_BUILD_PYTHON=OFF >/dev/null
cmake --build "build/baseline/$rev/build" --target bench_estimate -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" >/dev/null
old=$(mktemp)
new=$(mktemp)
trap 'rm -f "$old" "$new"' EXIT
"build/baseline/$rev/build/bench/bench_estimate" --no-python --example examples/100k-users.json "$@" > "$old"
bash bench/run_estimate.sh --no-python "$@" > "$new"
cat "$new"
echo
echo "against $rev (the same figures, measured just before):"
# Rows "name  lines/s  us/estimate": match by name, print both lines/s and the ratio.
awk -v OLD="$old" '
  function figure(line) { n = split(line, f, /  +/); return f[n-1] }
  BEGIN { while ((getline line < OLD) > 0) if (line ~ /[0-9],[0-9][0-9][0-9] +[0-9.]+$/) { split(line, f, /  +/); old[f[1]] = f[2] } }
  /[0-9],[0-9][0-9][0-9] +[0-9.]+$/ { split($0, f, /  +/); if (f[1] in old) {
      a = old[f[1]]; b = f[2]; gsub(",", "", a); gsub(",", "", b);
      printf "  %-48s %12s -> %12s lines/s  %.2fx\n", f[1], old[f[1]], f[2], b / a } }
' "$new"
