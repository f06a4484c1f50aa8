#!/bin/sh
# Assembles an image's root file system from executables and exactly what
# they need at run time: each executable in ROOT/bin, the shared libraries
# ldd lists and the dynamic loader at their own paths, and MariaDB
# Connector/C's client plugin directory (authentication plugins such as
# ed25519 and caching_sha2_password are loaded from it at connect time, so
# ldd cannot list them). Used by the Dockerfile's build stage and by
# tests/build/image_root.sh, which runs the result under chroot.
#   assemble-root.sh ROOT EXECUTABLE...
set -eu
root=$1
shift
mkdir -p "$root/bin" "$root/tmp" "$root/data"
chmod 1777 "$root/tmp"
for exe in "$@"; do
  cp -L "$exe" "$root/bin/$(basename "$exe")"
  ldd "$exe" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
    while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
done
plugins=$(find /usr/lib /lib -type d -path '*libmariadb3/plugin' 2>/dev/null | head -n 1)
if [ -n "$plugins" ]; then
  mkdir -p "$root$plugins"
  cp -L "$plugins"/*.so "$root$plugins/"
  # The plugins' own libraries (libcrypto for caching_sha2_password, ...).
  for plugin in "$plugins"/*.so; do
    ldd "$plugin" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done
  done
fi
