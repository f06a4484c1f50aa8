#!/usr/bin/env bash
# Build-level test: a history that grows past the chunk files the build
# declared (256 revisions each, one to spare) still builds a complete
# executor at once, and the build after it configures itself again and
# declares enough (retort_add_migrations, <name>_table.chunks).
#   chunk_growth.sh <retort build dir> <work dir>
set -u
retort_build=$1 work=$2
rm -rf "$work" && mkdir -p "$work/src"
fail() { echo "FAIL: $*"; exit 1; }

# add FROM TO: revisions rFROM..rTO, each after the one before.
add() {
  local i
  for ((i = $1; i <= $2; i++)); do
    { printf 'revision r%04d\n' "$i"
      [ "$i" -gt 1 ] && printf '  parent r%04d\n' $((i - 1))
      printf '  message "t%d"\n\ncreate table t%d {\n  id integer primary key;\n}\n' "$i" "$i"
    } > "$work/src/migrations/r$(printf %04d "$i").mig"
  done
}
build() {
  log=$(cmake --build "$work/build" 2>&1) || { echo "$log"; fail "$1: the build failed"; }
}
chunk_files() { ls "$work/build"/migrate_table_chunk*.cpp | wc -l; }
heads() { DATABASE_URL="sqlite:///$work/db.sqlite" "$work/build/bin/migrate" heads; }

mkdir -p "$work/src/migrations"
cat > "$work/src/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(ChunkGrowth CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(Retort CONFIG REQUIRED)
retort_add_migrations(NAME migrate DIRECTORY migrations RUN_TARGET NONE)
CMAKE
add 1 250
cmake -S "$work/src" -B "$work/build" -G Ninja -DRetort_DIR="$retort_build" > "$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configure"; }
build initial
[ "$(chunk_files)" -eq 2 ] || fail "250 revisions: $(chunk_files) chunk files, expected 2 (one to spare)"

echo "== past the first chunk: the spare one takes them, no reconfiguring"
sleep 1; add 251 300
build "to 300"
echo "$log" | grep -q "Re-running CMake" && fail "to 300: configured again before building"
[ "$(heads)" = "r0300 (head)" ] || fail "to 300: heads say $(heads)"
[ "$(cat "$work/build/migrate_table.chunks")" = 2 ] || fail "to 300: chunks file says $(cat "$work/build/migrate_table.chunks")"
build "after 300"
echo "$log" | grep -q "Re-running CMake" || fail "after 300: the build did not configure itself again"
[ "$(chunk_files)" -eq 3 ] || fail "after 300: $(chunk_files) chunk files, expected 3"
build "settled at 300"
echo "$log" | grep -q "ninja: no work to do" || { echo "$log"; fail "settled at 300: the build did work"; }

echo "== past every declared chunk at once: the rest compiles in the main file"
sleep 1; add 301 1000
build "to 1000"
[ "$(heads)" = "r1000 (head)" ] || fail "to 1000: heads say $(heads)"
DATABASE_URL="sqlite:///$work/db.sqlite" "$work/build/bin/migrate" upgrade head > "$work/upgrade.log" 2>&1 ||
  { cat "$work/upgrade.log"; fail "to 1000: upgrade head failed"; }
[ "$(sqlite3 "$work/db.sqlite" "SELECT count(*) FROM sqlite_master WHERE name LIKE 't%'")" = 1000 ] ||
  fail "to 1000: the database does not have 1000 tables"
build "after 1000"
echo "$log" | grep -q "Re-running CMake" || fail "after 1000: the build did not configure itself again"
[ "$(chunk_files)" -eq 5 ] || fail "after 1000: $(chunk_files) chunk files, expected 5"
[ "$(heads)" = "r1000 (head)" ] || fail "after 1000: heads say $(heads)"
build "settled at 1000"
echo "$log" | grep -q "ninja: no work to do" || { echo "$log"; fail "settled at 1000: the build did work"; }
echo "ok: the executor had every revision at each step; the build re-chunked itself"
