#!/usr/bin/env bash
# The README's "A short tour", run verbatim in a scratch copy of the
# repository (its tracked files, as a fresh clone has them): every command
# line of the section's sh blocks in order, in one shell (so its `cd`s
# count), after the build the main job makes (without the test suite). The
# .mig block is written into the revision the tour creates, as it says to.
# A line whose comment says "refused" must fail; the MySQL example line needs
# a server of the reader's own and is skipped. Comment-only lines are output.
#   readme_tour.sh <work dir>
set -eu
work=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work" && mkdir -p "$work/repo"
(cd "$src" && git ls-files -z | xargs -0 cp --parents -t "$work/repo")
cd "$work/repo"
cmake -S . -B build -G Ninja -DRETORT_BUILD_TESTS=OFF > "$work/configure.log"
cmake --build build > "$work/build.log" || { tail -30 "$work/build.log"; exit 1; }
cmake --build build --target migrate > "$work/migrate.log"

section=$(awk '/^## A short tour/ { on = 1; next } /^## / { on = 0 } on' README.md)
# The .mig example: the first ``` block without a language.
mig=$(printf '%s\n' "$section" | awk '
  /^```/ { if (!inside) { inside = 1; lang = substr($0, 4); next } inside = 0; if (lang == "" && done == 0) done = 1; next }
  inside && lang == "" && !done { print }')
# Command lines of the ```sh blocks.
commands=$(printf '%s\n' "$section" | awk '/^```sh$/ { on = 1; next } /^```$/ { on = 0 } on')
script="$work/tour.sh"
{
  echo "set -u"
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    case "$line" in *'mysql://app:secret@'*) echo "echo 'skipped (needs your server): ${line//\'/}'"; continue ;; esac
    command=${line%%#*}
    echo "echo '\$ ${command//\'/}'"
    if [[ "$line" == *'# refused'* ]]; then
      echo "if $command; then echo 'FAIL: this should have been refused: ${command//\'/}'; exit 1; fi"
    else
      echo "$command || { echo 'FAIL: ${command//\'/}'; exit 1; }"
    fi
    # The tour writes the new revision's operations into the file it created.
    if [[ "$line" == *'retortc revision'* ]]; then
      echo "f=\$(ls migrations/*_add_user_preferences_table.mig)"
      printf 'cat > "$f" <<'"'"'MIG'"'"'\n%s\nMIG\n' "$mig"
    fi
  done <<< "$commands"
} > "$script"
bash "$script" > "$work/tour.log" 2>&1 || { cat "$work/tour.log"; exit 1; }
grep -q "created migrations/0014_add_user_preferences_table.mig" "$work/tour.log" ||
  { cat "$work/tour.log"; echo "FAIL: the revision the tour names was not created"; exit 1; }
grep -q "missing tables:" "$work/tour.log" || { echo "FAIL: no list of missing tables"; exit 1; }
grep -q "stamp -> 0014_add_user_preferences_table (schema verified)" "$work/tour.log" ||
  { cat "$work/tour.log"; echo "FAIL: the final stamp"; exit 1; }
echo "ok: the README tour runs as written ($(grep -c '^\$ ' "$work/tour.log") commands)"
