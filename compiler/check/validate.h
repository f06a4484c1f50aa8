/// Checks one operation against the schema as it stands just before it:
/// tables, columns, indexes and constraints exist (or are free), keys and
/// defaults make sense, nothing a drop removes is still used.
#pragma once

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::check {

/// True when the column's default suits its type and nullability.
bool DefaultFits(const ast::Column& column);

/// Checks `op` against `state`; reports problems when `engine` is not null.
/// Returns true when the op can be applied.
bool Validate(const ast::Op& op, const SchemaState& state,
              diag::DiagnosticEngine* engine);

}  // namespace retort::check
