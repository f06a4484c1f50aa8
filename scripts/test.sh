#!/usr/bin/env bash
# Every test on a fresh clone, in two stages:
#  1. GCC, warnings as errors: the whole CTest suite;
#  2. the `asan` preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer,
#     the fuzz target): the suite again, with a 60-second fuzz run; any
#     sanitizer report fails. The build-level tests (packaging, the README
#     tour) run in stage 1 only. RETORT_SKIP_SANITIZE=1 skips stage 2.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DRETORT_WERROR=ON > /dev/null
cmake --build build
(cd build && ctest --output-on-failure --no-tests=error -j2)
if [ "${RETORT_SKIP_SANITIZE:-0}" != 1 ]; then
  echo "test.sh: stage 2: ASan + UBSan (cmake --preset asan)"
  cmake --preset asan > /dev/null
  cmake --build --preset asan
  ctest --preset asan -E '^build/'
fi
