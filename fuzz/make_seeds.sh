#!/usr/bin/env bash
# Writes the fuzz target's seed corpus into OUT: one input per migrations
# directory of the repository (the demo, the examples in tests/), in the
# target's format: retort.toml, then each .mig file, separated by NUL bytes.
# With DICT, also a libFuzzer dictionary: the grammar's keywords and symbols.
#   fuzz/make_seeds.sh OUT [DICT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$1
if [ $# -gt 1 ]; then
  { sed -nE "s/^[A-Z_]+ +: (([A-Z]|'_')( ([A-Z]|'_'))*) ;.*/\1/p" "$root/grammar/Retort.g4" | tr -d " '" |
      tr 'A-Z' 'a-z' | sed -E 's/.*/"&"/'
    grep -oE "'[^'a-zA-Z]+'" "$root/grammar/Retort.g4" | sort -u | tr -d "'" |
      sed -E 's/\\/\\\\/g; s/"/\\"/g; s/.*/"&"/'
    printf '"%s"\n' '"""' '`' '/*' '*/' '--' 'parent' 'message' '\x00' | sed 's/"""""/"\\"\\"\\""/'
  } | grep -v " " | sort -u > "$2"
fi
mkdir -p "$out"
n=0
while IFS= read -r dir; do
  shopt -s nullglob
  migs=("$dir"/*.mig)
  [ ${#migs[@]} -gt 0 ] || continue
  seed="$out/seed_$(printf '%03d' "$n")_$(basename "$dir")"
  { [ -f "$dir/retort.toml" ] && cat "$dir/retort.toml"
    for mig in "${migs[@]}"; do printf '\0'; cat "$mig"; done; } > "$seed"
  n=$((n + 1))
done < <(find "$root/migrations" "$root/tests" "$root/examples" -name '*.mig' -printf '%h\n' | sort -u)
echo "make_seeds: $n seeds in $out"
