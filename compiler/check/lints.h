/// Safety lints: operations that are valid but risky on a live database —
/// data loss, narrowing a type, a constraint existing rows may violate, a
/// rename that breaks instances still running the old code. Each is a
/// warning unless the revision acknowledges it (`allow data_loss` in the
/// header); with `strict` an unacknowledged one is an error.
#pragma once

#include <set>
#include <string>

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::check {

/// Lints `op` of `revision`; `created` names the tables the revision made
/// before `op` (not "existing" tables), `before` is the schema just before.
void Lint(const ast::Revision& revision, const ast::Op& op,
          const std::set<std::string>& created, const SchemaState& before, bool strict,
          diag::DiagnosticEngine& engine);

/// True when changing a column from `from` to `to` cannot lose or reject
/// existing values.
bool IsWidening(const ast::ColumnType& from, const ast::ColumnType& to);

}  // namespace retort::check
