/// What the migrate CLI's parts share to report problems: the CLI's own
/// error types, the `migrate: error:` / `migrate: note:` format, and the one
/// place where every typed error of the runtime becomes that text and an
/// exit code (runtime/cli_errors.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "driver/connection.h"
#include "retort/exit_code.h"
#include "retort/graph_view.h"

namespace retort::cli {

/// A configuration problem found by the CLI itself (exit 2).
struct ConfigError {
  std::string error;
  std::string note;
};

/// The database named by the URL could not be opened.
struct OpenError {
  std::string redacted_url;
  driver::DbError cause;
  bool server = false;  ///< a database server (its error codes are shown)
};

/// Prints `migrate: error: <error>` and, when given, `migrate: note: <note>`;
/// returns the exit code.
int Fail(std::ostream& err, ExitCode code, const std::string& error,
         const std::string& note);

/// "a, b, c"
std::string Join(const std::vector<std::string>& items);

/// The ids of `heads`, or "base".
std::string HeadList(const graph::GraphView& graph,
                     const std::vector<std::uint32_t>& heads);

/// What ReportError needs to know about the command that failed.
struct ErrorContext {
  std::string command;  ///< "upgrade", "downgrade", ...
  std::string again;    ///< the command line to suggest re-running
  std::function<std::string()> redacted_url;  ///< the database, printable
};

/// Call from a catch (...) block: reports the exception being handled
/// (what failed, then what to do next) and returns the exit code. Rethrows
/// exceptions it does not know.
int ReportError(std::ostream& err, const graph::GraphView& graph,
                const ErrorContext& context);

}  // namespace retort::cli
