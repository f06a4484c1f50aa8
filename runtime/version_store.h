/// VersionStore: what the database records about its migrations.
/// `retort_version` holds one row per current head (Alembic's shape, so the
/// name can be `alembic_version`); `retort_history` is the audit log.
/// The store runs no transactions of its own: callers wrap it.
#pragma once

#include <cstdint>
#include <optional>
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
  /// "ok"; "running" while a MySQL revision is in progress; "rolled_back"
  /// (a failure that left no trace); "failed" (needs `migrate resolve`); for
  /// direction "resolve", the operator's decision "applied" or "rolled_back".
  std::string outcome;
  std::string message;  ///< the database's message when failed
  std::int64_t statement = 0;  ///< statements done, or the failing one (1-based)
};

class VersionStore {
 public:
  /// Throws InvalidTableNameError.
  explicit VersionStore(driver::Connection& connection,
                        std::string version_table = kDefaultVersionTable,
                        std::string history_table = kDefaultHistoryTable);

  const std::string& version_table() const { return version_table_; }

  /// CREATE TABLE IF NOT EXISTS for both tables. Afterwards the store knows
  /// they exist and asks the catalog no more (each question is a scan of
  /// SQLite's schema table, which grows with the database).
  void EnsureTables();
  const std::string& history_table() const { return history_table_; }
  /// The recorded heads, sorted; empty when the table does not exist yet.
  std::vector<std::string> ReadHeads();
  /// Rewrites the version rows so they are exactly `heads` (only the rows
  /// that change are touched; one row replaced by one is an UPDATE), queued
  /// (Connection::Queue): call it inside a transaction that commits.
  /// `current`: the rows as the caller read them in this transaction, or
  /// nullptr to read them. On SQLite the header fingerprint follows (below).
  void WriteHeads(const std::vector<std::string>& heads,
                  const std::vector<std::string>* current = nullptr);
  /// The SQLite fast path (docs/migrate.md "The header fingerprint"): with a
  /// digest of the executor's table set, WriteHeads also stores
  /// HeaderFingerprint(heads, digest) in `PRAGMA user_version`, in the same
  /// transaction, when that field is 0 or already Retort's; without one
  /// (0), it clears a field of Retort's. A field of anyone else's is never
  /// touched.
  void set_table_digest(std::uint64_t digest) { table_digest_ = digest; }
  /// Stores the fingerprint of `heads` (the recorded rows, sorted) when the
  /// field is 0 or Retort's and differs: WriteHeads does it, and a no-op
  /// upgrade that found the rows by the full check does it for a header a
  /// previous executor (or none) wrote. SQLite only.
  void WriteHeaderFingerprint(const std::vector<std::string>& heads);
  /// `PRAGMA user_version` (SQLite only; reads the file header, not the schema).
  std::int32_t ReadHeaderField();
  /// Appends `entry`; queued (driver::Connection::Queue) with kQueued.
  enum class Send { kNow, kQueued };
  void AppendHistory(const HistoryEntry& entry, Send send = Send::kNow);
  /// Appends `entry` and returns its id (for progress updates). A queued
  /// row's id is the connection's LastInsertId() once the statement it went
  /// with has run.
  std::int64_t StartHistory(const HistoryEntry& entry);
  /// Records on row `id` that `done` statements are done and what may have
  /// run since (`message`, runner.h ProgressMessage). Written before a
  /// progress point, the row brackets the truth after any crash (on MySQL
  /// the write rides on the next DDL statement's implicit commit, queued to
  /// go in the same round trip).
  void MarkProgress(std::int64_t id, std::int64_t done, const std::string& message);
  /// MySQL, when the step moves one version row to another (a chain): the
  /// row moves and history row `id` becomes ok in one statement (a
  /// multi-table UPDATE, one commit). False, having done nothing, otherwise.
  bool FinishChainStep(std::int64_t id, const std::vector<std::string>& before,
                       const std::vector<std::string>& after, std::int64_t statements,
                       std::int64_t duration_ms);
  /// Sets outcome, statement counter, duration and message of row `id`.
  void FinishHistory(std::int64_t id, const std::string& outcome,
                     std::int64_t statement, std::int64_t duration_ms,
                     const std::string& message, Send send = Send::kNow);
  /// Marks row `id` failed only while it still says running (a run that
  /// lost its connection may have committed its outcome after all); returns
  /// the row as it is now, or nullopt when there is no such row.
  std::optional<HistoryEntry> FailIfRunning(std::int64_t id, std::int64_t statement,
                                            std::int64_t duration_ms, const std::string& message);
  /// The newest 'running' row of `revision` that started at `started`.
  std::optional<HistoryEntry> RunningRow(const std::string& revision, const std::string& started);
  /// Revisions whose latest up/down/resolve row is "failed" or "running"
  /// (left half-applied; see runner.h), oldest first.
  std::vector<HistoryEntry> Unresolved();
  /// Newest first; empty when the table does not exist yet.
  std::vector<HistoryEntry> ReadHistory();
  /// (revision, checksum) of every successful "up", newest first; one query.
  /// The first row for a revision is its last successful up.
  std::vector<std::pair<std::string, std::string>> SuccessfulUps();

 private:
  /// History rows matching `where` (an SQL clause or ""), ordered by id
  /// `order` ("ASC" or "DESC").
  std::vector<HistoryEntry> ReadHistoryWhere(const std::string& where,
                                             const std::string& order);


  void Write(Send send, const std::string& sql, const driver::Params& params);

  driver::Connection& connection_;
  std::string version_table_;
  std::string history_table_;
  bool tables_exist_ = false;  ///< known to exist: no catalog question
  std::uint64_t table_digest_ = 0;
};

/// What WriteHeads keeps in an SQLite header for `heads` (sorted) written by
/// an executor whose table has `table_digest`: a positive 32-bit value in
/// Retort's tagged range (IsRetortHeaderValue), never 0.
std::int32_t HeaderFingerprint(const std::vector<std::string>& heads, std::uint64_t table_digest);
/// A digest of what an executor's table holds (every revision's id, parents
/// and SQLite checksum) and of the version table's name: the header
/// fingerprint changes when any of them does. Never 0.
std::uint64_t TableDigest(const table::MigrationTable& table, const std::string& version_table);
/// Whether a `user_version` value is in the range Retort writes.
bool IsRetortHeaderValue(std::int32_t value);

/// Now as UTC ISO-8601 with milliseconds.
std::string UtcTimestamp();

/// The statements VersionStore::EnsureTables runs on a database of `dialect`
/// (offline scripts write them). Throws InvalidTableNameError.
std::vector<std::string> CreateVersionTablesSql(const std::string& version_table,
                                                const std::string& history_table,
                                                table::Dialect dialect);

}  // namespace retort::runtime
