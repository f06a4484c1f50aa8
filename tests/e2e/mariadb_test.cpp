// End to end on tests/e2e/mariadb_migrations/, a project whose retort.toml
// targets MariaDB only: the same index name on several tables, an event, a
// view, a trigger, JSON, spatial and time columns. Through its real `migrate`
// binary: every derived downgrade is exact (catalog compared, events,
// views and triggers included), `retortc schema` gives the schema migrate
// builds, and an SQLite database is refused before anything runs.
#include <catch2/catch.hpp>
#include <filesystem>
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
  // Nor is there a schema to expect there.
  for (std::vector<std::string> args : {std::vector<std::string>{"check"},
                                        std::vector<std::string>{"stamp", "head"}}) {
    r = Migrate(kProject, dir.SqliteUrl("app.db"), args, dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("this migrate carries no statements for sqlite") != std::string::npos);
  }
}

TEST_CASE("mariadb project: retortc baseline of the database rebuilds the same catalog, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckBaselineRebuilds(kProject, FreshDatabase(*server, "retort_mariadb_project_baseline_src"),
                        FreshDatabase(*server, "retort_mariadb_project_baseline_dst"), "mariadb", &SchemaSnapshot,
                        dir.path());
}

TEST_CASE("mariadb project: autogenerate from a database changed by hand makes the schemas meet") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string changed = FreshDatabase(*server, "retort_mariadb_autogen_src");
  MustMigrate(kProject, changed, {"upgrade", "head"}, dir.path());
  {
    std::unique_ptr<driver::Connection> db = Open(changed);
    db->Execute("ALTER TABLE sessions ADD COLUMN ip VARCHAR(45) NULL AFTER user_id");
    db->Execute("DROP INDEX ix_sessions_expires ON sessions");
    db->Execute("ALTER TABLE api_keys DROP FOREIGN KEY fk_api_keys_user_id");
    db->Execute("ALTER TABLE api_keys ADD CONSTRAINT fk_api_keys_user_id FOREIGN KEY (user_id) "
                "REFERENCES users (id) ON UPDATE CASCADE");
    db->Execute("ALTER TABLE places MODIFY closes TIME NOT NULL DEFAULT '22:00:00'");
    db->Execute("CREATE TABLE tags (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE) "
                "DEFAULT CHARSET=utf8mb4");
  }
  const std::string migrations = dir.path() + "/migrations";
  std::filesystem::copy(std::string(RETORT_SOURCE_DIR) + "/tests/e2e/mariadb_migrations", migrations);
  ProcessResult generated = RunProcess({RETORTC_PATH, "revision", "--autogenerate", "--from-db",
                                        changed, "-m", "hand changes", "--dir", migrations},
                                       dir.path());
  INFO(generated.out << generated.err);
  REQUIRE(generated.exit_code == 0);
  CHECK(generated.out.find("created " + migrations + "/0008_hand_changes.mig") != std::string::npos);
  // The head now has the database's schema: nothing more to generate.
  ProcessResult again = RunProcess({RETORTC_PATH, "revision", "--autogenerate", "--from-db",
                                    changed, "-m", "again", "--dir", migrations},
                                   dir.path());
  CHECK(again.exit_code == 0);
  CHECK(again.out == "nothing to generate: the database has the schema of the migrations' head\n");
  // And built from scratch, the migrations give the changed database's catalog.
  ProcessResult schema =
      RunProcess({RETORTC_PATH, "schema", "--dir", migrations, "--dialect", "mariadb"}, dir.path());
  REQUIRE(schema.exit_code == 0);
  std::unique_ptr<driver::Connection> fresh = Open(FreshDatabase(*server, "retort_mariadb_autogen_dst"));
  for (std::size_t start = 0, end; (end = schema.out.find(";\n", start)) != std::string::npos;
       start = end + 2) {
    fresh->Execute(schema.out.substr(start, end - start));
  }
  std::unique_ptr<driver::Connection> db = Open(changed);
  CHECK(SchemaSnapshot(*fresh) == SchemaSnapshot(*db));
}

TEST_CASE("mariadb project: retortc drift finds each change made by hand, exit 3") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string url = FreshDatabase(*server, "retort_mariadb_drift");
  MustMigrate(kProject, url, {"upgrade", "head"}, dir.path());
  auto drift = [&] {
    return RunProcess({"/bin/sh", "-c",
                       std::string("cd '") + RETORT_SOURCE_DIR + "' && '" + RETORTC_PATH +
                           "' drift --dir tests/e2e/mariadb_migrations --from-db '" + url + "'"},
                      dir.path());
  };
  ProcessResult clean = drift();
  INFO(clean.out << clean.err);
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("no drift: ") == 0);
  CHECK(clean.out.find("has the schema of 0007_key_actions") != std::string::npos);
  {
    std::unique_ptr<driver::Connection> db = Open(url);
    db->Execute("ALTER TABLE sessions ADD COLUMN ip VARCHAR(45) NULL");
    db->Execute("DROP INDEX ix_sessions_expires ON sessions");
    db->Execute("ALTER TABLE device_notes DROP FOREIGN KEY fk_notes_author");
    db->Execute("ALTER TABLE device_notes ADD CONSTRAINT fk_notes_author FOREIGN KEY (author_id) "
                "REFERENCES users (id) ON DELETE CASCADE");
  }
  ProcessResult changed = drift();
  INFO(changed.out << changed.err);
  CHECK(changed.exit_code == 3);
  CHECK(changed.out.find("differs from the schema of 0007_key_actions") != std::string::npos);
  CHECK(changed.out.find("  add column ip varchar(45) null;\n") != std::string::npos);
  CHECK(changed.out.find("drop index ix_sessions_expires on sessions;\n") != std::string::npos);
  CHECK(changed.out.find("  drop constraint fk_notes_author;\n") != std::string::npos);
  CHECK(changed.out.find("  add constraint fk_notes_author foreign key (author_id) references "
                         "users (id) on delete cascade;\n") != std::string::npos);
  CHECK(changed.out.find(server->password) == std::string::npos);
}

TEST_CASE("mariadb project: baseline and drift refuse what they cannot do, writing nothing") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string url = FreshDatabase(*server, "retort_mariadb_refusals");
  {
    std::unique_ptr<driver::Connection> db = Open(url);
    db->Execute("CREATE TABLE prices (id INT PRIMARY KEY, amount DOUBLE(10,2))");
  }
  const std::string out = dir.path() + "/baseline";
  ProcessResult lossy = RunProcess({RETORTC_PATH, "baseline", "--from-db", url, "--dir", out}, dir.path());
  CHECK(lossy.exit_code == 1);
  CHECK(lossy.err.find("column prices.amount has type 'double(10,2)', which the language does "
                       "not have") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out));
  // A directory that already has revisions is not a place for a baseline.
  ProcessResult taken =
      RunProcess({RETORTC_PATH, "baseline", "--from-db", url, "--dir",
                  std::string(RETORT_SOURCE_DIR) + "/tests/e2e/mariadb_migrations"},
                 dir.path());
  CHECK(taken.exit_code == 1);
  CHECK(taken.err.find("already has revisions") != std::string::npos);
  // A recorded revision the history does not have is named.
  {
    std::unique_ptr<driver::Connection> db = Open(url);
    db->Execute("CREATE TABLE retort_version (version_num VARCHAR(255) NOT NULL PRIMARY KEY)");
    db->Execute("INSERT INTO retort_version VALUES ('9999_elsewhere')");
  }
  ProcessResult drift = RunProcess(
      {"/bin/sh", "-c",
       std::string("cd '") + RETORT_SOURCE_DIR + "' && '" + RETORTC_PATH +
           "' drift --dir tests/e2e/mariadb_migrations --from-db '" + url + "'"},
      dir.path());
  CHECK(drift.exit_code == 1);
  CHECK(drift.err.find("the database records revision '9999_elsewhere'") != std::string::npos);
  CHECK(drift.err.find(server->password) == std::string::npos);
}

}  // namespace
}  // namespace retort::testing
