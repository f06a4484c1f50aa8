/// Checks for views, triggers and events (named objects with an opaque
/// body), and what they mean for the tables they stand on.
#pragma once

#include <string>
#include <string_view>

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::check {

/// Validates a CreateView, CreateTrigger, CreateEvent or DropObject.
bool ValidateObjectOp(const ast::Op& op, const SchemaState& state,
                      diag::DiagnosticEngine* engine);

/// A table a view, trigger or event uses (or a trigger stands on, for a
/// drop) cannot be dropped or renamed under it: `verb` is "drop" or
/// "rename". Reports at `loc`.
bool CheckTableNotUsed(const std::string& table, std::string_view verb, source::SourceLoc loc,
                       const SchemaState& state, diag::DiagnosticEngine* engine);

/// Tables and views share one namespace: reports a view named `name`.
bool CheckNotView(const std::string& name, source::SourceLoc loc, const SchemaState& state,
                  diag::DiagnosticEngine* engine);

}  // namespace retort::check
