#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh) and runs the main job: an estimate of the bundled example
# scenario on the built-in catalog. Extra arguments go to `costmodel estimate` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/costmodel estimate examples/100k-users.json "$@"
