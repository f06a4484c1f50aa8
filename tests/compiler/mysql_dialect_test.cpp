// MySQL rendering (lower/mysql_dialect.cpp): the statements per operation,
// its wider type system, and how a dropped constraint is resolved; SQLite's
// side of the same histories runs on a real in-memory database.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "lowered_sqlite.h"
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

TEST_CASE("retort.toml: only the targets are checked and compiled, with the project's defaults") {
  const std::string wide = Header("r1") +
                           "create table t { id integer primary key; name varchar(1000) unique; }\n";
  // The unique key is over MySQL's 3072 bytes in utf8mb4: an error there only.
  auto all = CompileFiles({{"m/1.mig", wide}});
  CHECK(all.Text().find("error:") != std::string::npos);
  auto sqlite_only = CompileFiles({{"m/1.mig", wide}, {"m/retort.toml", "dialects = [\"sqlite\"]\n"}});
  CHECK(sqlite_only.Text() == "");
  REQUIRE(sqlite_only.history);
  CHECK(sqlite_only.Find("r1")->up[kMysql].empty());

  auto latin = CompileFiles(
      {{"m/1.mig", wide},
       {"m/retort.toml",
        "dialects = [\"mariadb\"]\n[mysql]\ncharset = \"latin1\"\ncollate = \"\"\n"}});
  REQUIRE(latin.Text() == "");  // 1000 latin1 bytes fit in a key
  const auto* r1 = latin.Find("r1");
  CHECK(r1->up[kSqlite].empty());
  CHECK(r1->up[kMysql].empty());
  REQUIRE(r1->up[kMariadb].size() == 1);
  const std::string& create = r1->up[kMariadb][0].sql;
  CHECK(create.substr(create.find(')', create.rfind("UNIQUE"))) ==
        ")\n) ENGINE=InnoDB DEFAULT CHARSET=latin1");
  CHECK(latin.history->dialects == 1u << kMariadb);
}

TEST_CASE("retort.toml: index names are per table when SQLite is not a target") {
  const std::string two = Header("r1") +
                          "create table a { id integer primary key; u integer; }\n"
                          "create table b { id integer primary key; u integer; }\n"
                          "create index u on a (u);\ncreate index u on b (u);\n";
  auto mysql_only = CompileFiles({{"m/1.mig", two},
                                  {"m/2.mig", Header("r2", {"r1"}) + "drop index u on b;\n"},
                                  {"m/retort.toml", "dialects = [\"mysql\", \"mariadb\"]\n"}});
  REQUIRE(mysql_only.Text() == "");
  CHECK(Sql(mysql_only.Find("r2")->up[kMysql]) ==
        std::vector<std::string>{"DROP INDEX `u` ON `b`"});
  CHECK(Sql(mysql_only.Find("r2")->down[kMariadb]) ==
        std::vector<std::string>{"CREATE INDEX `u` ON `b` (`u`)"});
  auto with_sqlite = CompileFiles({{"m/1.mig", two}});
  CHECK(with_sqlite.Text().find("error: index 'u' already exists (on table 'a')") !=
        std::string::npos);
}

TEST_CASE("mysql: dropping the index a foreign key uses makes InnoDB generate its own again") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table p { id integer primary key; }\n"
                      "create table c { id integer primary key; pid integer not null;\n"
                      "  foreign key (pid) references p (id) on delete cascade; }\n"
                      "create index ix_c_pid on c (pid, id);\n"
                      "create index ix_c_id on c (id);\n"},
      {"m/2.mig", Header("r2", {"r1"}) + "drop index ix_c_id;\ndrop index ix_c_pid;\n"},
  });
  REQUIRE(result.Text() == "");
  const std::vector<std::string> swap{
      "ALTER TABLE `c` DROP FOREIGN KEY `fk_c_pid`",
      "ALTER TABLE `c` DROP INDEX `ix_c_pid`, ADD CONSTRAINT `fk_c_pid` FOREIGN KEY (`pid`) "
      "REFERENCES `p` (`id`) ON DELETE CASCADE"};
  // An index no key needs is dropped plainly.
  std::vector<std::string> up{"DROP INDEX `ix_c_id` ON `c`"};
  up.insert(up.end(), swap.begin(), swap.end());
  CHECK(Sql(result.Find("r2")->up[kMysql]) == up);
  // r1's down drops the indexes in reverse order: the same swap.
  auto down = Sql(result.Find("r1")->down[kMariadb]);
  REQUIRE(down.size() == 5);
  CHECK(std::vector<std::string>(down.begin() + 1, down.begin() + 3) == swap);
}

TEST_CASE("SQLite keeps what bit(n), set(...) and uuid mean in CHECKs; MySQL has them natively") {
  auto result = CompileFiles({
      {"m/1.mig", Header("r1") +
                      "create table t { id integer primary key; mask bit(3) null;\n"
                      "  tags set('a', 'b', 'c') null; ref uuid null; }\n"},
      {"m/retort.toml", "dialects = [\"sqlite\", \"mariadb\"]\n"},
  });
  REQUIRE(result.Text() == "");
  const auto* r1 = result.Find("r1");
  CHECK(r1->up[kMariadb][0].sql.find("`mask` BIT(3) NULL,\n  `tags` SET('a', 'b', 'c') NULL,\n"
                                     "  `ref` UUID NULL") != std::string::npos);
  Db db;
  db.Run(r1->up[kSqlite]);
  auto insert = [&](const std::string& column, const std::string& value) {
    return db.Exec("INSERT INTO t (" + column + ") VALUES (" + value + ")");
  };
  CHECK(insert("mask", "7") == "");
  CHECK(insert("mask", "8") != "");
  CHECK(insert("mask", "-1") != "");
  CHECK(insert("tags", "''") == "");
  CHECK(insert("tags", "'a,c'") == "");
  CHECK(insert("tags", "'c'") == "");
  CHECK(insert("tags", "'a,d'") != "");
  CHECK(insert("tags", "'ab'") != "");
  CHECK(insert("ref", "'123e4567-e89b-12d3-a456-426614174000'") == "");
  CHECK(insert("ref", "'123e4567e89b12d3a456426614174000'") != "");
}

TEST_CASE("uuid is MariaDB's: refused for MySQL and before MariaDB 10.7") {
  const std::string mig = Header("r1") + "create table t { id uuid primary key; }\n";
  auto mysql = CompileFiles({{"m/1.mig", mig}, {"m/retort.toml", "dialects = [\"mysql\"]\n"}});
  CHECK(mysql.Text().find("error: MySQL has no uuid type (column 'id')") != std::string::npos);
  auto old = CompileFiles({{"m/1.mig", mig},
                           {"m/retort.toml",
                            "dialects = [\"mariadb\"]\n[versions]\nmariadb = \"10.6\"\n"}});
  CHECK(old.Text().find("error: uuid needs MariaDB 10.7 or later; retort.toml checks against "
                        "MariaDB 10.6 (column 'id')") != std::string::npos);
}

TEST_CASE("invisible columns: MySQL 8.0.23 and MariaDB 10.3 or later, never SQLite") {
  const std::string mig = Header("r1") +
                          "create table t { id integer primary key; s varchar(9) null invisible; }\n";
  auto sqlite = CompileFiles({{"m/1.mig", mig}});
  CHECK(sqlite.Text().find("error: SQLite has no invisible columns (column 's')") !=
        std::string::npos);
  auto old = CompileFiles({{"m/1.mig", mig},
                           {"m/retort.toml",
                            "dialects = [\"mysql\"]\n[versions]\nmysql = \"8.0.22\"\n"}});
  CHECK(old.Text().find("error: invisible column 's' needs mysql 8.0.23 or later; retort.toml "
                        "checks against mysql 8.0.22") != std::string::npos);
  auto mariadb = CompileFiles({{"m/1.mig", mig}, {"m/retort.toml", "dialects = [\"mariadb\"]\n"}});
  REQUIRE(mariadb.Text() == "");
  CHECK(mariadb.Find("r1")->up[kMariadb][0].sql.find("`s` VARCHAR(9) NULL INVISIBLE") !=
        std::string::npos);
}

}  // namespace
}  // namespace retort
