#!/usr/bin/env bash
# Build-level test: the executor always reflects the migrations directory.
# Adding, changing, renaming or deleting a .mig file re-runs retortc and
# relinks bin/migrate without configuring the build again, and the build
# after that has nothing to do.
#   directory_changes.sh <retort build dir> <fixture dir> <work dir>
# <fixture dir> is the `good` fixture: 0001_initial <- 0002_depth.
set -u
retort_build=$1 fixture=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
# The fixture's sources are copied so its build never writes into the repo.
cp -r "$fixture" "$work/src"
migs=$work/src/migrations
export DATABASE_URL="sqlite:///$work/fixture.db"

fail() { echo "FAIL: $*"; exit 1; }

# Builds and keeps the log in $log; the build must pass.
build() {
  local status
  log=$(cmake --build "$work/build" 2>&1)
  status=$?
  echo "$log"
  [ $status -eq 0 ] || fail "the build failed"
}

# The build after a change must pass, re-run retortc and relink bin/migrate;
# the one right after it must have nothing to do (no rebuild loop).
rebuild() {
  build
  echo "$log" | grep -q "retortc: compiling migrations/" || fail "$1: retortc did not run"
  echo "$log" | grep -q "Linking CXX executable bin/migrate" || fail "$1: bin/migrate was not relinked"
  if echo "$log" | grep -q "Re-running CMake"; then fail "$1: the build configured itself again"; fi
  build
  echo "$log" | grep -q "ninja: no work to do" || fail "$1: the second build did work"
}

# Runs `migrate <args>`, prints its output and checks it has the line $1.
expect_line() {
  local line=$1 output; shift
  output=$(./build/bin/migrate "$@") || fail "migrate $* failed"
  echo "\$ migrate $*"; echo "$output"
  echo "$output" | grep -qxF -- "$line" || fail "migrate $*: missing line: $line"
}

# Runs `migrate <args>`, prints its output and checks no line contains $1.
expect_none() {
  local text=$1 output; shift
  output=$(./build/bin/migrate "$@") || fail "migrate $* failed"
  echo "\$ migrate $*"; echo "$output"
  if echo "$output" | grep -qF -- "$text"; then fail "migrate $*: still shows $text"; fi
}

# File timestamps can be coarser than a fast build: let each change land in a
# later tick than the build before it.
settle() { sleep 1; }

cd "$work" || exit 1
if ! cmake -S src -B build -G Ninja -DRetort_DIR="$retort_build" \
     > configure.log 2>&1; then
  echo "configure failed:"; cat configure.log; exit 1
fi
build
build
echo "$log" | grep -q "ninja: no work to do" || fail "initial: the second build did work"
expect_line "0002_depth (head)" heads

echo "== 1. add a revision"
settle
cat > "$migs/0003_rating.mig" <<'EOF'
revision 0003_rating
  parent 0002_depth
  message "Site rating"
alter table dive_sites { add column rating integer null; }
EOF
rebuild add
expect_line "0003_rating (head)" heads
expect_line "0002_depth -> 0003_rating (head), Site rating" history

echo "== 2. change a revision's message"
settle
sed -i 's/"Site rating"/"Star rating"/' "$migs/0003_rating.mig"
rebuild change
expect_line "0002_depth -> 0003_rating (head), Star rating" history
expect_line "    Star rating" show 0003_rating

echo "== 3. rename a file (same content)"
settle
mv "$migs/0003_rating.mig" "$migs/0003_stars.mig"
rebuild rename
expect_line "0003_rating (head)" heads
expect_line "Path: migrations/0003_stars.mig" show 0003_rating
expect_none "0003_rating.mig" history -v

echo "== 4. delete the newest revision"
settle
rm "$migs/0003_stars.mig"
rebuild delete
expect_line "0002_depth (head)" heads
expect_none "0003_rating" history

# The set of files changes but the table's bytes do not: a broken file is
# added (the build fails) and removed again. retortc runs, the table is not
# rewritten, and the build after that still has nothing to do.
echo "== 5. add a broken file, then remove it"
settle
echo "not a revision" > "$migs/0003_broken.mig"
log=$(cmake --build build 2>&1)
status=$?
echo "$log"
[ $status -ne 0 ] || fail "broken: the build passed with a broken file"
echo "$log" | grep -q "migrations/0003_broken.mig:1:1: error:" || fail "broken: no diagnostic"
settle
rm "$migs/0003_broken.mig"
build
echo "$log" | grep -q "retortc: compiling migrations/" || fail "unbroken: retortc did not run"
build
echo "$log" | grep -q "ninja: no work to do" || fail "unbroken: the second build did work"
expect_line "0002_depth (head)" heads

echo "ok: adding, changing, renaming and deleting .mig files rebuilt the executor"
