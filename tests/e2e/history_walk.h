/// End-to-end helpers: run a compiled history's real `migrate` binary against
/// SQLite or MariaDB and walk it revision by revision, comparing the schema
/// through the database's catalog and the rows through full dumps.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "driver/connection.h"
#include "retort/table.h"
#include "test_util.h"

namespace retort::testing {

/// A compiled history and the migrate binary built from it.
struct History {
  const table::MigrationTable& table;
  std::string migrate;  ///< path of the binary
};

ProcessResult Migrate(const History& history, const std::string& url,
                      const std::vector<std::string>& args, const std::string& output_dir);
/// Migrate, REQUIREing exit code 0 (with the output in the failure message).
void MustMigrate(const History& history, const std::string& url,
                 const std::vector<std::string>& args, const std::string& output_dir);

/// Rows as "a|b|\n" lines.
std::string Join(const std::vector<driver::Row>& rows);

/// The SQLite schema as its catalog describes it (columns, indexes, foreign
/// keys, AUTOINCREMENT), without Retort's own tables.
std::string SqliteSnapshot(driver::Connection& db);
using Snapshot = std::string (*)(driver::Connection&);
/// The same up to the order of each table's columns (lines sorted; an
/// automatic index, whose name SQLite derives from column positions, known by
/// its columns only), with every check and foreign key constraint by name:
/// equal strings mean equal schemas but for column order.
std::string SqliteSnapshotAnyColumnOrder(driver::Connection& db);

/// Application tables, for Dump.
inline constexpr const char* kSqliteTables =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
    "'sqlite_%' AND name NOT LIKE 'retort_%' ORDER BY 1";
inline constexpr const char* kMysqlTables =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
    "DATABASE() AND TABLE_NAME NOT LIKE 'retort\\\\_%' ORDER BY 1";

/// Every row of every table `tables_sql` lists.
std::string Dump(driver::Connection& db, const std::string& tables_sql);

/// Upgrades to every revision in table order; after each, `downgrade -1`
/// must give back the previous schema and the upgrade the same one; then
/// base and back to head. After each step `migrate check` must find no
/// drift: the database read back is the schema the compiler simulated.
void WalkHistory(const History& history, const std::string& url, Snapshot snapshot,
                 const std::string& dir);

/// Statements to run right after a revision is applied (seed rows).
using Seeds = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// The same walk with rows: each upgrade then downgrade leaves every row.
/// In the `lossy` revisions (which drop a column holding data) only the
/// number of rows per table must survive.
void WalkWithRows(const History& history, const std::string& url,
                  const std::string& tables_sql, const Seeds& seeds, const std::string& dir,
                  const std::vector<std::string>& lossy = {});

/// `retortc schema --dir MIGRATIONS --dialect D` (run from the source tree)
/// prints the CREATE statements of the simulated schema at head; run on an
/// empty database they must give the catalog `migrate upgrade head` builds.
void CheckSchemaMatchesCompiler(const History& history, const std::string& migrations,
                                const std::string& migrated_url, const std::string& empty_url,
                                const std::string& dialect, Snapshot snapshot,
                                const std::string& dir);

/// `retortc baseline --from-db` of the history's head, built on an empty
/// database, gives the same catalog.
void CheckBaselineRebuilds(const History& history, const std::string& migrated_url,
                           const std::string& empty_url, const std::string& dialect,
                           Snapshot snapshot, const std::string& dir);

}  // namespace retort::testing
