// `migrate check` and the verified `stamp`, through the demo's real
// `migrate` binary on SQLite and MariaDB: the README tour's mistake
// (`upgrade 0004`, then `stamp head`) is refused with the missing tables and
// records nothing; each kind of change made by hand is reported as the
// operation that made it, with exit 3 (and in --json).
#include <catch2/catch.hpp>
#include <optional>

#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"

namespace retort::testing {
namespace {

const History kDemo{generated::kTable, RETORT_DEMO_MIGRATE};

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void CheckTourStampRefused(const std::string& url, const std::string& dir) {
  MustMigrate(kDemo, url, {"upgrade", "0004"}, dir);
  MustMigrate(kDemo, url, {"check"}, dir);
  ProcessResult r = Migrate(kDemo, url, {"stamp", "head"}, dir);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err, "the database does not have the schema of 0013_optional_passwords; "
                        "refusing to stamp, nothing was recorded"));
  CHECK(Contains(r.err, "missing tables: access_types, center_dive_sites, dive_site_locations, "
                        "diving_centers, user_preferences\n"));
  CHECK(Contains(r.err, "--force"));
  CHECK(Migrate(kDemo, url, {"current"}, dir).out == "0004_tags\n");
  // --force records without looking; check then names what is missing.
  r = Migrate(kDemo, url, {"stamp", "head", "--force"}, dir);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "(schema not verified: --force)"));
  CHECK(Contains(r.err, "the database was recorded at 0004_tags"));
  r = Migrate(kDemo, url, {"check"}, dir);
  CHECK(r.exit_code == 3);
  CHECK(Contains(r.out, "-- missing tables: access_types, center_dive_sites"));
  // Back to the schema it has: verified.
  r = Migrate(kDemo, url, {"stamp", "0004"}, dir);
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out, "stamp -> 0004_tags (schema verified)"));
  MustMigrate(kDemo, url, {"upgrade", "head"}, dir);
  MustMigrate(kDemo, url, {"stamp", "head"}, dir);
}

TEST_CASE("check: the README tour's stamp head over 0004 is refused, SQLite") {
  ScopedTempDir dir;
  CheckTourStampRefused(dir.SqliteUrl("tour.db"), dir.path());
}

TEST_CASE("check: the README tour's stamp head over 0004 is refused, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckTourStampRefused(FreshDatabase(*server, "retort_tour"), dir.path());
}

struct Change {
  const char* sql;
  const char* reported;  ///< a line of the check's output
};

void CheckEachChange(const std::string& url, const std::vector<Change>& changes,
                     const std::string& dir) {
  MustMigrate(kDemo, url, {"upgrade", "head"}, dir);
  std::unique_ptr<driver::Connection> db = Open(url);
  for (const Change& change : changes) {
    INFO(change.sql);
    db->Execute(change.sql);
    ProcessResult r = Migrate(kDemo, url, {"check"}, dir);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(Contains(r.out, "differs from the schema of 0013_optional_passwords"));
    CHECK(Contains(r.out, change.reported));
  }
  ProcessResult json = Migrate(kDemo, url, {"--json", "check"}, dir);
  CHECK(json.exit_code == 3);
  CHECK(json.out.rfind("{\"drift\":true,\"heads\":[\"0013_optional_passwords\"],\"ops\":[", 0) == 0);
  CHECK(Contains(json.out, "\"missing_tables\":[\"user_preferences\"]"));
}

TEST_CASE("check: each change made by hand is reported, exit 3, SQLite") {
  ScopedTempDir dir;
  CheckEachChange(dir.SqliteUrl("drift.db"),
                  {{"ALTER TABLE users ADD COLUMN nick TEXT", "  add column nick text null;\n"},
                   {"DROP INDEX ix_dive_sites_difficulty",
                    "drop index ix_dive_sites_difficulty on dive_sites;\n"},
                   {"CREATE INDEX ix_users_created ON users (created_at)",
                    "create index ix_users_created on users (created_at);\n"},
                   {"ALTER TABLE available_tags DROP COLUMN description",
                    "  drop column description;\n"},
                   {"CREATE TABLE extra (id INTEGER PRIMARY KEY, note VARCHAR(20) NOT NULL)",
                    "create table extra {\n"},
                   {"DROP TABLE user_preferences", "drop table user_preferences;\n"}},
                  dir.path());
}

TEST_CASE("check: each change made by hand is reported, exit 3, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckEachChange(
      FreshDatabase(*server, "retort_check_drift"),
      {{"ALTER TABLE users ADD COLUMN nick VARCHAR(20) NULL", "  add column nick varchar(20) null;\n"},
       {"DROP INDEX ix_dive_sites_difficulty ON dive_sites",
        "drop index ix_dive_sites_difficulty on dive_sites;\n"},
       {"ALTER TABLE dive_sites DROP FOREIGN KEY fk_dive_sites_created_by",
        "  drop constraint fk_dive_sites_created_by;\n"},
       {"ALTER TABLE dive_sites ADD CONSTRAINT fk_dive_sites_created_by FOREIGN KEY (created_by) "
        "REFERENCES users (id) ON DELETE CASCADE",
        "  add constraint fk_dive_sites_created_by foreign key (created_by) references users (id) "
        "on delete cascade;\n"},
       {"ALTER TABLE diving_centers MODIFY phone_number VARCHAR(80) NULL",
        "  alter column phone_number type varchar(80);\n"},
       {"ALTER TABLE access_types ALTER COLUMN label SET DEFAULT 'none'",
        "  alter column label set default 'none';\n"},
       {"DROP TABLE user_preferences", "drop table user_preferences;\n"}},
      dir.path());
}

}  // namespace
}  // namespace retort::testing
