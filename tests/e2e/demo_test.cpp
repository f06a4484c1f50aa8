// End to end on the demo history (migrations/), through the real `migrate`
// binary built by retort_add_migrations(), on SQLite and on a real MariaDB:
// every revision upgrades, its derived downgrade leaves exactly the schema of
// the revision before it (compared through the database's own catalog), a
// downgrade to base leaves no table but the version store, and an upgrade
// back gives the same schema again.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "driver/connection.h"
#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"
#include "retort/graph_view.h"
#include "retort/table_digest.h"
#include "test_util.h"
#include "url.h"

namespace retort::testing {
namespace {

const History kDemo{generated::kTable, RETORT_DEMO_MIGRATE};

TEST_CASE("demo: the heads and labels the table carries are the ones its revisions give") {
  const table::MigrationTable& stored = generated::kTable;
  REQUIRE(stored.heads != nullptr);
  REQUIRE(stored.revisions == nullptr);  // chunks
  table::MigrationTable computed = stored;
  computed.heads = nullptr;
  computed.labels = nullptr;
  const graph::GraphView a(stored);
  const graph::GraphView b(computed);
  CHECK(a.Heads() == b.Heads());
  CHECK(a.Heads().size() == 1);
  CHECK(a.FindExact("0005_merge_centers_and_tags") == 4);
  CHECK(table::ContentDigest(stored) == table::ComputeContentDigest(stored));
}

TEST_CASE("demo: every derived downgrade is exact on SQLite") {
  ScopedTempDir dir;
  WalkHistory(kDemo, dir.SqliteUrl("demo.db"), &SqliteSnapshot, dir.path());
}

TEST_CASE("demo: every derived downgrade is exact on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string url = FreshDatabase(*server, "retort_demo");
  WalkHistory(kDemo, url, &SchemaSnapshot, dir.path());
  ProcessResult history = Migrate(kDemo, url, {"history", "-v"}, dir.path());
  CHECK(history.exit_code == 0);
  CheckNoPassword(*server, history);
}

// Seed rows, inserted right after the revision that makes their tables.
const Seeds kSeeds = {
    {"0001_initial",
     {"INSERT INTO users (username, email, password_hash) VALUES ('ann', 'ann@example.com', 'x')",
      "INSERT INTO dive_sites (name, created_by) VALUES ('Blue Hole', 1)"}},
    {"0003_diving_centers",
     {"INSERT INTO diving_centers (name) VALUES ('Reef Divers')",
      "INSERT INTO center_dive_sites (diving_center_id, dive_site_id, dive_cost) "
      "VALUES (1, 1, 45.50)"}},
    {"0004_tags", {"INSERT INTO dive_site_tags (dive_site_id, tag_id) VALUES (1, 1)"}},
    {"0006_user_preferences", {"INSERT INTO user_preferences (user_id) VALUES (1)"}},
};

TEST_CASE("demo: rows survive every upgrade and derived downgrade, SQLite") {
  ScopedTempDir dir;
  WalkWithRows(kDemo, dir.SqliteUrl("rows.db"), kSqliteTables, kSeeds, dir.path());
  std::unique_ptr<driver::Connection> db = Open(dir.SqliteUrl("rows.db"));
  CHECK(Join(db->Query("SELECT count(*) FROM center_dive_sites")) == "1|\n");
}

TEST_CASE("demo: rows survive every upgrade and derived downgrade, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  WalkWithRows(kDemo, FreshDatabase(*server, "retort_rows"), kMysqlTables, kSeeds,
               dir.path());
}

TEST_CASE("demo: retortc schema equals the schema migrate builds, on SQLite") {
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(kDemo, "migrations", dir.SqliteUrl("migrated.db"),
                             dir.SqliteUrl("empty.db"), "sqlite", &SqliteSnapshot, dir.path());
}

TEST_CASE("demo: retortc schema equals the schema migrate builds, on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(kDemo, "migrations", FreshDatabase(*server, "retort_schema_migrated"),
                             FreshDatabase(*server, "retort_schema_empty"), "mariadb",
                             &SchemaSnapshot, dir.path());
}

// The enum-to-lookup-table revision moves the data both ways.
void CheckAccessDataRoundTrip(const std::string& url, const std::string& dir) {
  MustMigrate(kDemo, url, {"upgrade", "0010_access_enum"}, dir);
  std::unique_ptr<driver::Connection> db = Open(url);
  db->Execute("INSERT INTO dive_sites (name, access) VALUES ('Blue Hole', 'boat')");
  db->Execute("INSERT INTO dive_sites (name, access) VALUES ('Jetty', 'shore')");
  MustMigrate(kDemo, url, {"upgrade", "0011_access_types_table"}, dir);
  CHECK(Join(db->Query("SELECT s.name, t.code FROM dive_sites s JOIN access_types t "
                       "ON t.id = s.access_type_id ORDER BY s.name")) ==
        "Blue Hole|boat|\nJetty|shore|\n");
  MustMigrate(kDemo, url, {"downgrade", "-1"}, dir);
  CHECK(Join(db->Query("SELECT name, access FROM dive_sites ORDER BY name")) ==
        "Blue Hole|boat|\nJetty|shore|\n");
  MustMigrate(kDemo, url, {"downgrade", "base"}, dir);
}

TEST_CASE("demo: the access enum becomes a lookup table and back, rows kept, SQLite") {
  ScopedTempDir dir;
  CheckAccessDataRoundTrip(dir.SqliteUrl("access.db"), dir.path());
}

TEST_CASE("demo: the access enum becomes a lookup table and back, rows kept, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckAccessDataRoundTrip(FreshDatabase(*server, "retort_access"), dir.path());
}

}  // namespace
}  // namespace retort::testing
