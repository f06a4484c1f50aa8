/// The schema the compiler expects, rebuilt from the table's encoded
/// operations, and its comparison with a live database: the base of
/// `migrate check`, the verified `stamp` and `resolve --auto` (issue 10).
/// The model, the diff and the readers are the compiler's own
/// (library retort_schema); no .mig text is parsed here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/schema_state.h"
#include "diff/schema_diff.h"
#include "driver/connection.h"
#include "retort/table.h"

namespace retort::runtime {

/// The schema after `revisions` and every revision they stand on (parents
/// and depends_on), replayed in table order as the compiler replays them;
/// then the first `extra_ops` operations of `partial` (when given), a
/// revision whose ancestors are among those applied.
check::SchemaState ExpectedSchema(const table::MigrationTable& table,
                                  const std::vector<std::uint32_t>& revisions,
                                  std::int64_t partial = -1, std::uint32_t extra_ops = 0);

/// The number of operations of `revision` in the schema model.
std::uint32_t OperationCount(const table::MigrationTable& table, std::uint32_t revision);

/// The connected database's schema (leaving out `version_table`, Retort's
/// own tables and Alembic's). Throws introspect::UnsupportedError, DbError.
check::SchemaState ReadLive(driver::Connection& connection, const std::string& version_table);

/// What turns `expected` into `live` (read from a database of `dialect`),
/// compared as that database stores them.
diff::SchemaDiff Compare(const table::MigrationTable& table, table::Dialect dialect,
                         const check::SchemaState& expected, const check::SchemaState& live);

/// Reads the connected database (leaving out `version_table`, Retort's own
/// tables and Alembic's) and returns what turns `expected` into it, both
/// compared as that database stores them. Throws NotTargetedError for a
/// database the project does not target, introspect::UnsupportedError for a
/// construct the language cannot say, driver::DbError.
diff::SchemaDiff CompareWithDatabase(driver::Connection& connection,
                                     const table::MigrationTable& table,
                                     const check::SchemaState& expected,
                                     const std::string& version_table);

/// The tables `expected` has and the database lacks (the diff drops them).
std::vector<std::string> MissingTables(const diff::SchemaDiff& diff);

/// The differences as operations of the language and notes, one per line.
std::string DescribeDiff(const diff::SchemaDiff& diff);
/// {"ops":["…"],"notes":["…"],"missing_tables":["…"]}
std::string DiffJson(const diff::SchemaDiff& diff);

}  // namespace retort::runtime
