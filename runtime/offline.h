/// `migrate upgrade --sql [FROM:]TO` and `downgrade --sql FROM:TO`: the
/// complete script of a run, for one dialect, without connecting — what the
/// runner would execute (the revisions' statements, the version tables'
/// DDL, the version-row changes and history rows, SQLite's transaction per
/// revision), to be applied with the database's own client.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "planner.h"
#include "retort/graph_view.h"

namespace retort::runtime {

struct OfflineOptions {
  table::Dialect dialect = table::Dialect::kSqlite;
  std::string version_table;
  std::string history_table;
  std::string executor_version;
  std::string started;  ///< the history rows' timestamp
};

/// The script that takes a database recorded at `from` through `plan`.
std::string OfflineScript(const graph::GraphView& graph, const std::vector<std::uint32_t>& from,
                          const MigrationPlan& plan, const OfflineOptions& options);

/// An SQL string literal for `dialect` (MySQL also escapes backslashes).
std::string SqlLiteral(const std::string& text, table::Dialect dialect);

}  // namespace retort::runtime
