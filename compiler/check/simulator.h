/// Walks the revision graph in topological order, simulating the schema:
/// every operation is checked against the schema as it stands at that point
/// of its revision's history, then applied. The visitor sees each valid
/// operation with the states before and after it (lowering uses them to
/// render SQL and derive inverses).
#pragma once

#include <cstdint>
#include <functional>

#include "check/revision_graph.h"
#include "check/schema_state.h"
#include "diag/diagnostic.h"

namespace retort::check {

using OpVisitor = std::function<void(std::uint32_t revision, const ast::Op& op,
                                     const SchemaState& before,
                                     const SchemaState& after)>;

/// `strict`: safety lints the revision does not acknowledge are errors.
void Simulate(const RevisionGraph& graph, diag::DiagnosticEngine& engine,
              const OpVisitor& visit, bool strict = false);

/// The schema after `revision` (its ancestors and itself applied), without
/// reporting anything. Used by `retortc` commands that need the state at a
/// point of history.
SchemaState StateAfter(const RevisionGraph& graph, std::uint32_t revision);

/// True when the column's default suits its type and nullability.
bool DefaultFits(const ast::Column& column);

/// Checks `op` against `state`; reports problems when `engine` is not null.
/// Returns true when the op can be applied.
bool Validate(const ast::Op& op, const SchemaState& state,
              diag::DiagnosticEngine* engine);

}  // namespace retort::check
