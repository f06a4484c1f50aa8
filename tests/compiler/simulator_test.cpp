// Tests for check/simulator.cpp (and the SchemaState it drives): every schema
// check as exact text, checks that follow the revision graph (branches,
// merges, depends_on), and the simulated schema at given revisions.
#include "check/simulator.h"
#include "check/validate.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "check/schema_state.h"
#include "test_support.h"

namespace retort {
namespace {

using testing::BuildGraph;
using testing::CompileFiles;
using testing::CompileResult;
using testing::Files;
using testing::GraphResult;
using testing::Header;

// A root revision "a" (header: 2 lines, body from line 3).
Files Root(const std::string& body) { return {{"m/a.mig", Header("a") + body}}; }

// Root "a" with `setup`, then "b" (parent a; body from line 4).
Files Chain(const std::string& setup, const std::string& body) {
  return {{"m/a.mig", Header("a") + setup}, {"m/b.mig", Header("b", {"a"}) + body}};
}

const std::string kUsers =
    "create table users {\n"               // a.mig:3
    "  id integer primary key;\n"          // 4
    "  email varchar(255) not null;\n"     // 5
    "  name text;\n"                       // 6
    "}\n"                                  // 7
    "create index ix_email on users (email);\n";  // 8

std::vector<std::string> ColumnNames(const check::TableDef& table) {
  std::vector<std::string> names;
  for (const ast::Column& c : table.columns) names.push_back(c.name);
  return names;
}

std::vector<std::string> TableNames(const check::SchemaState& state) {
  std::vector<std::string> names;
  for (const auto& [name, table] : state.tables()) names.push_back(name);
  return names;
}

std::vector<std::string> IndexNames(const check::TableDef& table) {
  std::vector<std::string> names;
  for (const ast::Index& index : table.indexes) names.push_back(index.name);
  return names;
}

check::SchemaState StateAt(const GraphResult& result, const std::string& id) {
  REQUIRE(result.graph.has_value());
  std::int64_t index = result.graph->Find(id);
  REQUIRE(index >= 0);
  diag::DiagnosticEngine engine;
  check::SchemaState state =
      check::StateAfter(*result.graph, static_cast<std::uint32_t>(index), engine);
  CHECK(engine.diagnostics().empty());
  return state;
}

// ------------------------------------------------------------------ tables

TEST_CASE("create a table that already exists") {
  CompileResult result = CompileFiles(Chain(kUsers, "create table users { x integer; }\n"));
  CHECK_FALSE(result.history.has_value());
  CHECK(result.Text() ==
        "m/b.mig:4:14: error: table 'users' already exists\n"
        "create table users { x integer; }\n"
        "             ^~~~~\n"
        "m/a.mig:3:1: note: 'users' was created here\n"
        "create table users {\n"
        "^~~~~~~~~~~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("create a table twice in one revision") {
  CompileResult result = CompileFiles(Root(
      "create table t { a integer; }\n"
      "create table t { b integer; }\n"));
  CHECK(result.Text() ==
        "m/a.mig:4:14: error: table 't' already exists\n"
        "create table t { b integer; }\n"
        "             ^\n"
        "m/a.mig:3:1: note: 't' was created here\n"
        "create table t { a integer; }\n"
        "^~~~~~~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("drop, alter and index an unknown table") {
  CompileResult result = CompileFiles(Chain(
      kUsers,
      "drop table user;\n"                           // 4
      "alter table usres { add column x text; }\n"   // 5
      "alter table usres { drop column name; }\n"    // 6
      "create index ix on nope (a);\n"));            // 7
  CHECK(result.Text() ==
        "m/b.mig:4:12: error: table 'user' does not exist at this revision\n"
        "drop table user;\n"
        "           ^~~~\n"
        "m/b.mig:5:13: error: table 'usres' does not exist at this revision\n"
        "alter table usres { add column x text; }\n"
        "            ^~~~~\n"
        "m/b.mig:6:13: error: table 'usres' does not exist at this revision\n"
        "alter table usres { drop column name; }\n"
        "            ^~~~~\n"
        "m/b.mig:7:20: error: table 'nope' does not exist at this revision\n"
        "create index ix on nope (a);\n"
        "                   ^~~~\n"
        "4 errors generated.\n");
}

TEST_CASE("each action of an alter on an unknown table reports it") {
  // Current behaviour: an alter becomes one op per action, and each op
  // reports the missing table at the same place.
  CompileResult result = CompileFiles(
      Root("alter table nope { add column x text; drop column y; }\n"));
  CHECK(result.Text() ==
        "m/a.mig:3:13: error: table 'nope' does not exist at this revision\n"
        "alter table nope { add column x text; drop column y; }\n"
        "            ^~~~\n"
        "m/a.mig:3:13: error: table 'nope' does not exist at this revision\n"
        "alter table nope { add column x text; drop column y; }\n"
        "            ^~~~\n"
        "2 errors generated.\n");
}

TEST_CASE("a table is gone after drop table") {
  CompileResult result = CompileFiles(Chain(kUsers,
                                            "drop table users;\n"
                                            "drop table users;\n"));
  CHECK(result.Text() ==
        "m/b.mig:5:12: error: table 'users' does not exist at this revision\n"
        "drop table users;\n"
        "           ^~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("duplicate column in create table") {
  CompileResult result = CompileFiles(Root(
      "create table t {\n"
      "  a integer;\n"
      "  b text;\n"
      "  a text;\n"
      "}\n"));
  CHECK(result.Text() ==
        "m/a.mig:6:3: error: column 'a' is declared twice in table 't'\n"
        "  a text;\n"
        "  ^\n"
        "1 error generated.\n");
}

TEST_CASE("table without columns") {
  CompileResult result = CompileFiles(Root("create table t {}\n"));
  CHECK(result.Text() ==
        "m/a.mig:3:14: error: table 't' has no columns\n"
        "create table t {}\n"
        "             ^\n"
        "1 error generated.\n");
}

TEST_CASE("primary key problems in create table") {
  CompileResult result = CompileFiles(Root(
      "create table t {\n"                   // 3
      "  a integer primary key;\n"           // 4
      "  b integer primary key;\n"           // 5
      "  primary key (a);\n"                 // 6
      "}\n"
      "create table u {\n"                   // 8
      "  a integer;\n"
      "  primary key (a, missing);\n"        // 10
      "}\n"));
  CHECK(result.Text() ==
        "m/a.mig:5:3: error: table 't' declares its primary key twice\n"
        "  b integer primary key;\n"
        "  ^\n"
        "m/a.mig:6:3: error: table 't' declares its primary key twice\n"
        "  primary key (a);\n"
        "  ^~~~~~~~~~~~~~~\n"
        "m/a.mig:10:3: error: column 'missing' does not exist in table 'u'\n"
        "  primary key (a, missing);\n"
        "  ^~~~~~~~~~~~~~~~~~~~~~~~\n"
        "3 errors generated.\n");
}

// ------------------------------------------------------------------ columns

TEST_CASE("add a column that already exists") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "alter table users {\n  add column email text;\n}\n"));
  CHECK(result.Text() ==
        "m/b.mig:5:14: error: column 'email' already exists in table 'users'\n"
        "  add column email text;\n"
        "             ^~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("drop a column that does not exist") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "alter table users { drop column nmae; }\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:33: error: column 'nmae' does not exist in table 'users'\n"
        "alter table users { drop column nmae; }\n"
        "                                ^~~~\n"
        "1 error generated.\n");
}

TEST_CASE("drop a column an index uses") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "alter table users { drop column email; }\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:33: error: cannot drop column 'email' of table 'users': "
        "index 'ix_email' uses it; drop the index first\n"
        "alter table users { drop column email; }\n"
        "                                ^~~~~\n"
        "m/a.mig:8:14: note: 'ix_email' was created here\n"
        "create index ix_email on users (email);\n"
        "             ^~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("drop a column after dropping its index") {
  CompileResult result = CompileFiles(Chain(
      kUsers, "drop index ix_email;\nalter table users { drop column email; }\n"));
  CHECK(result.Text().empty());
  CHECK(result.history.has_value());
}

TEST_CASE("drop a primary key column") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "alter table users { drop column id; }\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:33: error: cannot drop column 'id' of table 'users': it is "
        "part of the primary key\n"
        "alter table users { drop column id; }\n"
        "                                ^~\n"
        "1 error generated.\n");
}

TEST_CASE("drop a column of a composite primary key") {
  CompileResult result = CompileFiles(Chain(
      "create table t { a integer; b integer; c text; primary key (a, b); }\n",
      "alter table t { drop column b; }\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:29: error: cannot drop column 'b' of table 't': it is part "
        "of the primary key\n"
        "alter table t { drop column b; }\n"
        "                            ^\n"
        "1 error generated.\n");
}

TEST_CASE("drop the last column") {
  CompileResult result = CompileFiles(Chain(
      "create table t { a integer; b text; }\n",
      "alter table t {\n"
      "  drop column a;\n"
      "  drop column b;\n"
      "}\n"));
  CHECK(result.Text() ==
        "m/b.mig:6:15: error: cannot drop column 'b': it is the last column of "
        "table 't'; drop the table instead\n"
        "  drop column b;\n"
        "              ^\n"
        "1 error generated.\n");
}

TEST_CASE("the same column dropped twice in one alter") {
  CompileResult result = CompileFiles(Chain(
      "create table t { a integer; b text; c text; }\n",
      "alter table t { drop column b; drop column b; }\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:44: error: column 'b' does not exist in table 't'\n"
        "alter table t { drop column b; drop column b; }\n"
        "                                           ^\n"
        "1 error generated.\n");
}

// ------------------------------------------------------------------ indexes

TEST_CASE("index on a missing column") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "create index ix_n on users (name, nick);\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:35: error: column 'nick' does not exist in table 'users'\n"
        "create index ix_n on users (name, nick);\n"
        "                                  ^~~~\n"
        "1 error generated.\n");
}

TEST_CASE("index naming a column twice") {
  CompileResult result =
      CompileFiles(Chain(kUsers, "create index ix_n on users (name, name);\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:35: error: column 'name' appears twice in index 'ix_n'\n"
        "create index ix_n on users (name, name);\n"
        "                                  ^~~~\n"
        "1 error generated.\n");
}

TEST_CASE("index name used twice, also across tables") {
  CompileResult result = CompileFiles(Chain(
      kUsers,
      "create table other { email text; }\n"               // 4
      "create unique index ix_email on other (email);\n"));  // 5
  CHECK(result.Text() ==
        "m/b.mig:5:21: error: index 'ix_email' already exists (on table 'users')\n"
        "create unique index ix_email on other (email);\n"
        "                    ^~~~~~~~\n"
        "m/a.mig:8:14: note: 'ix_email' was created here\n"
        "create index ix_email on users (email);\n"
        "             ^~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("drop an index that does not exist") {
  CompileResult result = CompileFiles(Chain(kUsers,
                                            "drop index ix_mail;\n"
                                            "drop index ix_email;\n"
                                            "drop index ix_email on users;\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:12: error: index 'ix_mail' does not exist at this revision\n"
        "drop index ix_mail;\n"
        "           ^~~~~~~\n"
        "m/b.mig:6:12: error: index 'ix_email' does not exist at this revision\n"
        "drop index ix_email on users;\n"
        "           ^~~~~~~~\n"
        "2 errors generated.\n");
}

TEST_CASE("drop index on the wrong table") {
  CompileResult result = CompileFiles(Chain(
      kUsers + "create table posts { id integer; }\n",
      "drop index ix_email on posts;\n"));
  CHECK(result.Text() ==
        "m/b.mig:4:24: error: index 'ix_email' is on table 'users', not 'posts'\n"
        "drop index ix_email on posts;\n"
        "                       ^~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("dropping a table drops its indexes") {
  CompileResult result = CompileFiles(Chain(
      kUsers,
      "drop table users;\n"
      "create table users { email varchar(255); }\n"
      "create index ix_email on users (email);\n"));
  CHECK(result.Text().empty());
  CHECK(result.history.has_value());
}

// ------------------------------------------------------------------ defaults

TEST_CASE("defaults that do not fit their column") {
  CompileResult result = CompileFiles(Root(
      "create table t {\n"                                      // 3
      "  a blob default 'x';\n"                                 // 4
      "  b text default 5;\n"                                   // 5
      "  c varchar(5) default true;\n"                          // 6
      "  d date default current_timestamp;\n"                   // 7
      "  e integer not null default null;\n"                    // 8
      "  f boolean default 1.5;\n"                              // 9
      "  ok1 integer default -1;\n"
      "  ok2 integer default false;\n"
      "  ok3 timestamp default current_timestamp;\n"
      "  ok4 decimal(5,2) default 1.25;\n"
      "  ok5 json default '{}';\n"
      "  ok6 text null default null;\n"
      "}\n"));
  CHECK(result.Text() ==
        "m/a.mig:4:3: error: MySQL rejects a literal default on blob column 'a'; "
        "drop the default or use varchar(n)\n"
        "  a blob default 'x';\n"
        "  ^\n"
        "m/a.mig:5:3: error: default 5 does not fit column 'b' of type text\n"
        "  b text default 5;\n"
        "  ^\n"
        "m/a.mig:6:3: error: default true does not fit column 'c' of type "
        "varchar(5)\n"
        "  c varchar(5) default true;\n"
        "  ^\n"
        "m/a.mig:7:3: error: default current_timestamp does not fit column 'd' "
        "of type date\n"
        "  d date default current_timestamp;\n"
        "  ^\n"
        "m/a.mig:8:3: error: default null does not fit column 'e' of type "
        "integer\n"
        "  e integer not null default null;\n"
        "  ^\n"
        "m/a.mig:14:3: error: MySQL rejects a literal default on json column "
        "'ok5'; drop the default or use varchar(n)\n"
        "  ok5 json default '{}';\n"
        "  ^~~\n"
        "6 errors generated.\n");
}

TEST_CASE("a bad default on an added column") {
  CompileResult result = CompileFiles(
      Chain(kUsers, "alter table users { add column flag boolean default 'y'; }\n"));
  CHECK(result.Text().empty());  // strings fit every type (MySQL: not LOBs)
  CompileResult bad = CompileFiles(
      Chain(kUsers, "alter table users { add column data blob default 'y'; }\n"));
  CHECK(bad.Text() ==
        "m/b.mig:4:32: error: MySQL rejects a literal default on blob column "
        "'data'; drop the default or use varchar(n)\n"
        "alter table users { add column data blob default 'y'; }\n"
        "                               ^~~~\n"
        "1 error generated.\n");
}

// ------------------------------------------------------------------ auto_increment

TEST_CASE("auto_increment rules") {
  CompileResult result = CompileFiles(Root(
      "create table a1 { id text primary key auto_increment; }\n"         // 3
      "create table a2 { id integer auto_increment; x integer; }\n"       // 4
      "create table a3 { id integer auto_increment; x integer; primary key (id, x); }\n"
      "create table a4 { id bigint primary key auto_increment; }\n"       // 6
      "create table a5 { id smallint auto_increment; primary key (id); }\n"));
  CHECK(result.Text() ==
        "m/a.mig:3:19: error: auto_increment column 'id' must be integer, "
        "bigint or smallint\n"
        "create table a1 { id text primary key auto_increment; }\n"
        "                  ^~\n"
        "m/a.mig:4:19: error: auto_increment column 'id' must be the "
        "single-column primary key of table 'a2'\n"
        "create table a2 { id integer auto_increment; x integer; }\n"
        "                  ^~\n"
        "m/a.mig:5:19: error: auto_increment column 'id' must be the "
        "single-column primary key of table 'a3'\n"
        "create table a3 { id integer auto_increment; x integer; primary key "
        "(id, x); }\n"
        "                  ^~\n"
        "3 errors generated.\n");
}

TEST_CASE("auto_increment or primary key on an added column") {
  CompileResult result = CompileFiles(Chain(
      "create table t { a integer; }\n",
      "alter table t {\n"
      "  add column id integer auto_increment;\n"
      "  add column k integer primary key;\n"
      "}\n"));
  CHECK(result.Text() ==
        "m/b.mig:5:14: error: auto_increment column 'id' must be the "
        "single-column primary key of table 't'\n"
        "  add column id integer auto_increment;\n"
        "             ^~\n"
        "m/b.mig:6:14: error: cannot add primary key column 'k' to existing "
        "table 't'\n"
        "  add column k integer primary key;\n"
        "             ^\n"
        "2 errors generated.\n");
}

// ------------------------------------------------------------------ warnings

TEST_CASE("not null column added without a default warns") {
  CompileResult result = CompileFiles(Chain(
      kUsers,
      "alter table users {\n"
      "  add column age integer not null;\n"
      "  add column score integer not null default 0;\n"
      "  add column nick text;\n"
      "}\n"));
  REQUIRE(result.history.has_value());
  CHECK(result.engine.error_count() == 0);
  CHECK(result.Text() ==
        "m/b.mig:5:14: warning: not null column 'age' is added to existing "
        "table 'users' without a default: this fails if the table has rows\n"
        "  add column age integer not null;\n"
        "             ^~~\n"
        "1 warning generated.\n");
}

// ------------------------------------------------------------------ the graph

Files Branches(const std::string& y_body, const std::string& merge_body,
               const std::string& z_body) {
  return {
      {"m/0_base.mig", Header("base") + "create table users { id integer primary key; }\n"},
      {"m/1_x.mig",
       "revision x1 parent base branch x message \"x\"\n"
       "create table x_only { id integer; v varchar(40); }\n"},
      {"m/2_y.mig", "revision y1 parent base branch y message \"y\"\n" + y_body},
      {"m/3_merge.mig", Header("m1", {"x1", "y1"}) + merge_body},
      {"m/4_z.mig",
       "revision z1 parent base branch z depends_on x1 message \"z\"\n" + z_body}};
}

TEST_CASE("a table created on one branch is invisible on a sibling branch") {
  CompileResult result = CompileFiles(
      Branches("alter table x_only { add column w text; }\n", "", ""));
  CHECK(result.Text() ==
        "m/2_y.mig:2:13: error: table 'x_only' does not exist at this revision\n"
        "alter table x_only { add column w text; }\n"
        "            ^~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("sibling branches that create a table of the same name do not commute") {
  CompileResult result =
      CompileFiles(Branches("create table x_only { id integer; }\n", "", ""));
  CHECK_FALSE(result.history.has_value());
  CHECK(result.Text() ==
        "m/2_y.mig:2:1: error: revisions 'y1' and 'x1' are on concurrent branches and do not "
        "commute: 'y1' defines table 'x_only' and so does 'x1'\n"
        "create table x_only { id integer; }\n"
        "^~~~~~~~~~~~~~~~~~~\n"
        "m/1_x.mig:2:1: note: 'x1' defines table 'x_only' here\n"
        "create table x_only { id integer; v varchar(40); }\n"
        "^~~~~~~~~~~~~~~~~~~\n"
        "m/2_y.mig:2:1: note: order them: add 'depends_on x1' to 'y1', or merge the branches "
        "and move this operation after the merge\n"
        "create table x_only { id integer; }\n"
        "^~~~~~~~~~~~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("a table created on one branch is visible after a merge") {
  CompileResult result = CompileFiles(Branches(
      "create table y_only { id integer; }\n",
      "alter table x_only { add column w text; }\n"
      "create index ix_y on y_only (id);\n"
      "drop table users;\n",
      ""));
  CHECK(result.Text().empty());
  CHECK(result.history.has_value());
}

TEST_CASE("a table is visible through depends_on") {
  CompileResult result = CompileFiles(
      Branches("", "", "create index ix_x on x_only (v);\n"));
  CHECK(result.Text().empty());
  CHECK(result.history.has_value());
  // Without the dependency the same op fails.
  Files files = Branches("", "", "create index ix_x on x_only (v);\n");
  files[4].second =
      "revision z1 parent base branch z message \"z\"\n"
      "create index ix_x on x_only (v);\n";
  CompileResult without = CompileFiles(files);
  CHECK(without.Text() ==
        "m/4_z.mig:2:22: error: table 'x_only' does not exist at this revision\n"
        "create index ix_x on x_only (v);\n"
        "                     ^~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("a revision after a merge sees both branches") {
  Files files = Branches("create table y_only { id integer; }\n", "", "");
  files.push_back({"m/5_after.mig",
                   Header("after", {"m1"}) +
                       "alter table y_only { add column a text; }\n"
                       "alter table x_only { drop column v; }\n"});
  CompileResult result = CompileFiles(files);
  CHECK(result.Text().empty());
}

// ------------------------------------------------------------------ StateAfter

TEST_CASE("StateAfter: columns in order, primary key, indexes") {
  GraphResult result = BuildGraph(Chain(
      kUsers,
      "alter table users {\n"
      "  add column age integer;\n"
      "  drop column name;\n"
      "  add column bio text;\n"
      "}\n"
      "create unique index ix_age on users (age, bio);\n"
      "create table tags { a integer; b text not null; primary key (b, a); }\n"));
  REQUIRE(result.Text().empty());

  check::SchemaState a = StateAt(result, "a");
  CHECK(TableNames(a) == std::vector<std::string>{"users"});
  const check::TableDef* users = a.FindTable("users");
  REQUIRE(users != nullptr);
  CHECK(ColumnNames(*users) == std::vector<std::string>{"id", "email", "name"});
  CHECK(users->primary_key == std::vector<std::string>{"id"});
  CHECK(IndexNames(*users) == std::vector<std::string>{"ix_email"});
  CHECK_FALSE(users->FindColumn("id")->nullable);
  CHECK_FALSE(users->FindColumn("id")->primary_key);  // the key is on the table
  CHECK(users->FindColumn("name")->nullable);
  CHECK(users->created_at.line == 3);
  const ast::Index* ix = a.FindIndex("ix_email");
  REQUIRE(ix != nullptr);
  CHECK(ix->table == "users");
  CHECK(ix->columns == std::vector<std::string>{"email"});
  CHECK_FALSE(ix->unique);

  check::SchemaState b = StateAt(result, "b");
  CHECK(TableNames(b) == std::vector<std::string>{"tags", "users"});
  users = b.FindTable("users");
  REQUIRE(users != nullptr);
  CHECK(ColumnNames(*users) ==
        std::vector<std::string>{"id", "email", "age", "bio"});
  CHECK(users->ColumnPosition("age") == 2);
  CHECK(users->ColumnPosition("name") == 4);  // absent: past the end
  CHECK(IndexNames(*users) == std::vector<std::string>{"ix_email", "ix_age"});
  REQUIRE(b.FindIndex("ix_age") != nullptr);
  CHECK(b.FindIndex("ix_age")->unique);
  CHECK(b.FindIndex("ix_age")->columns == std::vector<std::string>{"age", "bio"});
  const check::TableDef* tags = b.FindTable("tags");
  REQUIRE(tags != nullptr);
  CHECK(tags->primary_key == std::vector<std::string>{"b", "a"});
  CHECK_FALSE(tags->FindColumn("a")->nullable);  // key columns are not null
  CHECK(tags->InPrimaryKey("a"));
  CHECK_FALSE(b.FindIndex("nope"));
}

TEST_CASE("StateAfter: a key column declared null is made not null") {
  // A table-level key makes its columns not null, as SQL does.
  GraphResult result = BuildGraph(Root(
      "create table v { a integer null; b text; primary key (a); }\n"));
  CHECK(result.Text().empty());
  check::SchemaState state = StateAt(result, "a");
  CHECK_FALSE(state.FindTable("v")->FindColumn("a")->nullable);
  // On one column, `null` and `primary key` contradict each other.
  CompileResult compiled = CompileFiles(Root(
      "create table u { id integer primary key null; }\n"));
  CHECK(compiled.Text() ==
        "m/a.mig:3:18: error: primary key column 'id' cannot be null\n"
        "create table u { id integer primary key null; }\n"
        "                 ^~\n"
        "1 error generated.\n");
}

TEST_CASE("StateAfter: drops remove tables and indexes") {
  GraphResult result = BuildGraph(
      Chain(kUsers + "create table keep { k integer; }\n",
            "drop index ix_email on users;\n"
            "drop table keep;\n"));
  REQUIRE(result.Text().empty());
  check::SchemaState b = StateAt(result, "b");
  CHECK(TableNames(b) == std::vector<std::string>{"users"});
  CHECK(b.FindTable("users")->indexes.empty());
  CHECK(b.FindIndex("ix_email") == nullptr);
  // The earlier state is unaffected.
  check::SchemaState a = StateAt(result, "a");
  CHECK(TableNames(a) == std::vector<std::string>{"keep", "users"});
  CHECK(a.FindIndex("ix_email") != nullptr);
}

TEST_CASE("StateAfter follows branches, merges and depends_on") {
  GraphResult result = BuildGraph(Branches(
      "create table y_only { id integer; }\n",
      "alter table x_only { add column w text; }\n",
      "create index ix_x on x_only (v);\n"));
  REQUIRE(result.Text().empty());
  CHECK(TableNames(StateAt(result, "base")) == std::vector<std::string>{"users"});
  CHECK(TableNames(StateAt(result, "x1")) ==
        std::vector<std::string>{"users", "x_only"});
  CHECK(TableNames(StateAt(result, "y1")) ==
        std::vector<std::string>{"users", "y_only"});
  check::SchemaState merged = StateAt(result, "m1");
  CHECK(TableNames(merged) == std::vector<std::string>{"users", "x_only", "y_only"});
  CHECK(ColumnNames(*merged.FindTable("x_only")) ==
        std::vector<std::string>{"id", "v", "w"});
  check::SchemaState z = StateAt(result, "z1");
  CHECK(TableNames(z) == std::vector<std::string>{"users", "x_only"});
  CHECK(IndexNames(*z.FindTable("x_only")) == std::vector<std::string>{"ix_x"});
  // The merge does not see z's index.
  CHECK(merged.FindIndex("ix_x") == nullptr);
}

TEST_CASE("Validate without an engine reports nothing") {
  GraphResult result = BuildGraph(Root("drop table nope;\n"));
  REQUIRE(result.graph.has_value());
  const ast::Op& op = result.graph->revision(0).ops.at(0);
  check::SchemaState empty;
  CHECK_FALSE(check::Validate(op, empty, nullptr));
  diag::DiagnosticEngine engine;
  CHECK_FALSE(check::Validate(op, empty, &engine));
  CHECK(engine.error_count() == 1);
}

TEST_CASE("Simulate visits every valid op with the states around it") {
  GraphResult result = BuildGraph(Chain(kUsers, "alter table users { add column x text; }\n"));
  REQUIRE(result.graph.has_value());
  diag::DiagnosticEngine engine;
  std::vector<std::string> seen;
  check::Simulate(*result.graph, engine,
                  [&](std::uint32_t revision, std::uint32_t /*op_index*/, const ast::Op& op,
                      const check::SchemaState& before, const check::SchemaState& after,
                      check::Footprint& /*footprint*/) {
                    std::string id = result.graph->revision(revision).id;
                    if (std::holds_alternative<ast::AddColumn>(op.kind)) {
                      CHECK(before.FindTable("users")->FindColumn("x") == nullptr);
                      CHECK(after.FindTable("users")->FindColumn("x") != nullptr);
                    }
                    seen.push_back(id + ":" + std::to_string(op.loc.line));
                  });
  CHECK(engine.diagnostics().empty());
  CHECK(seen == std::vector<std::string>{"a:3", "a:8", "b:4"});
}

}  // namespace
}  // namespace retort
