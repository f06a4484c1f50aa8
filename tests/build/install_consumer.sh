#!/usr/bin/env bash
# The installed package, as an outside project uses it: `cmake --install`
# this build into a temporary prefix, then configure the `good` fixture with
# only CMAKE_PREFIX_PATH (no Retort_DIR, no source tree) as a Release build,
# build it, and migrate SQLite. The executor must be stripped and small, and
# nothing installed may name this source or build tree.
#   install_consumer.sh <retort build dir> <fixture dir> <work dir>
set -eu
retort_build=$(realpath "$1") fixture=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
prefix="$work/prefix"
cmake --install "$retort_build" --prefix "$prefix" > "$work/install.log"
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
if grep -rlF -e "$source_dir" -e "$retort_build" "$prefix/lib/cmake" "$prefix/lib/pkgconfig" \
     "$prefix/share" "$prefix/include"; then
  echo "FAIL: installed files name the source or build tree"; exit 1
fi
for f in bin/retortc include/retort/table.h include/retort/migrate.h share/retort/migrate_entry.cpp \
         lib/cmake/Retort/RetortConfig.cmake lib/cmake/Retort/RetortConfigVersion.cmake \
         lib/cmake/Retort/RetortMigrations.cmake lib/pkgconfig/retort-runtime.pc; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f is not installed"; exit 1; }
done
if grep -q "retort_warnings\|CLI11" "$prefix/lib/cmake/Retort/RetortTargets.cmake"; then
  echo "FAIL: the exported targets name an internal target"; exit 1
fi
# The package moves with its prefix.
mv "$prefix" "$work/moved" && prefix="$work/moved"
cp -r "$fixture" "$work/src"
sed -i 's/find_package(Retort CONFIG REQUIRED)/find_package(Retort 0.2 REQUIRED)/' "$work/src/CMakeLists.txt"
grep -q "find_package(Retort 0.2 REQUIRED)" "$work/src/CMakeLists.txt"
cmake -S "$work/src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
# A version the package does not offer is refused.
mkdir -p "$work/too_new"
printf 'cmake_minimum_required(VERSION 3.25)\nproject(N CXX)\nfind_package(Retort 0.3 REQUIRED)\n' \
  > "$work/too_new/CMakeLists.txt"
if cmake -S "$work/too_new" -B "$work/too_new/build" -DCMAKE_PREFIX_PATH="$prefix" \
     > "$work/too_new.log" 2>&1; then
  echo "FAIL: find_package(Retort 0.3) accepted version 0.2"; exit 1
fi
cmake --build "$work/build" > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
migrate="$work/build/bin/migrate"
if readelf -S "$migrate" | grep -q '\.symtab'; then
  echo "FAIL: the Release executor is not stripped"; exit 1
fi
size=$(stat -c %s "$migrate")
echo "stripped executor: $size bytes"
[ "$size" -lt 2097152 ] || { echo "FAIL: the executor is $size bytes, not under 2 MB"; exit 1; }
export DATABASE_URL="sqlite:///$work/consumer.db"
"$migrate" upgrade head
"$migrate" current | grep -q 0002_depth || { echo "FAIL: not at head"; exit 1; }
"$migrate" check
echo "ok: installed package builds a stripped $size-byte executor that migrates"
