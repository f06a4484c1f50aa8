#!/usr/bin/env bash
# A throwaway MariaDB server for the MySQL tests, on loopback only.
#
#   scripts/mariadb-test-server.sh start DIR [PORT]   # PORT: a free one if omitted
#   scripts/mariadb-test-server.sh stop DIR
#
# `start` initialises DIR/data, starts mariadbd on 127.0.0.1:PORT with its
# socket at DIR/sock, waits until it accepts connections, creates the user
# `retort` (password: $RETORT_TEST_MYSQL_PASSWORD or a random one) with ALL
# PRIVILEGES so tests can create their own databases, and writes DIR/env:
#   RETORT_TEST_MYSQL_URL=mysql://retort:PW@127.0.0.1:PORT/
#   RETORT_TEST_MYSQL_PASSWORD=PW  RETORT_TEST_MYSQL_PORT=PORT
#   RETORT_TEST_MYSQL_SOCKET=DIR/sock (root over the socket: admin access)
# `stop` sends SIGTERM to the PID recorded in DIR/pid (only that one) and
# waits for it to exit.
#
# Without a mariadbd binary: exits 1 when CI=true; otherwise prints one loud
# line and exits 0 without writing DIR/env (the tests then skip).
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
PATH="$PATH:/usr/sbin:/sbin"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

stop() {
  [ -f "$dir/pid" ] || return 0
  local pid
  pid=$(cat "$dir/pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$dir/pid" "$dir/env"
}

start() {
  if ! command -v mariadbd > /dev/null || ! command -v mariadb-install-db > /dev/null; then
    if [ "${CI:-}" = "true" ]; then
      echo "mariadb-test-server: mariadbd not found and CI=true: failing (run scripts/install-deps.sh)" >&2
      exit 1
    fi
    echo "######## MySQL TESTS SKIPPED: no mariadbd here. Run scripts/test.sh (installs mariadb-server) to run them. ########" >&2
    exit 0
  fi
  stop
  rm -rf "$dir/data" "$dir/env"
  local port=${1:-$(free_port)}
  local password=${RETORT_TEST_MYSQL_PASSWORD:-$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$dir/data" --force \
    --skip-test-db --auth-root-authentication-method=socket > "$dir/install.log" 2>&1 \
    || { cat "$dir/install.log" >&2; exit 1; }
  # The test user is created by --init-file, which the server runs before it
  # accepts any connection: a client that is waiting for the server (the
  # --wait tests) must never see it up but without the user.
  ( umask 077
    cat > "$dir/init.sql" <<SQL
CREATE USER 'retort'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('$password');
CREATE USER 'retort'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('$password');
GRANT ALL PRIVILEGES ON *.* TO 'retort'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'retort'@'localhost' WITH GRANT OPTION;
SQL
  )
  # setsid: the server outlives this script and ignores the caller's signals.
  # Its own temporary directory: internal temporary tables (information_schema
  # queries make them) never meet another server's files in /tmp.
  mkdir -p "$dir/tmp"
  setsid mariadbd --no-defaults --user="$(id -un)" --datadir="$dir/data" \
    --init-file="$dir/init.sql" --tmpdir="$dir/tmp" \
    --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
    --skip-name-resolve --pid-file="$dir/mariadbd.pid" --log-error="$dir/error.log" \
    --innodb-buffer-pool-size=32M --max-connections=200 \
    < /dev/null > /dev/null 2>&1 &
  echo $! > "$dir/pid"
  local pid=$!
  for _ in $(seq 1 300); do
    if mariadb --no-defaults --socket="$dir/sock" -uroot -e 'SELECT 1' > /dev/null 2>&1; then
      break
    fi
    kill -0 "$pid" 2>/dev/null || { echo "mariadb-test-server: mariadbd exited:" >&2; tail -20 "$dir/error.log" >&2; exit 1; }
    sleep 0.1
  done
  rm -f "$dir/init.sql"
  mariadb --no-defaults --socket="$dir/sock" -uroot \
    -e "SELECT 1 FROM mysql.user WHERE User = 'retort' LIMIT 1" | grep -q 1 \
    || { echo "mariadb-test-server: the init file did not create the user" >&2; exit 1; }
  cat > "$dir/env" <<ENV
RETORT_TEST_MYSQL_URL=mysql://retort:$password@127.0.0.1:$port/
RETORT_TEST_MYSQL_PASSWORD=$password
RETORT_TEST_MYSQL_PORT=$port
RETORT_TEST_MYSQL_SOCKET=$dir/sock
ENV
  echo "mariadb-test-server: pid $pid listening on 127.0.0.1:$port (socket $dir/sock)"
}

case "$cmd" in
  start) start "${3:-}" ;;
  stop) stop ;;
  *) usage ;;
esac
