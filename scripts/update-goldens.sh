#!/usr/bin/env bash
# Rewrites tests/diag/<case>.expected from what retortc prints now. Run after a
# deliberate change to a diagnostic, then read the diff before committing.
#   scripts/update-goldens.sh [path/to/retortc]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
retortc=$(realpath "${1:-$root/build/compiler/retortc}")
cd "$root/tests/diag"
for dir in */; do
  name=${dir%/}
  "$retortc" check --dir "$name" > "$name.expected" 2>&1 || true
  echo "updated tests/diag/$name.expected"
done
