/// Derived downgrades: the operations that undo an operation, computed from
/// the schema as it was before it (Alembic's reverse(), done by the compiler).
#pragma once

#include <optional>
#include <vector>

#include "check/schema_state.h"
#include "front/ast.h"

namespace retort::lower {

/// The ops that undo `op`, to run in order after it, or nullopt when `op` is
/// irreversible (raw SQL without a down block).
std::optional<std::vector<ast::Op>> Invert(const ast::Op& op,
                                           const check::SchemaState& before);

}  // namespace retort::lower
