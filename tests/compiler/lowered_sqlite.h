/// An in-memory SQLite database for lowering tests: run compiled statements,
/// read rows and the catalog, and check that every revision's derived
/// downgrade gives back the schema it started from.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "lower/compiled.h"

namespace retort::testing {

inline constexpr auto kSqlite = static_cast<std::size_t>(table::Dialect::kSqlite);

class Db {
 public:
  Db() { REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK); }
  ~Db() { sqlite3_close(db_); }

  // Returns the error message, or "" on success.
  std::string Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "?";
      sqlite3_free(error);
      return message;
    }
    return "";
  }

  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> rows;
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        const unsigned char* text = sqlite3_column_text(stmt, i);
        row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    return rows;
  }

  // The schema as SQLite's catalog describes it: columns (position, type,
  // nullability, default, key), indexes (uniqueness, origin, columns) and
  // AUTOINCREMENT. SQLite reformats stored CREATE text after ALTER TABLE,
  // so the text itself is not compared.
  std::vector<std::string> Catalog() {
    std::vector<std::string> rows = Rows(
        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk "
        "FROM sqlite_master m JOIN pragma_table_info(m.name) p "
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
        "ORDER BY m.name, p.cid");
    for (const std::string& row : Rows(
             "SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.name "
             "FROM sqlite_master m JOIN pragma_index_list(m.name) il "
             "JOIN pragma_index_info(il.name) ii "
             "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' "
             "AND il.origin = 'c' ORDER BY m.name, il.name, ii.seqno")) {
      rows.push_back("index " + row);
    }
    for (const std::string& row : Rows(
             "SELECT m.name, count(*) FROM sqlite_master m "
             "JOIN pragma_index_list(m.name) il WHERE m.type = 'table' "
             "AND m.name NOT LIKE 'sqlite_%' AND il.origin <> 'c' GROUP BY m.name "
             "UNION ALL SELECT name, 'autoincrement' FROM sqlite_master "
             "WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%' ORDER BY 1, 2")) {
      rows.push_back("constraint " + row);
    }
    return rows;
  }

  // Runs statements in one transaction, as the runner does.
  void Run(const std::vector<lower::CompiledStatement>& statements) {
    REQUIRE(Exec("BEGIN") == "");
    for (const auto& s : statements) {
      INFO(s.sql);
      REQUIRE(Exec(s.sql) == "");
    }
    REQUIRE(Exec("COMMIT") == "");
  }

 private:
  sqlite3* db_ = nullptr;
};

// Applies every revision in table order, checking at each step that
// down(up(S)) == S and up(down(up(S))) == up(S).
inline void CheckRoundTrips(const lower::CompiledHistory& history, Db& db) {
  for (const lower::CompiledRevision& revision : history.revisions) {
    INFO("revision " << revision.id);
    std::vector<std::string> before = db.Catalog();
    db.Run(revision.up[kSqlite]);
    std::vector<std::string> after = db.Catalog();
    REQUIRE(revision.reversible());
    db.Run(revision.down[kSqlite]);
    CHECK(db.Catalog() == before);
    db.Run(revision.up[kSqlite]);
    CHECK(db.Catalog() == after);
  }
}

inline constexpr auto kMysql = static_cast<std::size_t>(table::Dialect::kMysql);
inline constexpr auto kMariadb = static_cast<std::size_t>(table::Dialect::kMariadb);

/// The SQL texts of `statements`.
inline std::vector<std::string> Sql(const std::vector<lower::CompiledStatement>& statements) {
  std::vector<std::string> sql;
  for (const auto& s : statements) sql.push_back(s.sql);
  return sql;
}

}  // namespace retort::testing
