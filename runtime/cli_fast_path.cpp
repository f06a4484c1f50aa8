// The SQLite deploy fast path (docs/migrate.md "The header fingerprint"):
// `upgrade head` on a database that is already there reads the file header,
// not the schema, whose parse costs SQLite time in proportion to its size.
#include <algorithm>
#include <string>
#include <vector>

#include "cli.h"
#include "retort/exit_code.h"

namespace retort::cli {

bool Cli::UpToDateByHeader() {
  if (!options_.fast_path || (options_.target != "head" && options_.target != "heads")) {
    return false;
  }
  const std::vector<std::uint32_t>& heads = graph_.Heads();
  // Several heads under `head` is an error the full path reports.
  if (heads.empty() || (options_.target == "head" && heads.size() != 1)) return false;
  runtime::DatabaseUrl url = Url();
  if (url.backend != runtime::Backend::kSqlite) return false;
  std::unique_ptr<driver::Connection> connection = Connect(url);
  runtime::VersionStore store(*connection, options_.version_table);
  const std::int32_t value = store.ReadHeaderField();
  if (!runtime::IsRetortHeaderValue(value)) return false;
  std::vector<std::string> ids;
  for (std::uint32_t h : heads) ids.emplace_back(graph_.id(h));
  std::sort(ids.begin(), ids.end());
  const std::uint64_t digest = runtime::TableDigest(graph_.table(), options_.version_table);
  if (value != runtime::HeaderFingerprint(ids, digest)) return false;
  Announce(*connection, "upgrading", ", 0 revisions pending (the file's header says so)");
  ReportDone(true, 0, heads);
  return true;
}

}  // namespace retort::cli
