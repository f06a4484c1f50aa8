// `migrate upgrade --sql` and `downgrade --sql`: the script of a run over
// tests/e2e/ops_migrations/ (every operation of the language, triggers and
// events included), applied with the database's own client (sqlite3, the
// mariadb client), gives the catalog and version rows of the online run and
// passes `migrate check`; the downgrade script takes it back to no table.
#include <catch2/catch.hpp>
#include <fstream>
#include <optional>

#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"

namespace retort::testing {
namespace {

const History kOps{generated::kTable, RETORT_OPS_MIGRATE};

std::string Script(const std::vector<std::string>& args, const std::string& dir,
                   const std::string& name) {
  std::vector<std::string> argv{kOps.migrate};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const std::string path = dir + "/" + name;
  std::ofstream(path) << r.out;
  return path;
}

void CheckOffline(const std::string& online_url, const std::string& offline_url,
                  const std::string& dialect, Snapshot snapshot, const std::string& apply,
                  const std::string& dir) {
  MustMigrate(kOps, online_url, {"upgrade", "head"}, dir);
  const std::string up = Script({"upgrade", "--sql", "head", "--dialect", dialect}, dir, "up.sql");
  ProcessResult applied = RunProcess({"/bin/sh", "-c", apply + " < '" + up + "'"}, dir);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  std::unique_ptr<driver::Connection> online = Open(online_url);
  std::unique_ptr<driver::Connection> offline = Open(offline_url);
  CHECK(snapshot(*offline) == snapshot(*online));
  CHECK(Join(offline->Query("SELECT version_num FROM retort_version")) ==
        Join(online->Query("SELECT version_num FROM retort_version")));
  MustMigrate(kOps, offline_url, {"check"}, dir);
  MustMigrate(kOps, offline_url, {"upgrade", "head"}, dir);  // checksums agree: nothing to do
  const std::string down =
      Script({"downgrade", "--sql", "head:base", "--dialect", dialect}, dir, "down.sql");
  applied = RunProcess({"/bin/sh", "-c", apply + " < '" + down + "'"}, dir);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(Migrate(kOps, offline_url, {"current"}, dir).out.empty());
  MustMigrate(kOps, offline_url, {"check"}, dir);
}

TEST_CASE("offline: the upgrade and downgrade scripts applied with sqlite3 match the online run") {
  ScopedTempDir dir;
  CheckOffline(dir.SqliteUrl("online.db"), dir.SqliteUrl("offline.db"), "sqlite", &SqliteSnapshot,
               "sqlite3 -bail '" + dir.File("offline.db") + "'", dir.path());
}

TEST_CASE("offline: the upgrade and downgrade scripts applied with mariadb match the online run") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string offline = FreshDatabase(*server, "retort_offline");
  const std::string client = "MYSQL_PWD='" + server->password +
                             "' mariadb --no-defaults -h 127.0.0.1 -P " +
                             std::to_string(server->port) + " -u retort retort_offline";
  CheckOffline(FreshDatabase(*server, "retort_offline_online"), offline, "mariadb", &SchemaSnapshot,
               client, dir.path());
}

TEST_CASE("offline: --dry-run prints the plan and changes nothing; --sql needs a dialect") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("dry.db");
  MustMigrate(kOps, url, {"upgrade", "0002_columns"}, dir.path());
  ProcessResult r = Migrate(kOps, url, {"upgrade", "--dry-run", "0004"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("at 0002_columns: 2 revisions to upgrade\n") != std::string::npos);
  CHECK(r.out.find("  upgrade 0003_alter_columns (") != std::string::npos);
  CHECK(Migrate(kOps, url, {"current"}, dir.path()).out == "0002_columns\n");
  r = Migrate(kOps, url, {"downgrade", "--dry-run", "base"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("nothing was changed; database stays at 0002_columns") != std::string::npos);
  r = RunProcess({kOps.migrate, "downgrade", "--sql", "base", "--dialect", "sqlite"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("downgrade --sql needs FROM:TO") != std::string::npos);
}

}  // namespace
}  // namespace retort::testing
