/// The `migrate` command line's options and their CLI11 definition, apart
/// from the commands that use them (migrate_cli.cpp).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "version_store.h"

namespace retort::cli {

/// Every option of every subcommand; a subcommand reads the ones it has.
struct Options {
  std::string url;
  bool url_given = false;  ///< --url was on the command line (even empty)
  bool version = false;    ///< --version
  bool version_table_given = false;  ///< --version-table was on the command line
  bool ignore_checksums = false;
  std::string version_table = runtime::kDefaultVersionTable;
  std::string target = "head";
  bool verbose = false;
  bool log = false;
  bool indicate_current = false;
  bool trace = false;  ///< upgrade/downgrade --verbose: every statement
  bool json = false;
  double wait_s = 0;  ///< --wait, or `wait --timeout`
  double interval_s = 2;
  double lock_timeout_s = 300;
  bool resolve_applied = false;
  bool resolve_rolled_back = false;
  std::string range;               ///< history -r A:B
  bool resolve_dependencies = false;  ///< heads --resolve-dependencies
  bool purge = false;                 ///< stamp --purge
  bool force = false;                 ///< stamp --force: no schema verification
  bool resolve_auto = false;
  bool sql = false;      ///< upgrade/downgrade --sql: the offline script
  std::string dialect;   ///< --dialect for --sql
  bool dry_run = false;  ///< upgrade/downgrade --dry-run
  bool single_transaction = false;  ///< upgrade/downgrade --single-transaction
  bool fast_path = true;  ///< upgrade: trust SQLite's header fingerprint (--no-fast-path)
};

/// Parses `args` (without the program name) into `options` and the
/// subcommand's name. Returns an exit code when the process is done
/// (help printed, or a usage error reported on `err`), nullopt to run.
std::optional<int> ParseArgs(std::vector<std::string> args, std::ostream& out, std::ostream& err,
                             Options& options, std::string& command);

}  // namespace retort::cli
