// The whole drift loop on a real database, compiled and migrated in-process:
// a database at head is changed by hand, `migrate check` reports it (exit 3),
// `retortc revision --autogenerate --from-db` writes the revision, the
// history rebuilt with it verifies `stamp head` on that database and
// `check` passes there; a fresh database upgraded with it gets the same
// catalog and passes `check` too.
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <sstream>

#include "compiled_table.h"
#include "history_walk.h"
#include "migrate_cli.h"
#include "mysql_test_util.h"
#include "pipeline.h"

namespace retort::testing {
namespace {

std::unique_ptr<CompiledTable> CompileDir(const std::string& dir) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  REQUIRE(LoadSources(dir, sources, engine));
  std::optional<lower::CompiledHistory> history = Compile(sources, dir, engine);
  REQUIRE(history.has_value());
  return std::make_unique<CompiledTable>(std::move(*history));
}

int Run(const CompiledTable& table, const std::string& url, std::vector<std::string> args,
        std::string* out = nullptr) {
  args.insert(args.begin(), {"--url", url});
  std::ostringstream o, e;
  int code = cli::MigrateMain(args, table.table(), o, e, {});
  if (out) *out = o.str() + e.str();
  UNSCOPED_INFO("migrate " << args[2] << ": exit " << code << "\n" << o.str() << e.str());
  return code;
}

void CheckLoop(const std::string& changed_url, const std::string& fresh_url,
               const std::vector<std::string>& changes, Snapshot snapshot) {
  ScopedTempDir dir;
  const std::string migrations = dir.path() + "/migrations";
  std::filesystem::copy(std::string(RETORT_SOURCE_DIR) + "/migrations", migrations);
  std::unique_ptr<CompiledTable> before = CompileDir(migrations);
  REQUIRE(Run(*before, changed_url, {"upgrade", "head"}) == 0);
  {
    std::unique_ptr<driver::Connection> db = Open(changed_url);
    for (const std::string& sql : changes) db->Execute(sql);
  }
  std::string report;
  CHECK(Run(*before, changed_url, {"check"}, &report) == 3);
  ProcessResult written = RunProcess({RETORTC_PATH, "revision", "--autogenerate", "--from-db",
                                      changed_url, "--dir", migrations, "-m", "hand changes"},
                                     dir.path());
  INFO(written.out << written.err);
  REQUIRE(written.exit_code == 0);
  std::unique_ptr<CompiledTable> after = CompileDir(migrations);
  REQUIRE(after->table().count == before->table().count + 1);
  CHECK(Run(*after, changed_url, {"stamp", "head"}, &report) == 0);
  CHECK(report.find("(schema verified)") != std::string::npos);
  CHECK(Run(*after, changed_url, {"check"}) == 0);
  REQUIRE(Run(*after, fresh_url, {"upgrade", "head"}) == 0);
  CHECK(Run(*after, fresh_url, {"check"}) == 0);
  std::unique_ptr<driver::Connection> changed = Open(changed_url);
  std::unique_ptr<driver::Connection> fresh = Open(fresh_url);
  CHECK(snapshot(*fresh) == snapshot(*changed));
}

TEST_CASE("drift loop: check, autogenerate, verified stamp, fresh upgrade, SQLite") {
  ScopedTempDir dir;
  CheckLoop(dir.SqliteUrl("changed.db"), dir.SqliteUrl("fresh.db"),
            {"ALTER TABLE users ADD COLUMN nick VARCHAR(40)",
             "DROP INDEX ix_dive_sites_difficulty",
             "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, "
             "user_id INTEGER NOT NULL, created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "
             "CONSTRAINT fk_audit_log_user FOREIGN KEY (user_id) REFERENCES users (id) "
             "ON DELETE CASCADE)",
             "CREATE INDEX ix_audit_log_created ON audit_log (created DESC)"},
            &SqliteSnapshot);
}

TEST_CASE("drift loop: check, autogenerate, verified stamp, fresh upgrade, MariaDB", "[mysql]") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  CheckLoop(FreshDatabase(*server, "retort_loop_changed"), FreshDatabase(*server, "retort_loop_fresh"),
            {"ALTER TABLE users ADD COLUMN nick VARCHAR(40) NULL",
             "DROP INDEX ix_dive_sites_difficulty ON dive_sites",
             "ALTER TABLE dive_sites DROP FOREIGN KEY fk_dive_sites_created_by",
             "ALTER TABLE dive_sites ADD CONSTRAINT fk_dive_sites_created_by FOREIGN KEY "
             "(created_by) REFERENCES users (id) ON DELETE CASCADE",
             "CREATE TABLE audit_log (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, "
             "user_id INT NOT NULL, created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "
             "CONSTRAINT fk_audit_log_user FOREIGN KEY (user_id) REFERENCES users (id) "
             "ON DELETE CASCADE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
             "COLLATE=utf8mb4_unicode_ci"},
            &SchemaSnapshot);
}

}  // namespace
}  // namespace retort::testing
