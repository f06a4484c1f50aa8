/// Walks the revision graph in topological order, simulating the schema:
/// every operation is checked against the schema as it stands at that point
/// of its revision's history, then applied. Where lines of history meet (a
/// merge, a depends_on, the heads), the revisions only one side has are
/// proven to commute with those only the other side has (check/commute.h),
/// and the schema there is the union of both sides. The visitor sees each
/// valid operation with the states before and after it (lowering uses them
/// to render SQL and derive inverses) and adds to the revision's footprint
/// what its rendering reads.
#pragma once

#include <cstdint>
#include <functional>

#include "check/access.h"
#include "check/revision_graph.h"
#include "check/schema_state.h"
#include "diag/diagnostic.h"

namespace retort::check {

using OpVisitor =
    std::function<void(std::uint32_t revision, std::uint32_t op_index, const ast::Op& op,
                       const SchemaState& before, const SchemaState& after,
                       Footprint& footprint)>;

/// Called after a fold with the union state and the tables both sides may
/// have grown (columns appended on each), for limits that add up across
/// branches (MySQL's row size).
using MergeVisitor = std::function<void(std::uint32_t revision, const SchemaState& state,
                                        const std::vector<std::string>& grown)>;

/// `strict`: safety lints the revision does not acknowledge are errors.
void Simulate(const RevisionGraph& graph, diag::DiagnosticEngine& engine,
              const OpVisitor& visit, bool strict = false,
              const MergeVisitor& merged = {});

/// The schema after `revision` (its ancestors and itself applied in
/// topological order, the canonical order). Used by `retortc` commands that
/// need the state at a point of history, after the history compiled; an
/// operation that does not apply is reported into `engine`.
SchemaState StateAfter(const RevisionGraph& graph, std::uint32_t revision,
                       diag::DiagnosticEngine& engine);

/// The schema after `revisions` and all their ancestors: their union.
SchemaState StateAfter(const RevisionGraph& graph, const std::vector<std::uint32_t>& revisions,
                       diag::DiagnosticEngine& engine);

/// The schema with every revision applied: the union of all heads.
SchemaState StateAfterAll(const RevisionGraph& graph, diag::DiagnosticEngine& engine);

}  // namespace retort::check
