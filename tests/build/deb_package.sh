#!/usr/bin/env bash
# The Debian package: build it with CPack from this build directory, then
# inspect it: the files a consuming project needs, under /usr, and the
# dependencies retortc needs at run time (found by dpkg-shlibdeps).
#   deb_package.sh <retort build dir> <work dir>
set -eu
build=$(realpath "$1") work=$2
rm -rf "$work" && mkdir -p "$work"
(cd "$build" && cpack -G DEB -B "$work" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/retort_*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -c "$deb" > "$work/contents.txt"
for f in ./usr/bin/retortc ./usr/include/retort/table.h ./usr/include/retort/migrate.h \
         ./usr/share/retort/migrate_entry.cpp ./usr/share/doc/retort/LICENSE \
         ./usr/share/doc/retort/CHANGELOG.md ./usr/share/bash-completion/completions/migrate \
         ./usr/share/bash-completion/completions/retortc; do
  grep -q " $f\$" "$work/contents.txt" || { echo "FAIL: $f is not in the package"; exit 1; }
done
for f in RetortConfig.cmake RetortConfigVersion.cmake RetortMigrations.cmake RetortTargets.cmake \
         libretort_runtime.a libretort_schema.a retort-runtime.pc; do
  grep -q "/$f\$" "$work/contents.txt" || { echo "FAIL: $f is not in the package"; exit 1; }
done
if grep -q "/tests/\|/migrations/" "$work/contents.txt"; then
  echo "FAIL: the package holds test or demo files"; exit 1
fi
control=$(dpkg-deb -f "$deb" Package Version Depends)
echo "$control"
echo "$control" | grep -q "^Package: retort$"
echo "$control" | grep -q "^Version: 0.2.0$"
for dep in libmariadb3 libsqlite3-0 libsqlite3-dev libmariadb-dev cmake; do
  echo "$control" | grep -q "$dep" || { echo "FAIL: Depends lacks $dep"; exit 1; }
done
# apt can install it here: every dependency resolves (simulated, nothing changes).
if command -v apt-get > /dev/null; then
  apt-get install -s "$deb" > "$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
  grep -q "^Inst retort " "$work/apt.log" || { cat "$work/apt.log"; exit 1; }
fi
echo "ok: $(grep -c '' "$work/contents.txt") entries"
