// End to end on tests/e2e/ops_migrations/, a history that uses every
// operation of the language once: through its real `migrate` binary, on
// SQLite and on a real MariaDB, each revision upgrades, its derived downgrade
// gives back the previous schema (through the catalog) and every row, and
// base and back give the same schema again.
#include <catch2/catch.hpp>
#include <optional>

#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"

namespace retort::testing {
namespace {

const History kOps{generated::kTable, RETORT_OPS_MIGRATE};

const Seeds kSeeds = {
    {"0001_tables",
     {"INSERT INTO owners (name, email) VALUES ('ann', 'ann@example.com'), ('bob', NULL)",
      "INSERT INTO things (owner_id, label, price, kind, flag, born, doc, big, small, "
      "ratio, score) VALUES (1, 'first', 9.99, 'b', 1, '2024-02-29', '{\"k\": 1}', "
      "9000000000, 7, 0.5, 2.25), (NULL, 'second', 1.50, 'a', 0, NULL, NULL, NULL, "
      "NULL, NULL, NULL)"}},
    {"0002_columns", {"UPDATE things SET code = 'c1', qty = 3 WHERE id = 1"}},
    {"0009_tables", {"INSERT INTO archive (id, payload) VALUES (1, 'old')"}},
};

// 0010 drops `code`, which holds 'c1': its down brings the column back empty.
const std::vector<std::string> kLossy = {"0010_drops"};

TEST_CASE("ops: every operation's derived downgrade is exact on SQLite") {
  ScopedTempDir dir;
  WalkHistory(kOps, dir.SqliteUrl("ops.db"), &SqliteSnapshot, dir.path());
}

TEST_CASE("ops: every operation's derived downgrade is exact on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  WalkHistory(kOps, FreshDatabase(*server, "retort_ops"), &SchemaSnapshot, dir.path());
}

TEST_CASE("ops: rows survive every operation both ways on SQLite") {
  ScopedTempDir dir;
  WalkWithRows(kOps, dir.SqliteUrl("rows.db"), kSqliteTables, kSeeds, dir.path(), kLossy);
  std::unique_ptr<driver::Connection> db = Open(dir.SqliteUrl("rows.db"));
  CHECK(Join(db->Query("SELECT id, label, qty FROM items ORDER BY id")) ==
        "1|first!|3|\n2|second!|1|\n");
}

TEST_CASE("ops: rows survive every operation both ways on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string url = FreshDatabase(*server, "retort_ops_rows");
  WalkWithRows(kOps, url, kMysqlTables, kSeeds, dir.path(), kLossy);
  std::unique_ptr<driver::Connection> db = Open(url);
  CHECK(Join(db->Query("SELECT id, label, qty FROM items ORDER BY id")) ==
        "1|first!|3|\n2|second!|1|\n");
}

TEST_CASE("ops: retortc schema equals the schema migrate builds, on SQLite") {
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(kOps, "tests/e2e/ops_migrations", dir.SqliteUrl("migrated.db"),
                             dir.SqliteUrl("empty.db"), "sqlite", &SqliteSnapshot, dir.path());
}

TEST_CASE("ops: retortc schema equals the schema migrate builds, on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(kOps, "tests/e2e/ops_migrations",
                             FreshDatabase(*server, "retort_ops_schema_migrated"),
                             FreshDatabase(*server, "retort_ops_schema_empty"), "mariadb",
                             &SchemaSnapshot, dir.path());
}

TEST_CASE("ops: retortc baseline of the database rebuilds the same catalog, SQLite") {
  ScopedTempDir dir;
  CheckBaselineRebuilds(kOps, dir.SqliteUrl("migrated.db"), dir.SqliteUrl("empty.db"), "sqlite",
                        &SqliteSnapshot, dir.path());
}

TEST_CASE("ops: retortc baseline of the database rebuilds the same catalog, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckBaselineRebuilds(kOps, FreshDatabase(*server, "retort_ops_baseline_src"),
                        FreshDatabase(*server, "retort_ops_baseline_dst"), "mariadb", &SchemaSnapshot,
                        dir.path());
}

}  // namespace
}  // namespace retort::testing
