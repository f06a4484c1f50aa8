// Lowering: rendered SQLite statements and derived downgrades, executed on a
// real SQLite database. A downgrade is correct when it leaves the catalog
// (sqlite_master) exactly as it was before the upgrade, with rows kept.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <sstream>
#include <tuple>
#include <string>
#include <vector>

#include "pipeline.h"
#include "test_support.h"

namespace retort {
namespace {

using testing::CompileFiles;
using testing::Header;
constexpr auto kSqlite = static_cast<std::size_t>(table::Dialect::kSqlite);

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
void CheckRoundTrips(const lower::CompiledHistory& history, Db& db) {
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

TEST_CASE("every demo revision upgrades and its derived downgrade restores the schema") {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::string dir = std::string(RETORT_SOURCE_DIR) + "/migrations";
  REQUIRE(LoadSources(dir, sources, engine));
  auto history = Compile(sources, dir, engine);
  REQUIRE(engine.error_count() == 0);
  REQUIRE(history);
  REQUIRE(history->revisions.size() >= 6);
  Db db;
  CheckRoundTrips(*history, db);
}

TEST_CASE("drop table is undone by recreating the table, its key and indexes") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { a integer not null; b varchar(20) default 'x'; "
                      "c varchar(30); primary key (a, b); }\n"
                      "create unique index ix_t_c on t (c);\n"
                      "create index ix_t_bc on t (b, c);\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "drop table t;\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r2 = result.Find("r2");
  REQUIRE(r2 != nullptr);
  const auto& down = r2->down[kSqlite];
  REQUIRE(down.size() == 3);
  CHECK(down[0].sql ==
        "CREATE TABLE \"t\" (\n  \"a\" INTEGER NOT NULL,\n"
        "  \"b\" VARCHAR(20) NOT NULL DEFAULT 'x',\n  \"c\" VARCHAR(30),\n"
        "  PRIMARY KEY (\"a\", \"b\")\n)");
  CHECK(down[1].sql == "CREATE UNIQUE INDEX \"ix_t_c\" ON \"t\" (\"c\")");
  CHECK(down[2].sql == "CREATE INDEX \"ix_t_bc\" ON \"t\" (\"b\", \"c\")");
  CHECK(down[0].line == 4);  // the drop table line
  Db db;
  CheckRoundTrips(*result.history, db);
}

TEST_CASE("drop column is undone at the column's old position, keeping rows") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { id integer primary key auto_increment; "
                      "name varchar(10) not null; code integer not null unique; "
                      "note text; }\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "alter table t { drop column name; }\n"},
      {"m/3.mig", Header("r3", {"r2"}) + "alter table t { drop column code; }\n"},
  });
  REQUIRE(result.Text() == "");
  Db db;
  db.Run(result.Find("r1")->up[kSqlite]);
  std::vector<std::string> at_r1 = db.Catalog();
  REQUIRE(db.Exec("INSERT INTO t (name, code, note) VALUES ('a', 1, 'n1'), ('b', 2, NULL)") == "");
  db.Run(result.Find("r2")->up[kSqlite]);
  db.Run(result.Find("r3")->up[kSqlite]);
  CHECK(db.Rows("SELECT id, note FROM t ORDER BY id") ==
        std::vector<std::string>{"1|n1", "2|NULL"});
  // Dropped not-null columns come back; existing rows cannot be refilled
  // without a default, so the downgrade fails and the transaction is undone.
  db.Exec("BEGIN");
  std::string failure;
  for (const auto& s : result.Find("r3")->down[kSqlite]) {
    failure = db.Exec(s.sql);
    if (!failure.empty()) break;
  }
  CHECK(failure == "NOT NULL constraint failed: _retort_new_t.code");
  db.Exec("ROLLBACK");
  // On an empty table the full downgrade restores the exact original shape.
  REQUIRE(db.Exec("DELETE FROM t") == "");
  db.Run(result.Find("r3")->down[kSqlite]);
  db.Run(result.Find("r2")->down[kSqlite]);
  CHECK(db.Catalog() == at_r1);
}

TEST_CASE("a nullable dropped column comes back with the rows around it kept") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { id integer primary key; a text; b varchar(10); }\n"
                      "create index ix_t_b on t (b);\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "alter table t { drop column a; }\n"},
  });
  REQUIRE(result.Text() == "");
  const auto& down = result.Find("r2")->down[kSqlite];
  // Not the last column: SQLite needs a rebuild to put it back in place.
  REQUIRE(down.size() == 5);
  CHECK(down[1].sql ==
        "INSERT INTO \"_retort_new_t\" (\"id\", \"b\") SELECT \"id\", \"b\" FROM \"t\"");
  Db db;
  db.Run(result.Find("r1")->up[kSqlite]);
  std::vector<std::string> at_r1 = db.Catalog();
  REQUIRE(db.Exec("INSERT INTO t VALUES (1, 'x', 'y')") == "");
  db.Run(result.Find("r2")->up[kSqlite]);
  db.Run(down);
  CHECK(db.Catalog() == at_r1);
  CHECK(db.Rows("SELECT id, a, b FROM t") == std::vector<std::string>{"1|NULL|y"});
}

TEST_CASE("adding a column SQLite cannot add in place rebuilds the table") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") + "create table t { id integer primary key; }\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "alter table t { add column seen datetime not null default "
                      "current_timestamp; add column n integer not null default 3; }\n"},
  });
  REQUIRE(result.Text() == "");
  const auto& up = result.Find("r2")->up[kSqlite];
  REQUIRE(up.size() == 5);
  CHECK(up[0].sql.rfind("CREATE TABLE \"_retort_new_t\"", 0) == 0);
  CHECK(up[4].sql == "ALTER TABLE \"t\" ADD COLUMN \"n\" INTEGER NOT NULL DEFAULT 3");
  Db db;
  db.Run(result.Find("r1")->up[kSqlite]);
  REQUIRE(db.Exec("INSERT INTO t VALUES (7)") == "");
  db.Run(up);
  CHECK(db.Rows("SELECT id, n, seen IS NOT NULL FROM t") == std::vector<std::string>{"7|3|1"});
  Db fresh;
  CheckRoundTrips(*result.history, fresh);
}

TEST_CASE("raw sql runs its down block, irreversible revisions have no down") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") + "create table t { v text; }\n"
                                 "sql \"\"\"INSERT INTO t VALUES ('a;b'); INSERT INTO t VALUES ('c')\"\"\"\n"
                                 "down \"\"\"DELETE FROM t\"\"\";\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "sql \"\"\"UPDATE t SET v = upper(v)\"\"\" irreversible;\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  REQUIRE(r1->up[kSqlite].size() == 3);
  CHECK(r1->up[kSqlite][1].sql == "INSERT INTO t VALUES ('a;b')");
  CHECK(r1->down[kSqlite].size() == 2);
  CHECK(r1->down[kSqlite][0].sql == "DELETE FROM t");
  const auto* r2 = result.Find("r2");
  CHECK_FALSE(r2->reversible());
  CHECK(r2->irreversible_ops == std::vector<std::uint32_t>{0});
  CHECK(r2->down[kSqlite].empty());
}

TEST_CASE("checksums cover what runs, not comments, formatting or the message") {
  auto compile = [](const std::string& body, const std::string& message) {
    auto result = CompileFiles({{"m/1.mig", "revision r1 message \"" + message + "\"\n" + body}});
    REQUIRE(result.Text() == "");
    return result.Find("r1")->checksum;
  };
  std::string base = compile("create table t { a integer; }\n", "one");
  CHECK(base.size() == 64);
  CHECK(compile("-- note\ncreate   table t {\n  a integer;\n}\n", "two") == base);
  CHECK(compile("create table t { a bigint; }\n", "one") != base);
}

TEST_CASE("keywords used as names are quoted in the SQL") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") + "create table `order` { `select` integer; key varchar(10); }\n"
                                 "create index `group` on `order` (key);\n"},
  });
  REQUIRE(result.Text() == "");
  Db db;
  db.Run(result.Find("r1")->up[kSqlite]);
  CHECK(db.Rows("SELECT name FROM pragma_table_info('order')") ==
        std::vector<std::string>{"select", "key"});
  Db fresh;
  CheckRoundTrips(*result.history, fresh);
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

constexpr auto kMysql = static_cast<std::size_t>(table::Dialect::kMysql);

std::vector<std::string> Sql(const std::vector<lower::CompiledStatement>& statements) {
  std::vector<std::string> sql;
  for (const auto& s : statements) sql.push_back(s.sql);
  return sql;
}

TEST_CASE("mysql: create table with types, options, auto_increment and on update") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t {\n"
                      "  id bigint primary key auto_increment;\n"
                      "  flag boolean not null default true;\n"
                      "  note varchar(20) default 'a\\b''c';\n"
                      "  doc json null;\n"
                      "  changed timestamp not null default current_timestamp "
                      "on update current_timestamp;\n"
                      "} engine = MyISAM charset latin1\n"
                      "create table u { id integer; } collate utf8mb4_bin\n"},
  });
  REQUIRE(result.Text() == "");
  const auto& up = result.Find("r1")->up[kMysql];
  REQUIRE(up.size() == 2);
  CHECK(up[0].sql ==
        "CREATE TABLE `t` (\n"
        "  `id` BIGINT NOT NULL AUTO_INCREMENT,\n"
        "  `flag` TINYINT(1) NOT NULL DEFAULT 1,\n"
        "  `note` VARCHAR(20) NULL DEFAULT 'a\\\\b''c',\n"
        "  `doc` JSON NULL,\n"
        "  `changed` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE "
        "CURRENT_TIMESTAMP,\n"
        "  PRIMARY KEY (`id`)\n"
        ") ENGINE=MyISAM DEFAULT CHARSET=latin1");
  CHECK(up[1].sql ==
        "CREATE TABLE `u` (\n  `id` INT NULL\n) ENGINE=InnoDB DEFAULT "
        "CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
  // SQLite has no table options or ON UPDATE: they are left out.
  CHECK(result.Find("r1")->up[kSqlite][0].sql.find("ON UPDATE") == std::string::npos);
}

TEST_CASE("mysql: one statement per operation, op indices shared by up and down") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { id integer primary key; a text; b varchar(9); }\n"
                      "create index ix_t_b on t (b);\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "alter table t { drop column a; add column c integer null; }\n"
                      "drop index ix_t_b;\n"
                      "drop table t;\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r2 = result.Find("r2");
  CHECK(Sql(r2->up[kMysql]) == std::vector<std::string>{
                                   "ALTER TABLE `t` DROP COLUMN `a`",
                                   "ALTER TABLE `t` ADD COLUMN `c` INT NULL",
                                   "DROP INDEX `ix_t_b` ON `t`",
                                   "DROP TABLE `t`",
                               });
  std::vector<std::uint32_t> up_ops;
  for (const auto& s : r2->up[kMysql]) up_ops.push_back(s.op);
  CHECK(up_ops == std::vector<std::uint32_t>{0, 1, 2, 3});
  // Derived downgrade, last operation first; the dropped column goes back
  // after its old left neighbour.
  CHECK(Sql(r2->down[kMysql]) ==
        std::vector<std::string>{
            "CREATE TABLE `t` (\n  `id` INT NOT NULL,\n  `b` VARCHAR(9) NULL,\n"
            "  `c` INT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT "
            "CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
            "CREATE INDEX `ix_t_b` ON `t` (`b`)",
            "ALTER TABLE `t` DROP COLUMN `c`",
            "ALTER TABLE `t` ADD COLUMN `a` TEXT NULL AFTER `id`",
        });
  std::vector<std::uint32_t> down_ops;
  for (const auto& s : r2->down[kMysql]) down_ops.push_back(s.op);
  CHECK(down_ops == std::vector<std::uint32_t>{3, 2, 1, 0});
}

TEST_CASE("mysql: a dropped first column is restored FIRST") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") + "create table t { a integer; b integer; }\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "alter table t { drop column a; }\n"},
  });
  REQUIRE(result.Text() == "");
  CHECK(Sql(result.Find("r2")->down[kMysql]) ==
        std::vector<std::string>{"ALTER TABLE `t` ADD COLUMN `a` INT NULL FIRST"});
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("rename table and alter column round-trip on SQLite with rows kept") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table sites { id integer primary key; depth integer null; "
                      "name varchar(20) not null; }\n"
                      "create index ix_sites_depth on sites (depth);\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "rename table sites to dive_sites;\n"
                      "alter table dive_sites {\n"
                      "  alter column depth type decimal(6,2), set not null, set default 0, "
                      "rename to max_depth;\n"
                      "  rename column name to title;\n"
                      "  alter column title drop not null;\n"
                      "}\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r2 = result.Find("r2");
  CHECK(r2->up[kSqlite][0].sql == "ALTER TABLE \"sites\" RENAME TO \"dive_sites\"");
  CHECK(r2->up[kSqlite][2].sql ==
        "INSERT INTO \"_retort_new_dive_sites\" (\"id\", \"max_depth\", \"name\") "
        "SELECT \"id\", \"depth\", \"name\" FROM \"dive_sites\"");
  CHECK(Sql(r2->up[kMysql]) ==
        std::vector<std::string>{
            "RENAME TABLE `sites` TO `dive_sites`",
            "ALTER TABLE `dive_sites` CHANGE COLUMN `depth` `max_depth` "
            "DECIMAL(6, 2) NOT NULL DEFAULT 0",
            "ALTER TABLE `dive_sites` CHANGE COLUMN `name` `title` VARCHAR(20) NOT NULL",
            "ALTER TABLE `dive_sites` CHANGE COLUMN `title` `title` VARCHAR(20) NULL",
        });
  CHECK(Sql(r2->down[kMysql]) ==
        std::vector<std::string>{
            "ALTER TABLE `dive_sites` CHANGE COLUMN `title` `title` VARCHAR(20) NOT NULL",
            "ALTER TABLE `dive_sites` CHANGE COLUMN `title` `name` VARCHAR(20) NOT NULL",
            "ALTER TABLE `dive_sites` CHANGE COLUMN `max_depth` `depth` INT NULL",
            "RENAME TABLE `dive_sites` TO `sites`",
        });
  Db db;
  db.Run(result.Find("r1")->up[kSqlite]);
  REQUIRE(db.Exec("INSERT INTO sites VALUES (1, 30, 'Blue Hole')") == "");
  std::vector<std::string> at_r1 = db.Catalog();
  db.Run(r2->up[kSqlite]);
  CHECK(db.Rows("SELECT id, max_depth, title FROM dive_sites") ==
        std::vector<std::string>{"1|30|Blue Hole"});
  CHECK(db.Rows("SELECT name FROM pragma_index_list('dive_sites') WHERE origin = 'c'") ==
        std::vector<std::string>{"ix_sites_depth"});
  db.Run(r2->down[kSqlite]);
  CHECK(db.Catalog() == at_r1);
  CHECK(db.Rows("SELECT id, depth, name FROM sites") ==
        std::vector<std::string>{"1|30|Blue Hole"});
}

TEST_CASE("sql blocks with a text per dialect") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { v varchar(10); }\n"
                      "sql mysql \"\"\"INSERT INTO t VALUES (CONCAT('a', 'b'))\"\"\"\n"
                      "    sqlite \"\"\"INSERT INTO t VALUES ('a' || 'b')\"\"\"\n"
                      "down \"\"\"DELETE FROM t\"\"\";\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  CHECK(r1->up[kSqlite][1].sql == "INSERT INTO t VALUES ('a' || 'b')");
  CHECK(r1->up[kMysql][1].sql == "INSERT INTO t VALUES (CONCAT('a', 'b'))");
  CHECK(r1->down[kSqlite][0].sql == "DELETE FROM t");
  CHECK(r1->down[kMysql][0].sql == "DELETE FROM t");

  auto missing = CompileFiles({
      {"m/1.mig", Header("r1") + "sql mysql \"\"\"SELECT 1\"\"\" irreversible;\n"},
  });
  CHECK(missing.Text() ==
        "m/1.mig:3:1: error: sql block has no up text for sqlite; add `sqlite "
        "\"\"\"...\"\"\"` or a text without a dialect name\n"
        "sql mysql \"\"\"SELECT 1\"\"\" irreversible;\n"
        "^~~\n"
        "1 error generated.\n");
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("foreign keys: inline, table-level, added and dropped, with derived downgrades") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table users { id integer primary key auto_increment; }\n"
                      "create table sites {\n"
                      "  id integer primary key;\n"
                      "  owner_id integer null references users (id) on delete set null;\n"
                      "  creator_id integer not null;\n"
                      "  constraint fk_sites_creator foreign key (creator_id) "
                      "references users (id) on delete cascade on update restrict;\n"
                      "}\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "create table visits { site_id integer not null; user_id integer not null; }\n"
                      "create index ix_visits_site on visits (site_id);\n"
                      "alter table visits {\n"
                      "  add foreign key (site_id) references sites (id) on delete cascade;\n"
                      "  add constraint fk_visit_user foreign key (user_id) references users (id);\n"
                      "}\n"},
      {"m/3.mig", Header("r3", {"r2"}) +
                      "alter table visits { drop constraint fk_visit_user; "
                      "drop constraint fk_visits_site_id; }\n"
                      "alter table sites { drop constraint fk_sites_owner_id; }\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  CHECK(r1->up[kMysql][1].sql ==
        "CREATE TABLE `sites` (\n  `id` INT NOT NULL,\n  `owner_id` INT NULL,\n"
        "  `creator_id` INT NOT NULL,\n  PRIMARY KEY (`id`),\n"
        "  CONSTRAINT `fk_sites_owner_id` FOREIGN KEY (`owner_id`) REFERENCES "
        "`users` (`id`) ON DELETE SET NULL,\n"
        "  CONSTRAINT `fk_sites_creator` FOREIGN KEY (`creator_id`) REFERENCES "
        "`users` (`id`) ON DELETE CASCADE ON UPDATE RESTRICT\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
  const auto* r2 = result.Find("r2");
  CHECK(r2->up[kMysql][2].sql ==
        "ALTER TABLE `visits` ADD CONSTRAINT `fk_visits_site_id` FOREIGN KEY "
        "(`site_id`) REFERENCES `sites` (`id`) ON DELETE CASCADE");
  // site_id has an index of its own; user_id got InnoDB's, named after the key.
  const auto* r3 = result.Find("r3");
  CHECK(Sql(r3->up[kMysql]) ==
        std::vector<std::string>{
            "ALTER TABLE `visits` DROP FOREIGN KEY `fk_visit_user`, DROP INDEX "
            "`fk_visit_user`",
            "ALTER TABLE `visits` DROP FOREIGN KEY `fk_visits_site_id`",
            "ALTER TABLE `sites` DROP FOREIGN KEY `fk_sites_owner_id`, DROP INDEX "
            "`fk_sites_owner_id`",
        });
  CHECK(Sql(r3->down[kMysql])[0] ==
        "ALTER TABLE `sites` ADD CONSTRAINT `fk_sites_owner_id` FOREIGN KEY "
        "(`owner_id`) REFERENCES `users` (`id`) ON DELETE SET NULL");

  Db db;
  CheckRoundTrips(*result.history, db);
  REQUIRE(db.Exec("INSERT INTO users VALUES (1)") == "");
  REQUIRE(db.Exec("INSERT INTO sites VALUES (5, 1, 1)") == "");
  REQUIRE(db.Exec("INSERT INTO visits VALUES (5, 1)") == "");
  // Undo r3 and r2 with rows present: the rebuilt tables keep them.
  db.Run(r3->down[kSqlite]);
  CHECK(db.Rows("SELECT count(*) FROM pragma_foreign_key_list('visits')") ==
        std::vector<std::string>{"2"});
  CHECK(db.Rows("SELECT site_id, user_id FROM visits") == std::vector<std::string>{"5|1"});
  CHECK(db.Rows("SELECT \"table\", \"on_delete\" FROM pragma_foreign_key_list('sites') "
                "ORDER BY 2") ==
        std::vector<std::string>{"users|CASCADE", "users|SET NULL"});
}

TEST_CASE("drop constraint finds a foreign key before an index of the same name") {
  // InnoDB names its own index for a key after the key; a user may too.
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table users { id integer primary key; }\n"
                      "create table sites { id integer primary key; owner_id integer null; }\n"
                      "create index fk_owner on sites (owner_id);\n"
                      "alter table sites { add constraint fk_owner foreign key (owner_id) "
                      "references users (id); }\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "alter table sites { drop constraint fk_owner; }\n"},
      {"m/3.mig", Header("r3", {"r2"}) + "drop index fk_owner;\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r2 = result.Find("r2");
  // The key goes; the index of the same name serves no key and stays.
  CHECK(Sql(r2->up[kMysql]) ==
        std::vector<std::string>{"ALTER TABLE `sites` DROP FOREIGN KEY `fk_owner`"});
  CHECK(Sql(r2->down[kMysql]) ==
        std::vector<std::string>{"ALTER TABLE `sites` ADD CONSTRAINT `fk_owner` FOREIGN KEY "
                                 "(`owner_id`) REFERENCES `users` (`id`)"});
  // r3 can drop the index: it was not dropped with the key.
  CHECK(Sql(result.Find("r3")->up[kMysql]) ==
        std::vector<std::string>{"DROP INDEX `fk_owner` ON `sites`"});
  Db db;
  CheckRoundTrips(*result.history, db);
}

TEST_CASE("MySQL's wider types: SQL per dialect, signedness in keys, narrowing") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table readings {\n"
                      "  id bigint unsigned primary key auto_increment;\n"
                      "  level tinyint null;\n"
                      "  code char(3) not null default 'abc';\n"
                      "  digest binary(16) null;\n"
                      "  taken_at datetime(6) null;\n"
                      "  duration time null;\n"
                      "  season year null;\n"
                      "  price decimal(8,2) unsigned null;\n"
                      "  body mediumtext null;\n"
                      "}\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  CHECK(r1->up[kMysql][0].sql ==
        "CREATE TABLE `readings` (\n  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
        "  `level` TINYINT NULL,\n  `code` CHAR(3) NOT NULL DEFAULT 'abc',\n"
        "  `digest` BINARY(16) NULL,\n  `taken_at` DATETIME(6) NULL,\n"
        "  `duration` TIME NULL,\n  `season` YEAR NULL,\n"
        "  `price` DECIMAL(8, 2) UNSIGNED NULL,\n  `body` MEDIUMTEXT NULL,\n"
        "  PRIMARY KEY (`id`)\n"
        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
  CHECK(r1->up[kSqlite][0].sql.find("\"price\" DECIMAL(8, 2) CHECK (\"price\" >= 0)") !=
        std::string::npos);
  CHECK(r1->up[kSqlite][0].sql.find("\"digest\" BLOB") != std::string::npos);
  Db db;
  CheckRoundTrips(*result.history, db);

  // Per-column charset and collation: MySQL only, on character columns.
  auto charsets = CompileFiles({
      {"m/1.mig", Header("r1") + "create table c { id integer primary key; code varchar(10) "
                                 "charset latin1 collate latin1_bin not null; }\n"}});
  REQUIRE(charsets.Text() == "");
  CHECK(charsets.Find("r1")->up[kMysql][0].sql.find(
            "`code` VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL") !=
        std::string::npos);
  CHECK(charsets.Find("r1")->up[kSqlite][0].sql.find("\"code\" VARCHAR(10) NOT NULL") !=
        std::string::npos);
  auto bad_charset = CompileFiles(
      {{"m/1.mig", Header("r1") + "create table c { id integer collate utf8mb4_bin primary key; }\n"}});
  CHECK(bad_charset.Text().find("error: column 'id' is integer: only character columns") !=
        std::string::npos);

  // Descending index columns and an index comment.
  auto desc = CompileFiles({
      {"m/1.mig", Header("r1") + "create table e { id integer primary key; at datetime null; }\n"
                                 "create index ix_e_at on e (at desc, id asc) comment 'newest';\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "drop index ix_e_at;\n"}});
  REQUIRE(desc.Text() == "");
  CHECK(desc.Find("r1")->up[kMysql][1].sql ==
        "CREATE INDEX `ix_e_at` ON `e` (`at` DESC, `id`) COMMENT 'newest'");
  CHECK(desc.Find("r1")->up[kSqlite][1].sql ==
        "CREATE INDEX \"ix_e_at\" ON \"e\" (\"at\" DESC, \"id\")");
  // The derived down of drop index recreates it exactly.
  CHECK(desc.Find("r2")->down[kMysql][0].sql == desc.Find("r1")->up[kMysql][1].sql);

  // A key between an unsigned and a signed column is a type mismatch.
  auto mismatch = CompileFiles({
      {"m/1.mig", Header("r1") + "create table a { id integer unsigned primary key; }\n"
                                 "create table b { id integer primary key; a_id integer null "
                                 "references a (id); }\n"}});
  CHECK(mismatch.Text().find("error: foreign key 'fk_b_a_id'") != std::string::npos);

  // Widening needs no acknowledgement; narrowing does.
  auto widen = CompileFiles({
      {"m/1.mig", "revision r1 message \"m\"\ncreate table t { a tinyint unsigned null; "
                  "b char(3) null; c time null; }\n"},
      {"m/2.mig", "revision r2 parent r1 message \"m\"\nalter table t { alter column a "
                  "type smallint; alter column b type mediumtext; alter column c type "
                  "time(3); }\n"},
      {"m/3.mig", "revision r3 parent r2 message \"m\"\nalter table t { alter column a "
                  "type smallint unsigned; }\n"}});
  CHECK(widen.Text().find("m/2.mig") == std::string::npos);
  CHECK(widen.Text().find("m/3.mig:2:17: warning: ") != std::string::npos);
}

TEST_CASE("drop table restores its foreign keys") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table a { id integer primary key; }\n"
                      "create table b { id integer primary key; "
                      "a_id integer references a (id) on delete cascade; }\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "drop table b;\n"},
  });
  REQUIRE(result.Text() == "");
  Db db;
  CheckRoundTrips(*result.history, db);
  CHECK(Sql(result.Find("r2")->down[kMysql])[0].find(
            "CONSTRAINT `fk_b_a_id` FOREIGN KEY (`a_id`) REFERENCES `a` (`id`) ON DELETE "
            "CASCADE") != std::string::npos);
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("enum, unique and check constraints round-trip on SQLite; MySQL SQL") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table sites {\n"
                      "  id integer primary key;\n"
                      "  kind enum('reef', 'wreck') not null default 'reef';\n"
                      "  depth integer null;\n"
                      "  code varchar(8) not null;\n"
                      "  constraint uq_sites_code unique (code);\n"
                      "  constraint ck_depth check (depth IS NULL OR (depth >= 0 AND depth < 400));\n"
                      "}\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "alter table sites {\n"
                      "  alter column kind type enum('reef', 'wreck', 'cave');\n"
                      "  drop constraint ck_depth;\n"
                      "  drop constraint uq_sites_code;\n"
                      "  add constraint uq_sites_code_kind unique (code, kind);\n"
                      "  add constraint ck_code check (length(code) > 2);\n"
                      "}\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  CHECK(Sql(r1->up[kMysql]) ==
        std::vector<std::string>{
            "CREATE TABLE `sites` (\n  `id` INT NOT NULL,\n"
            "  `kind` ENUM('reef', 'wreck') NOT NULL DEFAULT 'reef',\n"
            "  `depth` INT NULL,\n  `code` VARCHAR(8) NOT NULL,\n  PRIMARY KEY (`id`),\n"
            "  UNIQUE KEY `uq_sites_code` (`code`),\n"
            "  CONSTRAINT `ck_depth` CHECK (depth IS NULL OR (depth >= 0 AND depth < 400))\n"
            ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"});
  CHECK(r1->up[kSqlite][1].sql == "CREATE UNIQUE INDEX \"uq_sites_code\" ON \"sites\" (\"code\")");
  CHECK(Sql(result.Find("r2")->up[kMysql]) ==
        std::vector<std::string>{
            "ALTER TABLE `sites` CHANGE COLUMN `kind` `kind` ENUM('reef', 'wreck', 'cave') "
            "NOT NULL DEFAULT 'reef'",
            "ALTER TABLE `sites` DROP CONSTRAINT `ck_depth`",
            "DROP INDEX `uq_sites_code` ON `sites`",
            "CREATE UNIQUE INDEX `uq_sites_code_kind` ON `sites` (`code`, `kind`)",
            "ALTER TABLE `sites` ADD CONSTRAINT `ck_code` CHECK (length(code) > 2)"});
  Db db;
  CheckRoundTrips(*result.history, db);
  // The constraints are real: SQLite enforces the enum and the check.
  Db fresh;
  fresh.Run(r1->up[kSqlite]);
  CHECK(fresh.Exec("INSERT INTO sites VALUES (1, 'cave', 10, 'abc')") ==
        "CHECK constraint failed: kind IN ('reef', 'wreck')");
  CHECK(fresh.Exec("INSERT INTO sites VALUES (1, 'reef', -1, 'abc')") ==
        "CHECK constraint failed: ck_depth");
  CHECK(fresh.Exec("INSERT INTO sites VALUES (1, 'reef', 10, 'abc')") == "");
  fresh.Run(result.Find("r2")->up[kSqlite]);
  CHECK(fresh.Exec("INSERT INTO sites VALUES (2, 'cave', -5, 'xyz')") == "");
  CHECK(fresh.Exec("INSERT INTO sites VALUES (3, 'cave', 1, 'x')") ==
        "CHECK constraint failed: ck_code");
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("strict mode turns unacknowledged safety lints into errors") {
  auto compile = [](const std::string& allow, bool strict) {
    source::SourceSet sources;
    sources.Add("m/1.mig", "revision r1 message \"m\"\ncreate table t { a integer; b text; }\n");
    sources.Add("m/2.mig", "revision r2 parent r1 " + allow + " message \"m\"\n" +
                               "alter table t { drop column b; }\n");
    diag::DiagnosticEngine engine;
    bool compiled = Compile(sources, "m", engine, strict).has_value();
    return std::make_tuple(compiled, engine.error_count(), engine.warning_count());
  };
  CHECK(compile("", false) == std::make_tuple(true, std::size_t{0}, std::size_t{1}));
  CHECK(compile("", true) == std::make_tuple(false, std::size_t{1}, std::size_t{0}));
  CHECK(compile("allow data_loss", true) ==
        std::make_tuple(true, std::size_t{0}, std::size_t{0}));
}

}  // namespace
}  // namespace retort

#include "check/simulator.h"
#include "emit/schema_writer.h"

namespace retort {
namespace {

TEST_CASE("retortc schema: the printed DSL compiles back to the same schema") {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::string dir = std::string(RETORT_SOURCE_DIR) + "/migrations";
  REQUIRE(LoadSources(dir, sources, engine));
  auto graph = ParseAndBuildGraph(sources, dir, engine);
  REQUIRE(graph);
  REQUIRE(graph->heads().size() == 1);
  std::string dsl = emit::RenderSchemaDsl(check::StateAfter(*graph, graph->heads()[0], engine));
  CHECK(dsl.find("constraint fk_dive_site_tags_tag_id foreign key (tag_id) references "
                 "available_tags (id) on delete cascade;") != std::string::npos);

  auto again = testing::BuildGraph({{"m/1.mig", "revision r1 message \"m\"\n" + dsl}});
  REQUIRE(again.Text() == "");
  CHECK(emit::RenderSchemaDsl(check::StateAfter(*again.graph, 0, again.engine)) == dsl);
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("rename index and column comments") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { id integer primary key; "
                      "depth integer comment 'metres, it''s \\\\ fine'; }\n"
                      "create index ix_old on t (depth);\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "rename index ix_old to ix_t_depth;\n"},
  });
  REQUIRE(result.Text() == "");
  CHECK(result.Find("r1")->up[kMysql][0].sql.find(
            "`depth` INT NULL COMMENT 'metres, it''s \\\\\\\\ fine'") != std::string::npos);
  CHECK(result.Find("r1")->up[kSqlite][0].sql.find("COMMENT") == std::string::npos);
  CHECK(Sql(result.Find("r2")->up[kMysql]) ==
        std::vector<std::string>{"ALTER TABLE `t` RENAME INDEX `ix_old` TO `ix_t_depth`"});
  CHECK(Sql(result.Find("r2")->down[kSqlite]) ==
        std::vector<std::string>{"DROP INDEX \"ix_t_depth\"",
                                 "CREATE INDEX \"ix_old\" ON \"t\" (\"depth\")"});
  Db db;
  CheckRoundTrips(*result.history, db);
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST_CASE("spatial columns and indexes: native on MySQL, blobs without index on SQLite") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table places { id integer primary key; "
                      "location point srid 4326 not null; area geometry null; }\n"
                      "create spatial index ix_places_location on places (location);\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "drop index ix_places_location;\n"},
  });
  CHECK(result.Text() ==
        "m/1.mig:4:22: warning: SQLite has no spatial index: 'ix_places_location' is "
        "skipped there (the column is stored as a blob)\n"
        "create spatial index ix_places_location on places (location);\n"
        "                     ^~~~~~~~~~~~~~~~~~\n"
        "1 warning generated.\n");
  const auto* r1 = result.Find("r1");
  CHECK(Sql(r1->up[kMysql]) ==
        std::vector<std::string>{
            "CREATE TABLE `places` (\n  `id` INT NOT NULL,\n"
            "  `location` POINT /*M!100201 REF_SYSTEM_ID=4326 */ NOT NULL,\n"
            "  `area` GEOMETRY NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT "
            "CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
            "CREATE SPATIAL INDEX `ix_places_location` ON `places` (`location`)"});
  CHECK(r1->up[kSqlite].size() == 1);
  CHECK(r1->up[kSqlite][0].sql.find("\"location\" BLOB NOT NULL") != std::string::npos);
  CHECK(result.Find("r2")->up[kSqlite].empty());
  CHECK(Sql(result.Find("r2")->down[kMysql]) ==
        std::vector<std::string>{
            "CREATE SPATIAL INDEX `ix_places_location` ON `places` (`location`)"});
  Db db;
  CheckRoundTrips(*result.history, db);

  auto bad = CompileFiles({
      {"m/1.mig", Header("r1") + "create table p { a point null; b integer; }\n"
                                 "create spatial index ix_a on p (a);\n"
                                 "create spatial index ix_b on p (b);\n"},
  });
  CHECK(bad.engine.error_count() == 2);
  CHECK(bad.Text().find("spatial index 'ix_a' needs one not null point or geometry "
                        "column; 'a' is nullable point") != std::string::npos);
}

}  // namespace
}  // namespace retort

#include <filesystem>

#include "diag/text_printer.h"

namespace retort {
namespace {

TEST_CASE("an empty migrations directory is a warning, not an error") {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "retort_empty_migrations_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  REQUIRE(LoadSources(dir.string(), sources, engine));
  auto history = Compile(sources, dir.string(), engine);
  REQUIRE(history);
  CHECK(history->revisions.empty());
  std::ostringstream text;
  diag::PrintAll(engine, sources, text);
  CHECK(text.str() == "retortc: warning: no .mig files in '" + dir.string() +
                          "'\n1 warning generated.\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace retort
