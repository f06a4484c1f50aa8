#!/usr/bin/env bash
# A MariaDB server killed with kill -9 during a revision's statement and
# restarted on the same data directory and port (issue 12).
#
#   mariadb_server_restart.sh MIGRATE WORKDIR SERVER_SCRIPT
#   MIGRATE: the executor of slow_project/ (1,000,000 rows, then
#   0003_index: two index builds of about a second each, and a column)
#   SERVER_SCRIPT: scripts/mariadb-test-server.sh, which starts this test's
#   own server (never the shared one: this test kills it)
#   RETORT_FAULT_RESTARTS=N (default 2)   RETORT_FAULT_SEED=S (replay)
#   RETORT_FAULT_DOWN_MS=MIN-MAX (default 500-2000): the server stays down a
#   random MIN..MAX ms in those rounds
#   RETORT_FAULT_LONG_DOWNS=N (default 1): rounds more, in which the server
#   stays down 12.5 s, past migrate's 10 s of reconnecting: the row is left
#   running, and migrate must say so (and all of the above but the row)
#
# Each round: `upgrade head --verbose`; once index build s (1 or 2,
# alternately) is running in the server, the server is killed (kill -9)
# after a random 50-400 ms, and started again after a random 0.5-2 s (see
# RETORT_FAULT_DOWN_MS). migrate
# reconnects (up to 10 s) to record what it knows. Asserted:
#   - migrate exits non-zero; its output says the statement "was running when
#     the connection was lost" and "its effect is unknown"; it never claims
#     a compensation (no "compensated", apart from the literal "nothing was
#     compensated") nor that the database is "still at" a revision;
#   - the history row says failed (reconnected) or running (could not):
#     either is accepted and counted, but it must be what the output says;
#     a failed row names statement s as running;
#   - a plain `upgrade head` then refuses (exit 1) naming the revision;
#   - `resolve 0003_index --auto` exits 0 (a refusal is reported as a
#     violation with its output), then `check` and `upgrade head` exit 0;
#   - at the end the history adds up: nothing applied or undone twice,
#     every interrupted run resolved once.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 3 ] || { echo "usage: $0 MIGRATE WORKDIR SERVER_SCRIPT" >&2; exit 2; }
migrate=$1 work=$2 server_script=$3
rounds=${RETORT_FAULT_RESTARTS:-2}
down_range=${RETORT_FAULT_DOWN_MS:-500-2000}
[[ $down_range =~ ^([0-9]+)-([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] ||
  die "RETORT_FAULT_DOWN_MS must be MIN-MAX (milliseconds)"
down_min=${BASH_REMATCH[1]} down_max=${BASH_REMATCH[2]}
rev=0003_index parent=0002_fill
[ -x "$migrate" ] || die "no executor at $migrate"
seed_random
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
sdir="$work/server"
PATH="$PATH:/usr/sbin:/sbin"

server_pid=
migrate_pid=
cleanup() {
  [ -n "$migrate_pid" ] && kill -9 "$migrate_pid" 2> /dev/null
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2> /dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 300); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2> /dev/null && kill -9 "$server_pid"
  fi
  # The million rows go; the logs (and the server's error.log) stay.
  rm -rf "$sdir/env" "$sdir/pid" "$sdir/data" "$sdir/tmp"
}
trap cleanup EXIT

# This test's own server, as the shared one is started.
"$server_script" start "$sdir" > "$work/server.log" 2>&1 || die "could not start a server: $(cat "$work/server.log")"
if [ ! -f "$sdir/env" ]; then
  [ "${CI:-}" = true ] && die "no MariaDB server here and CI=true"
  echo "######## FAULT TEST SKIPPED: no mariadbd here ########"
  exit 77
fi
server_pid=$(cat "$sdir/pid")
load_mariadb_env "$sdir/env"
port=$RETORT_TEST_MYSQL_PORT
echo "server: pid $server_pid on 127.0.0.1:$port (its own data directory)"

# The same mariadbd command as the script's start, on the existing data
# directory (no --init-file: the user exists), same port and socket.
restart_server() {
  setsid mariadbd --no-defaults --user="$(id -un)" --datadir="$sdir/data" \
    --tmpdir="$sdir/tmp" --socket="$sdir/sock" --port="$port" --bind-address=127.0.0.1 \
    --skip-name-resolve --pid-file="$sdir/mariadbd.pid" --log-error="$sdir/error.log" \
    --innodb-buffer-pool-size=32M --max-connections=200 \
    < /dev/null > /dev/null 2>&1 &
  server_pid=$!
  echo "$server_pid" > "$sdir/pid"
}
wait_server_up() {
  for _ in $(seq 1 600); do
    root_sql "SELECT 1" > /dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2> /dev/null || die "mariadbd exited: $(tail -20 "$sdir/error.log")"
    sleep 0.05
  done
  die "the restarted server never accepted connections"
}

db=fault_restart
url=$(fresh_mariadb_database "$db")
m() { "$migrate" --url "$url" "$@"; }
index_exists() {
  root_sql "SELECT COUNT(*) > 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$db'
            AND TABLE_NAME = 'big' AND INDEX_NAME = '$1'"
}
history_row() {
  root_sql "SELECT CONCAT_WS('|', outcome, statement, IFNULL(message, '')) FROM \`$db\`.retort_history
            WHERE revision = '$rev' ORDER BY id DESC LIMIT 1"
}

t0=$(now_ms)
m upgrade "$parent" > "$work/fill.log" 2>&1 || die "upgrade $parent: $(cat "$work/fill.log")"
echo "filled the table in $(( $(now_ms) - t0 )) ms"

kills=0 nonzero=0 recorded_failed=0 left_running=0 refused=0 resolved=0 consistent=0
restart_ms_total=0 compensated_phrase=0
long_downs=${RETORT_FAULT_LONG_DOWNS:-1}
for ((round = 1; round <= rounds + long_downs; round++)); do
  s=$(( (round - 1) % 2 + 1 ))
  index=$([ $s -eq 1 ] && echo ix_big_a || echo ix_big_b)
  what="round $round (index build $s, $index)"
  ok=0
  "$migrate" --url "$url" upgrade head --verbose > "$work/run.log" 2>&1 &
  migrate_pid=$!
  # Until statement s is running in the server.
  running=0
  for _ in $(seq 1 600); do
    if grep -q "^  $rev up statement $s of " "$work/run.log" &&
       [ "$(root_sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$db'
                      AND INFO LIKE 'CREATE INDEX \`$index\`%'")" = 1 ]; then
      running=1; break
    fi
    sleep 0.02
  done
  [ $running -eq 1 ] || die "$what: the index build never showed up: $(cat "$work/run.log")"
  delay=$(( 50 + $(random_below 351) ))
  sleep "0.$(printf '%03d' $delay)"
  still=$(root_sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '$db'
                    AND INFO LIKE 'CREATE INDEX \`$index\`%'")
  kill -9 "$server_pid"
  wait "$server_pid" 2> /dev/null
  kills=$((kills + 1))
  if [ $round -le $rounds ]; then
    down=$(( down_min + $(random_below $((down_max - down_min + 1))) ))
  else
    down=12500
  fi
  t_kill=$(now_ms)
  sleep "$((down / 1000)).$(printf '%03d' $((down % 1000)))"
  restart_server
  wait_server_up
  restart_ms=$(( $(now_ms) - t_kill ))
  restart_ms_total=$((restart_ms_total + restart_ms))
  # migrate records what it knows, within its 10 s of reconnecting.
  for _ in $(seq 1 600); do kill -0 "$migrate_pid" 2> /dev/null || break; sleep 0.05; done
  if kill -0 "$migrate_pid" 2> /dev/null; then
    violation "$what: migrate still runs 30 s after the server came back"
    kill -9 "$migrate_pid"
  fi
  wait "$migrate_pid" 2> /dev/null
  status=$?
  migrate_pid=
  out=$(cat "$work/run.log")
  [ "$still" = 1 ] || echo "note: $what: the build was no longer in the process list just before the kill"
  # What migrate said.
  [ $status -ne 0 ] && nonzero=$((nonzero + 1)) || { violation "$what: migrate exited 0"; ok=1; }
  if echo "$out" | grep -q "nothing was compensated"; then compensated_phrase=$((compensated_phrase + 1)); fi
  if echo "$out" | sed 's/nothing was compensated//g' | grep -q "compensated"; then
    violation "$what: the output claims a compensation"; ok=1
  fi
  if echo "$out" | grep -q "still at"; then violation "$what: the output says 'still at'"; ok=1; fi
  for phrase in "was running when the connection was lost" "its effect is unknown"; do
    echo "$out" | grep -q "$phrase" || { violation "$what: the output lacks '$phrase'"; ok=1; }
  done
  echo "$out" | grep -q "statement $s of 3 was running when the connection was lost" ||
    { violation "$what: the output does not name statement $s as the one running"; ok=1; }
  # What the history says, and that the output said the same.
  row=$(history_row)
  case ${row%%|*} in
    failed)
      recorded_failed=$((recorded_failed + 1))
      [[ $row == "failed|$s|statement $s was running when the connection was lost; its effect is unknown" ]] ||
        { violation "$what: the failed row is '$row'"; ok=1; }
      echo "$out" | grep -q "is recorded as failed" ||
        { violation "$what: the row says failed, the output does not"; ok=1; } ;;
    running)
      left_running=$((left_running + 1))
      echo "$out" | grep -q "still says running" ||
        { violation "$what: the row says running, the output does not"; ok=1; } ;;
    *) violation "$what: the history row after the restart is '$row'"; ok=1 ;;
  esac
  built=$(index_exists "$index")
  # The next plain run refuses.
  if m upgrade head > "$work/refuse.log" 2>&1; then
    violation "$what: upgrade head ran with $rev left ${row%%|*}"; ok=1
  elif grep -q "revision $rev was left ${row%%|*}" "$work/refuse.log" &&
       grep -q "migrate resolve $rev --auto" "$work/refuse.log"; then
    refused=$((refused + 1))
  else
    violation "$what: upgrade head refused without naming $rev: $(cat "$work/refuse.log")"; ok=1
  fi
  if m resolve "$rev" --auto > "$work/resolve.log" 2>&1; then
    resolved=$((resolved + 1))
    said=$(grep "^resolve $rev --auto" "$work/resolve.log")
  else
    said="REFUSED"
    violation "$what: resolve $rev --auto did not finish it: $(cat "$work/resolve.log")"; ok=1
  fi
  m check > "$work/check.log" 2>&1 || { violation "$what: check failed: $(cat "$work/check.log")"; ok=1; }
  m upgrade head > "$work/up.log" 2>&1 || { violation "$what: upgrade head failed: $(cat "$work/up.log")"; ok=1; }
  m check > "$work/check.log" 2>&1 || { violation "$what: check at head failed: $(cat "$work/check.log")"; ok=1; }
  [ $ok -eq 0 ] && consistent=$((consistent + 1))
  echo "$what: killed after ${delay} ms of the build, back after ${restart_ms} ms;" \
    "migrate exit $status; row '${row}'; index $index $([ "$built" = 1 ] && echo built || echo absent) after recovery;" \
    "resolve: $said"
  assert_no_password "$work"/*.log
  m downgrade "$parent" > "$work/down.log" 2>&1 || die "downgrade $parent: $(cat "$work/down.log")"
done

# The history tells one story: nothing applied or undone twice, every
# interrupted run resolved once, everything applied at head.
m upgrade head > "$work/up.log" 2>&1 || violation "final upgrade head failed: $(cat "$work/up.log")"
story=$(root_sql "SELECT CONCAT_WS('|', revision, direction, outcome) FROM \`$db\`.retort_history ORDER BY id" |
  history_story "0001_big 0002_fill 0003_index")
[ -z "$story" ] || violation "the history does not add up: $story"
echo "rounds: $rounds restarted within $down_range ms, $long_downs down for 12.5 s (past the 10 s of reconnecting)"
echo "server kills: $kills, restarts: $kills (average $(( restart_ms_total / (kills > 0 ? kills : 1) )) ms from kill to accepting connections)"
echo "migrate exited non-zero: $nonzero of $kills"
echo "history rows recorded failed: $recorded_failed, left running (no reconnect): $left_running"
echo "outputs with the phrase 'nothing was compensated': $compensated_phrase"
echo "plain upgrades refused: $refused; resolved by resolve --auto: $resolved"
echo "consistent states: $consistent of $kills"
[ "$consistent" -eq "$kills" ] || violation "consistent states ($consistent) != kills ($kills)"
root_sql "DROP DATABASE \`$db\`"
finish
