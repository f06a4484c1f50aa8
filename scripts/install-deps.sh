#!/usr/bin/env bash
# Installs Retort's build and test dependencies from Debian 12's packages.
# Safe to re-run: it installs only what is missing.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkg-config
  antlr4 libantlr4-runtime-dev uuid-dev   # ANTLR 4.7.2 tool (runs at build time), 4.9 runtime
  libcli11-dev catch2 libsqlite3-dev
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
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
