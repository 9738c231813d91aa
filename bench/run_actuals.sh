#!/usr/bin/env bash
# bench_actuals and its peers on the same pages. Writes the pages first (bench/make_cost_explorer.py)
# unless the folder holds them; arguments after the folder go to the generator:
#
#   bash bench/run_actuals.sh build/bench-data/cost-explorer                 # a year x 100 accounts x 150 services
#   bash bench/run_actuals.sh build/bench-data/ce-small --days 60            # a smaller set
#
# The peers (bench/actuals_peer.py) run with $COSTMODEL_BENCH_PYTHON, else .venv/bin/python, else python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1
shift
python=${COSTMODEL_BENCH_PYTHON:-}
if [ -z "$python" ]; then if [ -x .venv/bin/python ]; then python=.venv/bin/python; else python=python3; fi; fi
if ! ls "$out"/page-*.json >/dev/null 2>&1; then
  "$python" bench/make_cost_explorer.py "$out" "$@"
fi
build=${COSTMODEL_BENCH_BUILD_DIR:-build/bench}
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCOSTMODEL_BUILD_BENCH=ON >/dev/null
cmake --build "$build" --target bench_actuals -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" >/dev/null
ours=$("$build/bench/bench_actuals" --as-of 2026-01-03 "$out"/page-*.json)
echo "$ours"
peer=$("$python" bench/actuals_peer.py --as-of 2026-01-03 "$out"/page-*.json)
echo "$peer"
# The ratio the issue's target is set in: costmodel's read and rate against json + decimal's.
rate() { sed -n "s/^$1.* \([0-9.]*\) MB\/s.*/\1/p" | head -n 1; }
ours_rate=$(rate 'costmodel read (simdjson)' <<<"$ours")
decimal_rate=$(rate 'json + decimal' <<<"$peer")
float_rate=$(rate 'json + float' <<<"$peer")
awk -v o="$ours_rate" -v d="$decimal_rate" -v f="$float_rate" \
  'BEGIN { printf "costmodel (simdjson) / json + decimal: %.1fx; / json + float: %.1fx\n", o / d, o / f }'
