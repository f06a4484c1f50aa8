// End to end on tests/e2e/mariadb_migrations/, a project whose retort.toml
// targets MariaDB only: the same index name on several tables, an event, a
// view, a trigger, JSON, spatial and time columns. Through its real `migrate`
// binary: every derived downgrade is exact (catalog compared, events,
// views and triggers included), `retortc schema` gives the schema migrate
// builds, and an SQLite database is refused before anything runs.
#include <catch2/catch.hpp>
#include <optional>

#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"

namespace retort::testing {
namespace {

const History kProject{generated::kTable, RETORT_MARIADB_MIGRATE};

TEST_CASE("mariadb project: every derived downgrade is exact") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  WalkHistory(kProject, FreshDatabase(*server, "retort_mariadb_project"), &SchemaSnapshot,
              dir.path());
}

TEST_CASE("mariadb project: retortc schema equals the schema migrate builds") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string migrated = FreshDatabase(*server, "retort_mariadb_project_migrated");
  CheckSchemaMatchesCompiler(kProject, "tests/e2e/mariadb_migrations", migrated,
                             FreshDatabase(*server, "retort_mariadb_project_empty"), "mariadb",
                             &SchemaSnapshot, dir.path());
  std::unique_ptr<driver::Connection> db = Open(migrated);
  // The catalog has what the history declares: one name on two tables, an
  // event, and InnoDB's own index for the key whose index was dropped.
  CHECK(Join(db->Query("SELECT TABLE_NAME FROM information_schema.STATISTICS WHERE "
                       "TABLE_SCHEMA = DATABASE() AND INDEX_NAME = 'user_id' "
                       "GROUP BY TABLE_NAME ORDER BY 1")) == "places|\n");
  CHECK(Join(db->Query("SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE "
                       "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sessions' "
                       "ORDER BY 1")) == "fk_sessions_user|\nix_sessions_expires|\nPRIMARY|\n");
  CHECK(Join(db->Query("SELECT EVENT_NAME, INTERVAL_VALUE, INTERVAL_FIELD, ON_COMPLETION "
                       "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()")) ==
        "purge_sessions|1|HOUR|PRESERVE|\n");
}

TEST_CASE("mariadb project: an SQLite database is refused before anything runs") {
  ScopedTempDir dir;
  ProcessResult r = Migrate(kProject, dir.SqliteUrl("app.db"), {"upgrade", "head"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("this migrate carries no statements for sqlite: the project targets "
                   "mariadb") != std::string::npos);
}

TEST_CASE("mariadb project: retortc baseline of the database rebuilds the same catalog, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckBaselineRebuilds(kProject, FreshDatabase(*server, "retort_mariadb_project_baseline_src"),
                        FreshDatabase(*server, "retort_mariadb_project_baseline_dst"), "mariadb", &SchemaSnapshot,
                        dir.path());
}

}  // namespace
}  // namespace retort::testing
