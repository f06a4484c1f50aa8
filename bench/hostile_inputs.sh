#!/usr/bin/env bash
# The compiler on hostile input: one .mig file of about 1 MB per shape that
# used to crash or go quadratic, timed through `retortc check` (median of 5
# runs, with process start-up). Prints a Markdown table; docs/benchmarks.md
# records runs. Each run must end in a result or a diagnostic (exit 0 or
# 1), never a crash. The huge message and name are valid input.
#   bench/hostile_inputs.sh path/to/retortc [MB]
set -eu  # no pipefail: `yes | head` ends yes with SIGPIPE by design
retortc=$(realpath "$1") mb=${2:-1}
bytes=$((mb * 1048576))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `rep UNIT`: UNIT repeated to about $bytes bytes.
rep() { local unit=$1; yes "$unit" | tr -d '\n' | head -c "$bytes"; }
head_='revision a
  message "m"
'
table='create table t {
  a integer;
  check '
shape() {  # NAME, then the file's text on stdin
  mkdir -p "$work/$1" && cat > "$work/$1/a.mig"
}
{ printf '%s%s' "$head_" "$table"; rep '('; } | shape unclosed_parens
{ printf '%s%s' "$head_" "$table"; rep '(' | head -c $((bytes / 2)); printf 'a';
  rep ')' | head -c $((bytes / 2)); printf ';\n}\n'; } | shape nested_parens
{ printf '%s  message "' "$head_"; rep '\"'; } | shape unterminated_escapes
{ printf "%s  message '" "$head_"; rep "''"; } | shape unterminated_single_quotes
{ printf '%s' "$head_"; rep '/* '; } | shape open_comments
{ printf '%ssql """' "$head_"; rep '" '; } | shape unterminated_sql_text
{ printf 'revision a\n  message "'; rep 'x'; printf '"\n'; } | shape huge_message
{ printf 'revision a\n  message "'; rep 'é€' | head -c $((bytes / 5 * 5)); printf '"\n'; } | shape huge_non_ascii_message
{ printf '%screate table ' "$head_"; rep 'n'; printf ' { a integer; }\n'; } | shape huge_name
{ printf '%s' "$head_"; rep 'x;
'; } | shape error_per_line
{ printf '%s' "$head_"; rep 'create table '; } | shape statements_without_ends
{ printf '%s' "$head_"; rep $'\x01}{;@'; } | shape stray_bytes

echo "| input (${mb} MB) | retortc check | exit |"
echo "| --- | --- | --- |"
for dir in "$work"/*/; do
  name=$(basename "$dir")
  times=()
  code=0
  for _ in 1 2 3 4 5; do
    a=$(date +%s%N)
    code=0
    "$retortc" check --dir "$dir" > /dev/null 2>&1 || code=$?
    b=$(date +%s%N)
    times+=("$(( (b - a) / 1000000 ))")
  done
  if [ "$code" -gt 1 ]; then
    echo "hostile_inputs: $name: exit $code (expected 0, or 1 with a diagnostic)" >&2
    exit 1
  fi
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
  echo "| $name | ${median} ms | $code |"
done
