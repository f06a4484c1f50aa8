#!/usr/bin/env bash
# Retort benchmark: compile-time and run-time cost at N revisions (default
# 10,000), on SQLite. Prints a Markdown table; docs/benchmarks.md records runs.
#   bench/run.sh <retort build dir> [N]
# Run through the build: cmake --build build --target bench
set -euo pipefail
build=$(realpath "$1") n=${2:-10000}
here=$(cd "$(dirname "$0")" && pwd)
work="$build/bench-work"
rm -rf "$work" && mkdir -p "$work/src"
"$here/gen_history.sh" "$n" "$work/src/migrations"
cat > "$work/src/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(RetortBench CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(Retort CONFIG REQUIRED)
retort_add_migrations(NAME migrate DIRECTORY migrations)
CMAKE
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRetort_DIR="$build" > "$work/configure.log"

ms() { echo "$(( ($2 - $1) / 1000000 ))"; }
now() { date +%s%N; }
# "seconds peak-KB" of one command, via GNU time.
measure() { /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null; cat "$work/time.txt"; }

read -r retortc_s retortc_kb < <(cd "$work/src" && measure "$build/compiler/retortc" compile \
  --dir migrations --out "$work/table.cpp")
# The same length with a merge every 10 revisions (branches that commute).
"$here/gen_history.sh" "$n" "$work/merges" merges
read -r merges_s merges_kb < <(cd "$work" && measure "$build/compiler/retortc" compile \
  --dir merges --out "$work/merges.cpp")
table_mb=$(du -m "$work/table.cpp" | cut -f1)
# The expected schema's share: each revision's encoded operations (the
# string literal and size that end its entry in the generated table).
ops_kb=$(grep -E '^     ".*", [0-9]+},$' "$work/table.cpp" | grep -oE '[0-9]+},$' |
  awk '{ s += $1 } END { printf "%d", s / 1024 }')
t0=$(now); cmake --build "$work/build" > "$work/build.log"; t1=$(now)
build_s=$(awk -v ms="$(ms "$t0" "$t1")" 'BEGIN { printf "%.1f", ms / 1000 }')
migrate="$work/build/bin/migrate"
size_kb=$(du -k "$migrate" | cut -f1)
export DATABASE_URL="sqlite:///$work/bench.db"
read -r upgrade_s upgrade_kb < <(measure "$migrate" upgrade head)

# Median of 21 runs, in milliseconds (with process start-up).
median_ms() {
  local times=()
  for _ in $(seq 21); do
    local a b; a=$(now); "$@" > /dev/null; b=$(now)
    times+=("$(( (b - a) / 1000 ))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk 'NR == 11 { printf "%.2f", $1 / 1000 }'
}
current_ms=$(median_ms "$migrate" current)
heads_ms=$(median_ms "$migrate" heads)
noop_ms=$(median_ms "$migrate" upgrade head)
check_ms=$(median_ms "$migrate" check)
read -r _ check_kb < <(measure "$migrate" check)
read -r _ noop_kb < <(measure "$migrate" upgrade head)

cat <<REPORT
| measure ($n revisions, SQLite) | result |
| --- | --- |
| retortc compile | ${retortc_s} s, peak ${retortc_kb} KB |
| retortc compile, a merge every 10 revisions | ${merges_s} s, peak ${merges_kb} KB |
| generated table | ${table_mb} MB of C++ |
| of which the expected schema (encoded operations) | ${ops_kb} KB |
| build of the migrate binary (table + link, Release) | ${build_s} s |
| migrate binary size | ${size_kb} KB |
| upgrade base -> head (all $n) | ${upgrade_s} s, peak ${upgrade_kb} KB |
| current (median of 21, incl. process start) | ${current_ms} ms |
| heads (median of 21) | ${heads_ms} ms |
| upgrade head with nothing to do (median of 21) | ${noop_ms} ms, peak ${noop_kb} KB |
| check (replays every revision's operations, reads and diffs the schema; median of 21) | ${check_ms} ms, peak ${check_kb} KB |
REPORT
