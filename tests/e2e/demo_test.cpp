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
#include "mysql_test_util.h"
#include "retort/generated.h"
#include "test_util.h"
#include "url.h"

namespace retort::testing {
namespace {

const table::MigrationTable& kDemo = generated::kTable;

ProcessResult Migrate(const std::string& url, const std::vector<std::string>& args,
                      const std::string& output_dir) {
  std::vector<std::string> argv{RETORT_DEMO_MIGRATE, "--url", url};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, output_dir);
}

void MustMigrate(const std::string& url, const std::vector<std::string>& args,
                 const std::string& output_dir) {
  ProcessResult r = Migrate(url, args, output_dir);
  INFO("migrate " << args.front() << " " << (args.size() > 1 ? args[1] : "")
                  << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
}

std::string Join(const std::vector<driver::Row>& rows) {
  std::string out;
  for (const driver::Row& row : rows) {
    for (const driver::Value& value : row) out += (value ? *value : "NULL") + "|";
    out += "\n";
  }
  return out;
}

// The SQLite schema as its catalog describes it (the CREATE text itself is
// reformatted by ALTER TABLE, so it is not compared).
std::string SqliteSnapshot(driver::Connection& db) {
  const std::string tables =
      "FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
      "AND m.name NOT LIKE 'retort_%'";
  return Join(db.Query(
             "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk "
             "FROM sqlite_master m JOIN pragma_table_info(m.name) p "
             "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
             "AND m.name NOT LIKE 'retort_%' ORDER BY 1, 2")) +
         Join(db.Query(
             "SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.name "
             "FROM sqlite_master m JOIN pragma_index_list(m.name) il "
             "JOIN pragma_index_info(il.name) ii WHERE m.type = 'table' "
             "AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'retort_%' "
             "ORDER BY 1, 2, 5")) +
         Join(db.Query(
             "SELECT m.name, f.\"table\", f.\"from\", f.\"to\", f.on_delete, f.on_update "
             "FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
             "WHERE m.type = 'table' AND m.name NOT LIKE 'retort_%' ORDER BY 1, 2, 3")) +
         Join(db.Query("SELECT name, sql LIKE '%AUTOINCREMENT%' " + tables + " ORDER BY 1"));
}

using Snapshot = std::string (*)(driver::Connection&);

// Walks the demo history one revision at a time (table order), checking
// each derived downgrade, then base and back.
void WalkHistory(const std::string& url, Snapshot snapshot, const std::string& dir) {
  std::unique_ptr<driver::Connection> db = Open(url);
  std::vector<std::string> schemas{snapshot(*db)};  // [0] = base
  for (std::uint32_t i = 0; i < kDemo.count; ++i) {
    const std::string id = kDemo.revisions[i].id;
    INFO("revision " << id);
    MustMigrate(url, {"upgrade", id}, dir);
    std::string at_revision = snapshot(*db);
    MustMigrate(url, {"downgrade", "-1"}, dir);
    CHECK(snapshot(*db) == schemas.back());
    MustMigrate(url, {"upgrade", id}, dir);
    CHECK(snapshot(*db) == at_revision);
    schemas.push_back(at_revision);
  }
  MustMigrate(url, {"downgrade", "base"}, dir);
  CHECK(snapshot(*db) == schemas.front());
  MustMigrate(url, {"upgrade", "head"}, dir);
  CHECK(snapshot(*db) == schemas.back());
}

TEST_CASE("demo: every derived downgrade is exact on SQLite") {
  ScopedTempDir dir;
  WalkHistory(dir.SqliteUrl("demo.db"), &SqliteSnapshot, dir.path());
}

TEST_CASE("demo: every derived downgrade is exact on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  std::string url = FreshDatabase(*server, "retort_demo");
  WalkHistory(url, &SchemaSnapshot, dir.path());
  ProcessResult history = Migrate(url, {"history", "-v"}, dir.path());
  CHECK(history.exit_code == 0);
  CheckNoPassword(*server, history);
}

// Every row of every application table, table by table: equal dumps mean
// the data survived. `tables_sql` lists the tables.
std::string Dump(driver::Connection& db, const std::string& tables_sql) {
  std::string out;
  for (const driver::Row& table : db.Query(tables_sql)) {
    out += "[" + *table[0] + "]\n" + Join(db.Query("SELECT * FROM " + *table[0] + " ORDER BY 1"));
  }
  return out;
}

// Seed rows, inserted right after the revision that makes their tables.
const std::vector<std::pair<std::string, std::vector<std::string>>> kSeeds = {
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

// Walks the demo history with rows in the tables: every upgrade followed by
// its derived downgrade leaves every row as it was.
void WalkWithRows(const std::string& url, const std::string& tables_sql,
                  const std::string& dir) {
  std::unique_ptr<driver::Connection> db = Open(url);
  for (std::uint32_t i = 0; i < kDemo.count; ++i) {
    const std::string id = kDemo.revisions[i].id;
    INFO("revision " << id);
    std::string before = Dump(*db, tables_sql);
    MustMigrate(url, {"upgrade", id}, dir);
    MustMigrate(url, {"downgrade", "-1"}, dir);
    CHECK(Dump(*db, tables_sql) == before);
    MustMigrate(url, {"upgrade", id}, dir);
    for (const auto& [seed_id, statements] : kSeeds) {
      if (seed_id != id) continue;
      for (const std::string& sql : statements) db->Execute(sql);
    }
  }
  CHECK(Join(db->Query("SELECT count(*) FROM center_dive_sites")) == "1|\n");
}

TEST_CASE("demo: rows survive every upgrade and derived downgrade, SQLite") {
  ScopedTempDir dir;
  WalkWithRows(dir.SqliteUrl("rows.db"),
               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
               "'sqlite_%' AND name NOT LIKE 'retort_%' ORDER BY 1",
               dir.path());
}

TEST_CASE("demo: rows survive every upgrade and derived downgrade, MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  WalkWithRows(FreshDatabase(*server, "retort_rows"),
               "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
               "DATABASE() AND TABLE_NAME NOT LIKE 'retort\\_%' ORDER BY 1",
               dir.path());
}

// `retortc schema --dialect D` prints the CREATE statements of the simulated
// schema at head; run on an empty database they must give the same catalog
// as `migrate upgrade head`.
void CheckSchemaMatchesCompiler(const std::string& migrated_url,
                                const std::string& empty_url, const std::string& dialect,
                                Snapshot snapshot, const std::string& dir) {
  MustMigrate(migrated_url, {"upgrade", "head"}, dir);
  ProcessResult schema = RunProcess(
      {"/bin/sh", "-c",
       std::string("cd '") + RETORT_SOURCE_DIR + "' && '" + RETORTC_PATH +
           "' schema --dir migrations --dialect " + dialect},
      dir);
  REQUIRE(schema.exit_code == 0);
  std::unique_ptr<driver::Connection> empty = Open(empty_url);
  std::string text = schema.out;
  for (std::size_t start = 0, end; (end = text.find(";\n", start)) != std::string::npos;
       start = end + 2) {
    empty->Execute(text.substr(start, end - start));
  }
  std::unique_ptr<driver::Connection> migrated = Open(migrated_url);
  CHECK(snapshot(*empty) == snapshot(*migrated));
}

TEST_CASE("demo: retortc schema equals the schema migrate builds, on SQLite") {
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(dir.SqliteUrl("migrated.db"), dir.SqliteUrl("empty.db"),
                             "sqlite", &SqliteSnapshot, dir.path());
}

TEST_CASE("demo: retortc schema equals the schema migrate builds, on MariaDB") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  CheckSchemaMatchesCompiler(FreshDatabase(*server, "retort_schema_migrated"),
                             FreshDatabase(*server, "retort_schema_empty"), "mysql",
                             &SchemaSnapshot, dir.path());
}

// The enum-to-lookup-table revision moves the data both ways.
void CheckAccessDataRoundTrip(const std::string& url, const std::string& dir) {
  MustMigrate(url, {"upgrade", "0010_access_enum"}, dir);
  std::unique_ptr<driver::Connection> db = Open(url);
  db->Execute("INSERT INTO dive_sites (name, access) VALUES ('Blue Hole', 'boat')");
  db->Execute("INSERT INTO dive_sites (name, access) VALUES ('Jetty', 'shore')");
  MustMigrate(url, {"upgrade", "0011_access_types_table"}, dir);
  CHECK(Join(db->Query("SELECT s.name, t.code FROM dive_sites s JOIN access_types t "
                       "ON t.id = s.access_type_id ORDER BY s.name")) ==
        "Blue Hole|boat|\nJetty|shore|\n");
  MustMigrate(url, {"downgrade", "-1"}, dir);
  CHECK(Join(db->Query("SELECT name, access FROM dive_sites ORDER BY name")) ==
        "Blue Hole|boat|\nJetty|shore|\n");
  MustMigrate(url, {"downgrade", "base"}, dir);
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
