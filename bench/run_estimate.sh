#!/usr/bin/env bash
# Builds bench_estimate (Release, benchmarks on, tests off) in build/bench and runs it; arguments are passed on:
#
#   bash bench/run_estimate.sh                            # 100,000 variants in C++ and from Python (about 2 minutes)
#   bash bench/run_estimate.sh --python-variants 10000    # Python (costmodel and the peer) on the first 10,000
#   bash bench/run_estimate.sh --no-python
#
# bench/estimate.py (costmodel from Python and the decimal peer) runs with $COSTMODEL_BENCH_PYTHON, else
# .venv/bin/python, else python3; it needs costmodel installed there (bash scripts/setup.sh).
set -euo pipefail
exec bash "$(dirname "$0")/build_and_run.sh" bench_estimate "$@"
