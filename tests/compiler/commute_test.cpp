// Tests for check/commute.cpp and check/access.cpp: which pairs of
// operations on concurrent branches commute (the build passes) and which do
// not (the build fails naming both revisions), over one shared setup; where
// lines of history meet; and the schema at a merge.
#include "check/commute.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "check/simulator.h"
#include "test_support.h"

namespace retort {
namespace {

using testing::CompileFiles;
using testing::CompileResult;
using testing::Files;
using testing::Header;

const std::string kSetup =
    "create table users {\n"
    "  id integer primary key;\n"
    "  name varchar(50) null;\n"
    "  email varchar(100) null;\n"
    "  bio text null;\n"
    "}\n"
    "create table sites { id integer primary key; title varchar(50) null; }\n"
    "create table posts {\n"
    "  id integer primary key;\n"
    "  user_id integer null references users (id);\n"
    "}\n"
    "create index ix_users_name on users (name);\n";

// Root "a" with the setup; "x" and "y" branch from it; "m" merges them.
Files Diamond(const std::string& x, const std::string& y) {
  return {{"m/a.mig", Header("a") + kSetup},
          {"m/x.mig", Header("x", {"a"}) + x},
          {"m/y.mig", Header("y", {"a"}) + y},
          {"m/z.mig", Header("z", {"x", "y"})}};
}

// The revision ids a kNonCommuting error names, as "y/x".
std::vector<std::string> Conflicts(const CompileResult& result) {
  std::vector<std::string> pairs;
  for (const diag::Diagnostic& d : result.engine.diagnostics()) {
    if (d.kind == diag::Kind::kNonCommuting) pairs.push_back(d.args[0] + "/" + d.args[1]);
  }
  return pairs;
}

struct Case {
  const char* what;
  const char* x;
  const char* y;
};

const Case kCommuting[] = {
    {"two columns added to one table", "alter table users { add column a integer null; }",
     "alter table users { add column b text null; }"},
    {"a column added while an index is created",
     "alter table users { add column a integer null; }",
     "create index ix_users_email on users (email);"},
    {"different tables, one rebuilt on sqlite",
     "alter table users { alter column name set not null, set default ''; }",
     "alter table sites { add column depth integer null; }"},
    {"two new tables", "create table tags { id integer primary key; }",
     "create table labels { id integer primary key; }"},
    {"the last column dropped while one is added (its down adds it back in place)",
     "alter table users { drop column bio; }", "alter table users { add column a integer null; }"},
    {"two indexes on one table", "create index ix_users_email on users (email);",
     "create index ix_users_id_email on users (id, email);"},
    {"declared raw sql on another table",
     "sql on sites \"\"\"UPDATE sites SET title = 'x'\"\"\" down \"\"\"UPDATE sites SET title = NULL\"\"\";",
     "alter table users { add column a integer null; }"},
    {"an index renamed while a column is added",
     "rename index ix_users_name to ix_users_name2;",
     "alter table users { add column a integer null; }"},
    {"a check added while a column is added",
     "alter table users { add constraint ck_name check (name <> ''); }",
     "alter table sites { add column a integer null; }"},
};

const Case kConflicting[] = {
    {"the same column added twice", "alter table users { add column notes text null; }",
     "alter table users { add column notes varchar(10) null; }"},
    {"the same table created twice", "create table tags { id integer primary key; }",
     "create table tags { id integer primary key; name text null; }"},
    {"a rebuild on sqlite against an added column",
     "alter table users { add column a integer null; }",
     "alter table users { alter column name set not null, set default ''; }"},
    {"two columns dropped from one table", "alter table users { drop column bio; }",
     "alter table users { drop column email; }"},
    {"a renamed table against a change in it", "rename table users to people;",
     "alter table users { add column a integer null; }"},
    {"an index over a column another branch drops",
     "create index ix_users_email on users (email);", "alter table users { drop column email; }"},
    {"raw sql that declares no tables", "sql \"\"\"UPDATE sites SET title = 'x'\"\"\" irreversible;",
     "create table tags { id integer primary key; }"},
    {"declared raw sql against a change to its table",
     "sql on users \"\"\"UPDATE users SET name = 'x'\"\"\" irreversible;",
     "alter table users { add column a integer null; }"},
    {"a foreign key to a column another branch renames",
     "alter table sites { add column owner integer null references users (id); }",
     "alter table users { alter column id rename to user_id; }"},
    {"a dropped table whose down recreates a key to a renamed column",
     "drop table posts;", "alter table users { alter column id rename to user_id; }"},
    {"a check over the columns another branch drops",
     "alter table users { add constraint ck_email check (email <> ''); }",
     "alter table users { drop column email; }"},
    {"one index name on two tables", "create index ix_a on users (email);",
     "create index ix_a on sites (title);"},
    {"a column dropped whose down goes after a column another branch renames",
     "alter table users { drop column email; }",
     "alter table users { alter column name rename to full_name; }"},
};

TEST_CASE("operations on concurrent branches that commute build") {
  for (const Case& c : kCommuting) {
    SECTION(c.what) {
      CompileResult result = CompileFiles(Diamond(std::string(c.x) + "\n", std::string(c.y) + "\n"));
      INFO(result.Text());
      CHECK(result.history.has_value());
      CHECK(Conflicts(result).empty());
    }
  }
}

TEST_CASE("operations on concurrent branches that do not commute fail naming both") {
  for (const Case& c : kConflicting) {
    SECTION(c.what) {
      CompileResult result = CompileFiles(Diamond(std::string(c.x) + "\n", std::string(c.y) + "\n"));
      INFO(result.Text());
      CHECK_FALSE(result.history.has_value());
      CHECK(Conflicts(result) == std::vector<std::string>{"y/x"});
      CHECK(result.engine.error_count() == 1);
    }
  }
}

TEST_CASE("depends_on orders a pair that would not commute") {
  Files files = Diamond("alter table users { add column a integer null; }\n",
                        "alter table users { alter column name set not null; }\n");
  files[2].second = "revision y parent a depends_on x " + std::string(testing::kAllowAllLints) +
                    " message \"y\"\nalter table users { alter column name set not null; }\n";
  CompileResult result = CompileFiles(files);
  INFO(result.Text());
  CHECK(result.history.has_value());
}

TEST_CASE("labelled heads never merged must commute too") {
  Files files = {{"m/a.mig", Header("a") + kSetup},
                 {"m/x.mig", "revision x parent a branch left message \"x\"\n"
                             "alter table users { add column a integer null; }\n"},
                 {"m/y.mig", "revision y parent a branch right message \"y\"\n"
                             "alter table users { add column a text null; }\n"}};
  CompileResult result = CompileFiles(files);
  CHECK(Conflicts(result) == std::vector<std::string>{"y/x"});
}

TEST_CASE("a conflict deep in two long branches is found where they meet") {
  Files files = {{"m/a.mig", Header("a") + kSetup}};
  std::string left = "a", right = "a";
  for (int i = 0; i < 20; ++i) {
    std::string l = "l" + std::to_string(100 + i), r = "r" + std::to_string(100 + i);
    files.push_back({"m/" + l + ".mig", Header(l, {left}) + "alter table users { add column c" +
                                            std::to_string(i) + " integer null; }\n"});
    files.push_back({"m/" + r + ".mig",
                     Header(r, {right}) + (i == 3 ? "alter table users { drop column email; }\n"
                                                  : "create index ix_" + r + " on users (id);\n")});
    left = l;
    right = r;
  }
  files.push_back({"m/z.mig", Header("z", {left, right})});
  CompileResult result = CompileFiles(files);
  // r103 drops users.email, whose down rebuilds users on SQLite (email is
  // not its last column): the columns the left branch appends conflict.
  std::vector<std::string> conflicts = Conflicts(result);
  REQUIRE_FALSE(conflicts.empty());
  for (const std::string& pair : conflicts) {
    CHECK((pair.find("r103") != std::string::npos && pair.find("l1") != std::string::npos));
  }
}

TEST_CASE("the schema at a merge is the union, appended columns in topological order") {
  // y sits deeper than x, so the merge takes over y's state and folds x in;
  // the columns must still come in topological order (x before y), the
  // order a database upgraded in one run has.
  Files files = {
      {"m/a.mig", Header("a") + kSetup},
      {"m/x.mig", Header("x", {"a"}) + "alter table users { add column from_x integer null; }\n"
                                       "create table tags { id integer primary key; }\n"},
      {"m/y0.mig", Header("y0", {"a"}) + "create table extra { id integer; }\n"},
      {"m/y.mig", Header("y", {"y0"}) + "alter table users { add column from_y integer null; }\n"},
      {"m/z.mig", Header("z", {"x", "y"})},
      // A rebuild after the merge writes the whole table as the merge has it.
      {"m/zz.mig", Header("zz", {"z"}) + "alter table users { alter column name set not null, "
                                         "set default ''; }\n"
                                         "create index ix_tags on tags (id);\n"
                                         "create index ix_extra on extra (id);\n"}};
  CompileResult result = CompileFiles(files);
  INFO(result.Text());
  REQUIRE(result.history.has_value());
  const lower::CompiledRevision* zz = result.Find("zz");
  REQUIRE(zz != nullptr);
  const std::string& create = zz->up[0][0].sql;
  INFO(create);
  std::size_t x = create.find("\"from_x\""), y = create.find("\"from_y\"");
  REQUIRE(x != std::string::npos);
  REQUIRE(y != std::string::npos);
  CHECK(x < y);
  CHECK(create.find("\"bio\"") < x);
  CHECK(create.find("\"name\" VARCHAR(50) NOT NULL") != std::string::npos);
  // The state retortc schema prints agrees.
  testing::GraphResult graph = testing::BuildGraph(files);
  REQUIRE(graph.graph.has_value());
  check::SchemaState state =
      check::StateAfter(*graph.graph, static_cast<std::uint32_t>(graph.graph->Find("z")), graph.engine);
  std::vector<std::string> columns;
  for (const ast::Column& c : state.FindTable("users")->columns) columns.push_back(c.name);
  CHECK(columns == std::vector<std::string>{"id", "name", "email", "bio", "from_x", "from_y"});
}

TEST_CASE("a revision both sides reach through different paths is common to them") {
  // z merges m (a merge of x and y) with w, a branch from x: their common
  // ancestors are x and a, although m reaches a first through y.
  Files files = {{"m/a.mig", Header("a") + kSetup},
                 {"m/x.mig", Header("x", {"a"})},
                 {"m/y.mig", Header("y", {"a"})},
                 {"m/m.mig", Header("m", {"x", "y"})},
                 {"m/w.mig", Header("w", {"x"}) + "alter table users { add column a integer null; }\n"},
                 {"m/z.mig", Header("z", {"m", "w"})}};
  CompileResult result = CompileFiles(files);
  INFO(result.Text());
  CHECK(result.history.has_value());
  testing::GraphResult graph = testing::BuildGraph(files);
  REQUIRE(graph.graph.has_value());
  auto at = [&](const char* id) { return static_cast<std::uint32_t>(graph.graph->Find(id)); };
  check::HistorySplitter splitter(*graph.graph);
  check::Split split = splitter.Divide({at("m")}, at("w"));
  CHECK(split.only_folded == std::vector<std::uint32_t>{at("y"), at("m")});
  CHECK(split.only_incoming == std::vector<std::uint32_t>{at("w")});
}

TEST_CASE("a MySQL row limit that two branches only reach together fails at the merge") {
  Files files = Diamond("alter table users { add column a varchar(9000) null; }\n",
                        "alter table users { add column b varchar(9000) null; }\n");
  CompileResult each = CompileFiles(Diamond("alter table users { add column a varchar(9000) null; }\n", ""));
  CHECK(each.history.has_value());
  CompileResult result = CompileFiles(files);
  CHECK_FALSE(result.history.has_value());
  CHECK(result.Text().rfind("m/z.mig:1:10: error: rows of table 'users' can be ", 0) == 0);
  CHECK(Conflicts(result).empty());
}

}  // namespace
}  // namespace retort
