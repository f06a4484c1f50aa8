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

#include "lowered_sqlite.h"
#include "pipeline.h"
#include "test_support.h"

namespace retort {
namespace {

using testing::CheckRoundTrips;
using testing::CompileFiles;
using testing::Db;
using testing::Header;
using testing::kMariadb;
using testing::kMysql;
using testing::kSqlite;
using testing::Sql;

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
    return result.Find("r1")->checksums;
  };
  auto base = compile("create table t { a integer; }\n", "one");
  for (const std::string& checksum : base) CHECK(checksum.size() == 64);
  CHECK(base[kSqlite] != base[kMysql]);
  CHECK(compile("-- note\ncreate   table t {\n  a integer;\n}\n", "two") == base);
  auto changed = compile("create table t { a bigint; }\n", "one");
  for (std::size_t d = 0; d < base.size(); ++d) CHECK(changed[d] != base[d]);
}

TEST_CASE("a dialect's checksum does not depend on which others the project targets") {
  const std::string mig = "revision r1 message \"m\"\ncreate table t { a integer; }\n";
  auto all = CompileFiles({{"m/1.mig", mig}});
  auto sqlite_only = CompileFiles({{"m/1.mig", mig}, {"m/retort.toml", "dialects = [\"sqlite\"]\n"}});
  REQUIRE(all.Text() == "");
  REQUIRE(sqlite_only.Text() == "");
  CHECK(sqlite_only.Find("r1")->checksums[kSqlite] == all.Find("r1")->checksums[kSqlite]);
  CHECK(sqlite_only.Find("r1")->checksums[kMysql].empty());
  CHECK(sqlite_only.Find("r1")->up[kMysql].empty());
  CHECK(sqlite_only.history->dialects == 1u);
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
            "  `location` POINT SRID 4326 NOT NULL,\n"
            "  `area` GEOMETRY NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT "
            "CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci",
            "CREATE SPATIAL INDEX `ix_places_location` ON `places` (`location`)"});
  // MariaDB spells the SRID its own way.
  CHECK(r1->up[kMariadb][0].sql.find("`location` POINT REF_SYSTEM_ID=4326 NOT NULL") !=
        std::string::npos);
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

TEST_CASE("raw SQL statements are marked up and down in every dialect") {
  // The runner writes a progress row before raw SQL and after it (the schema
  // cannot show whether it ran): the table must say which statements are.
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") + "create table t { a integer primary key; }\n"},
      {"m/2.mig", Header("r2", {"r1"}) +
                      "sql \"\"\"INSERT INTO t (a) VALUES (1)\"\"\" down \"\"\"DELETE FROM t\"\"\";\n"
                      "create index ix_t_a on t (a);\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r2 = result.Find("r2");
  REQUIRE(r2 != nullptr);
  for (std::size_t d : {kSqlite, kMysql, kMariadb}) {
    INFO("dialect " << d);
    REQUIRE(r2->up[d].size() == 2);
    CHECK(r2->up[d][0].raw_sql);
    CHECK_FALSE(r2->up[d][1].raw_sql);
    REQUIRE(r2->down[d].size() == 2);  // last operation first
    CHECK_FALSE(r2->down[d][0].raw_sql);
    CHECK(r2->down[d][1].raw_sql);
  }
}

}  // namespace
}  // namespace retort
