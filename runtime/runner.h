/// The runner: applies a MigrationPlan through a Connection.
///
/// With transactional DDL (SQLite) each revision is one transaction: it takes
/// the write lock (BEGIN IMMEDIATE), re-reads the heads, skips a step another
/// migrator already did, runs the statements, moves the version rows and
/// appends a history row, then commits. A failing statement rolls the
/// revision back and is recorded as a 'rolled_back' history row.
///
/// Without it (MySQL: DDL commits, even failing DDL) the caller holds the
/// MigrationLock for the whole run and statements run in autocommit. A
/// 'running' history row with a statement counter is written before the
/// first statement and updated after each; version rows and outcome 'ok' are
/// committed together at the end. When statement k fails, the inverses of
/// the operations already done run (compiler-derived `down` statements whose
/// `op` is smaller; for a downgrade, the `up` statements of the operations
/// already undone) and the row says 'rolled_back'. When that is impossible
/// (an earlier statement of the same operation ran, an earlier operation is
/// irreversible) or a compensating statement fails, the row says 'failed'
/// and every later run refuses to go on until `migrate resolve`.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/connection.h"
#include "planner.h"
#include "retort/graph_view.h"
#include "version_store.h"

namespace retort::runtime {

/// One statement about to run or just run (for --verbose).
struct StatementReport {
  std::uint32_t revision = 0;
  Direction direction = Direction::kUp;
  bool compensating = false;    ///< undoing a failed revision's earlier work
  std::uint32_t statement = 0;  ///< 1-based within its list
  std::uint32_t statement_count = 0;
  const table::Statement* sql = nullptr;
  std::int64_t duration_ms = -1;  ///< -1 before it runs
};

using StatementCallback = std::function<void(const StatementReport&)>;

struct RunOptions {
  bool ignore_checksums = false;
  std::string executor_version = "unknown";  ///< written to history rows
  StatementCallback on_statement = {};
  /// A new connection to the same database, to record what a run that lost
  /// its connection left (empty: nothing is recorded then). Throws DbError.
  std::function<std::unique_ptr<driver::Connection>()> reconnect = {};
  /// The whole run in one transaction, all or nothing (databases with
  /// transactional DDL only: Apply throws SingleTransactionError elsewhere).
  bool single_transaction = false;
};

struct StepReport {
  enum class Outcome {
    kApplied,  ///< ran and committed
    kSkipped,  ///< another migrator had already done it
  };
  Step step;
  Outcome outcome;
  std::int64_t duration_ms;
};

using StepCallback = std::function<void(const StepReport&)>;

struct RunResult {
  std::vector<StepReport> steps;
  std::vector<std::uint32_t> heads;  ///< recorded heads afterwards
};

/// The version table names revisions this build's table does not have
/// (the database was migrated by another build).
class UnknownRecordedRevisionError : public std::runtime_error {
 public:
  explicit UnknownRecordedRevisionError(std::vector<std::string> ids);
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  std::vector<std::string> ids_;
};

/// Applied revisions whose compiled content changed since they ran.
class ChecksumMismatchError : public std::runtime_error {
 public:
  struct Mismatch {
    std::uint32_t revision;
    std::string recorded;  ///< from the last successful 'up'
    std::string expected;  ///< from the table
  };
  explicit ChecksumMismatchError(std::vector<Mismatch> mismatches);
  const std::vector<Mismatch>& mismatches() const { return mismatches_; }

 private:
  std::vector<Mismatch> mismatches_;
};

/// Under the lock, the step's prerequisites no longer hold (another migrator
/// changed the database since the plan was made).
class PrerequisiteError : public std::runtime_error {
 public:
  /// For an up step `other` is a missing prerequisite; for a down step an
  /// applied revision that still needs `revision`.
  PrerequisiteError(std::string revision, Direction direction,
                    std::string other);
  const std::string& revision() const { return revision_; }
  Direction direction() const { return direction_; }
  const std::string& other() const { return other_; }

 private:
  std::string revision_;
  Direction direction_;
  std::string other_;
};

/// A statement of a revision failed. `recovery` says what state that left.
class StatementFailedError : public std::runtime_error {
 public:
  enum class Recovery {
    kRolledBack,   ///< transaction rolled back: nothing of it remains
    kCompensated,  ///< inverses of the earlier operations ran (MySQL)
    kFailed,       ///< left half-applied, marked 'failed': needs resolve
  };
  struct Details {
    std::uint32_t revision = 0;
    std::string revision_id;
    std::string source;  ///< .mig path
    Direction direction = Direction::kUp;
    std::uint32_t statement = 0;  ///< 1-based
    std::uint32_t statement_count = 0;
    std::uint32_t line = 0;  ///< .mig line of the statement's operation
    int db_code = 0;
    std::string db_message;
    /// The recorded heads after the rollback (the state before the revision).
    std::vector<std::uint32_t> heads;
    bool history_recorded = true;  ///< false if the history row was lost
    Recovery recovery = Recovery::kRolledBack;
    std::uint32_t compensated = 0;  ///< compensating statements that ran
    /// Why recovery is kFailed, e.g. "operation at line 9 is irreversible".
    std::string why_failed;
  };
  explicit StatementFailedError(Details details);
  const Details& details() const { return details_; }

 private:
  Details details_;
};

/// The connection broke during a revision on a database without
/// transactional DDL (MySQL): what the running statement did is unknown, so
/// nothing is compensated. The runner reconnects to mark the revision
/// failed; `record` says what the history row says now.
class ConnectionLostError : public std::runtime_error {
 public:
  enum class Phase {
    kStarting,   ///< before the first statement: none ran
    kStatement,  ///< while statement `statement` ran: its effect is unknown
    kProgress,   ///< recording that statement `statement` had run
    kFinishing,  ///< every statement had run; recording the outcome
  };
  enum class Record {
    kFailed,      ///< the row now says failed, with what is known
    kRolledBack,  ///< (kStarting) nothing ran and the row says so
    kApplied,     ///< the outcome had been committed before the loss: ok
    kNone,        ///< (kStarting) no row had been written
    kUnrecorded,  ///< could not reconnect: the row still says running
  };
  struct Details {
    std::string revision_id;
    std::string source;
    Direction direction = Direction::kUp;
    Phase phase = Phase::kStatement;
    std::uint32_t statement = 0;  ///< 1-based; see Phase
    std::uint32_t statement_count = 0;
    std::uint32_t line = 0;  ///< .mig line of the statement's operation
    int db_code = 0;
    std::string db_message;
    Record record = Record::kUnrecorded;
    std::string record_error;  ///< why it could not be recorded
    std::string recorded_message;  ///< the history row's message
  };
  explicit ConnectionLostError(Details details);
  const Details& details() const { return details_; }

 private:
  Details details_;
};

/// The message of a history row marked failed after a lost connection
/// ("statement k was running when the connection was lost; ...").
bool IsLostConnectionMessage(const std::string& message);

/// On databases without transactional DDL a progress row says where a run
/// got to. It is written before statement `k` (0-based) of `list` when `k`
/// is a progress point: the first statement, one that is not its
/// operation's first, or raw SQL or the statement after it, where the schema
/// cannot show whether it ran. Every other statement begins a declarative
/// operation after another, whose end the schema shows (`resolve --auto`
/// finds it), so it needs no row of its own (and no commit).
bool ProgressPoint(const table::StatementList& list, std::uint32_t k);
/// The last statement (0-based) a row written before progress point `k`
/// covers: the one before the next progress point, or the last.
std::uint32_t ProgressSpanEnd(const table::StatementList& list, std::uint32_t k);
/// The message of a row written before progress point `k`: "statement 3
/// may have run", "statements 1 to 3 may have run" (its count says `k` are
/// done); "no statements" for an empty list.
std::string ProgressMessage(const table::StatementList& list, std::uint32_t k);

/// Revisions left 'failed' or 'running' (a crashed migrator) by earlier runs;
/// nothing runs until `migrate resolve` records what happened.
/// The project's retort.toml does not target the connected database, so the
/// executor carries no statements for it.
class NotTargetedError : public std::runtime_error {
 public:
  NotTargetedError(table::Dialect database, std::uint32_t carried);
  table::Dialect database;
  std::uint32_t carried;  ///< bit (1 << Dialect) per carried dialect
};

/// --single-transaction on a database whose DDL commits by itself (MySQL).
class SingleTransactionError : public std::runtime_error {
 public:
  explicit SingleTransactionError(table::Dialect database);
  table::Dialect database;
};

/// With --single-transaction a statement failed and the whole run was rolled
/// back: `failure` is the failing revision's report (its `heads` are the
/// heads before the run), `rolled_back` the revisions of this run that had
/// run before it and were rolled back with it.
class RunRolledBackError : public std::runtime_error {
 public:
  RunRolledBackError(StatementFailedError failure, std::vector<std::uint32_t> rolled_back);
  const StatementFailedError& failure() const { return failure_; }
  const std::vector<std::uint32_t>& rolled_back() const { return rolled_back_; }

 private:
  StatementFailedError failure_;
  std::vector<std::uint32_t> rolled_back_;
};

class UnresolvedRevisionError : public std::runtime_error {
 public:
  explicit UnresolvedRevisionError(std::vector<HistoryEntry> entries);
  const std::vector<HistoryEntry>& entries() const { return entries_; }

 private:
  std::vector<HistoryEntry> entries_;
};

/// `resolve REV` for a revision that is not left failed or running.
class NothingToResolveError : public std::runtime_error {
 public:
  explicit NothingToResolveError(std::string revision);
  const std::string& revision() const { return revision_; }

 private:
  std::string revision_;
};

/// Maps recorded head ids to table indices (table order). Throws
/// UnknownRecordedRevisionError.
std::vector<std::uint32_t> ResolveRecordedHeads(
    const graph::GraphView& graph, const std::vector<std::string>& ids);

using Clock = std::chrono::steady_clock;
std::int64_t MillisSince(Clock::time_point start);
const char* DirectionName(Direction direction);

class Runner {
 public:
  Runner(driver::Connection& connection, VersionStore& store,
         const graph::GraphView& graph, RunOptions options);

  /// The recorded heads as indices; no transaction, no tables created.
  std::vector<std::uint32_t> CurrentHeads();
  /// Throws ChecksumMismatchError when an applied revision's last successful
  /// 'up' recorded another checksum. Revisions with no such row (stamped)
  /// are not checked.
  void VerifyChecksums(std::span<const std::uint32_t> current_heads);
  /// Creates the version tables if needed, verifies checksums (unless
  /// ignored), then runs every step. Throws the errors above or DbError.
  RunResult Apply(const MigrationPlan& plan, const StepCallback& on_step = {});
  /// Records exactly `heads` as the current heads, running no migration SQL,
  /// with one 'stamp' history row per head ("base" when empty).
  void Stamp(std::span<const std::uint32_t> heads);
  /// Throws UnresolvedRevisionError when a revision is left failed/running.
  void CheckUnresolved();
  /// Records the operator's decision about a revision left failed or
  /// running, whichever direction failed: `applied` sets the version rows as
  /// if the revision is applied, otherwise as if it is not. Returns the
  /// recorded heads. Throws NothingToResolveError.
  /// `note`, when given, is the history row's message.
  std::vector<std::uint32_t> Resolve(std::uint32_t revision, bool applied,
                                     const std::string& note = "");

 private:
  /// Creates the version tables, refuses a revision left failed, verifies
  /// checksums: what every run does first.
  void Prepare();
  /// The revision that keeps `step` from running on `applied` (a missing
  /// prerequisite of an up, an applied dependent of a down), or -1.
  std::int64_t Blocking(const Step& step, const graph::RevisionSet& applied) const;
  /// Throws PrerequisiteError when `step` cannot run on `applied`.
  void CheckPrerequisites(const Step& step, const graph::RevisionSet& applied) const;
  /// The running row of the plan's first step from `from` that will run on
  /// `applied`, when it can run and has statements; written with the
  /// previous step's record, in its commit (databases without
  /// transactional DDL).
  std::optional<HistoryEntry> NextRunningRow(const MigrationPlan& plan, std::size_t from,
                                             const graph::RevisionSet& applied) const;
  /// The version rows after `step` ran on rows `ids` (`applied` already
  /// updated).
  std::vector<std::string> HeadsAfter(const Step& step, const std::vector<std::string>& ids,
                                      const graph::RevisionSet& applied) const;
  /// Apply's loop over the plan's steps (without single_transaction).
  RunResult ApplySteps(const MigrationPlan& plan, const StepCallback& on_step);
  /// Apply with RunOptions::single_transaction (runner_atomic.cpp).
  RunResult ApplyAtomically(const MigrationPlan& plan, const StepCallback& on_step);
  /// Runs one step's statements in autocommit with progress rows; returns
  /// the history row id. `running`: the step's running row, when the
  /// previous step's record wrote it (else -1: written here). Throws
  /// StatementFailedError.
  std::int64_t RunWithProgress(const Step& step,
                               const table::StatementList& statements,
                               const std::string& started,
                               const std::vector<std::string>& head_ids,
                               std::int64_t running);
  /// Reconnects and records what a lost connection left of `step` (history
  /// row `id`, -1 when unknown), then throws ConnectionLostError.
  [[noreturn]] void ConnectionLost(const Step& step, const table::StatementList& statements,
                                   ConnectionLostError::Phase phase, std::uint32_t statement,
                                   std::int64_t id, const std::string& started,
                                   Clock::time_point start, const driver::DbError& error);
  /// After statement `failed` (0-based) of `statements` failed: runs the
  /// inverses, fills details.recovery/compensated/why_failed.
  void Compensate(const Step& step, const table::StatementList& statements,
                  std::uint32_t failed, StatementFailedError::Details& details);
  /// The table's statement slot for this connection; throws NotTargetedError.
  int Slot() const;
  const char* Checksum(const table::Revision& rev) const { return rev.checksum[Slot()]; }
  void Report(const Step& step, bool compensating, std::uint32_t k,
              const table::StatementList& list, std::int64_t duration_ms);
  std::vector<std::string> HeadIds(std::span<const std::uint32_t> heads) const;
  /// What a failing statement `k` of `step` tells the operator.
  StatementFailedError::Details FailureDetails(const Step& step,
                                               const table::StatementList& statements,
                                               std::uint32_t k, const driver::DbError& error,
                                               const std::vector<std::string>& head_ids) const;
  void RecordFailure(const table::Revision& revision, Direction direction,
                     const std::string& started, std::int64_t duration_ms,
                     const std::string& message, std::uint32_t statement,
                     bool& recorded);
  /// Records an applied step: the version rows and its history row, in
  /// `tx` (opened here when there is none), or on MySQL by one statement.
  /// `next`, when given, is the next step's running row, appended in the
  /// same commit; returns its id (else -1).
  std::int64_t RecordApplied(const Step& step, std::uint32_t statement_count,
                             std::int64_t history_id, const std::string& started,
                             std::int64_t duration_ms, const std::vector<std::string>& before,
                             const std::vector<std::string>& after,
                             std::optional<driver::Transaction>& tx, const HistoryEntry* next);
  void RunInTransaction(const Step& step,
                        const table::StatementList& statements,
                        const std::string& started,
                        std::chrono::steady_clock::time_point start,
                        const std::vector<std::string>& head_ids,
                        driver::Transaction& tx);

  driver::Connection& connection_;
  VersionStore& store_;
  const graph::GraphView& graph_;
  RunOptions options_;
  /// A running row the last step's record wrote for the next step, while
  /// that commit's fate is unknown (a lost connection): ConnectionLost marks
  /// it rolled back, since none of its statements can have run.
  std::optional<HistoryEntry> unstarted_;
  /// The id of a running row the last step's record wrote for the next
  /// step, until that step sends its first statement (-1: none). Apply marks
  /// it rolled back when the run stops before then.
  std::int64_t unsent_ = -1;
};

}  // namespace retort::runtime
