#include "retort/graph_view.h"

#include <catch2/catch.hpp>

#include "test_tables.h"

namespace retort::testing {
namespace {

using graph::GraphView;
using graph::RevisionSet;
using Indices = std::vector<std::uint32_t>;

Indices Members(const RevisionSet& set) {
  Indices out;
  for (std::uint32_t i = 0; i < set.size(); ++i) {
    if (set[i]) out.push_back(i);
  }
  return out;
}

TEST_CASE("graph heads are revisions that are no one's parent", "[graph]") {
  GraphView graph(kDiveTable);
  // 0003_tags is a head of nothing because 0004_merge has it as a parent;
  // audit_0002's depends_on edge plays no part.
  CHECK(graph.Heads() == Indices{kNotes, kAudit2});
  CHECK(graph.Children(kAddDepth) == Indices{kTags, kCenters});
  CHECK(graph.Children(kTags) == Indices{kMerge});
  CHECK(graph.Children(kNotes).empty());
}

TEST_CASE("lookup by exact id and unique prefix", "[graph]") {
  GraphView graph(kDiveTable);
  CHECK(graph.FindExact("0003_tags") == kTags);
  CHECK(graph.FindExact("0003") == -1);
  CHECK(graph.Lookup("0003_tags") == kTags);
  CHECK(graph.Lookup("0003_t") == kTags);
  CHECK(graph.Lookup("audit_r") == kAuditRoot);
  CHECK(graph.Lookup("0005") == kNotes);
}

TEST_CASE("an ambiguous prefix lists every candidate", "[graph]") {
  GraphView graph(kDiveTable);
  try {
    graph.Lookup("0003");
    FAIL("expected AmbiguousRevisionError");
  } catch (const graph::AmbiguousRevisionError& e) {
    CHECK(e.prefix() == "0003");
    CHECK(e.candidates() ==
          std::vector<std::string>{"0003_centers", "0003_tags"});
  }
  // "audit" is exactly a branch label: the revision that declares it.
  CHECK(graph.Lookup("audit") == kAuditRoot);
  CHECK(graph.FindLabel("audit") == kAuditRoot);
  CHECK(graph.FindLabel("aud") == -1);
  try {
    graph.Lookup("audi");  // a prefix of two ids and of the label
    FAIL("expected AmbiguousRevisionError");
  } catch (const graph::AmbiguousRevisionError& e) {
    CHECK(e.candidates() == std::vector<std::string>{"audit_0002", "audit_root"});
  }
  // Three characters or fewer match only exactly, as in Alembic.
  CHECK_THROWS_AS(graph.Lookup("000"), graph::UnknownRevisionError);
  CHECK(graph.Lookup("0001") == kInitial);
}

TEST_CASE("an unknown id suggests the nearest id", "[graph]") {
  GraphView graph(kDiveTable);
  try {
    graph.Lookup("0002_add_depht");
    FAIL("expected UnknownRevisionError");
  } catch (const graph::UnknownRevisionError& e) {
    CHECK(e.query() == "0002_add_depht");
    CHECK(e.suggestion() == "0002_add_depth");
  }
  // A mistyped prefix still finds its revision.
  CHECK(graph.NearestId("0005_nites") == "0005_notes");
  CHECK(graph.NearestId("audit_0003") == "audit_0002");
  // Nothing close: no suggestion.
  CHECK(graph.NearestId("zzzzzzzz") == "");
  CHECK_THROWS_AS(graph.Lookup(""), graph::UnknownRevisionError);
}

TEST_CASE("closure follows parents and depends_on", "[graph]") {
  GraphView graph(kDiveTable);
  Indices audit{kAudit2};
  CHECK(Members(graph.Closure(audit)) ==
        Indices{kInitial, kAddDepth, kTags, kAuditRoot, kAudit2});
  Indices merge{kMerge};
  CHECK(Members(graph.Closure(merge)) ==
        Indices{kInitial, kAddDepth, kTags, kCenters, kMerge});
  CHECK(Members(graph.Closure(Indices{})).empty());
}

TEST_CASE("descendants follow parents and depends_on", "[graph]") {
  GraphView graph(kDiveTable);
  CHECK(Members(graph.Descendants(kTags)) == Indices{kMerge, kNotes, kAudit2});
  CHECK(Members(graph.Descendants(kCenters)) == Indices{kMerge, kNotes});
  CHECK(Members(graph.Descendants(kAuditRoot)) == Indices{kAudit2});
  CHECK(Members(graph.Descendants(kNotes)).empty());
}

TEST_CASE("heads of a set ignore depends_on", "[graph]") {
  GraphView graph(kDiveTable);
  RevisionSet set = graph.Closure(Indices{kAudit2});
  // 0003_tags is only depended on by audit_0002, so it stays a head.
  CHECK(graph.HeadsOf(set) == Indices{kTags, kAudit2});
  set = graph.Closure(Indices{kNotes, kAudit2});
  CHECK(graph.HeadsOf(set) == Indices{kNotes, kAudit2});
  CHECK(graph.HeadsOf(RevisionSet(graph.size(), false)).empty());
  // Version rows also leave out what is only a dependency.
  CHECK(graph.MaximalOf(graph.Closure(Indices{kAudit2})) == Indices{kAudit2});
  CHECK(graph.MaximalOf(graph.Closure(Indices{kTags, kAuditRoot})) ==
        Indices{kTags, kAuditRoot});
  // Descendants through parents and depends_on, the starting set included.
  CHECK(Members(graph.DescendantsOf(Indices{kTags})) ==
        Indices{kTags, kMerge, kNotes, kAudit2});
  CHECK(Members(graph.DescendantsOf(Indices{kMerge, kAuditRoot})) ==
        Indices{kMerge, kNotes, kAuditRoot, kAudit2});
  CHECK(graph.PrerequisitesIn(kAudit2,
                              graph.Closure(Indices{kTags, kAuditRoot})));
  CHECK_FALSE(
      graph.PrerequisitesIn(kAudit2, graph.Closure(Indices{kAuditRoot})));
}

TEST_CASE("edit distance", "[graph]") {
  CHECK(graph::EditDistance("", "") == 0);
  CHECK(graph::EditDistance("abc", "") == 3);
  CHECK(graph::EditDistance("kitten", "sitting") == 3);
  CHECK(graph::EditDistance("depht", "depth") == 2);
}

}  // namespace
}  // namespace retort::testing
