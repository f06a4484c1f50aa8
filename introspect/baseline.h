/// `retortc baseline --from-db URL --dir DIR`: one revision that recreates
/// a live database's schema, the way to adopt an existing database
/// (baseline, then `migrate stamp`). Issue 10, item 4.
#pragma once

#include <ostream>
#include <string>

namespace retort::introspect {

struct BaselineOptions {
  std::string url;      ///< the database to read; printed redacted only
  std::string dir;      ///< an empty (or new) migrations directory
  std::string message = "Baseline of the existing schema";
  std::string id;       ///< default: 0001_baseline
};

/// Reads the database, writes DIR/<id>.mig (and DIR/retort.toml targeting
/// the database's dialect when the directory has none), then compiles the
/// directory to prove the revision builds. Returns the process exit code;
/// errors go to `err` as `retortc: error: …` with a note on what to do.
int RunBaseline(const BaselineOptions& options, std::ostream& out, std::ostream& err);

}  // namespace retort::introspect
