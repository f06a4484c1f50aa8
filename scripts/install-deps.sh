#!/usr/bin/env bash
# Installs Retort's build and test dependencies from Debian 12's packages.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  dpkg-dev                                # dpkg-shlibdeps: the .deb's dependencies (CPack)
  antlr4 libantlr4-runtime-dev uuid-dev   # ANTLR 4.7.2 tool (runs at build time), 4.9 runtime
  libcli11-dev catch2 libsqlite3-dev sqlite3   # sqlite3: the offline-script tests apply scripts with it
  libmariadb-dev libmariadb-dev-compat   # MariaDB Connector/C (libmysqlclient API)
  mariadb-server                          # the MySQL tests start their own server
  clang libclang-rt-14-dev                # the sanitizer stage and libFuzzer (CMakePresets.json: asan)
  lld                                     # executors link with it (retort_add_migrations: a relink in 0.1 s)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# mariadb-server's postinst would start a system server through invoke-rc.d
# (there is no systemd here): a policy-rc.d answering 101 ("action not
# allowed") keeps it from starting, so nothing listens and nothing hangs.
# The tests start their own server (scripts/mariadb-test-server.sh).
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" > /dev/null
  $sudo chmod 755 "$policy"
  created_policy=1
fi
cleanup() { [ -z "$created_policy" ] || $sudo rm -f "$policy"; }
trap cleanup EXIT
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
