#!/usr/bin/env bash
# Builds bench_decimal (Release, benchmarks on, tests off) in build/bench and runs it; arguments are passed on:
#
#   bash bench/run_decimal.sh                       # 10M values; Python's decimal on the first 1M
#   bash bench/run_decimal.sh --python-n 10000000   # Python on all 10M (needs about 6 GB)
#   bash bench/run_decimal.sh --no-python
#
# The Python peer (bench/decimal_peer.py) runs with $COSTMODEL_BENCH_PYTHON, else .venv/bin/python, else python3.
set -euo pipefail
exec bash "$(dirname "$0")/build_and_run.sh" bench_decimal "$@"
