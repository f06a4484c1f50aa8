/// `migrate check` and the schema verification of `stamp`: the CLI side of
/// runtime/schema_check.h, kept out of migrate_cli.cpp.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "diff/schema_diff.h"
#include "driver/connection.h"
#include "retort/graph_view.h"
#include "version_store.h"

namespace retort::cli {

/// The database's schema is not the one expected at `heads` (stamp refused).
struct SchemaMismatchError {
  std::string heads;  ///< "0004", "base", ...
  diff::SchemaDiff diff;
};

/// The database has an interrupted revision: no single schema is expected.
struct InterruptedRevisionError {
  std::string revision;
};

/// `migrate check`: exit 0 when the database has the schema the compiler
/// expects at its recorded heads, 3 (with the differences) when not.
int RunCheck(driver::Connection& connection, runtime::VersionStore& store,
             const graph::GraphView& graph, const std::string& where, bool json,
             std::ostream& out);

/// Throws SchemaMismatchError unless the database has the schema expected
/// at `heads`.
void VerifySchemaAt(driver::Connection& connection, runtime::VersionStore& store,
                    const graph::GraphView& graph, const std::vector<std::uint32_t>& heads);

/// The text of a mismatch for stderr: missing tables first, then every
/// difference as an operation.
std::string DescribeMismatch(const SchemaMismatchError& error);

}  // namespace retort::cli
