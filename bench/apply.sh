#!/usr/bin/env bash
# The apply path side by side: Retort, the database's own client (the floor),
# dbmate and Alembic where installed, on the same chain (bench/gen_chain.sh),
# on SQLite and on a throwaway MariaDB. Each cell is the median of RUNS runs on
# a fresh database; every tool must leave the same tables.
#   bench/apply.sh <retort build dir> [N=1000] [RUNS=10]
# MariaDB rows need mariadbd (scripts/install-deps.sh); RETORT_BENCH_MYSQL=0
# skips them. Prints Markdown tables (docs/benchmarks.md records runs).
set -euo pipefail
build=$(realpath "$1") n=${2:-1000} runs=${3:-10}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
work="$build/bench-apply"
rm -rf "$work" && mkdir -p "$work"
"$here/gen_chain.sh" "$n" "$work/chain"
migrate=$(build_retort "$build" "$work/chain/retort" "$work/retort")
dbmate=$(find_dbmate "$build/bench-tools")
alembic=$(find_alembic)
db="$work/db.sqlite"
single_tx=$("$migrate" upgrade --help 2>&1 | grep -q -- --single-transaction && echo 1 || echo 0)

# run_sqlite NAME COMMAND...: RUNS timed runs on a fresh file; prints the
# median ms and checks the tables against the raw client's.
declare -A median_of
run_sqlite() {
  local name=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    rm -f "$db" "$db-journal"
    times+=("$(time_ms "$@")")
  done
  median_of[$name]=$(printf '%s\n' "${times[@]}" | median)
  local sig; sig=$(sqlite_signature "$db")
  [ -z "${reference:-}" ] && reference=$sig
  if [ "$sig" != "$reference" ]; then
    echo "apply: $name left different tables on SQLite ($sig, not $reference)" >&2
    exit 1
  fi
}

reference=""
run_sqlite raw_per sh -c "sqlite3 '$db' < '$work/chain/raw/sqlite/per_revision.sql'"
run_sqlite raw_single sh -c "sqlite3 '$db' < '$work/chain/raw/sqlite/single.sql'"
export DATABASE_URL="sqlite:///$db"
run_sqlite retort "$migrate" upgrade head
[ "$single_tx" = 1 ] && run_sqlite retort_single "$migrate" upgrade head --single-transaction
# Client CPU: user + system seconds of one run, per revision.
rm -f "$db"; /usr/bin/time -f "%U %S %M" -o "$work/cpu.txt" "$migrate" upgrade head > /dev/null
read -r user sys rss < "$work/cpu.txt"
cpu_sqlite=$(awk -v u="$user" -v s="$sys" -v n="$n" 'BEGIN { printf "%.3f", (u + s) * 1000 / n }')
unset DATABASE_URL
[ -n "$dbmate" ] && run_sqlite dbmate "$dbmate" --url "sqlite:$db" \
  --migrations-dir "$work/chain/dbmate" --no-dump-schema up
if [ -n "$alembic" ]; then
  ini="$work/alembic.ini"
  { cat "$work/chain/alembic/alembic.ini.in"; echo "sqlalchemy.url = sqlite:///$db"; } > "$ini"
  run_sqlite alembic "$alembic" -c "$ini" upgrade head
fi
m() { echo "${median_of[$1]:--}"; }
cat <<REPORT
| SQLite, N = $n (median of $runs, ms) | raw client | Retort | dbmate | Alembic |
| --- | --- | --- | --- | --- |
| one transaction per revision | $(m raw_per) | $(m retort) ($(ratio "$(m retort)" "$(m raw_per)")× raw) | $(m dbmate) ($(ratio "$(m dbmate)" "$(m raw_per)")×) | $(m alembic) ($(ratio "$(m alembic)" "$(m raw_per)")×) |
| one transaction for everything | $(m raw_single) | $(m retort_single) ($(ratio "$(m retort_single)" "$(m raw_single)")× raw) | — | — |

Retort's client CPU on SQLite: $cpu_sqlite ms per revision (user + system), peak RSS $rss KB.
REPORT

[ "${RETORT_BENCH_MYSQL:-1}" = 0 ] && exit 0
"$here/apply_mysql.sh" "$build" "$work" "$n" "$runs" "$migrate" "$dbmate" "$alembic"
