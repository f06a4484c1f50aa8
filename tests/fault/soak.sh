#!/usr/bin/env bash
# The fault tests with large counts (issue 12; docs/fault-testing.md).
#
#   tests/fault/soak.sh BUILD_DIR [WORKDIR]
#
# BUILD_DIR must have the executors built:
#   cmake --build BUILD_DIR --target fault_migrate_exe fault_slow_migrate_exe
# Starts its own throwaway MariaDB (scripts/mariadb-test-server.sh, on
# 127.0.0.1, a free port) for the kill-position and concurrency tests and
# stops it at the end; the server-restart test starts (and kills) its own.
# Runs every test even when one fails; exits 1 if any did.
#
# Counts (environment, defaults in brackets):
#   SOAK_KILLS            sqlite_kill.sh kills                          [1000]
#   SOAK_POSITION_ROUNDS  mariadb_kill_positions.sh rounds of 28 kills  [10]
#   SOAK_RESTARTS         mariadb_server_restart.sh quick restarts      [50]
#   SOAK_LONG_DOWNS       ... restarts after 12.5 s down                [5]
#   SOAK_ROUNDS           concurrent_migrators.sh rounds of 16 + 16     [100]
#   SOAK_MIGRATORS        migrators per round                           [16]
#   SOAK_ONLY             a space-separated subset of: sqlite_kill
#                         mariadb_kill_positions mariadb_server_restart
#                         concurrent_migrators
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [WORKDIR]" >&2; exit 2; }
build=$(cd "$1" && pwd) || exit 2
work=${2:-$build/tests/fault/soak}
bin="$build/tests/fault/bin"
for exe in fault_migrate fault_slow_migrate; do
  [ -x "$bin/$exe" ] || {
    echo "no $bin/$exe: cmake --build $build --target fault_migrate_exe fault_slow_migrate_exe" >&2
    exit 2
  }
done
mkdir -p "$work"
work=$(cd "$work" && pwd)
only=${SOAK_ONLY:-sqlite_kill mariadb_kill_positions mariadb_server_restart concurrent_migrators}
wants() { [[ " $only " == *" $1 "* ]]; }

server_dir="$work/mariadb"
server_pid=
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2> /dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 300); do kill -0 "$server_pid" 2> /dev/null || break; sleep 0.1; done
  fi
  rm -rf "$server_dir/env" "$server_dir/pid" "$server_dir/data" "$server_dir/tmp"
}
trap stop_server EXIT
if wants mariadb_kill_positions || wants concurrent_migrators; then
  "$root/scripts/mariadb-test-server.sh" start "$server_dir" || exit 1
  [ -f "$server_dir/pid" ] && server_pid=$(cat "$server_dir/pid")
fi

failed=()
run() {
  local name=$1; shift
  wants "$name" || return 0
  echo "=== $name ($*)"
  local t0=$SECONDS
  env "$@" > "$work/$name.log" 2>&1
  local status=$?
  # The counts: every line but the per-kill table and the violations'
  # details (all in the log).
  grep -v -e '^[0-9]\+ \+\(natural\|running\|aborted\|finished\) ' -e '^round ' -e '^mariadb round ' "$work/$name.log" | tail -n 20
  echo "=== $name: exit $status, $((SECONDS - t0)) s (log: $work/$name.log)"
  [ $status -eq 0 ] || failed+=("$name")
}

run sqlite_kill RETORT_FAULT_KILLS="${SOAK_KILLS:-1000}" \
  bash "$here/sqlite_kill.sh" "$bin/fault_migrate" "$work/sqlite_kill"
run mariadb_kill_positions RETORT_FAULT_POSITION_ROUNDS="${SOAK_POSITION_ROUNDS:-10}" \
  bash "$here/mariadb_kill_positions.sh" "$bin/fault_migrate" "$server_dir/env"
run mariadb_server_restart RETORT_FAULT_RESTARTS="${SOAK_RESTARTS:-50}" \
  RETORT_FAULT_LONG_DOWNS="${SOAK_LONG_DOWNS:-5}" \
  bash "$here/mariadb_server_restart.sh" "$bin/fault_slow_migrate" "$work/server_restart" \
  "$root/scripts/mariadb-test-server.sh"
run concurrent_migrators RETORT_FAULT_ROUNDS="${SOAK_ROUNDS:-100}" \
  RETORT_FAULT_MIGRATORS="${SOAK_MIGRATORS:-16}" \
  bash "$here/concurrent_migrators.sh" "$bin/fault_migrate" "$work/concurrent" "$server_dir/env"

if [ ${#failed[@]} -ne 0 ]; then
  echo "soak: FAILED: ${failed[*]}"
  exit 1
fi
echo "soak: all passed"
