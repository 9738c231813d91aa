#!/usr/bin/env bash
# Builds bench_commitments (Release, benchmarks on, tests off) in build/bench and runs it; arguments are passed on:
#
#   bash bench/run_commitments.sh                        # 8,760 hours x 1,000 usage lines, both peers on every hour
#   bash bench/run_commitments.sh --decimal-hours 720    # the decimal peer on the first 720 hours (its time scaled)
#   bash bench/run_commitments.sh --no-python
#
# bench/commitments.py (the decimal and NumPy peers) runs with $COSTMODEL_BENCH_PYTHON, else .venv/bin/python,
# else python3.
set -euo pipefail
exec bash "$(dirname "$0")/build_and_run.sh" bench_commitments "$@"
