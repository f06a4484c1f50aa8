// Tests for front/parse.cpp and front/ast_builder.cpp: every construct of
// grammar/Retort.g4 turned into AST fields, and the exact text of syntax and
// header diagnostics.
#include "front/parse.h"

#include <catch2/catch.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <variant>

#include "diag/text_printer.h"
#include "front/ast.h"

namespace retort {
namespace {

using ast::DefaultValue;
using ast::TypeKind;

struct Parsed {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<ast::Revision> revision;

  std::string Text() const {
    std::ostringstream out;
    diag::PrintAll(engine, sources, out);
    return out.str();
  }
};

Parsed Parse(const std::string& text, const std::string& path = "m/a.mig") {
  Parsed parsed;
  source::FileId id = parsed.sources.Add(path, text);
  parsed.revision = front::ParseFile(id, parsed.sources, parsed.engine);
  return parsed;
}

// Parses `text`, which must be free of diagnostics, and returns the revision.
ast::Revision ParseOk(const std::string& text) {
  Parsed parsed = Parse(text);
  INFO(parsed.Text());
  REQUIRE(parsed.engine.diagnostics().empty());
  REQUIRE(parsed.revision.has_value());
  return *parsed.revision;
}

const std::string kHead = "revision r1 message \"m\"\n";
const std::string kTypes =
    "integer, bigint, smallint, tinyint, mediumint (each may be unsigned), boolean, varchar(n), char(n), text, tinytext, mediumtext, longtext, decimal(p, s), float, double, date, datetime, timestamp, time (each may take (n) fractional digits), year, json, blob, tinyblob, mediumblob, longblob, binary(n), varbinary(n), bit(n), enum(...), set(...), uuid, point or geometry";

template <typename T>
const T& OpAs(const ast::Revision& revision, std::size_t i) {
  REQUIRE(i < revision.ops.size());
  const T* op = std::get_if<T>(&revision.ops[i].kind);
  REQUIRE(op != nullptr);
  return *op;
}

std::vector<std::string> Ids(const std::vector<ast::RevisionRef>& refs) {
  std::vector<std::string> ids;
  for (const ast::RevisionRef& ref : refs) ids.push_back(ref.id);
  return ids;
}

// ------------------------------------------------------------------ header

TEST_CASE("header with every clause") {
  ast::Revision r = ParseOk(
      "revision 0003_tags\n"
      "  parent 0001_initial, 0002_more\n"
      "  depends_on other_1, 42\n"
      "  branch tags\n"
      "  message \"Add \\\"tags\\\"\"\n");
  CHECK(r.id == "0003_tags");
  CHECK(r.id_loc.line == 1);
  CHECK(r.id_loc.col == 10);
  CHECK(r.id_loc.length == 9);
  CHECK(Ids(r.parents) == std::vector<std::string>{"0001_initial", "0002_more"});
  CHECK(r.parents[1].loc.line == 2);
  CHECK(r.parents[1].loc.col == 24);
  CHECK(Ids(r.depends_on) == std::vector<std::string>{"other_1", "42"});
  REQUIRE(r.labels.size() == 1);
  CHECK(r.labels[0].id == "tags");
  CHECK(r.labels[0].loc.line == 4);
  CHECK(r.labels[0].loc.col == 10);
  CHECK(r.message == "Add \"tags\"");
  CHECK(r.ops.empty());
  CHECK(r.file == 0);
}

TEST_CASE("header clauses in any order, single-quoted message") {
  ast::Revision r = ParseOk(
      "revision b message 'it''s' branch feature parent a\n");
  CHECK(r.id == "b");
  CHECK(Ids(r.parents) == std::vector<std::string>{"a"});
  REQUIRE(r.labels.size() == 1);
  CHECK(r.labels[0].id == "feature");
  CHECK(r.message == "it's");
  CHECK(r.depends_on.empty());
}

TEST_CASE("root revision has no parents") {
  ast::Revision r = ParseOk("revision 0001 message \"first\"");
  CHECK(r.id == "0001");
  CHECK(r.parents.empty());
  CHECK(r.labels.empty());
}

TEST_CASE("keywords work as revision ids and branch labels") {
  ast::Revision r =
      ParseOk("revision table parent create branch index message \"x\"\n");
  CHECK(r.id == "table");
  CHECK(Ids(r.parents) == std::vector<std::string>{"create"});
  CHECK(r.labels[0].id == "index");
}

TEST_CASE("message escapes for newline, tab, backslash and quote") {
  ast::Revision r = ParseOk("revision a message \"x\\ny\\tz\\\\w\\\"\"\n");
  CHECK(r.message == "x\ny\tz\\w\"");
}

// ------------------------------------------------------------------ create table

TEST_CASE("create table with every type") {
  ast::Revision r = ParseOk(kHead +
                            "create table t {\n"
                            "  a integer;\n"
                            "  b bigint;\n"
                            "  c smallint;\n"
                            "  d boolean;\n"
                            "  e varchar(255);\n"
                            "  f text;\n"
                            "  g decimal(10, 2);\n"
                            "  h float;\n"
                            "  i double;\n"
                            "  j date;\n"
                            "  k datetime;\n"
                            "  l timestamp;\n"
                            "  m json;\n"
                            "  n blob;\n"
                            "}\n");
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  CHECK(create.name == "t");
  REQUIRE(create.columns.size() == 14);
  const TypeKind kinds[] = {
      TypeKind::kInteger, TypeKind::kBigint,   TypeKind::kSmallint,
      TypeKind::kBoolean, TypeKind::kVarchar,  TypeKind::kText,
      TypeKind::kDecimal, TypeKind::kFloat,    TypeKind::kDouble,
      TypeKind::kDate,    TypeKind::kDatetime, TypeKind::kTimestamp,
      TypeKind::kJson,    TypeKind::kBlob};
  for (std::size_t i = 0; i < 14; ++i) {
    CAPTURE(i);
    CHECK(create.columns[i].name == std::string(1, static_cast<char>('a' + i)));
    CHECK(create.columns[i].type.kind == kinds[i]);
    CHECK(create.columns[i].nullable);
    CHECK_FALSE(create.columns[i].default_value.has_value());
    CHECK(create.columns[i].loc.line == i + 3);
    CHECK(create.columns[i].loc.col == 3);
  }
  CHECK(create.columns[4].type.length == 255);
  CHECK(create.columns[6].type.precision == 10);
  CHECK(create.columns[6].type.scale == 2);
  CHECK(ast::TypeName(create.columns[4].type) == "varchar(255)");
  CHECK(ast::TypeName(create.columns[6].type) == "decimal(10,2)");
  CHECK(create.primary_key.empty());
  // The op spans `create table t`; the table name is name_locs[0].
  CHECK(r.ops[0].loc.line == 2);
  CHECK(r.ops[0].loc.col == 1);
  CHECK(r.ops[0].loc.length == 14);
  REQUIRE(r.ops[0].name_locs.size() == 1);
  CHECK(r.ops[0].name_locs[0].col == 14);
}

TEST_CASE("column attributes: null, not null, primary key, auto_increment, unique") {
  ast::Revision r = ParseOk(kHead +
                            "create table t {\n"
                            "  id integer primary key auto_increment;\n"
                            "  a varchar(10) not null unique;\n"
                            "  b text null;\n"
                            "  c text not null null;\n"
                            "}\n");
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  REQUIRE(create.columns.size() == 4);
  const ast::Column& id = create.columns[0];
  CHECK(id.primary_key);
  CHECK(id.auto_increment);
  CHECK_FALSE(id.nullable);  // a primary key is not null
  CHECK_FALSE(id.unique);
  const ast::Column& a = create.columns[1];
  CHECK_FALSE(a.nullable);
  CHECK(a.unique);
  CHECK_FALSE(a.primary_key);
  CHECK_FALSE(a.auto_increment);
  CHECK(create.columns[2].nullable);
  CHECK(create.columns[3].nullable);  // the last attribute wins
}

TEST_CASE("default values of every kind") {
  ast::Revision r = ParseOk(kHead +
                            "create table t {\n"
                            "  a integer default 42;\n"
                            "  b integer default -7;\n"
                            "  c decimal(5,2) default 3.25;\n"
                            "  d decimal(5,2) default -0.5;\n"
                            "  e text default \"say \\\"hi\\\"\\n\";\n"
                            "  f text default 'it''s';\n"
                            "  g boolean default true;\n"
                            "  h boolean default FALSE;\n"
                            "  i text default null;\n"
                            "  j datetime default current_timestamp;\n"
                            "  k text default '';\n"
                            "}\n");
  const auto& columns = OpAs<ast::CreateTable>(r, 0).columns;
  REQUIRE(columns.size() == 11);
  auto value = [&](std::size_t i) {
    REQUIRE(columns[i].default_value.has_value());
    return *columns[i].default_value;
  };
  CHECK(value(0) == DefaultValue{DefaultValue::Kind::kNumber, "42", false});
  CHECK(value(1) == DefaultValue{DefaultValue::Kind::kNumber, "-7", false});
  CHECK(value(2) == DefaultValue{DefaultValue::Kind::kNumber, "3.25", false});
  CHECK(value(3) == DefaultValue{DefaultValue::Kind::kNumber, "-0.5", false});
  CHECK(value(4) == DefaultValue{DefaultValue::Kind::kString, "say \"hi\"\n", false});
  CHECK(value(5) == DefaultValue{DefaultValue::Kind::kString, "it's", false});
  CHECK(value(6) == DefaultValue{DefaultValue::Kind::kBool, "", true});
  CHECK(value(7) == DefaultValue{DefaultValue::Kind::kBool, "", false});
  CHECK(value(8) == DefaultValue{DefaultValue::Kind::kNull, "", false});
  CHECK(value(9) == DefaultValue{DefaultValue::Kind::kCurrentTimestamp, "", false});
  CHECK(value(10) == DefaultValue{DefaultValue::Kind::kString, "", false});
  CHECK(ast::DefaultSpelling(value(5)) == "'it''s'");
  CHECK(ast::DefaultSpelling(value(1)) == "-7");
  CHECK(ast::DefaultSpelling(value(9)) == "current_timestamp");
}

TEST_CASE("composite primary key") {
  ast::Revision r = ParseOk(kHead +
                            "create table t {\n"
                            "  a integer;\n"
                            "  b text;\n"
                            "  primary key (a, b);\n"
                            "}\n");
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  CHECK(create.primary_key == std::vector<std::string>{"a", "b"});
  CHECK(create.primary_key_loc.line == 5);
  CHECK(create.primary_key_loc.col == 3);
  CHECK(create.primary_key_loc.length == 18);
  REQUIRE(create.columns.size() == 2);
  CHECK_FALSE(create.columns[0].primary_key);
}

TEST_CASE("create table with no columns parses") {
  ast::Revision r = ParseOk(kHead + "create table empty {}\n");
  CHECK(OpAs<ast::CreateTable>(r, 0).columns.empty());
}

// ------------------------------------------------------------------ other ops

TEST_CASE("drop table") {
  ast::Revision r = ParseOk(kHead + "drop table old_stuff;\n");
  CHECK(OpAs<ast::DropTable>(r, 0).name == "old_stuff");
  CHECK(r.ops[0].loc.line == 2);
  REQUIRE(r.ops[0].name_locs.size() == 1);
  CHECK(r.ops[0].name_locs[0].col == 12);
  CHECK(r.ops[0].name_locs[0].length == 9);
}

TEST_CASE("alter table becomes one op per action") {
  ast::Revision r = ParseOk(kHead +
                            "alter table users {\n"
                            "  add column age smallint not null default 0;\n"
                            "  drop column nickname;\n"
                            "  add column bio text;\n"
                            "}\n");
  REQUIRE(r.ops.size() == 3);
  const auto& add = OpAs<ast::AddColumn>(r, 0);
  CHECK(add.table == "users");
  CHECK(add.column.name == "age");
  CHECK(add.column.type.kind == TypeKind::kSmallint);
  CHECK_FALSE(add.column.nullable);
  REQUIRE(add.column.default_value.has_value());
  CHECK(add.column.default_value->text == "0");
  const auto& drop = OpAs<ast::DropColumn>(r, 1);
  CHECK(drop.table == "users");
  CHECK(drop.column == "nickname");
  CHECK(OpAs<ast::AddColumn>(r, 2).column.name == "bio");
  // name_locs: [0] the table, [1] the column.
  REQUIRE(r.ops[1].name_locs.size() == 2);
  CHECK(r.ops[1].name_locs[0].line == 2);
  CHECK(r.ops[1].name_locs[0].col == 13);
  CHECK(r.ops[1].name_locs[1].line == 4);
  CHECK(r.ops[1].name_locs[1].col == 15);
  CHECK(r.ops[1].loc.line == 4);
  CHECK(r.ops[1].loc.col == 3);
}

TEST_CASE("create index and create unique index with several columns") {
  ast::Revision r = ParseOk(kHead +
                            "create index ix_a on t (a);\n"
                            "create unique index ix_bc on t (b, c, d);\n");
  const ast::Index& a = OpAs<ast::CreateIndex>(r, 0).index;
  CHECK(a.name == "ix_a");
  CHECK(a.table == "t");
  CHECK(a.columns == std::vector<std::string>{"a"});
  CHECK_FALSE(a.unique);
  CHECK(a.loc.line == 2);
  CHECK(a.loc.col == 14);
  const ast::Index& bc = OpAs<ast::CreateIndex>(r, 1).index;
  CHECK(bc.name == "ix_bc");
  CHECK(bc.columns == std::vector<std::string>{"b", "c", "d"});
  CHECK(bc.unique);
  // name_locs: [0] the table, [1] the index.
  REQUIRE(r.ops[1].name_locs.size() == 2);
  CHECK(r.ops[1].name_locs[0].col == 30);
  CHECK(r.ops[1].name_locs[1].col == 21);
}

TEST_CASE("drop index with and without on") {
  ast::Revision r = ParseOk(kHead +
                            "drop index ix_a;\n"
                            "drop index ix_b on t;\n");
  const auto& a = OpAs<ast::DropIndex>(r, 0);
  CHECK(a.name == "ix_a");
  CHECK(a.table.empty());
  CHECK(r.ops[0].name_locs.size() == 1);
  const auto& b = OpAs<ast::DropIndex>(r, 1);
  CHECK(b.name == "ix_b");
  CHECK(b.table == "t");
  REQUIRE(r.ops[1].name_locs.size() == 2);
  CHECK(r.ops[1].name_locs[1].col == 20);
}

TEST_CASE("sql block with down, split into statements") {
  ast::Revision r = ParseOk(kHead +
                            "sql \"\"\"\n"
                            "  INSERT INTO t VALUES ('a;b');\n"
                            "  UPDATE t SET x = 1; -- done; really\n"
                            "\"\"\" down \"\"\"DELETE FROM t\"\"\";\n");
  const auto& sql = OpAs<ast::RawSql>(r, 0);
  CHECK(sql.up.any == std::vector<std::string>{"INSERT INTO t VALUES ('a;b')",
                                           "UPDATE t SET x = 1"});
  REQUIRE(sql.down.has_value());
  CHECK(sql.down->any == std::vector<std::string>{"DELETE FROM t"});
  CHECK(r.ops[0].loc.line == 2);
  CHECK(r.ops[0].loc.col == 1);
  CHECK(r.ops[0].loc.length == 3);
}

TEST_CASE("irreversible sql block") {
  ast::Revision r = ParseOk(kHead + "SQL \"\"\"DELETE FROM t\"\"\" irreversible;\n");
  const auto& sql = OpAs<ast::RawSql>(r, 0);
  CHECK(sql.up.any == std::vector<std::string>{"DELETE FROM t"});
  CHECK_FALSE(sql.down.has_value());
}

TEST_CASE("sql block with an empty down is reversible with no statements") {
  ast::Revision r = ParseOk(kHead + "sql \"\"\"SELECT 1\"\"\" down \"\"\"\"\"\";\n");
  const auto& sql = OpAs<ast::RawSql>(r, 0);
  REQUIRE(sql.down.has_value());
  CHECK(sql.down->any->empty());
}

// ------------------------------------------------------------------ lexical

TEST_CASE("comments of every kind are skipped") {
  ast::Revision r = ParseOk(
      "-- a dash comment\n"
      "// a slash comment\n"
      "# a hash comment\n"
      "/* a block\n"
      "   comment */ revision r1 /* inline */ message \"m\" // trailing\n"
      "create table t { -- here\n"
      "  a /* type: */ integer; # there\n"
      "}\n");
  CHECK(r.id == "r1");
  CHECK(r.id_loc.line == 5);
  CHECK(r.id_loc.col == 24);
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  REQUIRE(create.columns.size() == 1);
  CHECK(create.columns[0].name == "a");
  CHECK(create.columns[0].type.kind == TypeKind::kInteger);
}

TEST_CASE("keywords as table, column and index names") {
  ast::Revision r = ParseOk(kHead +
                            "create table order {\n"
                            "  key integer;\n"
                            "  table text;\n"
                            "  default text;\n"
                            "}\n"
                            "create index index on order (key, table);\n");
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  CHECK(create.name == "order");
  REQUIRE(create.columns.size() == 3);
  CHECK(create.columns[0].name == "key");
  CHECK(create.columns[1].name == "table");
  CHECK(create.columns[2].name == "default");
  const ast::Index& index = OpAs<ast::CreateIndex>(r, 1).index;
  CHECK(index.name == "index");
  CHECK(index.table == "order");
  CHECK(index.columns == std::vector<std::string>{"key", "table"});
}

TEST_CASE("backquoted names lose their quotes") {
  ast::Revision r = ParseOk(kHead +
                            "create table `user data` {\n"
                            "  `first name` text;\n"
                            "}\n"
                            "drop index `ix x` on `user data`;\n");
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  CHECK(create.name == "user data");
  CHECK(create.columns[0].name == "first name");
  CHECK(create.columns[0].loc.length == 12);
  const auto& drop = OpAs<ast::DropIndex>(r, 1);
  CHECK(drop.name == "ix x");
  CHECK(drop.table == "user data");
}

TEST_CASE("keywords are case-insensitive and names keep their case") {
  ast::Revision r = ParseOk(
      "REVISION R1 PARENT R0 Depends_On D0 BRANCH Main MESSAGE \"m\"\n"
      "CREATE TABLE Users { Id INTEGER PRIMARY KEY AUTO_INCREMENT; "
      "Name VarChar(3) NOT NULL DEFAULT 'x'; At DateTime Default Current_Timestamp; }\n"
      "Alter Table Users { ADD COLUMN Z Text Null; DROP COLUMN Name; }\n"
      "CREATE UNIQUE INDEX Ix ON Users (Id);\n"
      "DROP INDEX Ix ON Users;\n"
      "DROP TABLE Users;\n");
  CHECK(r.id == "R1");
  CHECK(Ids(r.parents) == std::vector<std::string>{"R0"});
  CHECK(Ids(r.depends_on) == std::vector<std::string>{"D0"});
  CHECK(r.labels[0].id == "Main");
  REQUIRE(r.ops.size() == 6);
  const auto& create = OpAs<ast::CreateTable>(r, 0);
  CHECK(create.name == "Users");
  REQUIRE(create.columns.size() == 3);
  CHECK(create.columns[0].auto_increment);
  CHECK(create.columns[1].type.kind == TypeKind::kVarchar);
  CHECK(create.columns[1].type.length == 3);
  CHECK(create.columns[2].default_value->kind ==
        DefaultValue::Kind::kCurrentTimestamp);
  CHECK(OpAs<ast::AddColumn>(r, 1).column.name == "Z");
  CHECK(OpAs<ast::DropColumn>(r, 2).column == "Name");
  CHECK(OpAs<ast::CreateIndex>(r, 3).index.unique);
  CHECK(OpAs<ast::DropIndex>(r, 4).table == "Users");
  CHECK(OpAs<ast::DropTable>(r, 5).name == "Users");
}

TEST_CASE("CRLF line endings") {
  Parsed parsed = Parse(
      "revision a\r\n  message \"m\"\r\ncreate table t {\r\n  a integr;\r\n}\r\n");
  CHECK_FALSE(parsed.revision.has_value());
  // The carriage return is not part of the printed source line.
  CHECK(parsed.Text() ==
        "m/a.mig:4:5: error: unknown type 'integr'; expected " +
            kTypes + "\n"
            "  a integr;\n"
            "    ^~~~~~\n"
            "1 error generated.\n");
}

// ------------------------------------------------------------------ errors

TEST_CASE("misspelt type") {
  Parsed parsed = Parse(kHead +
                        "create table t {\n"
                        "  name varchr(20);\n"
                        "}\n");
  CHECK_FALSE(parsed.revision.has_value());
  // One error: ANTLR's recovery tripping over the '(' is not news.
  CHECK(parsed.Text() ==
        "m/a.mig:3:8: error: unknown type 'varchr'; expected " + kTypes +
            "\n"
            "  name varchr(20);\n"
            "       ^~~~~~\n"
            "1 error generated.\n");
}

TEST_CASE("missing semicolon after a column") {
  Parsed parsed = Parse(kHead +
                        "create table t {\n"
                        "  a integer\n"
                        "  b text;\n"
                        "}\n");
  CHECK_FALSE(parsed.revision.has_value());
  // Reported right after the token that lacks it, not at the next line.
  CHECK(parsed.Text() ==
        "m/a.mig:3:12: error: missing ';' before 'b'\n"
        "  a integer\n"
        "           ^\n"
        "1 error generated.\n");
}

TEST_CASE("missing semicolon after drop table") {
  Parsed parsed = Parse(kHead +
                        "drop table t\n"
                        "drop table u;\n");
  CHECK_FALSE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:2:13: error: missing ';' before 'drop'\n"
        "drop table t\n"
        "            ^\n"
        "1 error generated.\n");
}

TEST_CASE("missing revision header") {
  Parsed parsed = Parse(
      "create table t {\n"
      "  a integer;\n"
      "}\n");
  CHECK_FALSE(parsed.revision.has_value());
  // ANTLR inserts the missing keyword, takes `create` as the id and then
  // stumbles over `table`.
  CHECK(parsed.Text() ==
        "m/a.mig:1:1: error: missing revision before 'create'\n"
        "create table t {\n"
        "^~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("empty file") {
  Parsed parsed = Parse("");
  CHECK_FALSE(parsed.revision.has_value());
  // No source line to show for an empty file.
  CHECK(parsed.Text() ==
        "m/a.mig:1:1: error: mismatched input end of file expecting revision\n"
        "1 error generated.\n");
}

const std::string kStatements =
    "create table, create [unique|spatial] index, create view, create trigger, create event, "
    "drop table, drop index, drop view, drop trigger, drop event, alter table, rename table, "
    "rename index or sql";

TEST_CASE("an unknown statement or type is one error, in words") {
  Parsed parsed = Parse(
      "revision a message \"m\"\n"
      "create procedure p as \"\"\"DELETE FROM t\"\"\";\n");
  CHECK(parsed.Text() ==
        "m/a.mig:2:8: error: unknown statement 'create procedure'; expected " + kStatements +
        "\n"
        "create procedure p as \"\"\"DELETE FROM t\"\"\";\n"
        "       ^~~~~~~~~\n"
        "1 error generated.\n");
  parsed = Parse(
      "revision a message \"m\"\n"
      "create event e on schedule every 1 day do \"\"\"DELETE FROM t\"\"\";\n");
  CHECK(parsed.Text() ==
        "m/a.mig:2:28: error: expected a text in triple quotes (\"\"\"...\"\"\") here, not "
        "'every'\n"
        "create event e on schedule every 1 day do \"\"\"DELETE FROM t\"\"\";\n"
        "                           ^~~~~\n"
        "1 error generated.\n");
  parsed = Parse("revision a message \"m\"\ncreate table t { d clock null; }\n");
  CHECK(parsed.Text() ==
        "m/a.mig:2:20: error: unknown type 'clock'; expected " + kTypes + "\n"
        "create table t { d clock null; }\n"
        "                   ^~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("unexpected character") {
  Parsed parsed = Parse(kHead + "create table t { a integer; } @\n");
  CHECK_FALSE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:2:31: error: unknown statement '@'; expected " + kStatements + "\n"
        "create table t { a integer; } @\n"
        "                              ^\n"
        "1 error generated.\n");
}

TEST_CASE("varchar length out of range") {
  Parsed parsed = Parse(kHead +
                        "create table t {\n"
                        "  a varchar(0);\n"
                        "  b varchar(65536);\n"
                        "  c varchar(99999999999);\n"
                        "}\n");
  // Range errors are semantic: the revision is still built.
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:3:13: error: '0' is not a valid varchar length (1 to 65535)\n"
        "  a varchar(0);\n"
        "            ^\n"
        "m/a.mig:4:13: error: '65536' is not a valid varchar length (1 to 65535)\n"
        "  b varchar(65536);\n"
        "            ^~~~~\n"
        "m/a.mig:5:13: error: '99999999999' is not a valid varchar length (1 to 65535)\n"
        "  c varchar(99999999999);\n"
        "            ^~~~~~~~~~~\n"
        "3 errors generated.\n");
  const auto& columns = OpAs<ast::CreateTable>(*parsed.revision, 0).columns;
  CHECK(columns[1].type.length == 1);  // replaced by the minimum
}

TEST_CASE("decimal precision and scale out of range") {
  Parsed parsed = Parse(kHead +
                        "create table t {\n"
                        "  a decimal(66, 2);\n"
                        "  b decimal(5, 6);\n"
                        "}\n");
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:3:13: error: '66' is not a valid decimal precision (1 to 65)\n"
        "  a decimal(66, 2);\n"
        "            ^~\n"
        "m/a.mig:4:16: error: '6' is not a valid decimal scale (0 to 5)\n"
        "  b decimal(5, 6);\n"
        "               ^\n"
        "2 errors generated.\n");
}

TEST_CASE("header clause given twice") {
  Parsed parsed = Parse(
      "revision r2\n"
      "  parent r1\n"
      "  message \"one\"\n"
      "  parent r0\n"
      "  message \"two\"\n"
      "  depends_on x\n"
      "  depends_on y\n");
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:4:3: error: 'parent' given twice in the revision header\n"
        "  parent r0\n"
        "  ^~~~~~\n"
        "m/a.mig:5:3: error: 'message' given twice in the revision header\n"
        "  message \"two\"\n"
        "  ^~~~~~~\n"
        "m/a.mig:7:3: error: 'depends_on' given twice in the revision header\n"
        "  depends_on y\n"
        "  ^~~~~~~~~~\n"
        "3 errors generated.\n");
  // Both clauses contribute; the later message wins.
  CHECK(Ids(parsed.revision->parents) == std::vector<std::string>{"r1", "r0"});
  CHECK(parsed.revision->message == "two");
}

TEST_CASE("several branch clauses are allowed") {
  ast::Revision r = ParseOk("revision a branch x branch y message \"m\"\n");
  CHECK(Ids(r.labels) == std::vector<std::string>{"x", "y"});
}

TEST_CASE("missing message is a warning") {
  Parsed parsed = Parse("revision 0007_quiet\n  parent 0006\n");
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.engine.error_count() == 0);
  CHECK(parsed.Text() ==
        "m/a.mig:1:10: warning: revision '0007_quiet' has no message\n"
        "revision 0007_quiet\n"
        "         ^~~~~~~~~~\n"
        "1 warning generated.\n");
  CHECK(parsed.revision->message.empty());
}

TEST_CASE("primary key declared twice at table level") {
  Parsed parsed = Parse(kHead +
                        "create table t {\n"
                        "  a integer;\n"
                        "  primary key (a);\n"
                        "  primary key (a);\n"
                        "}\n");
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:5:3: error: table 't' declares its primary key twice\n"
        "  primary key (a);\n"
        "  ^~~~~~~~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("unterminated sql block") {
  Parsed parsed = Parse(kHead + "sql \"\"\"SELECT 1;\n");
  CHECK_FALSE(parsed.revision.has_value());
  // `"""SELECT 1;` has no closing quotes: the lexer falls back to an empty
  // string `""`; the listener recognises that and says what happened.
  CHECK(parsed.Text() ==
        "m/a.mig:2:5: error: unterminated \"\"\" sql text: close it with "
        "\"\"\"\n"
        "sql \"\"\"SELECT 1;\n"
        "    ^~~\n"
        "1 error generated.\n");
}

TEST_CASE("sql block without down or irreversible") {
  Parsed parsed = Parse(kHead + "sql \"\"\"SELECT 1\"\"\";\n");
  CHECK_FALSE(parsed.revision.has_value());
  CHECK(parsed.Text() ==
        "m/a.mig:2:19: error: mismatched input ';' expecting {down, "
        "irreversible}\n"
        "sql \"\"\"SELECT 1\"\"\";\n"
        "                  ^\n"
        "1 error generated.\n");
}

TEST_CASE("positions use the file path given to the source set") {
  Parsed parsed = Parse("revision a message \"m\"\ndrop tabel t;\n",
                        "migrations/0002_x.mig");
  CHECK_FALSE(parsed.revision.has_value());
  CHECK(parsed.Text().rfind("migrations/0002_x.mig:2:6: error: ", 0) == 0);
}

}  // namespace
}  // namespace retort
