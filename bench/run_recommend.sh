#!/usr/bin/env bash
# Builds bench_recommend (Release, benchmarks on, tests off) in build/bench and runs it; arguments are passed on:
#
#   bash bench/run_recommend.sh                 # 8,760 hours x 1,000 usage lines, with the NumPy peer
#   bash bench/run_recommend.sh --no-python
set -euo pipefail
exec bash "$(dirname "$0")/build_and_run.sh" bench_recommend "$@"
