#!/usr/bin/env bash
# Writes a linear history of N revisions into DIR (for the benchmark), shaped
# like a long-lived application: the first 50 revisions create tables (with
# an index each); every later one adds a column to one table and, once the
# history is long enough, drops the column added 50 revisions earlier, so the
# schema stays small while the history grows.
#   gen_history.sh N DIR
set -euo pipefail
n=$1 dir=$2
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" 'BEGIN {
  tables = 50
  for (i = 1; i <= n; i++) {
    id = sprintf("%05d_r%d", i, i)
    f = dir "/" id ".mig"
    print "revision " id > f
    if (i > 1) printf "  parent %05d_r%d\n", i - 1, i - 1 > f
    if (i > 2 * tables) print "  allow data_loss" > f
    printf "  message \"revision %d\"\n\n", i > f
    if (i <= tables) {
      printf "create table t%d {\n  id integer primary key auto_increment;\n", i > f
      printf "  name varchar(100) not null default %cx%c;\n", 39, 39 > f
      printf "  created_at datetime not null default current_timestamp;\n}\n" > f
      printf "create index ix_t%d_name on t%d (name);\n", i, i > f
    } else {
      printf "alter table t%d {\n  add column c%d integer null;\n", i % tables + 1, i > f
      if (i > 2 * tables) printf "  drop column c%d;\n", i - tables > f
      print "}" > f
    }
    close(f)
  }
}'
