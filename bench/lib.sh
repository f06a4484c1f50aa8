# Shared by the benchmark scripts (sourced): timing, the peers, and a Retort
# project built from a migrations directory.

now() { date +%s%N; }

# Wall milliseconds of one command (output discarded). The clock is bash's
# own (no process is started to read it), so a run costs the command's own
# fork and exec only.
time_ms() {
  local a b
  a=$EPOCHREALTIME; "$@" > /dev/null 2>&1; b=$EPOCHREALTIME
  awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b - a) * 1000 }'
}

# The median wall milliseconds of RUNS runs of a command: median_ms RUNS CMD...
median_ms() {
  local runs=$1; shift
  local times=() _
  for _ in $(seq "$runs"); do times+=("$(time_ms "$@")"); done
  printf '%s\n' "${times[@]}" | median
}

# The median of the numbers on stdin.
median() {
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# "a/b" with two decimals, or "-" when either is missing.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}

# dbmate from npm: on PATH, or installed once into the build tree.
find_dbmate() {
  local cache=$1
  if command -v dbmate > /dev/null; then command -v dbmate; return; fi
  if [ ! -x "$cache/node_modules/.bin/dbmate" ] && command -v npm > /dev/null; then
    mkdir -p "$cache"
    (cd "$cache" && timeout 300 npm install --silent --no-audit --no-fund dbmate > /dev/null 2>&1) || true
  fi
  [ -x "$cache/node_modules/.bin/dbmate" ] && echo "$cache/node_modules/.bin/dbmate" || true
}

# Alembic from Debian (apt-get install alembic python3-pymysql).
find_alembic() { command -v /usr/bin/alembic alembic 2>/dev/null | head -1 || true; }

# Builds a migrate binary for DIR (Release) in WORK; prints its path.
build_retort() {
  local build=$1 migrations=$2 work=$3
  mkdir -p "$work"
  cat > "$work/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.25)
project(RetortBench CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(Retort CONFIG REQUIRED)
retort_add_migrations(NAME migrate DIRECTORY "$migrations" RUN_TARGET NONE)
CMAKE
  cmake -S "$work" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DRetort_DIR="$build" > "$work/configure.log"
  cmake --build "$work/build" > "$work/build.log"
  echo "$work/build/bin/migrate"
}

# The tables, columns and indexes a tool left in an SQLite file, as one hash.
sqlite_signature() {
  sqlite3 "$1" "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM sqlite_master m,
      pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name GLOB 't_[0-9]*' ORDER BY 1, 2;
    SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND name GLOB 'ix_t_*' ORDER BY 1;" |
    md5sum | cut -c1-12
}
