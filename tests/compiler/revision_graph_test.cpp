// Tests for check/revision_graph.cpp: every graph diagnostic as exact text,
// and the order, heads and ancestry of valid graphs. Revisions are built in
// memory (test_support's BuildGraph), never read from disk.
#include "check/revision_graph.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_support.h"

namespace retort {
namespace {

using testing::BuildGraph;
using testing::Files;
using testing::GraphResult;
using testing::Header;

std::vector<std::string> OrderIds(const check::RevisionGraph& graph) {
  std::vector<std::string> ids;
  for (std::uint32_t i : graph.order()) ids.push_back(graph.revision(i).id);
  return ids;
}

std::vector<std::string> HeadIds(const check::RevisionGraph& graph) {
  std::vector<std::string> ids;
  for (std::uint32_t i : graph.heads()) ids.push_back(graph.revision(i).id);
  return ids;
}

std::uint32_t Index(const check::RevisionGraph& graph, const std::string& id) {
  std::int64_t index = graph.Find(id);
  REQUIRE(index >= 0);
  return static_cast<std::uint32_t>(index);
}

const std::string kHeadsHint =
    "; merge them with 'retortc merge -m \"merge heads\" --dir m' or give each "
    "line of history its own branch label\n";

// ------------------------------------------------------------------ errors

TEST_CASE("duplicate revision id points at the first definition") {
  GraphResult result = BuildGraph({{"m/0001_a.mig", Header("0001")},
                                   {"m/0002_b.mig", Header("0002", {"0001"})},
                                   {"m/0003_c.mig", Header("0001")}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text() ==
        "m/0003_c.mig:1:10: error: duplicate revision id '0001'\n"
        "revision 0001\n"
        "         ^~~~\n"
        "m/0001_a.mig:1:10: note: first defined here\n"
        "revision 0001\n"
        "         ^~~~\n"
        "1 error generated.\n");
  // The first definition is kept.
  CHECK(result.graph->revisions().size() == 2);
  CHECK(result.graph->revision(Index(*result.graph, "0001")).file == 0);
}

TEST_CASE("unknown parent with a spelling suggestion") {
  GraphResult result =
      BuildGraph({{"m/1.mig", Header("0001_initial")},
                  {"m/2.mig", Header("0002_add_depth", {"0001_initial"})},
                  {"m/3.mig", Header("0003_tags", {"0002_add_depht"})}});
  CHECK(result.Text() ==
        "m/3.mig:2:10: error: unknown parent revision '0002_add_depht'\n"
        "  parent 0002_add_depht\n"
        "         ^~~~~~~~~~~~~~\n"
        "m/3.mig:2:10: note: did you mean '0002_add_depth'?\n"
        "  parent 0002_add_depht\n"
        "         ^~~~~~~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("unknown parent without a suggestion") {
  // No multiple-heads error on top: the dangling revision only looks like a
  // second root.
  GraphResult result = BuildGraph({{"m/1.mig", Header("0001_initial")},
                                   {"m/2.mig", Header("0002", {"zzz_other"})}});
  CHECK(result.Text() ==
        "m/2.mig:2:10: error: unknown parent revision 'zzz_other'\n"
        "  parent zzz_other\n"
        "         ^~~~~~~~~\n"
        "1 error generated.\n");
}

TEST_CASE("unknown depends_on with and without a suggestion") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", Header("0001_users")},
       {"m/2.mig",
        "revision 0002\n"
        "  parent 0001_users\n"
        "  depends_on 0001_user, nowhere\n"
        "  message \"m\"\n"}});
  CHECK(result.Text() ==
        "m/2.mig:3:14: error: unknown depends_on revision '0001_user'\n"
        "  depends_on 0001_user, nowhere\n"
        "             ^~~~~~~~~\n"
        "m/2.mig:3:14: note: did you mean '0001_users'?\n"
        "  depends_on 0001_user, nowhere\n"
        "             ^~~~~~~~~\n"
        "m/2.mig:3:25: error: unknown depends_on revision 'nowhere'\n"
        "  depends_on 0001_user, nowhere\n"
        "                        ^~~~~~~\n"
        "2 errors generated.\n");
}

TEST_CASE("two-revision cycle") {
  GraphResult result = BuildGraph({{"m/a.mig", Header("b", {"a"})},
                                   {"m/b.mig", Header("a", {"b"})}});
  REQUIRE(result.graph.has_value());
  CHECK_FALSE(result.graph->acyclic());
  CHECK(result.Text() ==
        "m/b.mig:1:10: error: revision cycle: a -> b -> a (each revision names "
        "the next as its parent)\n"
        "revision a\n"
        "         ^\n"
        "1 error generated.\n");
}

TEST_CASE("revision that is its own parent") {
  GraphResult result = BuildGraph({{"m/0.mig", Header("root")},
                                   {"m/a.mig", Header("loop", {"loop"})}});
  REQUIRE(result.graph.has_value());
  CHECK_FALSE(result.graph->acyclic());
  CHECK(result.Text() ==
        "m/a.mig:1:10: error: revision cycle: loop -> loop (each revision names "
        "the next as its parent)\n"
        "revision loop\n"
        "         ^~~~\n"
        "1 error generated.\n");
}

TEST_CASE("three-revision cycle with revisions up- and downstream") {
  // root <- r2 <- r3 <- r4 <- r2 is the cycle; r5 hangs below it.
  GraphResult result = BuildGraph(
      {{"m/1.mig", Header("r1")},
       {"m/5.mig", Header("r5", {"r3"})},
       {"m/2.mig", Header("r2", {"r1", "r4"})},
       {"m/3.mig", Header("r3", {"r2"})},
       {"m/4.mig", Header("r4", {"r3"})}});
  REQUIRE(result.graph.has_value());
  CHECK_FALSE(result.graph->acyclic());
  CHECK(OrderIds(*result.graph) == std::vector<std::string>{"r1"});
  CHECK(result.Text() ==
        "m/2.mig:1:10: error: revision cycle: r2 -> r4 -> r3 -> r2 (each "
        "revision names the next as its parent)\n"
        "revision r2\n"
        "         ^~\n"
        "1 error generated.\n");
}

TEST_CASE("two separate cycles are both reported") {
  GraphResult result = BuildGraph({{"m/a.mig", Header("a", {"b"})},
                                   {"m/b.mig", Header("b", {"a"})},
                                   {"m/c.mig", Header("c", {"d"})},
                                   {"m/d.mig", Header("d", {"c"})}});
  CHECK(result.Text() ==
        "m/a.mig:1:10: error: revision cycle: a -> b -> a (each revision names "
        "the next as its parent)\n"
        "revision a\n"
        "         ^\n"
        "m/c.mig:1:10: error: revision cycle: c -> d -> c (each revision names "
        "the next as its parent)\n"
        "revision c\n"
        "         ^\n"
        "2 errors generated.\n");
}

TEST_CASE("a cycle through depends_on") {
  GraphResult result = BuildGraph(
      {{"m/a.mig", "revision a depends_on b message \"a\"\n"},
       {"m/b.mig", Header("b", {"a"})}});
  CHECK(result.Text() ==
        "m/a.mig:1:10: error: revision cycle: a -> b -> a (each revision names "
        "the next as its parent)\n"
        "revision a depends_on b message \"a\"\n"
        "         ^\n"
        "1 error generated.\n");
}

TEST_CASE("two heads: error at the last head, note at the other") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("0001")},
                                   {"m/2.mig", Header("0002_b", {"0001"})},
                                   {"m/3.mig", Header("0002_a", {"0001"})}});
  REQUIRE(result.graph.has_value());
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"0002_a", "0002_b"});
  CHECK(result.Text() ==
        "m/2.mig:1:10: error: multiple heads: '0002_a', '0002_b'" + kHeadsHint +
            "revision 0002_b\n"
            "         ^~~~~~\n"
            "m/3.mig:1:10: note: head '0002_a' is defined here\n"
            "revision 0002_a\n"
            "         ^~~~~~\n"
            "1 error generated.\n");
}

TEST_CASE("three heads, two of them roots") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("a")},
                                   {"m/2.mig", Header("b")},
                                   {"m/3.mig", Header("c", {"a"})}});
  REQUIRE(result.graph.has_value());
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"b", "c"});
  CHECK(result.Text() ==
        "m/3.mig:1:10: error: multiple heads: 'b', 'c'" + kHeadsHint +
            "revision c\n"
            "         ^\n"
            "m/2.mig:1:10: note: head 'b' is defined here\n"
            "revision b\n"
            "         ^\n"
            "1 error generated.\n");
  GraphResult three = BuildGraph({{"m/1.mig", Header("a")},
                                  {"m/2.mig", Header("b", {"a"})},
                                  {"m/3.mig", Header("c", {"a"})},
                                  {"m/4.mig", Header("d", {"a"})}});
  CHECK(three.Text() ==
        "m/4.mig:1:10: error: multiple heads: 'b', 'c', 'd'" + kHeadsHint +
        "revision d\n"
        "         ^\n"
        "m/2.mig:1:10: note: head 'b' is defined here\n"
        "revision b\n"
        "         ^\n"
        "m/3.mig:1:10: note: head 'c' is defined here\n"
        "revision c\n"
        "         ^\n"
        "1 error generated.\n");
}

TEST_CASE("several heads are allowed with distinct branch labels") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", Header("base")},
       {"m/2.mig", "revision x1 parent base branch feature_x message \"x\"\n"},
       {"m/3.mig", "revision y1 parent base branch feature_y message \"y\"\n"}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().empty());
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"x1", "y1"});
}

TEST_CASE("branch labels are inherited from ancestors") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", Header("base")},
       {"m/2.mig", "revision x1 parent base branch feature_x message \"x\"\n"},
       {"m/3.mig", Header("x2", {"x1"})},
       {"m/4.mig", "revision y1 parent base branch feature_y message \"y\"\n"},
       {"m/5.mig", Header("y2", {"y1"})}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().empty());
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"x2", "y2"});
}

TEST_CASE("a label shared through a common ancestor does not separate heads") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", "revision base branch main message \"b\"\n"},
       {"m/2.mig", Header("x", {"base"})},
       {"m/3.mig", "revision y parent base branch side message \"y\"\n"}});
  // 'y' has its own label, 'x' only the shared one.
  CHECK(result.Text() ==
        "m/3.mig:1:10: error: multiple heads: 'x', 'y'" + kHeadsHint +
        "revision y parent base branch side message \"y\"\n"
        "         ^\n"
        "m/2.mig:1:10: note: head 'x' is defined here\n"
        "revision x\n"
        "         ^\n"
        "1 error generated.\n");
}

TEST_CASE("duplicate branch label") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", "revision a branch main message \"a\"\n"},
       {"m/2.mig", "revision b parent a branch main message \"b\"\n"}});
  CHECK(result.Text() ==
        "m/2.mig:1:28: error: branch label 'main' is used by two revisions\n"
        "revision b parent a branch main message \"b\"\n"
        "                           ^~~~\n"
        "m/1.mig:1:19: note: first defined here\n"
        "revision a branch main message \"a\"\n"
        "                  ^~~~\n"
        "1 error generated.\n");
}

TEST_CASE("duplicate branch label on two heads also leaves them unmerged") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", Header("a")},
       {"m/2.mig", "revision b parent a branch dup message \"b\"\n"},
       {"m/3.mig", "revision c parent a branch dup message \"c\"\n"}});
  CHECK(result.Text() ==
        "m/3.mig:1:10: error: multiple heads: 'b', 'c'" + kHeadsHint +
        "revision c parent a branch dup message \"c\"\n"
        "         ^\n"
        "m/2.mig:1:10: note: head 'b' is defined here\n"
        "revision b parent a branch dup message \"b\"\n"
        "         ^\n"
        "m/3.mig:1:28: error: branch label 'dup' is used by two revisions\n"
        "revision c parent a branch dup message \"c\"\n"
        "                           ^~~\n"
        "m/2.mig:1:28: note: first defined here\n"
        "revision b parent a branch dup message \"b\"\n"
        "                           ^~~\n"
        "2 errors generated.\n");
}

TEST_CASE("merge naming the same parent twice") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("a")},
                                   {"m/2.mig", Header("b", {"a", "a"})}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text() ==
        "m/2.mig:2:13: error: merge names parent 'a' twice\n"
        "  parent a, a\n"
        "            ^\n"
        "1 error generated.\n");
  CHECK(result.graph->parents(Index(*result.graph, "b")).size() == 1);
}

TEST_CASE("redundant merge is a warning") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("a")},
                                   {"m/2.mig", Header("b", {"a"})},
                                   {"m/3.mig", Header("c", {"b", "a"})}});
  REQUIRE(result.graph.has_value());
  CHECK(result.engine.error_count() == 0);
  CHECK(result.Text() ==
        "m/3.mig:2:13: warning: redundant merge: parent 'a' is already an "
        "ancestor of parent 'b'\n"
        "  parent b, a\n"
        "            ^\n"
        "1 warning generated.\n");
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"c"});
}

TEST_CASE("a proper merge has no diagnostics") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("a")},
                                   {"m/2.mig", Header("b", {"a"})},
                                   {"m/3.mig", Header("c", {"a"})},
                                   {"m/4.mig", Header("d", {"b", "c"})}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().empty());
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"d"});
  const auto& parents = result.graph->parents(Index(*result.graph, "d"));
  CHECK(parents == std::vector<std::uint32_t>{Index(*result.graph, "b"),
                                              Index(*result.graph, "c")});
}

// ------------------------------------------------------------------ queries

Files LabelledHistory() {
  // core: c1 <- c2;  aux: a1 depends_on c2;  other: b0. Three labelled heads.
  return {{"m/1.mig", "revision c1 branch core message \"c1\"\n"},
          {"m/2.mig", Header("c2", {"c1"})},
          {"m/3.mig", "revision a1 branch aux depends_on c2 message \"a1\"\n"},
          {"m/4.mig", "revision b0 branch other message \"b0\"\n"}};
}

TEST_CASE("topological order: parents and dependencies first, ties by id") {
  GraphResult result = BuildGraph(LabelledHistory());
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().empty());
  // a1 sorts first by id but waits for c2, which it depends on.
  CHECK(OrderIds(*result.graph) ==
        std::vector<std::string>{"b0", "c1", "c2", "a1"});
  // depends_on is not a parent edge: c2 is still a head.
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"b0", "c2", "a1"});
  CHECK(result.graph->depends_on(Index(*result.graph, "a1")) ==
        std::vector<std::uint32_t>{Index(*result.graph, "c2")});
}

TEST_CASE("topological order does not depend on file order") {
  Files files = {{"m/1.mig", Header("a")},     {"m/2.mig", Header("d", {"a"})},
                 {"m/3.mig", Header("c", {"a"})}, {"m/4.mig", Header("b", {"c"})},
                 {"m/5.mig", Header("e", {"b", "d"})}};
  const std::vector<std::string> expected{"a", "c", "b", "d", "e"};
  std::sort(files.begin(), files.end());
  do {
    GraphResult result = BuildGraph(files);
    REQUIRE(result.graph.has_value());
    CHECK(result.Text().empty());
    CHECK(OrderIds(*result.graph) == expected);
    // Every parent comes before its child.
    const check::RevisionGraph& graph = *result.graph;
    std::vector<std::size_t> position(graph.revisions().size());
    for (std::size_t i = 0; i < graph.order().size(); ++i) {
      position[graph.order()[i]] = i;
    }
    for (std::uint32_t r = 0; r < graph.revisions().size(); ++r) {
      for (std::uint32_t p : graph.parents(r)) CHECK(position[p] < position[r]);
    }
  } while (std::next_permutation(files.begin(), files.end()));
}

TEST_CASE("IsAncestor follows parents and depends_on") {
  GraphResult result = BuildGraph(LabelledHistory());
  REQUIRE(result.graph.has_value());
  const check::RevisionGraph& graph = *result.graph;
  std::uint32_t c1 = Index(graph, "c1"), c2 = Index(graph, "c2"),
                a1 = Index(graph, "a1"), b0 = Index(graph, "b0");
  CHECK(graph.IsAncestor(c1, c2));
  CHECK(graph.IsAncestor(c2, a1));
  CHECK(graph.IsAncestor(c1, a1));  // through depends_on, then parent
  CHECK_FALSE(graph.IsAncestor(c2, c1));
  CHECK_FALSE(graph.IsAncestor(a1, c2));
  CHECK_FALSE(graph.IsAncestor(b0, a1));
  CHECK_FALSE(graph.IsAncestor(c1, c1));  // not its own ancestor
  CHECK(graph.Find("nope") == -1);
}

TEST_CASE("a single chain has one head and a linear order") {
  GraphResult result = BuildGraph({{"m/3.mig", Header("0003", {"0002"})},
                                   {"m/1.mig", Header("0001")},
                                   {"m/2.mig", Header("0002", {"0001"})}});
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().empty());
  CHECK(OrderIds(*result.graph) == std::vector<std::string>{"0001", "0002", "0003"});
  CHECK(HeadIds(*result.graph) == std::vector<std::string>{"0003"});
  CHECK(result.graph->acyclic());
}

TEST_CASE("syntax errors stop before the graph is built") {
  GraphResult result = BuildGraph({{"m/1.mig", Header("a")},
                                   {"m/2.mig", "revision b parent a message \"b\"\ndrop;\n"}});
  CHECK_FALSE(result.graph.has_value());
  CHECK(result.engine.error_count() == 1);
}

}  // namespace
TEST_CASE("depends_on may name a branch label: the revision that declares it") {
  GraphResult result = BuildGraph(
      {{"m/1.mig", "revision main1 branch main message \"m\"\n"},
       {"m/2.mig", "revision audit1 branch audit message \"a\"\n"},
       {"m/3.mig", "revision audit2 parent audit1 message \"b\"\n"},
       {"m/4.mig", "revision main2 parent main1 depends_on audit message \"c\"\n"}});
  INFO(result.Text());
  REQUIRE(result.graph.has_value());
  CHECK(result.Text().find("error") == std::string::npos);
  std::int64_t main2 = result.graph->Find("main2");
  REQUIRE(main2 >= 0);
  REQUIRE(result.graph->depends_on(static_cast<std::uint32_t>(main2)).size() == 1);
  CHECK(result.graph->revision(result.graph->depends_on(static_cast<std::uint32_t>(main2))[0])
            .id == "audit1");
}

TEST_CASE("a parent must be an id, not a branch label") {
  GraphResult result = BuildGraph({{"m/1.mig", "revision a1 branch audit message \"a\"\n"},
                                   {"m/2.mig", "revision a2 parent audit message \"b\"\n"}});
  CHECK(result.Text().find("error: unknown parent revision 'audit'") != std::string::npos);
}

}  // namespace retort
