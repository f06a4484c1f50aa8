#!/usr/bin/env bash
# Runs the fuzz target for SECONDS from the seed corpus and the regression
# cases; new inputs go to WORK/corpus, a crashing input to WORK/crash-*.
#   fuzz/run.sh path/to/retort_fuzz WORK SECONDS [extra libFuzzer flags]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fuzzer=$1 work=$2 seconds=$3
shift 3
build=$(dirname "$fuzzer")
mkdir -p "$work/corpus"
# -timeout: an input taking 30 s is a bug (the compiler is linear and an
# input at most 64 KB; 30 s leaves room for a loaded machine);
# -max_len: projects up to 64 KB; -rss_limit_mb: a blow-up fails.
if "$fuzzer" -max_total_time="$seconds" -timeout=30 -max_len=65536 -rss_limit_mb=2048 \
    -dict="$build/retort.dict" -artifact_prefix="$work/" -print_final_stats=1 \
    "$@" "$work/corpus" "$build/seeds" "$here/regressions" > "$work/log" 2>&1; then
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" \
    "$work/log" || tail -n 5 "$work/log"
  echo "fuzz: no crash in ${seconds} s; corpus: $(ls "$work/corpus" | wc -l) inputs"
else
  cat "$work/log"
  echo "fuzz: FAILED; the input is $(ls "$work"/crash-* "$work"/timeout-* "$work"/oom-* 2>/dev/null | head -1)"
  echo "fuzz: copy it to fuzz/regressions/ (tests/compiler/fuzz_regressions_test replays them)"
  exit 1
fi
