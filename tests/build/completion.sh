#!/usr/bin/env bash
# The bash completions in completions/: each call made as bash would make it
# (COMP_WORDS, COMP_CWORD), and the candidates it offers checked, revision
# ids included (read from the demo's own executor).
#   completion.sh <retort build dir>
set -eu
build=$(realpath "$1")
here=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
source "$here/completions/migrate.bash"
# shellcheck disable=SC1091
source "$here/completions/retortc.bash"
migrate="$build/bin/migrate"
offer() {  # offer FUNCTION WORD... : the candidates for the last word
  local fn=$1; shift
  COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
  "$fn"
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
}
expect() {  # expect WHAT GOT WANTED...
  local what=$1 got=$2; shift 2
  for want in "$@"; do
    [[ " $got " == *" $want "* ]] || { echo "FAIL: $what: no '$want' in: $got"; exit 1; }
  done
}
expect "migrate commands" "$(offer _retort_migrate "$migrate" "")" upgrade downgrade check stamp resolve
expect "migrate u" "$(offer _retort_migrate "$migrate" u)" upgrade
expect "global options" "$(offer _retort_migrate "$migrate" --ve)" --version --version-table
expect "upgrade options" "$(offer _retort_migrate "$migrate" upgrade --)" --sql --dry-run --dialect --url
expect "resolve options" "$(offer _retort_migrate "$migrate" resolve x --)" --auto --applied --rolled-back
expect "upgrade targets" "$(offer _retort_migrate "$migrate" upgrade "")" head heads 0001_initial 0013_optional_passwords
expect "a prefix" "$(offer _retort_migrate "$migrate" upgrade 0004)" 0004_tags
expect "--dialect" "$(offer _retort_migrate "$migrate" upgrade --sql --dialect "")" sqlite mysql mariadb
expect "retortc commands" "$(offer _retortc retortc "")" compile check revision merge schema baseline drift
expect "retortc revision" "$(offer _retortc retortc revision --a)" --autogenerate
expect "retortc --dialect" "$(offer _retortc retortc schema --dialect "")" dsl sqlite mysql mariadb
echo "ok: completions offer commands, options and this build's revision ids"
