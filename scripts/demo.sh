#!/usr/bin/env bash
# The main job on a fresh clone: install dependencies, configure, build, and
# migrate the demo database (DATABASE_URL, or build/retort.db with SQLite),
# then print its history.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja > /dev/null
cmake --build build
cmake --build build --target migrate
build/bin/migrate --url "${DATABASE_URL:-sqlite:///build/retort.db}" history
