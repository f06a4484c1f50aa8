/// The planner: from the database's current heads and a command-line target,
/// the ordered revisions to run and the heads that result. Pure: no database.
///
/// Semantics (ids below are revisions; "table order" is the compiled table's
/// deterministic topological order, parents and dependencies first):
///
/// - The applied set A is the closure of the current heads through parents
///   and depends_on. The heads of any set S are the members of S that no
///   member of S has as a *parent* (depends_on never hides a head).
/// - Targets: `head` (the graph's single head; several heads is an error that
///   lists them), `heads` (every head), `base` (nothing), an exact id, a
///   unique id prefix (several matches is an error listing them; no match is
///   an error suggesting the nearest id), `+N` / `-N` (relative to the
///   database), `REV+N` / `REV-N` (relative to REV; REV may be `head`).
///   Keywords win over ids; an exact id wins over a relative reading, and an
///   id prefix over `REV-N`.
/// - `upgrade T`: runs closure(T) \ A in table order, so a merge runs after
///   all its parents and a dependency before its dependent. Nothing pending is
///   an empty plan. `upgrade heads` runs everything not applied.
///   `upgrade +N`: from the single version row (or, at base, the single
///   root) N steps down single children, as Alembic walks; then as `upgrade`
///   to that revision. Where Alembic's walk is ambiguous (several rows or
///   roots, a branch point on the way) the plan is the first N steps
///   `upgrade heads` would run, with a `note` saying so (an error when fewer
///   than N are pending). `upgrade REV+N`: REV's descendant N steps
///   down a line of single children (a branch point on the way is an error),
///   then as `upgrade` to it. `upgrade base` and `upgrade -N` are errors.
/// - `downgrade T`: T must be applied (`base` always is). Unapplies, in
///   reverse table order, every applied revision that is one of T's children
///   (through parents) or descends from one (through parents and
///   depends_on): T stays, and so do other branches and a revision that
///   depends on T itself but on nothing that goes (Alembic's rule).
///   `downgrade base` unapplies everything.
///   `downgrade -N`: from the single version row, N steps up single
///   parents; those revisions and whatever applied descends from them are
///   unapplied. Where that walk is ambiguous (several rows, a merge on the
///   way) the plan unapplies the N applied revisions that come last in table
///   order (the first N steps of `downgrade base`), with a `note` (an error
///   when fewer than N are applied). `downgrade REV-N`: REV's ancestor N steps up
///   a line of single parents (`base` one step above a root; a merge on the
///   way is an error), then as `downgrade` to it. `downgrade head`/`heads`
///   and `+N` are errors.
///   Before any step runs, a step through a revision with `reversible ==
///   false` is an error naming it.
/// - `stamp T` (`head`, `heads`, `base`, id, prefix, label...): no steps.
///   As Alembic stamps: each current row on a line of history T is on (an
///   ancestor or a descendant of a revision of T) moves to T; the other rows
///   stay, and T is added. The resulting rows are
///   maximal(closure(T + unrelated rows)). `stamp base` clears every row;
///   with `purge` the rows become maximal(closure(T)) whatever they were.
/// - The resulting rows of upgrade and downgrade are maximal(A + up steps -
///   down steps), where maximal(S) is the members of S that no member has as
///   a parent or dependency: the version rows Alembic would write.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "retort/graph_view.h"
#include "retort/table.h"

namespace retort::runtime {

enum class Command { kUpgrade, kDowngrade, kStamp };
enum class Direction { kUp, kDown };

struct Step {
  std::uint32_t revision;
  Direction direction;
  bool operator==(const Step&) const = default;
};

struct MigrationPlan {
  std::vector<Step> steps;
  /// Set when the target had no single answer and the planner chose one:
  /// what it chose and why (the CLI prints it as a note).
  std::string note;
  /// Version rows after the plan ran (GraphView::MaximalOf of the applied
  /// set), in table order; empty means base.
  std::vector<std::uint32_t> resulting_heads;
};

/// `head` was asked for but the graph has several heads.
class MultipleHeadsError : public std::runtime_error {
 public:
  explicit MultipleHeadsError(std::vector<std::string> heads);
  const std::vector<std::string>& heads() const { return heads_; }

 private:
  std::vector<std::string> heads_;
};

/// A target that makes no sense for the command (`upgrade base`,
/// `downgrade +1`, `stamp -1`, a malformed count).
class InvalidTargetError : public std::runtime_error {
 public:
  InvalidTargetError(std::string target, std::string reason);
  const std::string& target() const { return target_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string target_;
  std::string reason_;
};

/// `+N`/`-N` (or `REV+N`/`REV-N`) asks for more steps than exist.
class NotEnoughRevisionsError : public std::runtime_error {
 public:
  NotEnoughRevisionsError(std::string target, std::uint32_t requested,
                          std::uint32_t available, Direction direction,
                          bool walked = false);
  /// True when the count ran out walking from the database's version row
  /// (`+N`/`-N` as Alembic walks); false when counting revisions pending or
  /// applied in table order.
  bool walked() const { return walked_; }
  const std::string& target() const { return target_; }
  std::uint32_t requested() const { return requested_; }
  /// Pending (up) or applied (down) revisions, or the steps walkable from REV.
  std::uint32_t available() const { return available_; }
  Direction direction() const { return direction_; }

 private:
  std::string target_;
  std::uint32_t requested_;
  std::uint32_t available_;
  Direction direction_;
  bool walked_;
};

/// `REV+N`/`REV-N` reached a branch point or merge, so the step is ambiguous.
class AmbiguousStepError : public std::runtime_error {
 public:
  AmbiguousStepError(std::string target, std::string at,
                     std::vector<std::string> candidates);
  const std::string& target() const { return target_; }
  const std::string& at() const { return at_; }
  const std::vector<std::string>& candidates() const { return candidates_; }

 private:
  std::string target_;
  std::string at_;
  std::vector<std::string> candidates_;
};

/// `downgrade REV` where REV is not applied.
class NotAppliedError : public std::runtime_error {
 public:
  explicit NotAppliedError(std::string revision);
  const std::string& revision() const { return revision_; }

 private:
  std::string revision_;
};

/// The downgrade would have to undo an irreversible revision.
class IrreversibleError : public std::runtime_error {
 public:
  IrreversibleError(std::string revision, std::string source);
  const std::string& revision() const { return revision_; }
  const std::string& source() const { return source_; }

 private:
  std::string revision_;
  std::string source_;
};

/// The revisions `target` names without a database: `head`, `heads`, an id,
/// a unique prefix, a branch label, `LABEL@head`/`@heads`/`@REV`,
/// `REV+N`/`REV-N`. `base`, `+N`, `-N`, `LABEL@base` and `LABEL@±N` name
/// none: InvalidTargetError. Otherwise throws as Plan does.
std::vector<std::uint32_t> ResolveRevisions(const graph::GraphView& graph,
                                            std::string_view target);

/// Plans `command target` from `current_heads`. Throws the errors above and
/// graph::UnknownRevisionError / graph::AmbiguousRevisionError.
MigrationPlan Plan(const graph::GraphView& graph,
                   std::span<const std::uint32_t> current_heads,
                   Command command, std::string_view target, bool purge = false);
MigrationPlan Plan(const table::MigrationTable& table,
                   std::span<const std::uint32_t> current_heads,
                   Command command, std::string_view target);

}  // namespace retort::runtime
