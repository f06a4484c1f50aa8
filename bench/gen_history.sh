#!/usr/bin/env bash
# Writes a linear history of N revisions into DIR (for the benchmark): each
# revision creates a table with an index; every fifth also adds a column to
# the previous table, every seventh drops it again later.
#   gen_history.sh N DIR
set -euo pipefail
n=$1 dir=$2
mkdir -p "$dir"
awk -v n="$n" -v dir="$dir" 'BEGIN {
  for (i = 1; i <= n; i++) {
    id = sprintf("%05d_t%d", i, i)
    f = dir "/" id ".mig"
    print "revision " id > f
    if (i > 1) printf "  parent %05d_t%d\n", i - 1, i - 1 > f
    printf "  message \"table t%d\"\n\n", i > f
    printf "create table t%d {\n  id integer primary key auto_increment;\n", i > f
    printf "  name varchar(100) not null default %cx%c;\n  created_at datetime not null default current_timestamp;\n}\n", 39, 39 > f
    printf "create index ix_t%d_name on t%d (name);\n", i, i > f
    if (i % 5 == 0) printf "alter table t%d { add column extra integer null; }\n", i - 1 > f
    if (i % 7 == 0 && i > 10 && (i - 6) % 5 == 0) printf "alter table t%d { drop column extra; }\n", i - 7 > f
    close(f)
  }
}'
