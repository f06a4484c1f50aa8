#!/usr/bin/env bash
# The release image's file set, tested without a container engine: the
# demo's migrate (and dash, for the entrypoint's `&&`) assembled into an
# empty root by examples/image/assemble-root.sh, run under chroot against
# SQLite and the test MariaDB with a password user and an ed25519 user.
# Without the client plugins, the ed25519 login must say so, never blame the
# password. MariaDB has no caching_sha2_password server plugin (MySQL 8
# does): that case is reported as not applicable here.
#   image_root.sh <retort build dir> <work dir>
set -eu
build=$(realpath "$1") work=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  [ "${CI:-}" = true ] && { echo "FAIL: chroot needs root, and CI runs as root"; exit 1; }
  echo "######## IMAGE TEST SKIPPED: chroot needs root ########"; exit 0
fi
rm -rf "$work" && mkdir -p "$work"
root="$work/root"
"$here/examples/image/assemble-root.sh" "$root" "$build/bin/migrate" /bin/dash
ln -s dash "$root/bin/sh"
echo "root: $(find "$root" -type f | wc -l) files, $(du -sh "$root" | cut -f1)"
run() { chroot "$root" /bin/migrate "$@"; }

# SQLite, through the documented entrypoint pattern.
chroot "$root" /bin/sh -c \
  "/bin/migrate --url sqlite:////data/app.db upgrade head --wait 60 && exec /bin/migrate --url sqlite:////data/app.db check"

env_file="$build/mariadb-test/env"
[ -f "$env_file" ] || { echo "FAIL: no test MariaDB ($env_file)"; exit 1; }
# shellcheck disable=SC1090
. "$env_file"
port=$RETORT_TEST_MYSQL_PORT
sql() { mariadb --no-defaults -S "$RETORT_TEST_MYSQL_SOCKET" -uroot -e "$1"; }
pw_pass=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
ed_pass=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
sql "INSTALL SONAME 'auth_ed25519'" 2>/dev/null || true
sql "DROP DATABASE IF EXISTS image_pw; CREATE DATABASE image_pw;
     DROP DATABASE IF EXISTS image_ed; CREATE DATABASE image_ed;
     DROP USER IF EXISTS 'image_pw'@'%'; CREATE USER 'image_pw'@'%' IDENTIFIED BY '$pw_pass';
     DROP USER IF EXISTS 'image_ed'@'%';
     CREATE USER 'image_ed'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('$ed_pass');
     GRANT ALL ON image_pw.* TO 'image_pw'@'%'; GRANT ALL ON image_ed.* TO 'image_ed'@'%';"

run --url "mysql://image_pw:$pw_pass@127.0.0.1:$port/image_pw" upgrade head > "$work/pw.log"
run --url "mysql://image_pw:$pw_pass@127.0.0.1:$port/image_pw" check
run --url "mysql://image_ed:$ed_pass@127.0.0.1:$port/image_ed" upgrade head > "$work/ed.log"
run --url "mysql://image_ed:$ed_pass@127.0.0.1:$port/image_ed" check
echo "ok: password and ed25519 users migrate from the empty root"

# A wrong password is a wrong password...
set +e
run --url "mysql://image_ed:wrong@127.0.0.1:$port/image_ed" current 2> "$work/wrong.err"
status=$?
set -e
cat "$work/wrong.err"
[ $status -eq 2 ] && grep -q "check the user, password" "$work/wrong.err" ||
  { echo "FAIL: a wrong password is not reported as such"; exit 1; }
# ...and a missing plugin is a missing plugin.
plugins=$(find "$root" -type d -path '*libmariadb3/plugin' | head -n 1)
[ -n "$plugins" ] || { echo "FAIL: no client plugin directory in the root"; exit 1; }
mv "$plugins" "$plugins.away"
set +e
run --url "mysql://image_ed:$ed_pass@127.0.0.1:$port/image_ed" current 2> "$work/plugin.err"
status=$?
set -e
mv "$plugins.away" "$plugins"
cat "$work/plugin.err"
[ $status -eq 2 ] && grep -q "could not load the authentication plugin" "$work/plugin.err" &&
  ! grep -q "check the user, password" "$work/plugin.err" ||
  { echo "FAIL: a missing client plugin is not reported as such"; exit 1; }
if grep -qF -e "$pw_pass" -e "$ed_pass" "$work"/*.log "$work"/*.err; then
  echo "FAIL: a password was printed"; exit 1
fi
if sql "SELECT 1 FROM information_schema.PLUGINS WHERE PLUGIN_NAME = 'caching_sha2_password'" |
   grep -q 1; then
  echo "FAIL: this server has caching_sha2_password: extend the test to it"; exit 1
fi
echo "caching_sha2_password: not applicable (a MySQL 8 server plugin; MariaDB has none)"
sql "DROP USER 'image_pw'@'%'; DROP USER 'image_ed'@'%'; DROP DATABASE image_pw; DROP DATABASE image_ed;"
echo "ok: the image's file set migrates SQLite and MariaDB under chroot"
