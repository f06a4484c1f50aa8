/// The `migrate` command line: CLI11 subcommands mapped onto thin functions
/// over the planner and runner. The only place that turns typed errors into
/// `migrate: error:` / `migrate: note:` text and exit codes (exit_code.h).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "retort/migrate.h"
#include "retort/table.h"

namespace retort::cli {

/// What `migrate` reads from the process environment, passed in explicitly.
struct Environment {
  std::optional<std::string> database_url;       ///< DATABASE_URL
  std::optional<std::string> database_url_file;  ///< DATABASE_URL_FILE
  std::optional<std::string> version_table;      ///< RETORT_VERSION_TABLE
  bool terminal = false;  ///< stdout is a terminal: progress shows [k/N] and an estimate
};

/// Runs `migrate` with `args` (without the program name); returns the exit
/// code.
int MigrateMain(std::vector<std::string> args,
                const table::MigrationTable& table, std::ostream& out,
                std::ostream& err, const Environment& env);


}  // namespace retort::cli
