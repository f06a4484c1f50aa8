#!/usr/bin/env bash
# Build-level test: configure and build a fixture project against this Retort
# build tree, the way an application uses retort_add_migrations().
#   run_fixture.sh <retort build dir> <fixture dir> <work dir> fail|migrate
# fail:    the build must fail and print every line of <fixture>/expected.txt
# migrate: the build must pass; the migrate binary upgrades an SQLite file to
#          head, reports it current, and downgrades to base again
set -u
retort_build=$1 fixture=$2 work=$3 mode=$4
rm -rf "$work" && mkdir -p "$work"
# The fixture's sources are copied so its build never writes into the repo.
cp -r "$fixture" "$work/src"
if ! cmake -S "$work/src" -B "$work/build" -G Ninja -DRetort_DIR="$retort_build" \
     > "$work/configure.log" 2>&1; then
  echo "configure failed:"; cat "$work/configure.log"; exit 1
fi
cmake --build "$work/build" > "$work/build.log" 2>&1
status=$?
cat "$work/build.log"
if [ "$mode" = fail ]; then
  [ $status -ne 0 ] || { echo "FAIL: the build passed but should have failed"; exit 1; }
  while IFS= read -r line; do
    grep -qxF -- "$line" "$work/build.log" || { echo "FAIL: missing line: $line"; exit 1; }
  done < "$fixture/expected.txt"
  echo "ok: the build failed with the expected diagnostic"
  exit 0
fi
[ $status -eq 0 ] || { echo "FAIL: the build failed"; exit 1; }
cd "$work" || exit 1
export DATABASE_URL="sqlite:///$work/fixture.db"
set -e
./build/bin/migrate upgrade head
current=$(./build/bin/migrate current)
echo "current: $current"
echo "$current" | grep -q 0002_depth || { echo "FAIL: not at head"; exit 1; }
sqlite3_tables=$(./build/bin/migrate history)
echo "$sqlite3_tables"
# The executor reads no .mig file: move the sources away and it still works.
mv src src.moved
./build/bin/migrate downgrade base
current=$(./build/bin/migrate current)
echo "current after downgrade: '$current'"
echo "$current" | grep -q 0002_depth && { echo "FAIL: still at head"; exit 1; }
./build/bin/migrate upgrade head
echo "ok: built, migrated, downgraded and upgraded again"
