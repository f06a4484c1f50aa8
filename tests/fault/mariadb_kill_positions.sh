#!/usr/bin/env bash
# kill -9 of the migrate executor at every statement position of a
# multi-statement MariaDB revision, up and down, then what the next runs do
# (issue 12).
#
#   mariadb_kill_positions.sh MIGRATE ENV_FILE
#   ENV_FILE: the test server's (scripts/mariadb-test-server.sh writes it)
#   RETORT_FAULT_POSITION_ROUNDS=N (default 1): how many times every
#   (direction, position, mode) is run.  RETORT_FAULT_SEED=S: replay.
#
# The revision is project/0004_multi: 7 up statements on MariaDB, 3 and 4
# being one operation (the drop of an index a foreign key uses), and 6 down
# statements (the derived inverses). The history row is written at progress
# points only (runtime/runner.h ProgressPoint): up before statements 1 and 4
# (4 is inside an operation), down before statement 1; in between, the
# schema shows how far a run got. `upgrade 0004_multi` from 0003_keys and
# `downgrade 0003_keys` from 0004_multi are killed at every statement k, in
# up to four modes:
#   natural   run with --verbose, killed the moment its line
#             "0004_multi up|down statement k of N" appears;
#   running   (k a progress point) statement k held in the server (a BACKUP
#             STAGE BLOCK_DDL of another session), the row saying "statement
#             k may have run" (or "statements k to e"); migrate killed, then
#             the server lets the statement go on (it runs it or drops it:
#             either is the truth);
#   aborted   the same, and the server session is killed too: statement k
#             never ran;
#   finished  (k the last statement before a progress point, or the last)
#             statements up to k done in the server, the row's next update
#             held by a row lock; migrate and its session killed: the row
#             says its span's statements may have run, k are done.
# The holds are locks of other sessions (root over the socket), so each
# kill lands exactly where its mode says, whatever the machine's load.
#
# After each kill, once the dead session is gone:
#   - the latest history row is 'running', of the run's direction, and
#     brackets the truth: count c with "statement c+1 may have run" means c
#     or c+1 statements are done, with "statements c+1 to e may have run"
#     anything from c to e. The truth is read from the live schema (one
#     probe per up statement, which must hold for a prefix of them, in a
#     state the direction passes through);
#   - a plain `upgrade head` exits 1 naming the revision left running (and
#     its direction) and the `resolve` command, and changes nothing;
#   - `resolve 0004_multi --auto` exits 0, finds as many operations in
#     effect as the schema has, runs exactly the statements left (none when
#     none had run: recorded as not run) and leaves the schema at the end
#     of the direction (or, when nothing had run, at its start);
#   - `check` exits 0; after a down, the `downgrade 0003_keys` goes on and
#     exits 0 (the schema is then 0003_keys'); `upgrade head` exits 0 and the
#     schema is the head's;
# and at the end every revision is applied exactly once more than undone.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

[ $# -eq 2 ] || { echo "usage: $0 MIGRATE ENV_FILE" >&2; exit 2; }
migrate=$1 env_file=$2
rounds=${RETORT_FAULT_POSITION_ROUNDS:-1}
[ -x "$migrate" ] || die "no executor at $migrate"
load_mariadb_env "$env_file"
seed_random
work=$(mktemp -d "${TMPDIR:-/tmp}/fault_kill_positions.XXXXXX")
db=fault_kill_positions
rev=0004_multi parent=0003_keys
url=$(fresh_mariadb_database "$db")
m() { "$migrate" --url "$url" "$@"; }

# Root sessions kept open, each a mariadb client reading from a FIFO: B
# takes the backup lock that holds DDL, R the row lock that holds the
# history row's updates (their locks must outlive one statement), Q asks
# everything else (no client to start for each of the many questions).
session_pids=()
session_start() {
  local n=$1 fd
  mkfifo "$work/$n.in" "$work/$n.out"
  mariadb --no-defaults -S "$RETORT_TEST_MYSQL_SOCKET" -uroot -N -B --unbuffered --force \
    < "$work/$n.in" > "$work/$n.out" 2>&1 &
  session_pids+=($!)
  exec {fd}> "$work/$n.in"; eval "${n}_in=$fd"
  exec {fd}< "$work/$n.out"; eval "${n}_out=$fd"
}
session_seq=0
# Runs SQL in session NAME and waits for it; prints its output. A statement
# that blocks longer than 60 s is a broken test.
session_sql() {
  local n=$1 in out line
  eval "in=\$${n}_in out=\$${n}_out"
  session_seq=$((session_seq + 1))
  printf '%s;\nSELECT "__done_%d";\n' "$2" "$session_seq" >&"$in"
  while IFS= read -r -t 60 line <&"$out"; do
    [ "$line" = "__done_$session_seq" ] && return 0
    echo "$line"
    case $line in ERROR*) echo "session $n: $2: $line" >&2 ;; esac
  done
  die "session $n: no answer to: $2"
}
cleanup() {
  [ -n "${pid:-}" ] && kill -9 "$pid" 2> /dev/null
  [ -n "${B_in:-}" ] && { echo "BACKUP STAGE END;" >&"$B_in"; exec {B_in}>&-; } 2> /dev/null
  [ -n "${R_in:-}" ] && { echo "ROLLBACK;" >&"$R_in"; exec {R_in}>&-; } 2> /dev/null
  [ -n "${Q_in:-}" ] && { exec {Q_in}>&-; } 2> /dev/null
  local p
  for p in "${session_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
    kill "$p" 2> /dev/null
  done
  rm -rf "$work"
}
trap cleanup EXIT

# What the schema says: one 0/1 per up statement of 0004_multi, in order,
# as one string ("1110000").
probe_expr="CONCAT(
  (SELECT COUNT(*) > 0 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'items' AND COLUMN_NAME = 'note'),
  (SELECT COUNT(*) > 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'items' AND INDEX_NAME = 'ix_items_label'),
  (SELECT COUNT(*) = 0 FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = '$db'
     AND CONSTRAINT_NAME = 'fk_items_owner')
   OR (SELECT COUNT(*) = 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'items' AND INDEX_NAME = 'ix_items_owner'),
  (SELECT COUNT(*) = 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'items' AND INDEX_NAME = 'ix_items_owner'),
  (SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'tags'),
  (SELECT COUNT(*) > 0 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'owners' AND COLUMN_NAME = 'name' AND CHARACTER_MAXIMUM_LENGTH = 150),
  (SELECT COUNT(*) > 0 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = '$db'
     AND TABLE_NAME = 'items' AND INDEX_NAME = 'ix_items_qty'))"
probe() { root_sql "SELECT $probe_expr"; }
# The probes and the latest history row of the revision, in one query:
# PROBES#DIRECTION#OUTCOME|STATEMENT|MESSAGE
snapshot() {
  root_sql "SELECT CONCAT_WS('#', $probe_expr,
    (SELECT CONCAT_WS('#', direction, CONCAT_WS('|', outcome, statement, IFNULL(message, '')))
       FROM \`$db\`.retort_history WHERE revision = '$rev' ORDER BY id DESC LIMIT 1))"
}

# The statements done according to the schema; -1 when the probes are not
# a prefix (something ran out of order).
truth() {
  local p=$1 ones rest
  ones=${p%%0*}
  rest=${p:${#ones}}
  [[ $rest =~ 1 ]] && { echo -1; return; }
  echo ${#ones}
}

# Up statements in effect -> statements done: an up has done that many; a
# down undoes them last first, up statements 4 and 3 in one (its statement
# 4, CREATE INDEX ix_items_owner), so 3 in effect is no state a down passes
# through.
statements_done() {
  local dir=$1 in_effect=$2
  [ "$in_effect" -lt 0 ] && { echo -1; return; }
  if [ "$dir" = up ]; then echo "$in_effect"; return; fi
  case $in_effect in
    7) echo 0 ;; 6) echo 1 ;; 5) echo 2 ;; 4) echo 3 ;; 2) echo 4 ;; 1) echo 5 ;; 0) echo 6 ;;
    *) echo -1 ;;
  esac
}
# Up statements in effect -> operations in effect (statements 3 and 4 are one).
ops_of() { local l=$1; echo $(( l >= 4 ? l - 1 : (l == 3 ? 2 : l) )); }

history_row() {  # the latest row of the revision: outcome|statement|message
  root_sql "SELECT CONCAT_WS('|', outcome, statement, IFNULL(message, '')) FROM \`$db\`.retort_history
            WHERE revision = '$rev' ORDER BY id DESC LIMIT 1"
}

# The progress points of the run's direction (1-based statements), set per
# direction below; the row written before point j covers j .. span_end j.
points=()
is_point() { local p; for p in "${points[@]}"; do [ "$p" -eq "$1" ] && return 0; done; return 1; }
span_end() {
  local e=$1
  while [ "$e" -lt "$n" ] && ! is_point $((e + 1)); do e=$((e + 1)); done
  echo "$e"
}
point_of() { local j=$1; while ! is_point "$j"; do j=$((j - 1)); done; echo "$j"; }
progress_msg() {
  local j=$1 e; e=$(span_end "$1")
  [ "$e" -eq "$j" ] && echo "statement $j may have run" || echo "statements $j to $e may have run"
}

# Whether the row brackets the truth and was written at a progress point;
# prints why not.
brackets() {
  local row=$1 done=$2 c msg lo hi
  c=$(echo "$row" | cut -d'|' -f2)
  msg=$(echo "$row" | cut -d'|' -f3-)
  if [[ $msg =~ ^statement\ ([0-9]+)\ may\ have\ run$ ]]; then
    lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[1]}
  elif [[ $msg =~ ^statements\ ([0-9]+)\ to\ ([0-9]+)\ may\ have\ run$ ]]; then
    lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[2]}
  else
    echo "unexpected message '$msg'"; return 1
  fi
  [ "$lo" -eq $((c + 1)) ] || { echo "counter $c with message '$msg'"; return 1; }
  is_point "$lo" && [ "$msg" = "$(progress_msg "$lo")" ] ||
    { echo "'$msg' is not a progress point's row (points: ${points[*]})"; return 1; }
  [ "$done" -ge "$c" ] && [ "$done" -le "$hi" ] ||
    { echo "the row says $c to $hi statements, the schema has $done"; return 1; }
  return 0
}

# Waits until CONDITION (SQL returning 1) holds; 30 s at most.
wait_for() {
  local what=$1 cond=$2
  for _ in $(seq 1 1500); do
    [ "$(root_sql "$cond")" = 1 ] && return 0
    sleep 0.02
  done
  die "timed out waiting for $what"
}

# Ends a server session and waits until it is gone (its waiting statement
# cancelled, never run).
kill_session() {
  root_sql "KILL CONNECTION $1" 2> /dev/null
  wait_for "session $1 to end" \
    "SELECT COUNT(*) = 0 FROM information_schema.PROCESSLIST WHERE ID = $1"
}

# kill -9 of the migrator, reaped at once; its exit status in $status.
kill_migrator() {
  kill -9 "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  status=$?
  pid=
}

lock_name="retort:$db.retort_version"
migrator_conn() { root_sql "SELECT IFNULL(IS_USED_LOCK('$lock_name'), 0)"; }

# Warm-up: the whole revision, to count its statements and see the probes.
m upgrade "$parent" > "$work/setup.log" 2>&1 || die "upgrade $parent: $(cat "$work/setup.log")"
[ "$(probe)" = 0000000 ] || die "probes before $rev: $(probe)"
m upgrade "$rev" --verbose > "$work/warmup.log" 2>&1 || die "upgrade $rev: $(cat "$work/warmup.log")"
n_up=$(grep -c "^  $rev up statement " "$work/warmup.log")
[ "$n_up" -eq 7 ] || die "$rev has $n_up up statements on MariaDB, the probes know 7"
[ "$(probe)" = 1111111 ] || die "probes after $rev: $(probe)"
m downgrade "$parent" --verbose > "$work/warmup.log" 2>&1 || die "downgrade $parent: $(cat "$work/warmup.log")"
n_down=$(grep -c "^  $rev down statement " "$work/warmup.log")
[ "$n_down" -eq 6 ] || die "$rev has $n_down down statements on MariaDB, the probes know 6"
[ "$(probe)" = 0000000 ] || die "probes after downgrading $rev: $(probe)"

session_start B
session_start R
session_start Q
# From here on every question goes through Q.
root_sql() { session_sql Q "$1"; }

kills=0 consistent=0 landed_before=0 landed_after=0 refused=0 resolved=0
declare -A messages=() kills_by_dir=()
printf '%-5s %-4s %-9s %-30s %-6s %-36s %s\n' dir k mode "row after the kill" truth "resolve --auto" result
for ((round = 1; round <= rounds; round++)); do
for dir in up down; do
if [ $dir = up ]; then
  cmd=(upgrade "$rev") n=$n_up before=0000000 after=1111111 points=(1 4)
else
  # From 0004_multi applied (0005_tail not).
  m upgrade "$rev" > "$work/setup.log" 2>&1 || die "upgrade $rev: $(cat "$work/setup.log")"
  cmd=(downgrade "$parent") n=$n_down before=1111111 after=0000000 points=(1)
fi
for ((k = 1; k <= n; k++)); do
for mode in natural running aborted finished; do
  # A hold lands only where a row is written: before a progress point, or
  # after the last statement of its span.
  case $mode in
    running | aborted) is_point "$k" || continue ;;
    finished) [ "$(span_end "$(point_of "$k")")" -eq "$k" ] || continue ;;
  esac
  kills=$((kills + 1))
  kills_by_dir[$dir]=$(( ${kills_by_dir[$dir]:-0} + 1 ))
  ok=0
  what="$dir k=$k $mode"
  pid=
  case $mode in
    natural)
      last_id=$(root_sql "SELECT IFNULL(MAX(id), 0) FROM \`$db\`.retort_history")
      rm -f "$work/out.fifo"; mkfifo "$work/out.fifo"
      "$migrate" --url "$url" "${cmd[@]}" --verbose > "$work/out.fifo" 2> "$work/run.err" &
      pid=$!
      exec {out}< "$work/out.fifo"
      while IFS= read -r line <&"$out"; do
        if [[ $line == "  $rev $dir statement $k of "* ]]; then
          kill_migrator
          break
        fi
      done
      exec {out}<&-
      [ -n "$pid" ] && kill_migrator
      ;;
    running | aborted | finished)
      # The new history row's insert waits behind R's lock on the table's
      # records (and gap); meanwhile B takes the DDL lock.
      session_sql R "BEGIN; SELECT COUNT(*) FROM \`$db\`.retort_history FOR UPDATE" > /dev/null
      "$migrate" --url "$url" "${cmd[@]}" --verbose > "$work/run.out" 2> "$work/run.err" &
      pid=$!
      # (PROCESSLIST is live; INNODB_TRX is a cache refreshed every 0.1 s.)
      wait_for "the migrator's history insert to wait" \
        "SELECT COUNT(*) > 0 FROM information_schema.PROCESSLIST WHERE DB = '$db'
           AND INFO LIKE 'INSERT INTO retort_history%'"
      conn=$(migrator_conn)
      session_sql B "BACKUP STAGE START; BACKUP STAGE BLOCK_DDL" > /dev/null
      session_sql R "COMMIT" > /dev/null
      for ((j = 1; ; j = e + 1)); do
        # Point j waits for the DDL lock; the row says its span may have run.
        e=$(span_end "$j")
        wait_for "statement $j to wait for the DDL lock" \
          "SELECT COUNT(*) > 0 FROM information_schema.PROCESSLIST WHERE ID = $conn
             AND STATE LIKE '%backup lock%'"
        row=$(history_row)
        [ "${row#*|}" = "$((j - 1))|$(progress_msg "$j")" ] ||
          violation "$what: statement $j is running, the row says $row"
        if [ $j -eq $k ] && [ $mode != finished ]; then
          kill_migrator
          [ $mode = aborted ] && kill_session "$conn"
          session_sql B "BACKUP STAGE END" > /dev/null
          break
        fi
        session_sql R "BEGIN; SELECT id FROM \`$db\`.retort_history WHERE outcome = 'running' FOR UPDATE" > /dev/null
        session_sql B "BACKUP STAGE END" > /dev/null
        # Statements j to e run; the next write to the row (at point e+1, or
        # the outcome after the last) waits behind R.
        # (After the last, one UPDATE of both tables records the outcome.)
        if [ $e -lt $n ]; then next="retort_history SET statement%$(progress_msg $((e + 1)))%"
        else next="retort_%outcome = %"; fi
        wait_for "the row's update after statement $e to wait" \
          "SELECT COUNT(*) > 0 FROM information_schema.PROCESSLIST WHERE ID = $conn
             AND INFO LIKE 'UPDATE $next'"
        if [ $e -eq $k ]; then
          kill_migrator
          kill_session "$conn"
          session_sql R "COMMIT" > /dev/null
          break
        fi
        session_sql B "BACKUP STAGE START; BACKUP STAGE BLOCK_DDL" > /dev/null
        session_sql R "COMMIT" > /dev/null
      done
      ;;
  esac
  [ "$status" -eq 137 ] || violation "$what: the run was not killed (exit $status): $(cat "$work/run.err")"
  # The dead migrator's session ends once the server is done with it.
  wait_for "the killed migrator's session to end" \
    "SELECT IS_FREE_LOCK('$lock_name')"
  snap=$(snapshot)
  p=${snap%%#*} row=${snap#*#*#} row_dir=${snap#*#}
  row_dir=${row_dir%%#*}
  in_effect=$(truth "$p")
  done_n=$(statements_done $dir "$in_effect")
  outcome=${row%%|*}
  if [ "$done_n" -lt 0 ]; then
    violation "$what: the schema is no state the $dir passes through: $p"; ok=1
  fi
  new_rows=1
  [ $mode = natural ] &&
    new_rows=$(root_sql "SELECT COUNT(*) FROM \`$db\`.retort_history WHERE id > $last_id")
  if [ "$new_rows" -eq 0 ]; then
    # The kill came before statement 1 began: its uncommitted 'running' row
    # went with the session, and nothing ran.
    landed_before=$((landed_before + 1))
    [ "$p" = $before ] || { violation "$what: no row of the run, the schema is $p"; ok=1; }
    resolve_says="(nothing ran, nothing recorded)"
  elif [ "$row_dir" != $dir ]; then
    violation "$what: the latest row is of direction $row_dir"; ok=1
  elif [ "$outcome" = ok ] && [ $mode = natural ]; then
    # The kill came after the revision was recorded: nothing to resolve.
    landed_after=$((landed_after + 1))
    [ "$p" = $after ] || { violation "$what: the row says ok, the schema is $p"; ok=1; }
    resolve_says="(nothing to resolve)"
  else
    [ "$outcome" = running ] || { violation "$what: the row after the kill is $row"; ok=1; }
    why=$(brackets "$row" "$done_n") || { violation "$what: the row does not bracket the truth: $why ($p)"; ok=1; }
    case $mode in
      running | aborted) expect_row="running|$((k - 1))|$(progress_msg "$k")" ;;
      finished) expect_row="running|$(($(point_of "$k") - 1))|$(progress_msg "$(point_of "$k")")"
                [ "$done_n" -eq "$k" ] || { violation "$what: statement $k had finished, the schema has $done_n done"; ok=1; } ;;
      natural) expect_row=$row ;;
    esac
    [ $mode = aborted ] && [ "$done_n" -ne $((k - 1)) ] &&
      { violation "$what: statement $k was aborted before it ran, the schema has $done_n done"; ok=1; }
    [ "$row" = "$expect_row" ] || { violation "$what: the row is '$row', expected '$expect_row'"; ok=1; }
    msg="$dir: ${row#*|*|}"
    messages[$msg]=$(( ${messages[$msg]:-0} + 1 ))
    # The next plain run refuses, naming the revision and what to do.
    if m upgrade head > "$work/refuse.out" 2> "$work/refuse.err"; then
      violation "$what: upgrade head ran with $rev left running: $(cat "$work/refuse.err")"; ok=1
    elif grep -q "revision $rev was left running during its $dir" "$work/refuse.err" &&
         grep -q "migrate resolve $rev --auto" "$work/refuse.err"; then
      refused=$((refused + 1))
    else
      violation "$what: upgrade head refused without naming $rev and resolve: $(cat "$work/refuse.err")"; ok=1
    fi
    [ "$(snapshot)" = "$snap" ] ||
      { violation "$what: the refused upgrade changed the schema or the row"; ok=1; }
    # resolve --auto finishes it from the schema.
    if m resolve "$rev" --auto --json > "$work/resolve.json" 2> "$work/resolve.err"; then
      resolved=$((resolved + 1))
      j=$(grep '"event":"resolve"' "$work/resolve.json")
      r_in_effect=$(echo "$j" | grep -o '"ops_in_effect":[0-9]*' | cut -d: -f2)
      op_count=$(echo "$j" | grep -o '"op_count":[0-9]*' | cut -d: -f2)
      ran=$(echo "$j" | grep -o '"statements_run":[0-9]*' | cut -d: -f2)
      recorded=$(echo "$j" | grep -o '"recorded":"[a-z_]*"' | cut -d'"' -f4)
      resolve_says="$r_in_effect/$op_count ops, ran $ran, $recorded"
      expect_ran=$(( done_n == 0 ? 0 : n - done_n ))
      if [ "$done_n" -eq 0 ]; then
        expect_p=$before expect_recorded=$([ $dir = up ] && echo rolled_back || echo applied)
      else
        expect_p=$after expect_recorded=$([ $dir = up ] && echo applied || echo rolled_back)
      fi
      [ "$r_in_effect" = "$(ops_of "$in_effect")" ] && [ "$ran" = "$expect_ran" ] &&
        [ "$recorded" = "$expect_recorded" ] ||
        { violation "$what: resolve --auto said $j; the schema had $(ops_of "$in_effect") operations in effect, $done_n statements done"; ok=1; }
      [ "$(probe)" = "$expect_p" ] || { violation "$what: after resolve the schema is $(probe)"; ok=1; }
    else
      resolve_says="REFUSED"
      violation "$what: resolve $rev --auto failed: $(cat "$work/resolve.err")"; ok=1
    fi
  fi
  m check > "$work/check.out" 2>&1 || { violation "$what: check failed: $(cat "$work/check.out")"; ok=1; }
  if [ $dir = down ]; then
    # The downgrade goes on from there.
    m "${cmd[@]}" > "$work/down.out" 2>&1 || { violation "$what: ${cmd[*]} failed: $(cat "$work/down.out")"; ok=1; }
    [ "$(probe)" = 0000000 ] || { violation "$what: at $parent the schema is $(probe)"; ok=1; }
  fi
  m upgrade head > "$work/up.out" 2>&1 || { violation "$what: upgrade head failed: $(cat "$work/up.out")"; ok=1; }
  [ "$(probe)" = 1111111 ] || { violation "$what: at head the schema is $(probe)"; ok=1; }
  # Back to where the next kill starts.
  reset_to=$([ $dir = up ] && echo "$parent" || echo "$rev")
  m downgrade "$reset_to" > "$work/down.out" 2>&1 ||
    die "$what: downgrade $reset_to failed: $(cat "$work/down.out")"
  [ $ok -eq 0 ] && consistent=$((consistent + 1))
  printf '%-5s %-4s %-9s %-30s %-6s %-36s %s\n' "$dir" "$k" "$mode" "${row#*|}" "$done_n" "$resolve_says" \
    "$([ $ok -eq 0 ] && echo consistent || echo VIOLATED)"
done
done
[ $dir = down ] && { m downgrade "$parent" > "$work/down.out" 2>&1 || die "downgrade $parent: $(cat "$work/down.out")"; }
done
done

# The history tells one story: nothing applied or undone twice, every
# interrupted run resolved once, everything applied at head.
m upgrade head > "$work/up.out" 2>&1 || violation "final upgrade head failed: $(cat "$work/up.out")"
story=$(root_sql "SELECT CONCAT_WS('|', revision, direction, outcome) FROM \`$db\`.retort_history ORDER BY id" |
  history_story "0001_base 0002_seed 0003_keys 0004_multi 0005_tail")
[ -z "$story" ] || violation "the history does not add up: $story"
echo "history rows: $(root_sql "SELECT GROUP_CONCAT(CONCAT(outcome, ' ', n) SEPARATOR ', ') FROM
  (SELECT outcome, COUNT(*) n FROM \`$db\`.retort_history GROUP BY outcome) x")"
assert_no_password "$work"

echo "positions: $n_up up and $n_down down statements of $rev, modes natural/running/aborted/finished, $rounds round(s)"
echo "kills: $kills (up ${kills_by_dir[up]:-0}, down ${kills_by_dir[down]:-0})"
echo "rows left running: $((kills - landed_before - landed_after))"
for msg in "${!messages[@]}"; do echo "  message '$msg': ${messages[$msg]}"; done | sort -V
echo "natural kills that landed before statement 1 (no row, nothing ran): $landed_before"
echo "natural kills that landed after the revision was recorded: $landed_after"
echo "plain upgrades refused: $refused"
echo "resolved by resolve --auto: $resolved"
echo "consistent states: $consistent of $kills"
[ "$consistent" -eq "$kills" ] || violation "consistent states ($consistent) != kills ($kills)"
root_sql "DROP DATABASE \`$db\`"
finish
