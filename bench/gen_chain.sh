#!/usr/bin/env bash
# Writes the apply benchmark's chain of N revisions, the same schema change in
# every tool's format: revision i creates table t_i with three columns and an
# index on one of them.
#   gen_chain.sh N DIR
# DIR/retort/      .mig files (retort_add_migrations)
# DIR/raw/         the statements a database's own client reads, per dialect
#                  (sqlite, mysql): per_revision.sql (one transaction per
#                  revision, with a version-row update inside it: the floor
#                  any migration tool must pay) and single.sql (all in one
#                  transaction; SQLite only)
# DIR/dbmate/      dbmate's migrations (-- migrate:up / -- migrate:down)
# DIR/alembic/     an Alembic project (versions/*.py, env.py: one
#                  transaction per migration, as the others)
set -euo pipefail
n=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir"/{retort,raw/sqlite,raw/mysql,dbmate,alembic/versions}
awk -v n="$n" -v dir="$dir" '
function id(i) { return sprintf("r%05d", i) }
# The DDL both clients read; the text Retort renders for the same revision.
function ddl(i, d) {
  if (d == "sqlite")
    return sprintf("CREATE TABLE t_%d (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(100) NOT NULL, created_at DATETIME NULL);\nCREATE INDEX ix_t_%d_name ON t_%d (name);\n", i, i, i)
  return sprintf("CREATE TABLE t_%d (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(100) NOT NULL, created_at DATETIME NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;\nCREATE INDEX ix_t_%d_name ON t_%d (name);\n", i, i, i)
}
BEGIN {
  s1 = dir "/raw/sqlite/per_revision.sql"; s2 = dir "/raw/sqlite/single.sql"
  m1 = dir "/raw/mysql/per_revision.sql"
  print "CREATE TABLE raw_version (version_num VARCHAR(255) NOT NULL PRIMARY KEY);\nINSERT INTO raw_version VALUES (\x27base\x27);" > s1
  print "BEGIN;\nCREATE TABLE raw_version (version_num VARCHAR(255) NOT NULL PRIMARY KEY);\nINSERT INTO raw_version VALUES (\x27base\x27);" > s2
  print "CREATE TABLE raw_version (version_num VARCHAR(255) NOT NULL PRIMARY KEY);\nINSERT INTO raw_version VALUES (\x27base\x27);" > m1
  for (i = 1; i <= n; i++) {
    version = sprintf("UPDATE raw_version SET version_num = \x27%s\x27;\n", id(i))
    printf "BEGIN;\n%s%sCOMMIT;\n", ddl(i, "sqlite"), version > s1
    printf "%s%s", ddl(i, "sqlite"), version > s2
    # MySQL commits each DDL statement by itself; the version row is one
    # more commit, as every tool records one.
    printf "%s%s", ddl(i, "mysql"), version > m1

    f = dir "/retort/" id(i) ".mig"
    print "revision " id(i) > f
    if (i > 1) print "  parent " id(i - 1) > f
    printf "  message \"table %d\"\n\ncreate table t_%d {\n  id integer primary key auto_increment;\n  name varchar(100) not null;\n  created_at datetime null;\n}\ncreate index ix_t_%d_name on t_%d (name);\n", i, i, i, i > f
    close(f)

    f = dir "/dbmate/" sprintf("%05d", i) "_t_" i ".sql"
    printf "-- migrate:up\n%s\n-- migrate:down\nDROP TABLE t_%d;\n", ddl(i, "sqlite"), i > f
    close(f)
    f = dir "/dbmate-mysql/" sprintf("%05d", i) "_t_" i ".sql"
    if (i == 1) system("mkdir -p " dir "/dbmate-mysql")
    printf "-- migrate:up\n%s\n-- migrate:down\nDROP TABLE t_%d;\n", ddl(i, "mysql"), i > f
    close(f)

    f = dir "/alembic/versions/" id(i) ".py"
    printf "from alembic import op, context\nrevision = \"%s\"\ndown_revision = %s\n\n", id(i), (i > 1 ? "\"" id(i - 1) "\"" : "None") > f
    printf "def upgrade():\n    d = context.get_context().dialect.name\n" > f
    s = ddl(i, "sqlite"); m = ddl(i, "mysql"); gsub(/\n/, "\\n", s); gsub(/\n/, "\\n", m)
    printf "    for s in (\"%s\" if d == \"sqlite\" else \"%s\").split(\";\\n\"):\n        if s.strip():\n            op.execute(s)\n\n", s, m > f
    printf "def downgrade():\n    op.execute(\"DROP TABLE t_%d\")\n", i > f
    close(f)
  }
  print "COMMIT;" > s2
}'
cat > "$dir/alembic/env.py" <<'PY'
from alembic import context
from sqlalchemy import create_engine

url = context.config.get_main_option("sqlalchemy.url")
with create_engine(url).connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
PY
printf '[alembic]\nscript_location = %s/alembic\n' "$dir" > "$dir/alembic/alembic.ini.in"
