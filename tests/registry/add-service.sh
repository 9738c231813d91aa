#!/usr/bin/env bash
# Adds a test-only service, `queue`, to a copy of the source tree by exactly the steps of
# docs/adding-a-service.md, builds the library there and runs check_queue.cpp against it: scenario
# reading, validation, the writer, descriptions and pricing must all follow from those steps alone.
#
#   1. its header           tests/registry/queue.hpp   -> include/costmodel/services/queue.hpp
#   2. its source file      tests/registry/queue.cpp   -> src/services/queue.cpp
#   3. its catalog entries  two SKUs added to src/catalog/aws-us-east-1.json
#   4. one line in the list its #include and its type in service_types (registry.hpp)
#
# The copy and its build live in a temporary directory, removed afterwards (COSTMODEL_KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
if [[ "${COSTMODEL_KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
tree=$work/tree
mkdir -p "$tree"
tar -C "$root" --exclude=./build --exclude=./.venv --exclude=./.git -cf - . | tar -xf - -C "$tree"

# 1 and 2
cp "$root/tests/registry/queue.hpp" "$tree/include/costmodel/services/queue.hpp"
cp "$root/tests/registry/queue.cpp" "$tree/src/services/queue.cpp"
# 3
python3 - "$tree/src/catalog/aws-us-east-1.json" <<'PY'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    catalog = json.load(f)
for variant, price in (("standard", "0.0000004"), ("fifo", "0.0000005")):
    catalog["skus"].append({"service": "queue", "usage_type": "requests", "variant": variant, "unit": "request",
                            "price": price, "description": f"queue requests, {variant} (test-only service)",
                            "source": "tests/registry/add-service.sh"})
with open(path, "w", encoding="utf-8") as f:
    json.dump(catalog, f, indent=2)
PY
# 4
registry=$tree/include/costmodel/services/registry.hpp
sed -i 's|#include "costmodel/services/vpc_endpoint.hpp"|&\n#include "costmodel/services/queue.hpp"|' "$registry"
sed -i 's|              fixed_workload>;|              fixed_workload, queue_workload>;|' "$registry"
if ! grep -q 'queue_workload>;' "$registry"; then
    echo "add-service: the service list in registry.hpp no longer ends with fixed_workload; update this script" >&2
    exit 1
fi

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
log=$work/log.txt
if ! { cmake -S "$tree" -B "$work/build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O0 \
        -DCOSTMODEL_BUILD_TESTS=OFF -DCOSTMODEL_BUILD_BENCH=OFF -DCOSTMODEL_BUILD_PYTHON=OFF -DCOSTMODEL_SANITIZE=OFF &&
       cmake --build "$work/build" -j "${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"; } >"$log" 2>&1; then
    echo "add-service: the tree with the queue service does not build:" >&2
    tail -n 60 "$log" >&2
    exit 1
fi
library=$(find "$work/build" -name 'libcostmodel.a' | head -n 1)
"${CXX:-c++}" -std=gnu++20 -O0 -I"$tree/include" "$root/tests/registry/check_queue.cpp" "$library" -o "$work/check_queue" -pthread
"$work/check_queue"
echo "add-service: a service added by the documented steps is read, validated, written, described and priced"
