/// Names and comments a database cannot hold, found at build time: MySQL's
/// and MariaDB's 64-character identifiers (names outside Unicode's Basic
/// Multilingual Plane, table and column names ending in a space), their
/// comment lengths, MySQL's 255-character enum and set values, and the
/// `sqlite_` prefix SQLite keeps for itself. Each dialect's Check calls the
/// function for its family with every operation.
#pragma once

#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::lower {

/// MySQL and MariaDB (reported once for the family). `mysql`: MySQL is among
/// the targets (its enum values are limited; MariaDB's are not).
void CheckMysqlNames(const ast::Op& op, bool mysql, diag::DiagnosticEngine& engine);

/// SQLite: tables, indexes, views and triggers may not start with `sqlite_`.
void CheckSqliteNames(const ast::Op& op, diag::DiagnosticEngine& engine);

}  // namespace retort::lower
