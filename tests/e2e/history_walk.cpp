#include "history_walk.h"

#include <algorithm>
#include <map>
#include <catch2/catch.hpp>

#include "mysql_test_util.h"

namespace retort::testing {

ProcessResult Migrate(const History& history, const std::string& url,
                      const std::vector<std::string>& args, const std::string& output_dir) {
  std::vector<std::string> argv{history.migrate, "--url", url};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, output_dir);
}

void MustMigrate(const History& history, const std::string& url,
                 const std::vector<std::string>& args, const std::string& output_dir) {
  ProcessResult r = Migrate(history, url, args, output_dir);
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

std::string SqliteSnapshot(driver::Connection& db) {
  const std::string app_tables =
      "m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'retort_%'";
  return Join(db.Query("SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, "
                       "p.pk, p.hidden FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p WHERE " +
                       app_tables + " ORDER BY 1, 2")) +
         Join(db.Query("SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.name, "
                       "ii.\"desc\" FROM sqlite_master m JOIN pragma_index_list(m.name) il "
                       "JOIN pragma_index_xinfo(il.name) ii WHERE ii.key AND " +
                       app_tables + " ORDER BY 1, 2, 5")) +
         Join(db.Query("SELECT m.name, f.\"table\", f.\"from\", f.\"to\", f.on_delete, "
                       "f.on_update FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f "
                       "WHERE " + app_tables + " ORDER BY 1, 2, 3")) +
         // Checks and AUTOINCREMENT live only in the CREATE text.
         Join(db.Query("SELECT m.name, m.sql LIKE '%AUTOINCREMENT%', m.sql LIKE '%CHECK%' "
                       "FROM sqlite_master m WHERE " + app_tables + " ORDER BY 1")) +
         // Views and triggers: their definitions, as stored.
         Join(db.Query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                       "WHERE type IN ('view', 'trigger') ORDER BY 1, 2"));
}

namespace {

// `CONSTRAINT "name" CHECK (...)` and `CONSTRAINT "name" FOREIGN KEY` clauses
// of a CREATE TABLE text, one line each.
std::vector<std::string> NamedConstraints(const std::string& table, const std::string& sql) {
  std::vector<std::string> out;
  const std::string marker = "CONSTRAINT \"";
  for (std::size_t at = sql.find(marker); at != std::string::npos;
       at = sql.find(marker, at + 1)) {
    std::size_t name_end = sql.find('"', at + marker.size());
    if (name_end == std::string::npos) break;
    std::string name = sql.substr(at + marker.size(), name_end - at - marker.size());
    std::string rest = sql.substr(name_end + 1);
    if (rest.rfind(" FOREIGN KEY", 0) == 0) {
      out.push_back("constraint|" + table + "|foreign key|" + name);
    } else if (rest.rfind(" CHECK (", 0) == 0) {
      std::size_t open = name_end + 1 + std::string(" CHECK ").size(), close = open;
      for (int depth = 0; close < sql.size(); ++close) {
        depth += sql[close] == '(' ? 1 : sql[close] == ')' ? -1 : 0;
        if (depth == 0) break;
      }
      out.push_back("constraint|" + table + "|check|" + name + "|" +
                    sql.substr(open, close + 1 - open));
    }
  }
  return out;
}

}  // namespace

std::string SqliteSnapshotAnyColumnOrder(driver::Connection& db) {
  const std::string app_tables =
      "m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'retort_%'";
  std::vector<std::string> lines;
  for (const driver::Row& row :
       db.Query("SELECT m.name, m.sql FROM sqlite_master m WHERE " + app_tables)) {
    const std::string& sql = row[1].value_or("");
    lines.push_back("table|" + *row[0] + "|autoincrement " +
                    (sql.find("AUTOINCREMENT") != std::string::npos ? "yes" : "no"));
    for (std::string& line : NamedConstraints(*row[0], sql)) lines.push_back(std::move(line));
  }
  for (const driver::Row& row :
       db.Query("SELECT 'column', m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk "
                "FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE " + app_tables)) {
    lines.push_back(Join({row}));
    lines.back().pop_back();  // the newline
  }
  // An automatic index (a UNIQUE column) is named after its position among
  // the table's constraints: it is known by its columns instead.
  std::map<std::pair<std::string, std::string>, std::string> indexes;
  for (const driver::Row& row :
       db.Query("SELECT m.name, il.name, il.\"unique\", il.origin, ii.name || "
                "CASE WHEN ii.\"desc\" THEN ' desc' ELSE '' END FROM sqlite_master "
                "m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii WHERE "
                "ii.key AND " + app_tables + " ORDER BY 1, 2, ii.seqno")) {
    std::string& line = indexes[{*row[0], *row[1]}];
    if (line.empty()) {
      bool automatic = row[1]->rfind("sqlite_autoindex_", 0) == 0;
      line = "index|" + *row[0] + "|" + (automatic ? "<automatic>" : *row[1]) + "|unique " +
             *row[2] + "|" + *row[3] + "|";
    }
    line += *row[4] + ",";
  }
  for (auto& [key, line] : indexes) lines.push_back(std::move(line));
  for (const driver::Row& row :
       db.Query("SELECT 'fk', m.name, f.\"table\", f.\"from\", f.\"to\", f.on_delete, "
                "f.on_update FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE " +
                app_tables)) {
    lines.push_back(Join({row}));
    lines.back().pop_back();  // the newline
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::string Dump(driver::Connection& db, const std::string& tables_sql) {
  std::string out;
  for (const driver::Row& table : db.Query(tables_sql)) {
    out += "[" + *table[0] + "]\n" + Join(db.Query("SELECT * FROM " + *table[0] + " ORDER BY 1"));
  }
  return out;
}

void WalkHistory(const History& history, const std::string& url, Snapshot snapshot,
                 const std::string& dir) {
  std::unique_ptr<driver::Connection> db = Open(url);
  std::vector<std::string> schemas{snapshot(*db)};  // [0] = base
  for (std::uint32_t i = 0; i < history.table.count; ++i) {
    const std::string id = table::RevisionAt(history.table, i).id;
    INFO("revision " << id);
    MustMigrate(history, url, {"upgrade", id}, dir);
    // The database read back equals the compiler's schema at the revision.
    MustMigrate(history, url, {"check"}, dir);
    std::string at_revision = snapshot(*db);
    MustMigrate(history, url, {"downgrade", "-1"}, dir);
    MustMigrate(history, url, {"check"}, dir);
    CHECK(snapshot(*db) == schemas.back());
    MustMigrate(history, url, {"upgrade", id}, dir);
    CHECK(snapshot(*db) == at_revision);
    schemas.push_back(at_revision);
  }
  MustMigrate(history, url, {"downgrade", "base"}, dir);
  CHECK(snapshot(*db) == schemas.front());
  MustMigrate(history, url, {"upgrade", "head"}, dir);
  CHECK(snapshot(*db) == schemas.back());
}

namespace {

std::string RowCounts(driver::Connection& db, const std::string& tables_sql) {
  std::string out;
  for (const driver::Row& table : db.Query(tables_sql)) {
    out += *table[0] + " " + Join(db.Query("SELECT count(*) FROM " + *table[0]));
  }
  return out;
}

}  // namespace

void WalkWithRows(const History& history, const std::string& url,
                  const std::string& tables_sql, const Seeds& seeds, const std::string& dir,
                  const std::vector<std::string>& lossy) {
  std::unique_ptr<driver::Connection> db = Open(url);
  for (std::uint32_t i = 0; i < history.table.count; ++i) {
    const std::string id = table::RevisionAt(history.table, i).id;
    INFO("revision " << id);
    bool loses_data = std::find(lossy.begin(), lossy.end(), id) != lossy.end();
    auto look = [&] { return loses_data ? RowCounts(*db, tables_sql) : Dump(*db, tables_sql); };
    std::string before = look();
    MustMigrate(history, url, {"upgrade", id}, dir);
    MustMigrate(history, url, {"downgrade", "-1"}, dir);
    CHECK(look() == before);
    MustMigrate(history, url, {"upgrade", id}, dir);
    for (const auto& [seed_id, statements] : seeds) {
      if (seed_id != id) continue;
      for (const std::string& sql : statements) db->Execute(sql);
    }
  }
}

// `retortc schema --dialect D` prints the CREATE statements of the simulated
// schema at head; run on an empty database they must give the same catalog
// as `migrate upgrade head`.
void CheckSchemaMatchesCompiler(const History& history, const std::string& migrations,
                                const std::string& migrated_url, const std::string& empty_url,
                                const std::string& dialect, Snapshot snapshot,
                                const std::string& dir) {
  MustMigrate(history, migrated_url, {"upgrade", "head"}, dir);
  ProcessResult schema = RunProcess(
      {"/bin/sh", "-c",
       std::string("cd '") + RETORT_SOURCE_DIR + "' && '" + RETORTC_PATH +
           "' schema --dir " + migrations + " --dialect " + dialect},
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

// `retortc baseline` reads the migrated database into one revision; that
// revision, built on an empty database, must give the same catalog.
void CheckBaselineRebuilds(const History& history, const std::string& migrated_url,
                           const std::string& empty_url, const std::string& dialect,
                           Snapshot snapshot, const std::string& dir) {
  MustMigrate(history, migrated_url, {"upgrade", "head"}, dir);
  const std::string out = dir + "/baseline";
  ProcessResult baseline =
      RunProcess({RETORTC_PATH, "baseline", "--from-db", migrated_url, "--dir", out}, dir);
  INFO(baseline.out << baseline.err);
  REQUIRE(baseline.exit_code == 0);
  ProcessResult schema = RunProcess({RETORTC_PATH, "schema", "--dir", out, "--dialect", dialect}, dir);
  INFO(schema.err);
  REQUIRE(schema.exit_code == 0);
  std::unique_ptr<driver::Connection> empty = Open(empty_url);
  for (std::size_t start = 0, end; (end = schema.out.find(";\n", start)) != std::string::npos;
       start = end + 2) {
    empty->Execute(schema.out.substr(start, end - start));
  }
  std::unique_ptr<driver::Connection> migrated = Open(migrated_url);
  CHECK(snapshot(*empty) == snapshot(*migrated));
}

}  // namespace retort::testing
