#!/usr/bin/env bash
# Sets up everything costmodel needs on Debian bookworm, as root: Debian packages, a .venv with the
# Python dependencies, and costmodel itself installed into it. Safe to run again: each step is skipped
# when what it would do is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(g++ cmake ninja-build make libboost-dev libeigen3-dev nlohmann-json3-dev libsimdjson-dev catch2 python3-venv git
  clang libclang-rt-14-dev)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# python3-venv is only needed where the system python is Debian's own.
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
fi

# Python dependencies: reinstalled only when pyproject.toml changes.
deps_stamp=.venv/.costmodel-deps
deps_hash=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$deps_stamp" ] || [ "$(cat "$deps_stamp")" != "$deps_hash" ]; then
  echo "setup: installing Python dependencies into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" \
    "pytest>=7" "hypothesis>=6" "mypy>=1.8" "nbclient>=0.9" "nbformat>=5.9" "ipykernel>=6" \
    "pandas>=2.0" "pyarrow>=14" "matplotlib>=3.7" "polars>=0.20" "duckdb>=0.10" "atheris>=2.3" \
    "boto3>=1.34" "moto[server]>=5.0" "tqdm>=4.60"
  echo "$deps_hash" > "$deps_stamp"
fi

# costmodel itself: rebuilt only when a source file changes. The build directory is kept, so a
# rebuild compiles only what changed.
src_stamp=.venv/.costmodel-src
src_hash=$(find CMakeLists.txt pyproject.toml cmake include src bindings python -type f \
             \( -name '*.cpp' -o -name '*.hpp' -o -name '*.txt' -o -name '*.cmake' -o -name '*.in' \
                -o -name '*.py' -o -name '*.pyi' -o -name '*.toml' -o -name '*.json' -o -name 'py.typed' \) \
             -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$src_stamp" ] || [ "$(cat "$src_stamp")" != "$src_hash" ]; then
  echo "setup: building and installing costmodel into .venv (first build takes a few minutes)"
  CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)} \
    .venv/bin/python -m pip install -q --no-build-isolation .
  echo "$src_hash" > "$src_stamp"
fi
