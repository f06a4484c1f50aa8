/// The `migrate` command line: CLI11 subcommands mapped onto thin functions
/// over the planner and runner. The only place that turns typed errors into
/// `migrate: error:` / `migrate: note:` text and exit codes (exit_code.h).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "retort/table.h"

namespace retort::cli {

/// What `migrate` reads from the process environment, passed in explicitly.
struct Environment {
  std::optional<std::string> database_url;       ///< DATABASE_URL
  std::optional<std::string> database_url_file;  ///< DATABASE_URL_FILE
};

/// Runs `migrate` with `args` (without the program name); returns the exit
/// code.
int MigrateMain(std::vector<std::string> args,
                const table::MigrationTable& table, std::ostream& out,
                std::ostream& err, const Environment& env);

/// The process entry point: reads argv and the environment, writes to
/// stdout/stderr.
int MigrateMain(int argc, char** argv, const table::MigrationTable& table);

}  // namespace retort::cli
