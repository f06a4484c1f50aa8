#!/usr/bin/env bash
# Metadata commands and the build at N revisions, side by side: Retort, the
# SQLite client's floor, dbmate and Alembic where installed, on the chain of
# bench/gen_chain.sh (N tables and N indexes: 2N schema objects) applied to
# one SQLite file that every tool then reads as fully migrated. At the largest
# N it also measures the build: retortc, the full build of the executor, and
# the rebuild after one more revision is added.
#   bench/metadata.sh <retort build dir> ["100 1000 10000"] [RUNS=11] [PEER_RUNS=3]
# Prints Markdown tables (docs/benchmarks.md records runs).
set -euo pipefail
build=$(realpath "$1") sizes=${2:-"100 1000 10000"} runs=${3:-11} peer_runs=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work="$build/bench-metadata"
rm -rf "$work" && mkdir -p "$work"
dbmate=$(find_dbmate "$build/bench-tools")
alembic=$(find_alembic)
largest=$(printf '%s\n' $sizes | sort -n | tail -1)

# "seconds peak-KB" of one command.
measure() { /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null 2>&1; cat "$work/time.txt"; }
cell() { [ "$2" = - ] && echo - || echo "$1 ($(ratio "$1" "$2")×)"; }

# build_report N CHAIN MIGRATE_WORK: retortc, the executor's full build, and
# the rebuild after appending revision N + 1.
build_report() {
  local n=$1 chain=$2 proj=$3
  local next; next=$(printf 'r%05d' $((n + 1)))
  read -r rc_s rc_kb < <(cd "$chain" && measure "$build/compiler/retortc" compile --dir retort \
    --out "$work/table.cpp" --chunks $(( (n + 256) / 256 )))
  # Adding revision N + 1 and building, five times (a different table each
  # time, the file removed and the build brought back in between): the median.
  local times=() i rebuilt
  for i in 1 2 3 4 5; do
    printf 'revision %s\n  parent %s\n  message "one more"\n\ncreate table t_next_%d {\n  id integer primary key;\n}\n' \
      "$next" "$(printf 'r%05d' "$n")" "$i" > "$chain/retort/$next.mig"
    times+=("$(time_ms cmake --build "$proj/build")")
    rm "$chain/retort/$next.mig"
    cmake --build "$proj/build" > /dev/null
  done
  printf '%s\n' "revision $next" "  parent $(printf 'r%05d' "$n")" '  message "one more"' "" \
    "create table t_next {" "  id integer primary key;" "}" > "$chain/retort/$next.mig"
  cmake --build "$proj/build" > "$work/rebuild.log" 2>&1
  rebuilt=$(grep -c 'Building CXX' "$work/rebuild.log" || true)
  local reconfigured; reconfigured=$(grep -c 'Re-running CMake' "$work/rebuild.log" || true)
  rm "$chain/retort/$next.mig"
  cmake --build "$proj/build" > /dev/null
  local rebuild_ms; rebuild_ms=$(printf '%s\n' "${times[@]}" | median)
  cat <<REPORT

| the build at N = $n | result |
| --- | --- |
| \`retortc compile\` (parse, check, simulate, render 3 dialects, emit) | ${rc_s} s, peak ${rc_kb} KB |
| generated table | $(cat "$work/table.cpp" "$work"/table_chunk*.cpp | wc -c | awk '{ printf "%.1f", $1 / 1048576 }') MB of C++ in $(ls "$work"/table_chunk*.cpp | wc -l) chunks + 1 |
| full build of the executor (configure, retortc, table, link; Release) | $full_s s |
| rebuild after adding revision N + 1 (median of 5: retortc with its parse cache, $rebuilt table files recompiled, link; configured again: $reconfigured) | $(awk -v t="$rebuild_ms" 'BEGIN { printf "%.2f", t / 1000 }') s (runs: ${times[*]} ms) |
| \`migrate\` executable | $(du -k "$migrate" | cut -f1) KB |
REPORT
}

for n in $sizes; do
  chain="$work/chain$n" proj="$work/retort$n"
  "$here/gen_chain.sh" "$n" "$chain"
  a=$EPOCHREALTIME
  migrate=$(build_retort "$build" "$chain/retort" "$proj")
  b=$EPOCHREALTIME
  full_s=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b - a }')
  db="$work/db$n.sqlite"
  export DATABASE_URL="sqlite:///$db"
  read -r apply_s apply_kb < <(measure "$migrate" upgrade head --single-transaction)
  [ "$("$migrate" current)" = "$(printf 'r%05d (head)' "$n")" ] ||
    { echo "metadata: the database is not at r$n" >&2; exit 1; }
  sync  # the file was just written: no writeback competing with the reads below
  heads=$(median_ms "$runs" "$migrate" heads)
  history=$(median_ms "$runs" "$migrate" history)
  current=$(median_ms "$runs" "$migrate" current)
  noop=$(median_ms "$runs" "$migrate" upgrade head)
  noop_full=$(median_ms "$runs" "$migrate" upgrade head --no-fast-path)
  read -r _ noop_kb < <(measure "$migrate" upgrade head --no-fast-path)
  unset DATABASE_URL
  # The floors: SQLite's client reading the version row (it loads the schema,
  # as any query does), and reading the header only.
  select=$(median_ms "$runs" sqlite3 "$db" "SELECT version_num FROM retort_version")
  header=$(median_ms "$runs" sqlite3 "$db" "PRAGMA user_version")

  d_status=- d_up=- a_heads=- a_history=- a_current=- a_up=-
  if [ -n "$dbmate" ]; then
    cp "$db" "$work/dbmate.sqlite"
    sqlite3 "$work/dbmate.sqlite" "CREATE TABLE schema_migrations (version varchar(128) primary key);
      WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $n)
      INSERT INTO schema_migrations SELECT printf('%05d', i) FROM c;"
    d=("$dbmate" --url "sqlite:$work/dbmate.sqlite" --migrations-dir "$chain/dbmate" --no-dump-schema)
    d_status=$(median_ms "$peer_runs" "${d[@]}" status)
    d_up=$(median_ms "$peer_runs" "${d[@]}" up)
    [ "$(sqlite3 "$work/dbmate.sqlite" 'SELECT count(*) FROM schema_migrations')" = "$n" ] ||
      { echo "metadata: dbmate changed its version table" >&2; exit 1; }
  fi
  if [ -n "$alembic" ]; then
    cp "$db" "$work/alembic.sqlite"
    ini="$work/alembic.ini"
    { cat "$chain/alembic/alembic.ini.in"; echo "sqlalchemy.url = sqlite:///$work/alembic.sqlite"; } > "$ini"
    "$alembic" -c "$ini" stamp head > /dev/null 2>&1
    a_heads=$(median_ms "$peer_runs" "$alembic" -c "$ini" heads)
    a_history=$(median_ms "$peer_runs" "$alembic" -c "$ini" history)
    a_current=$(median_ms "$peer_runs" "$alembic" -c "$ini" current)
    a_up=$(median_ms "$peer_runs" "$alembic" -c "$ini" upgrade head)
  fi
  cat <<REPORT

| N = $n, SQLite with $((2 * n)) tables and indexes (median ms, with process start) | floor: sqlite3 client | Retort | dbmate | Alembic |
| --- | --- | --- | --- | --- |
| \`heads\` (no database) | — | $heads | — | $a_heads |
| \`history\` (no database) | — | $history | — | $a_history |
| \`current\` (dbmate: \`status\`) | $select (SELECT the version row) | $(cell "$current" "$select") | $(cell "$d_status" "$select") | $(cell "$a_current" "$select") |
| no-op \`upgrade head\` | $header (\`PRAGMA user_version\`) | $(cell "$noop" "$header") | $(cell "$d_up" "$header") | $(cell "$a_up" "$header") |
| no-op \`upgrade head --no-fast-path\` (reads every row, verifies checksums) | $select | $(cell "$noop_full" "$select"), peak $noop_kb KB | — | — |

Applying the $n revisions (\`--single-transaction\`) took $apply_s s, peak $apply_kb KB; full build of the executor $full_s s.
REPORT
  [ "$n" = "$largest" ] && build_report "$n" "$chain" "$proj"
done
