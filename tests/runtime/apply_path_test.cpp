// The apply path's modes on SQLite: --single-transaction (all or nothing)
// and the header fingerprint behind the fast no-op upgrade.
#include <catch2/catch.hpp>
#include <sstream>

#include "driver/sqlite_connection.h"
#include "migrate_cli.h"
#include "test_tables.h"
#include "test_util.h"
#include "version_store.h"

namespace retort::testing {
namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run Migrate(const table::MigrationTable& table, const std::string& url,
            std::vector<std::string> args) {
  args.insert(args.begin(), {"--url", url});
  std::ostringstream out, err;
  int code = cli::MigrateMain(std::move(args), table, out, err, {});
  return {code, out.str(), err.str()};
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::int64_t Count(driver::SqliteConnection& db, const std::string& sql) {
  return std::stoll(db.Query(sql).at(0).at(0).value_or("0"));
}

std::int32_t HeaderField(const std::string& path) {
  driver::SqliteConnection db(path);
  return runtime::VersionStore(db).ReadHeaderField();
}

const char* const kFastPathNote = "(the file's header says so)";

TEST_CASE("apply: --single-transaction rolls back the whole run", "[apply]") {
  ScopedTempDir dir;
  // 0004_fk fails at its second statement, after three revisions ran.
  Run r = Migrate(kLinearTable, dir.SqliteUrl("a.db"), {"upgrade", "head", "--single-transaction"});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.out == "");  // nothing was committed, so nothing is reported applied
  CHECK(Contains(r.err, "migrate: error: revision 0004_fk (migrations/0004_fk.mig:12) failed at "
                        "statement 2 of 3: no such table: dive_site\n"));
  CHECK(Contains(r.err, "migrate: note: rolled back, with the 3 revisions this run had applied "
                        "before it (--single-transaction); database is still at base."));
  driver::SqliteConnection db(dir.File("a.db"));
  CHECK_FALSE(db.TableExists("users"));
  CHECK_FALSE(db.TableExists("site_owner"));
  CHECK(Count(db, "SELECT COUNT(*) FROM retort_version") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM retort_history WHERE outcome = 'ok'") == 0);
  CHECK(Count(db, "SELECT COUNT(*) FROM retort_history WHERE revision = '0004_fk' AND "
                  "outcome = 'rolled_back'") == 1);
}

TEST_CASE("apply: --single-transaction applies every revision in one commit", "[apply]") {
  ScopedTempDir dir;
  Run r = Migrate(kLinearOkTable, dir.SqliteUrl("a.db"),
                  {"upgrade", "head", "--single-transaction"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(Contains(r.out, "upgrade 0001_initial -> applied"));
  CHECK(Contains(r.out, "upgrade 0003_raw -> applied"));
  driver::SqliteConnection db(dir.File("a.db"));
  CHECK(Count(db, "SELECT COUNT(*) FROM users") == 1);
  CHECK(db.Query("SELECT version_num FROM retort_version").at(0).at(0) == "0003_raw");
  CHECK(Count(db, "SELECT COUNT(*) FROM retort_history WHERE outcome = 'ok'") == 3);

  // The first revision failing is an ordinary rollback, nothing else ran.
  r = Migrate(kLinearTable, dir.SqliteUrl("a.db"), {"upgrade", "head", "--single-transaction"});
  CHECK(r.code == 1);
  CHECK(Contains(r.err, "migrate: note: rolled back; database is still at 0003_raw."));
}

TEST_CASE("apply: the header fingerprint answers a no-op upgrade", "[apply]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("a.db");
  REQUIRE(Migrate(kDiveTable, url, {"upgrade", "heads"}).code == 0);
  const std::int32_t value = HeaderField(dir.File("a.db"));
  CHECK(runtime::IsRetortHeaderValue(value));

  Run r = Migrate(kDiveTable, url, {"upgrade", "heads"});
  CHECK(r.code == 0);
  CHECK(Contains(r.err, kFastPathNote));
  CHECK(r.out == "nothing to upgrade; database is at 0005_notes, audit_0002\n");
  // `head` with two heads is the full path's error, never a fast answer.
  r = Migrate(kDiveTable, url, {"upgrade", "head"});
  CHECK(r.code != 0);
  CHECK_FALSE(Contains(r.err, kFastPathNote));
  r = Migrate(kDiveTable, url, {"upgrade", "heads", "--no-fast-path"});
  CHECK(r.code == 0);
  CHECK_FALSE(Contains(r.err, kFastPathNote));
  CHECK(r.out == "nothing to upgrade; database is at 0005_notes, audit_0002\n");
  CHECK(HeaderField(dir.File("a.db")) == value);
}

TEST_CASE("apply: a database behind its executor's heads takes the full path", "[apply]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("a.db");
  // Migrated part way by this executor: a fingerprint, of other heads.
  REQUIRE(Migrate(kLinearOkTable, url, {"upgrade", "0002_add_depth"}).code == 0);
  const std::int32_t partway = HeaderField(dir.File("a.db"));
  CHECK(runtime::IsRetortHeaderValue(partway));
  Run r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
  CHECK_FALSE(Contains(r.err, kFastPathNote));
  CHECK(Contains(r.out, "upgrade 0003_raw -> applied"));
  CHECK(HeaderField(dir.File("a.db")) != partway);
  // Another executor (another table) at the same heads: its own digest.
  CHECK(runtime::TableDigest(kLinearOkTable, "retort_version") !=
        runtime::TableDigest(kLinearTable, "retort_version"));
  CHECK(runtime::TableDigest(kLinearOkTable, "retort_version") !=
        runtime::TableDigest(kLinearOkTable, "alembic_version"));
}

TEST_CASE("apply: a no-op upgrade by the full check writes a missing or stale fingerprint",
          "[apply]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("a.db");
  REQUIRE(Migrate(kLinearOkTable, url, {"upgrade", "head"}).code == 0);
  const std::int32_t value = HeaderField(dir.File("a.db"));
  // As an executor without the fast path left it, then as a stale value of
  // Retort's (an executor built from another table).
  for (std::int32_t before : {0, 0x50000001}) {
    {
      driver::SqliteConnection db(dir.File("a.db"));
      db.Execute("PRAGMA user_version = " + std::to_string(before));
    }
    Run r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
    CHECK(r.code == 0);
    CHECK_FALSE(Contains(r.err, kFastPathNote));
    CHECK(HeaderField(dir.File("a.db")) == value);
    r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
    CHECK(Contains(r.err, kFastPathNote));
  }
}

TEST_CASE("apply: an application's own user_version is never touched", "[apply]") {
  ScopedTempDir dir;
  {
    driver::SqliteConnection db(dir.File("a.db"));
    db.Execute("PRAGMA user_version = 7");
  }
  const std::string url = dir.SqliteUrl("a.db");
  REQUIRE(Migrate(kLinearOkTable, url, {"upgrade", "head"}).code == 0);
  CHECK(HeaderField(dir.File("a.db")) == 7);
  Run r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
  CHECK(r.code == 0);
  CHECK_FALSE(Contains(r.err, kFastPathNote));
  CHECK(r.out == "nothing to upgrade; database is at 0003_raw\n");
  CHECK(HeaderField(dir.File("a.db")) == 7);
}

TEST_CASE("apply: stamp keeps the fingerprint true", "[apply]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("a.db");
  REQUIRE(Migrate(kLinearOkTable, url, {"upgrade", "head"}).code == 0);
  REQUIRE(Migrate(kLinearOkTable, url, {"stamp", "--force", "0001_initial"}).code == 0);
  // The header no longer says head: the full path runs what is pending
  // (0002 fails: its table is there; the point is that it ran).
  Run r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
  CHECK_FALSE(Contains(r.err, kFastPathNote));
  CHECK(Contains(r.err + r.out, "0002_add_depth"));
}

}  // namespace
}  // namespace retort::testing
