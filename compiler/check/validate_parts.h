/// The parts of Validate (check/validate.cpp) that its other files share.
/// Internal to check/.
#pragma once

#include <string>

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::check {

/// char, varchar, the text types, enum, set.
bool IsCharacter(ast::TypeKind kind);
/// The table `name`, or an error at the operation's first name.
const TableDef* RequireTable(const std::string& name, const ast::Op& op, const SchemaState& state,
                             diag::DiagnosticEngine* engine);
/// The index name is free in its scope and its columns exist in `table`
/// (which may be a table being created); its kind and prefixes fit.
bool CheckIndexColumns(const ast::Index& index, const TableDef& table, const SchemaState& state,
                       diag::DiagnosticEngine* engine);
bool CheckCreateIndex(const ast::CreateIndex& create, const ast::Op& op, const SchemaState& state,
                      diag::DiagnosticEngine* engine);
/// The index a drop or rename names (`table_loc`: the location index of
/// its `on TABLE`), or an error.
const ast::Index* RequireIndex(const std::string& name, const std::string& table,
                               const ast::Op& op, std::size_t table_loc,
                               const SchemaState& state, diag::DiagnosticEngine* engine);
bool CheckDropIndex(const ast::DropIndex& drop, const ast::Op& op, const SchemaState& state,
                    diag::DiagnosticEngine* engine);

}  // namespace retort::check
