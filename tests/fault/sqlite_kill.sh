#!/usr/bin/env bash
# kill -9 of the migrate executor at a random moment of SQLite upgrades and
# downgrades (issue 12).
#
#   sqlite_kill.sh MIGRATE WORKDIR
#   RETORT_FAULT_KILLS=N (default 25)   RETORT_FAULT_SEED=S (replay)
#
# Alternately `upgrade head` from base and `downgrade base` from head, each
# killed after a random delay within the length of a whole run (measured
# first). After every kill:
#   - `migrate check` exits 0: the schema is the one expected at the heads
#     the database records (each revision is one transaction: a kill leaves
#     it wholly applied or not at all);
#   - no retort_history row says 'running' (neither in the table nor in
#     `migrate history --log --json`), and the database passes
#     PRAGMA integrity_check;
#   - every revision's 'ok' up rows minus its 'ok' down rows is 1 when it is
#     applied and 0 when not: nothing was applied or undone twice, nothing
#     recorded that did not happen;
#   - the interrupted command, run again, exits 0 and reaches its target,
#     where `check` exits 0 again.
# Counts: kills, kills that landed mid-run (the process was still running),
# kills that left the database between start and target, consistent states
# (must equal kills).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 2 ] || { echo "usage: $0 MIGRATE WORKDIR" >&2; exit 2; }
migrate=$1 work=$2
kills=${RETORT_FAULT_KILLS:-25}
command -v sqlite3 > /dev/null || die "no sqlite3 CLI"
[ -x "$migrate" ] || die "no executor at $migrate"
rm -rf "$work" && mkdir -p "$work"
db="$work/kill.db"
url="sqlite:///$db"   # $db is absolute: sqlite:////abs/path.db
seed_random

m() { "$migrate" --url "$url" "$@"; }

# Revision ids, oldest first (a linear history).
mapfile -t revisions < <(m history --json | sed -n 's/^{"revision":"\([^"]*\)".*/\1/p' | tac)
[ ${#revisions[@]} -ge 3 ] || die "could not list the revisions: ${revisions[*]}"
echo "revisions: ${revisions[*]}"

# The index of the recorded head in revisions (0 = base), or -1.
head_index() {
  local cur
  cur=$(m current 2> /dev/null) || { echo -1; return; }
  cur=$(echo "$cur" | awk 'NF {print $1}')
  if [ -z "$cur" ]; then echo 0; return; fi
  [ "$(echo "$cur" | wc -l)" -eq 1 ] || { echo -1; return; }
  local i
  for i in "${!revisions[@]}"; do
    [ "${revisions[$i]}" = "$cur" ] && { echo $((i + 1)); return; }
  done
  echo -1
}

sqlite_count() {
  sqlite3 -batch -noheader "$db" "$1" 2> "$work/sqlite3.err" || echo "error: $(cat "$work/sqlite3.err")"
}

has_history_table() {
  [ "$(sqlite_count "SELECT count(*) FROM sqlite_master WHERE name = 'retort_history'")" = 1 ]
}

# Every property of a state that migrate left behind; returns 1 on any
# violation (already reported).
check_state() {
  local what=$1 ok=0 out
  if ! out=$(m check 2>&1); then
    violation "$what: migrate check failed: $out"; ok=1
  fi
  if has_history_table; then
    local running
    running=$(sqlite_count "SELECT count(*) FROM retort_history WHERE outcome = 'running'")
    [ "$running" = 0 ] || { violation "$what: $running history rows say running"; ok=1; }
    if m history --log --json | grep -q '"outcome":"running"'; then
      violation "$what: migrate history --log shows a running row"; ok=1
    fi
    local unexpected
    unexpected=$(sqlite_count "SELECT group_concat(DISTINCT outcome) FROM retort_history WHERE outcome <> 'ok'")
    [ -z "$unexpected" ] || { violation "$what: history outcomes other than ok: $unexpected"; ok=1; }
  fi
  local integrity
  integrity=$(sqlite_count "PRAGMA integrity_check")
  [ "$integrity" = ok ] || { violation "$what: integrity_check: $integrity"; ok=1; }
  local at
  at=$(head_index)
  if [ "$at" -lt 0 ]; then
    violation "$what: the recorded heads are not one revision of the history: $(m current 2>&1)"
    return 1
  fi
  if has_history_table; then
    local i net expected
    for i in "${!revisions[@]}"; do
      net=$(sqlite_count "SELECT coalesce(sum(CASE direction WHEN 'up' THEN 1 WHEN 'down' THEN -1 ELSE 0 END), 0)
                          FROM retort_history WHERE revision = '${revisions[$i]}' AND outcome = 'ok'")
      expected=$(( i < at ? 1 : 0 ))
      [ "$net" = "$expected" ] || {
        violation "$what: ${revisions[$i]} has $net more ok up rows than down rows, expected $expected (recorded head index $at)"
        ok=1
      }
    done
  fi
  return $ok
}

# Whole runs, to learn how long one takes (and that the project migrates).
duration_up=0 duration_down=0
for _ in 1 2; do
  t0=$(now_ms)
  m upgrade head > "$work/warmup.log" 2>&1 || die "upgrade head failed: $(cat "$work/warmup.log")"
  t1=$(now_ms)
  m downgrade base > "$work/warmup.log" 2>&1 || die "downgrade base failed: $(cat "$work/warmup.log")"
  t2=$(now_ms)
  duration_up=$(( (t1 - t0) > duration_up ? (t1 - t0) : duration_up ))
  duration_down=$(( (t2 - t1) > duration_down ? (t2 - t1) : duration_down ))
done
check_state "after the warm-up" || die "the warm-up left an inconsistent state"
echo "a whole run: upgrade head ${duration_up} ms, downgrade base ${duration_down} ms"
rm -f "$db" "$db-journal" "$db-wal" "$db-shm"   # the first kill meets a new file

kills_sent=0 landed=0 between=0 consistent=0 up_kills=0 down_kills=0
started=$(now_ms)
for ((i = 0; i < kills; i++)); do
  if ((i % 2 == 0)); then
    cmd=(upgrade head) target=${#revisions[@]} duration=$duration_up; up_kills=$((up_kills + 1))
  else
    cmd=(downgrade base) target=0 duration=$duration_down; down_kills=$((down_kills + 1))
  fi
  from=$(( i % 2 == 0 ? 0 : ${#revisions[@]} ))
  delay=$(random_below $((duration + 1)))
  # The executor itself in the background (not a function: $! must be its
  # PID, not a subshell's).
  "$migrate" --url "$url" "${cmd[@]}" > "$work/run.log" 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  status=$?
  kills_sent=$((kills_sent + 1))
  what="kill $((i + 1)) (${cmd[*]}, after ${delay} ms, exit $status)"
  if [ $status -eq 137 ]; then
    landed=$((landed + 1))
  elif [ $status -ne 0 ]; then
    violation "$what: the run failed by itself: $(cat "$work/run.log")"
  fi
  at=$(head_index)
  if [ "$at" -ne "$from" ] && [ "$at" -ne "$target" ]; then between=$((between + 1)); fi
  state_ok=0
  check_state "$what, left at index $at" || state_ok=1
  # The run continues from there.
  if ! m "${cmd[@]}" > "$work/continue.log" 2>&1; then
    violation "$what: '${cmd[*]}' after the kill failed: $(cat "$work/continue.log")"
    state_ok=1
  fi
  at=$(head_index)
  [ "$at" -eq "$target" ] || { violation "$what: '${cmd[*]}' ended at index $at, not $target"; state_ok=1; }
  check_state "$what, after '${cmd[*]}' again" || state_ok=1
  [ $state_ok -eq 0 ] && consistent=$((consistent + 1))
done
# Last: the history can go on to head from wherever the loop ended.
m upgrade head > "$work/final.log" 2>&1 || violation "a final upgrade head failed: $(cat "$work/final.log")"
check_state "at the end" || true
elapsed=$(( $(now_ms) - started ))

echo "kills: $kills_sent ($up_kills during upgrade head, $down_kills during downgrade base)"
echo "kills that landed mid-run: $landed"
echo "kills that left the database between start and target: $between"
echo "consistent states: $consistent of $kills_sent"
echo "time: $elapsed ms"
[ "$consistent" -eq "$kills_sent" ] || violation "consistent states ($consistent) != kills ($kills_sent)"
finish
