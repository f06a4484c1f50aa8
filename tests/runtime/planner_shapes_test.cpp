// Table-driven planner tests over graph shapes (issue 8): for each shape and
// query, the revisions that run (as a set: orders need only respect the
// graph) and the version rows written, by Alembic's rules as docs/migrate.md
// states them. Queries Alembic refuses ("Ambiguous walk") are checked for the
// documented answer and its note.
#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "graph_builder.h"
#include "planner.h"

namespace retort::testing {
namespace {

using runtime::Command;

struct Query {
  const char* rows_before;  // space-separated ids
  Command command;
  const char* target;
  const char* runs;        // ids that run, sorted, space-separated
  const char* rows_after;  // version rows, sorted
  bool note = false;       // an ambiguous walk answered in table order
};

struct Shape {
  const char* name;
  const char* graph;
  std::vector<Query> queries;
};

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  std::sort(words.begin(), words.end());
  return words;
}

const Command kUp = Command::kUpgrade;
const Command kDown = Command::kDowngrade;
const Command kStamp = Command::kStamp;

const Shape kShapes[] = {
    {"diamond",
     "a\nb < a\nc < a\nd < b,c\n",
     {{"", kUp, "d", "a b c d", "d"},
      {"", kUp, "b", "a b", "b"},
      {"b", kUp, "c", "c", "b c"},
      {"d", kDown, "b", "d", "b c"},
      {"d", kDown, "a", "b c d", "a"},
      {"d", kDown, "-1", "d", "b c"},
      {"b c", kUp, "+1", "d", "d", true},
      {"a", kUp, "+1", "b", "b", true},
      {"b", kUp, "+1", "c d", "d"},
      {"", kUp, "base", "", ""},
      {"d", kDown, "base", "a b c d", ""}}},
    {"merge of three",
     "a\nb < a\nc < a\ne < a\nm < b,c,e\n",
     {{"", kUp, "m", "a b c e m", "m"},
      {"m", kDown, "c", "m", "b c e"},
      {"m", kDown, "-2", "e m", "b c", true},
      {"b", kStamp, "m", "", "m"}}},
    {"depends_on into the middle of another branch",
     "a label main\nb < a\nc < b\nx label side\ny < x dep b\nz < y\n",
     {{"", kUp, "y", "a b x y", "y"},
      {"", kUp, "side@head", "a b x y z", "z"},
      {"c z", kDown, "b", "c", "z"},
      {"c z", kDown, "a", "b c y z", "a x"},
      {"c z", kDown, "side@base", "x y z", "c"},
      {"c z", kDown, "main@base", "a b c y z", "x"},
      {"c", kUp, "side@+1", "x", "c x"},
      {"z", kDown, "side@-1", "z", "y"},
      {"", kUp, "heads", "a b c x y z", "c z"},
      {"", kStamp, "y", "", "y"}}},
    {"labelled independent roots",
     "r1 label one\nr2 < r1\ns1 label two\ns2 < s1\n",
     {{"", kUp, "one@head", "r1 r2", "r2"},
      {"r2", kUp, "two@+1", "s1", "r2 s1"},
      {"r2 s2", kDown, "two@base", "s1 s2", "r2"},
      {"r2 s2", kDown, "r1", "r2", "r1 s2"},
      {"", kUp, "two", "s1", "s1"},
      {"", kUp, "+1", "r1", "r1", true},
      {"r1", kUp, "+1", "r2", "r2"}}},
    {"a redundant edge",
     "a\nb < a\nc < a,b\n",
     {{"", kUp, "c", "a b c", "c"},
      {"c", kDown, "a", "b c", "a"},
      {"c", kDown, "b", "c", "b"}}},
    {"effective heads: a head that another branch depends on",
     "a label main\nb < a\nx label other dep b\n",
     {{"", kUp, "heads", "a b x", "x"},
      {"x", kDown, "a", "b x", "a"},
      {"x", kDown, "x", "", "x"},
      {"b x", kDown, "-1", "x", "b", true}}},
};

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

TEST_CASE("planner answers over graph shapes", "[planner]") {
  for (const Shape& shape : kShapes) {
    BuiltTable built(shape.graph);
    graph::GraphView graph(built.table());
    for (const Query& q : shape.queries) {
      INFO(shape.name << ": rows '" << q.rows_before << "', "
                      << (q.command == kUp ? "upgrade " : q.command == kDown ? "downgrade " : "stamp ")
                      << q.target);
      std::vector<std::uint32_t> rows;
      for (const std::string& id : Words(q.rows_before)) rows.push_back(built[id]);
      std::sort(rows.begin(), rows.end());
      runtime::MigrationPlan plan = runtime::Plan(graph, rows, q.command, q.target);
      std::vector<std::string> ran, after;
      for (const runtime::Step& step : plan.steps) ran.emplace_back(graph.id(step.revision));
      for (std::uint32_t r : plan.resulting_heads) after.emplace_back(graph.id(r));
      std::sort(ran.begin(), ran.end());
      std::sort(after.begin(), after.end());
      CHECK(Joined(ran) == Joined(Words(q.runs)));
      CHECK(Joined(after) == Joined(Words(q.rows_after)));
      CHECK(plan.note.empty() == !q.note);
      // Whatever the order, every step's prerequisites ran before it.
      graph::RevisionSet applied = graph.Closure(rows);
      for (const runtime::Step& step : plan.steps) {
        if (step.direction == runtime::Direction::kUp) {
          CHECK(graph.PrerequisitesIn(step.revision, applied));
        }
        applied[step.revision] = step.direction == runtime::Direction::kUp;
      }
    }
  }
}

TEST_CASE("a long chain walks by single steps both ways", "[planner]") {
  std::string spec = "r00\n";
  for (int i = 1; i < 30; ++i) {
    char line[32];
    std::snprintf(line, sizeof line, "r%02d < r%02d\n", i, i - 1);
    spec += line;
  }
  BuiltTable built(spec);
  graph::GraphView graph(built.table());
  std::vector<std::uint32_t> at10{built["r10"]};
  runtime::MigrationPlan plan = runtime::Plan(graph, at10, kUp, "+3");
  REQUIRE(plan.steps.size() == 3);
  CHECK(graph.id(plan.steps.back().revision) == "r13");
  std::vector<std::uint32_t> at29{built["r29"]};
  plan = runtime::Plan(graph, at29, kDown, "-5");
  REQUIRE(plan.steps.size() == 5);
  CHECK(graph.id(plan.resulting_heads.front()) == "r24");
  plan = runtime::Plan(graph, at29, kDown, "r20");
  CHECK(plan.steps.size() == 9);
  plan = runtime::Plan(graph, at10, kUp, "r10+5");
  CHECK(graph.id(plan.resulting_heads.front()) == "r15");
}

}  // namespace
}  // namespace retort::testing
