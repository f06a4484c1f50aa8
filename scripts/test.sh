#!/usr/bin/env bash
# Every test on a fresh clone: install dependencies, configure, build with
# warnings as errors, run the whole CTest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DRETORT_WERROR=ON > /dev/null
cmake --build build
cd build && ctest --output-on-failure --no-tests=error -j2
