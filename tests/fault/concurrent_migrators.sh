#!/usr/bin/env bash
# Many `migrate upgrade head` at once on one database, SQLite and MariaDB
# (issue 12).
#
#   concurrent_migrators.sh MIGRATE WORKDIR ENV_FILE
#   RETORT_FAULT_ROUNDS=N (default 2)   RETORT_FAULT_MIGRATORS=M (default 16)
#   ENV_FILE: the test MariaDB's (without it the MariaDB half is skipped,
#   or fails when CI=true)
#
# Each round starts from an empty database and releases M migrators at the
# same instant (all wait on one FIFO, then its writer closes). Then:
#   - every migrator exits 0 (on MariaDB they wait for the migration lock,
#     on SQLite for the write lock of each revision's BEGIN IMMEDIATE);
#   - every revision has exactly one history row, up and ok, and nothing
#     else is in the history;
#   - the migrators' JSON reports one "applied" step per revision in all
#     (the others report it skipped, or have nothing to do);
#   - `migrate check` exits 0 and `migrate current` is the head.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 3 ] || { echo "usage: $0 MIGRATE WORKDIR ENV_FILE" >&2; exit 2; }
migrate=$1 work=$2 env_file=$3
rounds=${RETORT_FAULT_ROUNDS:-2}
migrators=${RETORT_FAULT_MIGRATORS:-16}
[ -x "$migrate" ] || die "no executor at $migrate"
command -v sqlite3 > /dev/null || die "no sqlite3 CLI"
rm -rf "$work" && mkdir -p "$work"

mapfile -t revisions < <("$migrate" --url "sqlite:///$work/list.db" history --json |
  sed -n 's/^{"revision":"\([^"]*\)".*/\1/p' | tac)
rm -f "$work/list.db"
[ ${#revisions[@]} -ge 2 ] || die "could not list the revisions"
head_rev=${revisions[-1]}

mariadb_ok=1
if [ -f "$env_file" ]; then
  load_mariadb_env "$env_file"
elif [ "${CI:-}" = true ]; then
  die "no test MariaDB ($env_file) and CI=true: MySQL tests never skip in CI"
else
  echo "######## MariaDB HALF SKIPPED: no test MariaDB ($env_file) ########"
  mariadb_ok=0
fi

# Releases $migrators upgrades at once on URL; fills statuses[] and the
# count of applied steps.
run_round() {
  local url=$1 tag=$2 i
  local barrier="$work/barrier"
  rm -f "$barrier" && mkfifo "$barrier"
  # Held open read-write by this shell until every migrator is done: no
  # open() blocks, and a line written is there for a late reader too.
  local w
  exec {w}<> "$barrier"
  local pids=()
  for ((i = 0; i < migrators; i++)); do
    # Each waits for its line, then becomes the executor (exec: one
    # process, whose exit status wait reports).
    ( exec {w}>&-; read -r _ < "$barrier"; exec "$migrate" --url "$url" upgrade head --json \
        > "$work/$tag.$i.out" 2> "$work/$tag.$i.err" ) &
    pids+=($!)
  done
  sleep 0.2   # every reader is waiting in read
  local go=""
  for ((i = 0; i < migrators; i++)); do go+=$'go\n'; done
  printf '%s' "$go" >&"$w"   # one write: all released at once
  statuses=()
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}"
    statuses+=($?)
  done
  exec {w}>&-
  applied_steps=$(cat "$work/$tag".*.out | grep -c '"event":"step".*"outcome":"applied"')
}

# Checks one round; HISTORY is 'revision|direction|outcome' lines.
check_round() {
  local url=$1 tag=$2 history=$3 ok=0 i
  for i in "${!statuses[@]}"; do
    if [ "${statuses[$i]}" -ne 0 ]; then
      violation "$tag: migrator $i exited ${statuses[$i]}: $(cat "$work/$tag.$i.err")"; ok=1
    fi
  done
  local r rows
  for r in "${revisions[@]}"; do
    rows=$(echo "$history" | grep -c "^$r|up|ok$")
    [ "$rows" -eq 1 ] || { violation "$tag: $r has $rows ok up history rows"; ok=1; }
  done
  local others
  others=$(echo "$history" | grep -v '|up|ok$' | grep -c .)
  [ "$others" -eq 0 ] || { violation "$tag: other history rows: $(echo "$history" | grep -v '|up|ok$' | tr '\n' ' ')"; ok=1; }
  [ "$(echo "$history" | grep -c .)" -eq ${#revisions[@]} ] ||
    { violation "$tag: $(echo "$history" | grep -c .) history rows for ${#revisions[@]} revisions"; ok=1; }
  [ "$applied_steps" -eq ${#revisions[@]} ] ||
    { violation "$tag: the migrators applied $applied_steps steps for ${#revisions[@]} revisions"; ok=1; }
  local out
  out=$("$migrate" --url "$url" check 2>&1) || { violation "$tag: check failed: $out"; ok=1; }
  out=$("$migrate" --url "$url" current 2>&1)
  [ "$(echo "$out" | awk 'NF {print $1}')" = "$head_rev" ] || { violation "$tag: current is '$out'"; ok=1; }
  return $ok
}

started=$(now_ms)
sqlite_ok_rounds=0 mariadb_ok_rounds=0 mariadb_rounds=0 exits_zero=0 runs=0
sqlite_ms=0 mariadb_ms=0
for ((round = 1; round <= rounds; round++)); do
  db="$work/concurrent.db"
  rm -f "$db" "$db-journal"
  url="sqlite:///$db"
  t0=$(now_ms)
  run_round "$url" "sqlite$round"
  sqlite_ms=$((sqlite_ms + $(now_ms) - t0))
  history=$(sqlite3 -batch "$db" "SELECT revision || '|' || direction || '|' || outcome FROM retort_history")
  check_round "$url" "sqlite round $round" "$history" && sqlite_ok_rounds=$((sqlite_ok_rounds + 1))
  for s in "${statuses[@]}"; do runs=$((runs + 1)); [ "$s" -eq 0 ] && exits_zero=$((exits_zero + 1)); done
  rm -f "$work"/sqlite$round.*

  [ $mariadb_ok -eq 1 ] || continue
  mariadb_rounds=$((mariadb_rounds + 1))
  dbname=fault_concurrent
  url=$(fresh_mariadb_database "$dbname")
  t0=$(now_ms)
  run_round "$url" "mariadb$round"
  mariadb_ms=$((mariadb_ms + $(now_ms) - t0))
  history=$(root_sql "SELECT CONCAT(revision, '|', direction, '|', outcome) FROM \`$dbname\`.retort_history")
  check_round "$url" "mariadb round $round" "$history" && mariadb_ok_rounds=$((mariadb_ok_rounds + 1))
  for s in "${statuses[@]}"; do runs=$((runs + 1)); [ "$s" -eq 0 ] && exits_zero=$((exits_zero + 1)); done
  waited=$(cat "$work"/mariadb$round.*.err | grep -c "waiting for the migration lock")
  echo "mariadb round $round: $waited lock-wait lines printed by the waiting migrators"
  assert_no_password "$work"
  rm -f "$work"/mariadb$round.*
done
[ $mariadb_ok -eq 1 ] && root_sql "DROP DATABASE fault_concurrent"

echo "migrators per round: $migrators; revisions: ${#revisions[@]}"
echo "sqlite rounds consistent: $sqlite_ok_rounds of $rounds (${sqlite_ms} ms of migrating)"
echo "mariadb rounds consistent: $mariadb_ok_rounds of $mariadb_rounds (${mariadb_ms} ms of migrating)"
echo "migrate runs: $runs, exit 0: $exits_zero"
echo "time: $(( $(now_ms) - started )) ms"
finish
