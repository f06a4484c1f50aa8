# Shared by the fault tests (sourced, not run). Each test prints its counts on
# stdout and exits non-zero when a property is violated; 77 means skipped.

FAULT_VIOLATIONS=0

# A violated property: printed at once, counted, and the test fails at the end.
violation() {
  FAULT_VIOLATIONS=$((FAULT_VIOLATIONS + 1))
  echo "VIOLATION: $*"
}

# A broken test set-up (not a property of migrate): stop now.
die() {
  echo "FAIL: $*"
  exit 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# The seed of bash's RANDOM: RETORT_FAULT_SEED, else one printed so that a
# failing run can be replayed.
seed_random() {
  FAULT_SEED=${RETORT_FAULT_SEED:-$(( $(date +%s%N) % 1000000007 ))}
  RANDOM=$FAULT_SEED
  echo "seed: $FAULT_SEED (RETORT_FAULT_SEED=$FAULT_SEED replays the random choices)"
}

# A random integer in [0, n).
random_below() {
  local n=$1
  echo $(( ((RANDOM << 15) | RANDOM) % n ))
}

# Loads the test MariaDB's env file (scripts/mariadb-test-server.sh writes
# it) into RETORT_TEST_MYSQL_*. Without it: skip (exit 77), or fail when
# CI=true, where MySQL tests never skip.
load_mariadb_env() {
  local env_file=$1
  if [ ! -f "$env_file" ]; then
    if [ "${CI:-}" = true ]; then
      die "no test MariaDB ($env_file) and CI=true: MySQL tests never skip in CI"
    fi
    echo "######## FAULT TEST SKIPPED: no test MariaDB ($env_file) ########"
    exit 77
  fi
  # shellcheck disable=SC1090
  . "$env_file"
  [ -n "${RETORT_TEST_MYSQL_PORT:-}" ] && [ -n "${RETORT_TEST_MYSQL_SOCKET:-}" ] ||
    die "incomplete env file $env_file"
  command -v mariadb > /dev/null || die "no mariadb client"
}

# root over the server's socket (the password is never on a command line).
root_sql() {
  mariadb --no-defaults -S "$RETORT_TEST_MYSQL_SOCKET" -uroot -N -B -e "$1"
}

# A fresh database on the test server and its URL (the retort user has ALL
# PRIVILEGES). The URL holds the password: never print it.
fresh_mariadb_database() {
  local name=$1
  root_sql "DROP DATABASE IF EXISTS \`$name\`; CREATE DATABASE \`$name\`" ||
    die "could not create database $name"
  echo "mysql://retort:${RETORT_TEST_MYSQL_PASSWORD}@127.0.0.1:${RETORT_TEST_MYSQL_PORT}/$name"
}

# Fails the test if a file holds the test server's password.
assert_no_password() {
  [ -n "${RETORT_TEST_MYSQL_PASSWORD:-}" ] || return 0
  if grep -rqF -- "$RETORT_TEST_MYSQL_PASSWORD" "$@" 2> /dev/null; then
    violation "the MariaDB password was printed (in $*)"
  fi
}

# Reads history rows "revision|direction|outcome" in id order on stdin and
# prints what does not tell a consistent story: an ok up of a revision that
# is applied, an ok down of one that is not, a resolve with nothing left
# running or failed, and, at the end, any of the revisions named in $1
# (space-separated: the ones that must be applied) not applied, or another
# one applied. Prints nothing when the story holds.
history_story() {
  awk -F'|' -v want=" $1 " '
    { rev = $1; dir = $2; out = $3 }
    dir == "up" && out == "ok" {
      if (applied[rev]) print rev ": applied again while applied (row " NR ")"
      applied[rev] = 1; pending[rev] = ""; next }
    dir == "down" && out == "ok" {
      if (!applied[rev]) print rev ": undone while not applied (row " NR ")"
      applied[rev] = 0; pending[rev] = ""; next }
    (dir == "up" || dir == "down") && (out == "running" || out == "failed") {
      if (pending[rev] != "") print rev ": a " dir " ran while a " pending[rev] " was unresolved (row " NR ")"
      if ((dir == "up") == (applied[rev] == 1)) print rev ": a " dir " ran while " (applied[rev] ? "applied" : "not applied") " (row " NR ")"
      pending[rev] = dir; next }
    dir == "resolve" {
      if (pending[rev] == "") print rev ": resolved with nothing unresolved (row " NR ")"
      if (out == "applied") applied[rev] = 1
      else if (out == "rolled_back") applied[rev] = 0
      else print rev ": resolve outcome " out " (row " NR ")"
      pending[rev] = ""; next }
    (dir == "up" || dir == "down") && out == "rolled_back" { next }
    { print rev ": unexpected row " dir " " out " (row " NR ")" }
    END {
      for (r in applied) if (applied[r] && index(want, " " r " ") == 0) print r ": applied at the end"
      n = split(want, w, " ")
      for (i = 1; i <= n; i++) if (!applied[w[i]]) print w[i] ": not applied at the end"
      for (r in pending) if (pending[r] != "") print r ": left " pending[r] " unresolved"
    }'
}

finish() {
  if [ "$FAULT_VIOLATIONS" -ne 0 ]; then
    echo "FAILED: $FAULT_VIOLATIONS violated properties"
    exit 1
  fi
  echo "ok"
  exit 0
}
