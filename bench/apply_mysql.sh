#!/usr/bin/env bash
# The MariaDB half of bench/apply.sh (called by it): a throwaway server on
# 127.0.0.1 (scripts/mariadb-test-server.sh), a fresh database per run.
#   apply_mysql.sh BUILD WORK N RUNS MIGRATE DBMATE ALEMBIC
set -euo pipefail
build=$1 work=$2 n=$3 runs=$4 migrate=$5 dbmate=$6 alembic=$7
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
server="$work/mariadb"
"$here/../scripts/mariadb-test-server.sh" start "$server" > "$work/mariadb.log"
trap '"$here/../scripts/mariadb-test-server.sh" stop "$server"' EXIT
[ -f "$server/env" ] || { echo "apply: no MariaDB server (see $work/mariadb.log)" >&2; exit 1; }
. "$server/env"
# The client reads the password from a file only this user can read.
cnf="$work/client.cnf"
(umask 077; printf '[client]\nuser=retort\npassword=%s\nhost=127.0.0.1\nport=%s\n' \
  "$RETORT_TEST_MYSQL_PASSWORD" "$RETORT_TEST_MYSQL_PORT" > "$cnf")
client() { mariadb --defaults-extra-file="$cnf" "$@"; }
auth="retort:$RETORT_TEST_MYSQL_PASSWORD@127.0.0.1:$RETORT_TEST_MYSQL_PORT"

signature() {
  client -N -e "SELECT table_name, column_name, column_type, is_nullable, column_key
      FROM information_schema.columns WHERE table_schema = '$1' AND table_name LIKE 't\\_%'
      ORDER BY 1, 2; SELECT index_name, table_name FROM information_schema.statistics
      WHERE table_schema = '$1' AND index_name LIKE 'ix\\_%' ORDER BY 1;" | md5sum | cut -c1-12
}

declare -A median_of
reference=""
# run NAME COMMAND... (the command finds the database name in $dbname)
run() {
  local name=$1; shift
  local times=()
  for i in $(seq "$runs"); do
    dbname="b_${name}_$i"
    client -e "DROP DATABASE IF EXISTS $dbname; CREATE DATABASE $dbname"
    times+=("$(time_ms "$@")")
  done
  median_of[$name]=$(printf '%s\n' "${times[@]}" | median)
  local sig; sig=$(signature "$dbname")
  [ -z "$reference" ] && reference=$sig
  if [ "$sig" != "$reference" ]; then
    echo "apply: $name left different tables on MariaDB ($sig, not $reference)" >&2
    exit 1
  fi
  for i in $(seq "$runs"); do client -e "DROP DATABASE b_${name}_$i"; done
}
raw() { client "$dbname" < "$work/chain/raw/mysql/per_revision.sql"; }
retort() { DATABASE_URL="mysql://$auth/$dbname" "$migrate" upgrade head; }
run_dbmate() {
  "$dbmate" --url "mysql://$auth/$dbname" --migrations-dir "$work/chain/dbmate-mysql" \
    --no-dump-schema up
}
run_alembic() {
  { cat "$work/chain/alembic/alembic.ini.in"
    echo "sqlalchemy.url = mysql+pymysql://$auth/$dbname"; } > "$work/alembic-mysql.ini"
  "$alembic" -c "$work/alembic-mysql.ini" upgrade head
}
run raw raw
run retort retort
[ -n "$dbmate" ] && run dbmate run_dbmate
[ -n "$alembic" ] && /usr/bin/python3 -c 'import pymysql' 2> /dev/null && run alembic run_alembic

dbname=b_cpu
client -e "DROP DATABASE IF EXISTS $dbname; CREATE DATABASE $dbname"
DATABASE_URL="mysql://$auth/$dbname" /usr/bin/time -f "%U %S %M" -o "$work/cpu-mysql.txt" \
  "$migrate" upgrade head > /dev/null
read -r user sys rss < "$work/cpu-mysql.txt"
cpu=$(awk -v u="$user" -v s="$sys" -v n="$n" 'BEGIN { printf "%.3f", (u + s) * 1000 / n }')
m() { echo "${median_of[$1]:--}"; }
cat <<REPORT

| MariaDB, N = $n (median of $runs, ms) | raw client | Retort | dbmate | Alembic |
| --- | --- | --- | --- | --- |
| apply | $(m raw) | $(m retort) ($(ratio "$(m retort)" "$(m raw)")× raw) | $(m dbmate) ($(ratio "$(m dbmate)" "$(m raw)")×) | $(m alembic) ($(ratio "$(m alembic)" "$(m raw)")×) |

Retort's client CPU on MariaDB: $cpu ms per revision (user + system), peak RSS $rss KB.
REPORT
