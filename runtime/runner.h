/// The runner: applies a MigrationPlan through a Connection, one revision per
/// transaction. Each step takes the database's write lock (BEGIN IMMEDIATE on
/// SQLite), re-reads the heads, skips a step another migrator already did,
/// runs the statements, moves the version rows and appends a history row,
/// then commits. A failing statement rolls the revision back and is recorded
/// as a 'failed' history row in a transaction of its own.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/connection.h"
#include "planner.h"
#include "retort/graph_view.h"
#include "version_store.h"

namespace retort::runtime {

struct RunOptions {
  bool ignore_checksums = false;
  std::string executor_version = "unknown";  ///< written to history rows
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

/// A statement of a revision failed; the revision was rolled back.
class StatementFailedError : public std::runtime_error {
 public:
  struct Details {
    std::uint32_t revision = 0;
    std::string revision_id;
    std::string source;  ///< .mig path
    Direction direction = Direction::kUp;
    std::uint32_t statement = 0;  ///< 1-based
    std::uint32_t statement_count = 0;
    std::uint32_t line = 0;  ///< .mig line of the statement's operation
    std::string db_message;
    /// The recorded heads after the rollback (the state before the revision).
    std::vector<std::uint32_t> heads;
    bool history_recorded = true;  ///< false if the 'failed' row was lost
  };
  explicit StatementFailedError(Details details);
  const Details& details() const { return details_; }

 private:
  Details details_;
};

/// Maps recorded head ids to table indices (table order). Throws
/// UnknownRecordedRevisionError.
std::vector<std::uint32_t> ResolveRecordedHeads(
    const graph::GraphView& graph, const std::vector<std::string>& ids);

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

 private:
  std::vector<std::string> HeadIds(std::span<const std::uint32_t> heads) const;
  void RecordFailure(const table::Revision& revision, Direction direction,
                     const std::string& started, std::int64_t duration_ms,
                     const std::string& message, bool& recorded);

  driver::Connection& connection_;
  VersionStore& store_;
  const graph::GraphView& graph_;
  RunOptions options_;
};

}  // namespace retort::runtime
