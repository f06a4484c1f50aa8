/// Prints a simulated schema: as the DSL (`retortc schema`) and as the
/// CREATE statements of one dialect (`retortc schema --dialect mysql`).
#pragma once

#include <string>

#include "check/schema_state.h"
#include "lower/dialect.h"

namespace retort::emit {

using check::TablesInOrder;

/// The schema as DSL statements: one `create table` per table (with its
/// keys, foreign keys and checks), then its indexes.
std::string RenderSchemaDsl(const check::SchemaState& schema);

/// The statements `dialect` would run to create `schema` from nothing,
/// each ended with ";\n".
std::string RenderSchemaSql(const check::SchemaState& schema, const lower::Dialect& dialect);

}  // namespace retort::emit
