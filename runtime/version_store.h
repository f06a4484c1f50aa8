/// VersionStore: what the database records about its migrations.
/// `retort_version` holds one row per current head (Alembic's shape, so the
/// name can be `alembic_version`); `retort_history` is the audit log.
/// The store runs no transactions of its own: callers wrap it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "driver/connection.h"

namespace retort::runtime {

inline constexpr char kDefaultVersionTable[] = "retort_version";
inline constexpr char kDefaultHistoryTable[] = "retort_history";

/// A table name that is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*).
class InvalidTableNameError : public std::runtime_error {
 public:
  explicit InvalidTableNameError(std::string name);
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

struct HistoryEntry {
  std::int64_t id = 0;    ///< assigned by the database
  std::string revision;   ///< a revision id, or "base" for `stamp base`
  std::string direction;  ///< "up", "down" or "stamp"
  std::string checksum;   ///< the table's checksum when it ran
  std::string started;    ///< UTC ISO-8601, e.g. 2024-05-01T12:00:00.123Z
  std::int64_t duration_ms = 0;
  std::string executor_version;
  std::string outcome;  ///< "ok" or "failed"
  std::string message;  ///< the database's message when failed
};

class VersionStore {
 public:
  /// Throws InvalidTableNameError.
  explicit VersionStore(driver::Connection& connection,
                        std::string version_table = kDefaultVersionTable,
                        std::string history_table = kDefaultHistoryTable);

  const std::string& version_table() const { return version_table_; }

  /// CREATE TABLE IF NOT EXISTS for both tables.
  void EnsureTables();
  /// The recorded heads, sorted; empty when the table does not exist yet.
  std::vector<std::string> ReadHeads();
  /// Rewrites the version rows so they are exactly `heads` (only the rows
  /// that change are touched).
  void WriteHeads(const std::vector<std::string>& heads);
  void AppendHistory(const HistoryEntry& entry);
  /// Newest first; empty when the table does not exist yet.
  std::vector<HistoryEntry> ReadHistory();
  /// (revision, checksum) of every successful "up", newest first; one query.
  /// The first row for a revision is its last successful up.
  std::vector<std::pair<std::string, std::string>> SuccessfulUps();

 private:
  driver::Connection& connection_;
  std::string version_table_;
  std::string history_table_;
};

/// Now as UTC ISO-8601 with milliseconds.
std::string UtcTimestamp();

}  // namespace retort::runtime
