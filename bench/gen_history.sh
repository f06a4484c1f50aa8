#!/usr/bin/env bash
# Writes a history of N revisions into DIR (for the benchmark), shaped like a
# long-lived application: the first 50 revisions create tables (with an index
# each); every later one adds a column to one table and, once the history is
# long enough, drops the column added 50 revisions earlier on that table, so
# the schema stays small while the history grows.
#   gen_history.sh N DIR [linear|merges]
# linear (default): one chain. merges: after the tables, blocks of 10 — from
# the main line's tip, a chain of 4 revisions on tables 1-25 and a branch of
# 5 on tables 26-50, then a merge of the two — so there is a merge every 10
# revisions and every branch commutes with its sibling.
set -euo pipefail
n=$1 dir=$2 shape=${3:-linear}
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" -v shape="$shape" '
function id(i) { return sprintf("%05d_r%d", i, i) }
function header(i, parents) {
  f = dir "/" id(i) ".mig"
  print "revision " id(i) > f
  if (parents != "") print "  parent " parents > f
  if (i > 2 * tables) print "  allow data_loss" > f
  printf "  message \"revision %d\"\n\n", i > f
}
# Adds column c<i> to table t<t>; drops the one added to t<t> before it.
function alter(i, t) {
  printf "alter table t%d {\n  add column c%d integer null;\n", t, i > f
  if (last[t] != "") printf "  drop column c%d;\n", last[t] > f
  print "}" > f
  last[t] = i
}
BEGIN {
  tables = 50
  for (i = 1; i <= n; i++) {
    if (i <= tables || shape != "merges") {
      header(i, i > 1 ? id(i - 1) : "")
      if (i <= tables) {
        printf "create table t%d {\n  id integer primary key auto_increment;\n", i > f
        printf "  name varchar(100) not null default %cx%c;\n", 39, 39 > f
        printf "  created_at datetime not null default current_timestamp;\n}\n" > f
        printf "create index ix_t%d_name on t%d (name);\n", i, i > f
      } else {
        alter(i, i % tables + 1)
      }
      close(f)
      tip = i
      continue
    }
    # merges: i is the first revision of a block of 10
    base = tip
    for (k = 0; k < 10 && i + k <= n; k++) {
      r = i + k
      if (k < 4) { header(r, id(k == 0 ? base : r - 1)); alter(r, r % 25 + 1) }
      else if (k < 9) { header(r, id(k == 4 ? base : r - 1)); alter(r, r % 25 + 26) }
      else header(r, id(i + 3) ", " id(i + 8))
      close(f)
      tip = r
    }
    # A block cut short by n leaves the branch unmerged: merge it.
    if (k < 10 && k > 4) {
      r = n + 1
      header(r, id(i + 3) ", " id(i + k - 1)); close(f)
    }
    i += 9
  }
}'
