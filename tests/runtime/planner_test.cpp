#include "planner.h"

#include <catch2/catch.hpp>

#include "test_tables.h"

namespace retort::testing {
namespace {

using runtime::Command;
using runtime::Direction;
using runtime::MigrationPlan;
using runtime::Step;
using Indices = std::vector<std::uint32_t>;

MigrationPlan PlanDive(Indices heads, Command command, const char* target) {
  return runtime::Plan(kDiveTable, heads, command, target);
}

std::vector<Step> Ups(Indices revisions) {
  std::vector<Step> steps;
  for (std::uint32_t r : revisions) steps.push_back({r, Direction::kUp});
  return steps;
}

std::vector<Step> Downs(Indices revisions) {
  std::vector<Step> steps;
  for (std::uint32_t r : revisions) steps.push_back({r, Direction::kDown});
  return steps;
}

const Indices kAllApplied{kNotes, kAudit2};

TEST_CASE("upgrade head needs a single head", "[planner]") {
  try {
    PlanDive({}, Command::kUpgrade, "head");
    FAIL("expected MultipleHeadsError");
  } catch (const runtime::MultipleHeadsError& e) {
    CHECK(e.heads() == std::vector<std::string>{"0005_notes", "audit_0002"});
  }
  MigrationPlan plan =
      runtime::Plan(kLinearTable, {}, Command::kUpgrade, "head");
  CHECK(plan.steps == Ups({0, 1, 2, 3}));
  CHECK(plan.resulting_heads == Indices{3});
}

TEST_CASE("upgrade heads runs everything in table order", "[planner]") {
  MigrationPlan plan = PlanDive({}, Command::kUpgrade, "heads");
  CHECK(plan.steps == Ups({0, 1, 2, 3, 4, 5, 6, 7}));
  CHECK(plan.resulting_heads == kAllApplied);
}

TEST_CASE("upgrade to a merge runs both branches first", "[planner]") {
  MigrationPlan plan = PlanDive({kTags}, Command::kUpgrade, "0004_merge");
  CHECK(plan.steps == Ups({kCenters, kMerge}));
  CHECK(plan.resulting_heads == Indices{kMerge});

  plan = PlanDive({kTags, kCenters}, Command::kUpgrade, "0005");
  CHECK(plan.steps == Ups({kMerge, kNotes}));
  CHECK(plan.resulting_heads == Indices{kNotes});
}

TEST_CASE("upgrade a revision with depends_on pulls in the dependency",
          "[planner]") {
  MigrationPlan plan = PlanDive({}, Command::kUpgrade, "audit_0002");
  CHECK(plan.steps == Ups({kInitial, kAddDepth, kTags, kAuditRoot, kAudit2}));
  // depends_on does not merge, but a revision applied only as another
  // one's dependency gets no version row of its own (Alembic's rows).
  CHECK(plan.resulting_heads == Indices{kAudit2});
}

TEST_CASE("upgrade to an applied revision is an empty plan", "[planner]") {
  MigrationPlan plan = PlanDive({kTags}, Command::kUpgrade, "0001_initial");
  CHECK(plan.steps.empty());
  CHECK(plan.resulting_heads == Indices{kTags});
  plan = PlanDive(kAllApplied, Command::kUpgrade, "heads");
  CHECK(plan.steps.empty());
  CHECK(plan.resulting_heads == kAllApplied);
}

TEST_CASE("+N and -N walk from the single version row, as Alembic does", "[planner]") {
  // From 0003_tags: its child the merge, then notes (0003_centers comes in
  // as the merge's other parent).
  MigrationPlan plan = PlanDive({kTags}, Command::kUpgrade, "+2");
  CHECK(plan.steps == Ups({kCenters, kMerge, kNotes}));
  CHECK(plan.resulting_heads == Indices{kNotes});
  CHECK(plan.note.empty());
  // The walk ends at a head: not enough, never a jump to another branch.
  try {
    PlanDive({kTags}, Command::kUpgrade, "+4");
    FAIL("expected NotEnoughRevisionsError");
  } catch (const runtime::NotEnoughRevisionsError& e) {
    CHECK(e.requested() == 4);
    CHECK(e.available() == 2);
    CHECK(e.direction() == Direction::kUp);
  }
  CHECK_THROWS_AS(PlanDive({kNotes}, Command::kUpgrade, "+1"), runtime::NotEnoughRevisionsError);
  // Down single parents from the row: -2 from notes unapplies notes and the
  // merge, nothing on other lines.
  plan = PlanDive({kNotes}, Command::kDowngrade, "-2");
  CHECK(plan.steps == Downs({kNotes, kMerge}));
  CHECK(plan.resulting_heads == Indices{kTags, kCenters});
  CHECK(plan.note.empty());
}

TEST_CASE("+N and -N where Alembic's walk is ambiguous take table order and say so",
          "[planner]") {
  // Two roots (0001_initial and audit_root).
  MigrationPlan plan = PlanDive({}, Command::kUpgrade, "+3");
  CHECK(plan.steps == Ups({0, 1, 2}));
  CHECK(plan.note == "'+3' has no single answer (the history has 2 roots); taking the first 3 "
                     "revision(s) in table order");
  // A branch point on the way.
  plan = PlanDive({kAddDepth}, Command::kUpgrade, "+1");
  CHECK(plan.steps == Ups({kTags}));
  CHECK(plan.note == "'+1' has no single answer (the walk reaches a branch point at "
                     "'0002_add_depth'); taking the first 1 revision(s) in table order");
  // A merge on the way up.
  plan = PlanDive({kNotes}, Command::kDowngrade, "-3");
  CHECK(plan.steps == Downs({kNotes, kMerge, kCenters}));
  CHECK(plan.note.find("the walk reaches a merge at '0004_merge'") != std::string::npos);
  // Several rows.
  plan = PlanDive(kAllApplied, Command::kDowngrade, "-1");
  CHECK(plan.steps == Downs({kAudit2}));
  CHECK(plan.note.find("the database has 2 version rows") != std::string::npos);
}

TEST_CASE("REV+N and REV-N walk single children and parents", "[planner]") {
  CHECK(PlanDive({}, Command::kUpgrade, "0001_initial+1").steps == Ups({0, 1}));
  CHECK(PlanDive({kTags}, Command::kUpgrade, "0003_tags+2").steps ==
        Ups({kCenters, kMerge, kNotes}));
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "0002_add_depth+1"),
                  runtime::AmbiguousStepError);
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "0005_notes+1"),
                  runtime::NotEnoughRevisionsError);

  CHECK(PlanDive(kAllApplied, Command::kDowngrade, "0005_notes-1").steps ==
        Downs({kNotes}));
  try {
    PlanDive(kAllApplied, Command::kDowngrade, "0004_merge-1");
    FAIL("expected AmbiguousStepError");
  } catch (const runtime::AmbiguousStepError& e) {
    CHECK(e.at() == "0004_merge");
    CHECK(e.candidates() ==
          std::vector<std::string>{"0003_tags", "0003_centers"});
  }
  // One step above a root is base.
  MigrationPlan plan =
      PlanDive({kAddDepth}, Command::kDowngrade, "0001_initial-1");
  CHECK(plan.steps == Downs({kAddDepth, kInitial}));
  CHECK(plan.resulting_heads.empty());
  plan = runtime::Plan(kLinearTable, Indices{3}, Command::kDowngrade, "head-1");
  CHECK(plan.steps == Downs({3}));
}

TEST_CASE("ids and prefixes as targets", "[planner]") {
  CHECK(PlanDive({}, Command::kUpgrade, "0003_t").steps == Ups({0, 1, 2}));
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "0003"),
                  graph::AmbiguousRevisionError);
  try {
    PlanDive({}, Command::kUpgrade, "0002_add_depht");
    FAIL("expected UnknownRevisionError");
  } catch (const graph::UnknownRevisionError& e) {
    CHECK(e.suggestion() == "0002_add_depth");
  }
}

TEST_CASE("targets that make no sense for the command", "[planner]") {
  // From base, `upgrade base` is already done (a no-op, as in Alembic).
  CHECK(PlanDive({}, Command::kUpgrade, "base").steps.empty());
  CHECK_THROWS_AS(PlanDive(kAllApplied, Command::kUpgrade, "base"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive(kAllApplied, Command::kUpgrade, "-1"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive(kAllApplied, Command::kDowngrade, "+1"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive(kAllApplied, Command::kDowngrade, "head"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive(kAllApplied, Command::kStamp, "-1"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "+0"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "+x"),
                  runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, ""),
                  runtime::InvalidTargetError);
}

TEST_CASE("downgrade -N unapplies the last N applied in table order",
          "[planner]") {
  MigrationPlan plan = PlanDive(kAllApplied, Command::kDowngrade, "-1");
  CHECK(plan.steps == Downs({kAudit2}));
  CHECK(plan.resulting_heads == Indices{kNotes, kAuditRoot});

  plan = PlanDive(kAllApplied, Command::kDowngrade, "-3");
  CHECK(plan.steps == Downs({kAudit2, kAuditRoot, kNotes}));
  CHECK(plan.resulting_heads == Indices{kMerge});

  try {
    PlanDive({kTags}, Command::kDowngrade, "-4");
    FAIL("expected NotEnoughRevisionsError");
  } catch (const runtime::NotEnoughRevisionsError& e) {
    CHECK(e.requested() == 4);
    CHECK(e.available() == 3);
    CHECK(e.direction() == Direction::kDown);
  }
}

TEST_CASE("downgrade REV unapplies the descendants of its children", "[planner]") {
  // 0003_tags has one child, the merge: the merge and notes go. audit_0002
  // depends on 0003_tags itself, not on anything that goes: it stays (as in
  // Alembic), and its row covers 0003_tags.
  MigrationPlan plan = PlanDive(kAllApplied, Command::kDowngrade, "0003_tags");
  CHECK(plan.steps == Downs({kNotes, kMerge}));
  CHECK(plan.resulting_heads == Indices{kCenters, kAudit2});

  // The other branch and the labelled root stay applied.
  plan = PlanDive(kAllApplied, Command::kDowngrade, "0003_centers");
  CHECK(plan.steps == Downs({kNotes, kMerge}));
  CHECK(plan.resulting_heads == Indices{kCenters, kAudit2});

  // Through a dependency: 0002_add_depth's children are both branches, so
  // audit_0002, which depends on one of them, goes too.
  plan = PlanDive(kAllApplied, Command::kDowngrade, "0002_add_depth");
  CHECK(plan.steps == Downs({kAudit2, kNotes, kMerge, kCenters, kTags}));
  CHECK(plan.resulting_heads == Indices{kAddDepth, kAuditRoot});

  plan = PlanDive(kAllApplied, Command::kDowngrade, "audit_root");
  CHECK(plan.steps == Downs({kAudit2}));
  CHECK(plan.resulting_heads == Indices{kNotes, kAuditRoot});

  plan = PlanDive(kAllApplied, Command::kDowngrade, "0005_notes");
  CHECK(plan.steps.empty());
  CHECK(plan.resulting_heads == kAllApplied);
}

TEST_CASE("downgrade base unapplies everything in reverse order", "[planner]") {
  MigrationPlan plan = PlanDive(kAllApplied, Command::kDowngrade, "base");
  CHECK(plan.steps == Downs({7, 6, 5, 4, 3, 2, 1, 0}));
  CHECK(plan.resulting_heads.empty());
  CHECK(PlanDive({}, Command::kDowngrade, "base").steps.empty());
}

TEST_CASE("downgrade to a revision that is not applied is refused",
          "[planner]") {
  try {
    PlanDive({kTags}, Command::kDowngrade, "0003_centers");
    FAIL("expected NotAppliedError");
  } catch (const runtime::NotAppliedError& e) {
    CHECK(e.revision() == "0003_centers");
  }
}

TEST_CASE("downgrade through an irreversible revision is refused",
          "[planner]") {
  const Indices at_fk{3};
  try {
    runtime::Plan(kLinearTable, at_fk, Command::kDowngrade, "0002_add_depth");
    FAIL("expected IrreversibleError");
  } catch (const runtime::IrreversibleError& e) {
    CHECK(e.revision() == "0003_raw");
    CHECK(e.source() == "migrations/0003_raw.mig");
  }
  CHECK_THROWS_AS(
      runtime::Plan(kLinearTable, at_fk, Command::kDowngrade, "base"),
      runtime::IrreversibleError);
  CHECK_THROWS_AS(runtime::Plan(kLinearTable, at_fk, Command::kDowngrade, "-2"),
                  runtime::IrreversibleError);
  // Steps that stop above it are fine.
  CHECK(runtime::Plan(kLinearTable, at_fk, Command::kDowngrade, "-1").steps ==
        Downs({3}));
}

TEST_CASE("stamp moves the rows on the target's lines, as Alembic does", "[planner]") {
  // 0005_notes is on another line than audit_0002: its row stays.
  MigrationPlan plan = PlanDive(kAllApplied, Command::kStamp, "audit_0002");
  CHECK(plan.steps.empty());
  CHECK(plan.resulting_heads == Indices{kNotes, kAudit2});
  // Down a line: the row moves back to the target. audit_0002 is on another
  // line and stays (its row covers 0003_tags, which it depends on).
  CHECK(PlanDive(kAllApplied, Command::kStamp, "0003_tags").resulting_heads ==
        Indices{kAudit2});
  CHECK(PlanDive(kAllApplied, Command::kStamp, "0003_centers").resulting_heads ==
        Indices{kCenters, kAudit2});
  CHECK(PlanDive({kTags}, Command::kStamp, "0005_notes").resulting_heads == Indices{kNotes});
  // --purge: exactly the target's closure.
  CHECK(runtime::Plan(graph::GraphView(kDiveTable), kAllApplied, Command::kStamp, "audit_0002", true)
            .resulting_heads == Indices{kAudit2});
  CHECK(PlanDive({}, Command::kStamp, "heads").resulting_heads == kAllApplied);
  CHECK(PlanDive(kAllApplied, Command::kStamp, "base").resulting_heads.empty());
  CHECK(PlanDive({}, Command::kStamp, "0004").resulting_heads ==
        Indices{kMerge});
  CHECK_THROWS_AS(PlanDive({}, Command::kStamp, "head"),
                  runtime::MultipleHeadsError);
}

TEST_CASE("an empty table plans nothing", "[planner]") {
  const table::MigrationTable empty{table::kAbiVersion, "test", nullptr, 0, 3u};
  MigrationPlan plan = runtime::Plan(empty, {}, Command::kUpgrade, "head");
  CHECK(plan.steps.empty());
  CHECK(plan.resulting_heads.empty());
}

// Branch labels as targets (kDive: "audit" is declared by audit_root, whose
// child audit_0002 depends on 0003_tags). Each row: the heads before, the
// command and target, and the steps and version rows Alembic gives.
struct LabelQuery {
  Indices before;
  Command command;
  const char* target;
  std::vector<Step> steps;
  Indices rows;
};

TEST_CASE("branch labels as targets", "[planner]") {
  const LabelQuery queries[] = {
      // LABEL alone: the declaring revision.
      {{}, Command::kUpgrade, "audit", Ups({kAuditRoot}), {kAuditRoot}},
      // LABEL@head: the branch's head, with what it depends on.
      {{}, Command::kUpgrade, "audit@head",
       Ups({kInitial, kAddDepth, kTags, kAuditRoot, kAudit2}), {kAudit2}},
      {{}, Command::kUpgrade, "audit@heads",
       Ups({kInitial, kAddDepth, kTags, kAuditRoot, kAudit2}), {kAudit2}},
      // LABEL@+N: from the branch's applied tip (or its start).
      {{}, Command::kUpgrade, "audit@+1", Ups({kAuditRoot}), {kAuditRoot}},
      {{kAuditRoot}, Command::kUpgrade, "audit@+1",
       Ups({kInitial, kAddDepth, kTags, kAudit2}), {kAudit2}},
      {{kNotes, kAudit2}, Command::kDowngrade, "audit@-1", Downs({kAudit2}),
       {kNotes, kAuditRoot}},
      // LABEL@REV: a revision of the branch's lineage.
      {{}, Command::kUpgrade, "audit@audit_0002",
       Ups({kInitial, kAddDepth, kTags, kAuditRoot, kAudit2}), {kAudit2}},
      // LABEL@base: the branch goes; what it depends on stays.
      {{kNotes, kAudit2}, Command::kDowngrade, "audit@base", Downs({kAudit2, kAuditRoot}),
       {kNotes}},
      {{kAudit2}, Command::kDowngrade, "audit@base", Downs({kAudit2, kAuditRoot}), {kTags}},
  };
  for (const LabelQuery& q : queries) {
    INFO(q.target);
    MigrationPlan plan = PlanDive(q.before, q.command, q.target);
    CHECK(plan.steps == q.steps);
    CHECK(plan.resulting_heads == q.rows);
  }
}

TEST_CASE("branch label errors say what to do", "[planner]") {
  try {
    PlanDive({}, Command::kUpgrade, "audit@0005_notes");
    FAIL("expected InvalidTargetError");
  } catch (const runtime::InvalidTargetError& e) {
    CHECK(e.reason() == "revision '0005_notes' is not in the lineage of branch 'audit'");
  }
  try {
    PlanDive({}, Command::kUpgrade, "audti@head");
    FAIL("expected InvalidTargetError");
  } catch (const runtime::InvalidTargetError& e) {
    CHECK(e.reason() == "there is no branch label 'audti'; 'migrate branches' lists them");
  }
  CHECK_THROWS_AS(PlanDive({}, Command::kUpgrade, "audit@base"), runtime::InvalidTargetError);
  CHECK_THROWS_AS(PlanDive({}, Command::kDowngrade, "audit@-1"),
                  runtime::NotEnoughRevisionsError);
}

}  // namespace
}  // namespace retort::testing
