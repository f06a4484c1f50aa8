#include "runner.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

namespace retort::runtime {
namespace {

// An applied revision that has `index` as a parent or dependency, or -1.
std::int64_t AppliedDependent(const graph::GraphView& graph,
                              const graph::RevisionSet& applied,
                              std::uint32_t index) {
  for (std::uint32_t i = index + 1; i < graph.size(); ++i) {
    if (!applied[i]) continue;
    const table::Revision& rev = graph.revision(i);
    if (std::find(rev.parents, rev.parents + rev.parent_count, index) !=
            rev.parents + rev.parent_count ||
        std::find(rev.depends_on, rev.depends_on + rev.depends_on_count,
                  index) != rev.depends_on + rev.depends_on_count) {
      return i;
    }
  }
  return -1;
}

// The first prerequisite of `index` missing from `applied`.
std::uint32_t MissingPrerequisite(const graph::GraphView& graph,
                                  const graph::RevisionSet& applied,
                                  std::uint32_t index) {
  const table::Revision& rev = graph.revision(index);
  for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
    if (!applied[rev.parents[p]]) return rev.parents[p];
  }
  for (std::uint32_t d = 0; d < rev.depends_on_count; ++d) {
    if (!applied[rev.depends_on[d]]) return rev.depends_on[d];
  }
  return index;
}

}  // namespace

UnknownRecordedRevisionError::UnknownRecordedRevisionError(
    std::vector<std::string> ids)
    : std::runtime_error("the database records unknown revision '" +
                         ids.front() + "'"),
      ids_(std::move(ids)) {}

ChecksumMismatchError::ChecksumMismatchError(std::vector<Mismatch> mismatches)
    : std::runtime_error("checksum mismatch in applied revisions"),
      mismatches_(std::move(mismatches)) {}

PrerequisiteError::PrerequisiteError(std::string revision, Direction direction,
                                     std::string other)
    : std::runtime_error(direction == Direction::kUp
                             ? "revision '" + revision + "' needs '" + other +
                                   "', which is not applied"
                             : "revision '" + revision +
                                   "' is still needed by '" + other + "'"),
      revision_(std::move(revision)),
      direction_(direction),
      other_(std::move(other)) {}

StatementFailedError::StatementFailedError(Details details)
    : std::runtime_error(
          "revision '" + details.revision_id + "' failed at statement " +
          std::to_string(details.statement) + " of " +
          std::to_string(details.statement_count) + ": " + details.db_message),
      details_(std::move(details)) {}

std::vector<std::uint32_t> ResolveRecordedHeads(
    const graph::GraphView& graph, const std::vector<std::string>& ids) {
  std::vector<std::uint32_t> heads;
  std::vector<std::string> unknown;
  for (const std::string& id : ids) {
    std::int64_t index = graph.FindExact(id);
    if (index < 0) {
      unknown.push_back(id);
    } else {
      heads.push_back(static_cast<std::uint32_t>(index));
    }
  }
  if (!unknown.empty()) throw UnknownRecordedRevisionError(std::move(unknown));
  std::sort(heads.begin(), heads.end());
  return heads;
}

NotTargetedError::NotTargetedError(table::Dialect database, std::uint32_t carried)
    : std::runtime_error("the migrations do not target this database"),
      database(database),
      carried(carried) {}

int Runner::Slot() const {
  int slot = table::SlotFor(graph_.table(), connection_.dialect());
  if (slot < 0) throw NotTargetedError(connection_.dialect(), graph_.table().dialects);
  return slot;
}

Runner::Runner(driver::Connection& connection, VersionStore& store,
               const graph::GraphView& graph, RunOptions options)
    : connection_(connection),
      store_(store),
      graph_(graph),
      options_(std::move(options)) {}

std::vector<std::uint32_t> Runner::CurrentHeads() {
  return ResolveRecordedHeads(graph_, store_.ReadHeads());
}

std::vector<std::string> Runner::HeadIds(
    std::span<const std::uint32_t> heads) const {
  std::vector<std::string> ids;
  for (std::uint32_t h : heads) ids.emplace_back(graph_.id(h));
  std::sort(ids.begin(), ids.end());
  return ids;
}

void Runner::VerifyChecksums(std::span<const std::uint32_t> current_heads) {
  std::vector<std::pair<std::string, std::string>> ups = store_.SuccessfulUps();
  if (ups.empty()) return;
  graph::RevisionSet applied = graph_.Closure(current_heads);
  std::vector<bool> seen(graph_.size(), false);
  std::vector<ChecksumMismatchError::Mismatch> mismatches;
  for (const auto& [id, checksum] : ups) {  // newest first
    std::int64_t found = graph_.FindExact(id);
    if (found < 0) continue;
    const auto index = static_cast<std::uint32_t>(found);
    if (seen[index]) continue;  // an older run of the same revision
    seen[index] = true;
    const table::Revision& rev = graph_.revision(index);
    if (applied[index] && checksum != Checksum(rev)) {
      mismatches.push_back({index, checksum, Checksum(rev)});
    }
  }
  if (mismatches.empty()) return;
  std::sort(
      mismatches.begin(), mismatches.end(),
      [](const auto& a, const auto& b) { return a.revision < b.revision; });
  throw ChecksumMismatchError(std::move(mismatches));
}

void Runner::Prepare() {
  {
    driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
    store_.EnsureTables();
    tx.Commit();
  }
  CheckUnresolved();
  if (!options_.ignore_checksums) VerifyChecksums(CurrentHeads());
}

std::int64_t Runner::Blocking(const Step& step, const graph::RevisionSet& applied) const {
  if (step.direction != Direction::kUp) return AppliedDependent(graph_, applied, step.revision);
  if (graph_.PrerequisitesIn(step.revision, applied)) return -1;
  return MissingPrerequisite(graph_, applied, step.revision);
}

void Runner::CheckPrerequisites(const Step& step, const graph::RevisionSet& applied) const {
  const std::int64_t blocking = Blocking(step, applied);
  if (blocking < 0) return;
  throw PrerequisiteError(graph_.revision(step.revision).id, step.direction,
                          std::string(graph_.id(static_cast<std::uint32_t>(blocking))));
}

std::vector<std::string> Runner::HeadsAfter(const Step& step, const std::vector<std::string>& ids,
                                            const graph::RevisionSet& applied) const {
  if (step.direction != Direction::kUp) return HeadIds(graph_.MaximalOf(applied));
  // Up: only the revision's own parents and dependencies can stop being
  // maximal (a head below it through a longer path would have an applied
  // revision above it), so the rows follow without a walk of the graph.
  const table::Revision& rev = graph_.revision(step.revision);
  auto below = [&](const std::string& id) {
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
      if (graph_.id(rev.parents[p]) == id) return true;
    }
    for (std::uint32_t d = 0; d < rev.depends_on_count; ++d) {
      if (graph_.id(rev.depends_on[d]) == id) return true;
    }
    return false;
  };
  std::vector<std::string> heads;
  for (const std::string& id : ids) {
    if (!below(id)) heads.push_back(id);
  }
  heads.emplace_back(rev.id);
  std::sort(heads.begin(), heads.end());
  return heads;
}

RunResult Runner::Apply(const MigrationPlan& plan,
                        const StepCallback& on_step) {
  Prepare();
  if (options_.single_transaction) return ApplyAtomically(plan, on_step);
  try {
    return ApplySteps(plan, on_step);
  } catch (...) {
    // A running row written for a step whose first statement was never
    // sent (a callback threw between): none of it ran.
    if (const std::int64_t id = std::exchange(unsent_, -1); id >= 0) {
      try {
        store_.FinishHistory(id, "rolled_back", 0, 0, "the run stopped before statement 1; none ran");
      } catch (const driver::DbError&) {
        // The row says its statements may have run: still true.
      }
    }
    throw;
  }
}

RunResult Runner::ApplySteps(const MigrationPlan& plan, const StepCallback& on_step) {
  RunResult result;
  const int dialect = Slot();
  const bool transactional = connection_.transactional_ddl();
  // With transactional DDL each revision's transaction is the lock, so the
  // heads are read again in each (another migrator may have moved them);
  // without, the caller's lock is held for the whole run: read once.
  std::vector<std::string> ids;  // the recorded rows `applied` was built from
  graph::RevisionSet applied;
  bool have_ids = false;
  // The next step's running row, written in the previous step's commit
  // (without transactional DDL): one commit per revision besides its DDL's.
  // Its id is unsent_ until the step sends its first statement.
  std::optional<HistoryEntry> running;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& step = plan.steps[i];
    const table::Revision& rev = graph_.revision(step.revision);
    const bool up = step.direction == Direction::kUp;
    const std::string started = running ? running->started : UtcTimestamp();

    // Without transactional DDL the caller's MigrationLock serialises
    // migrators and a transaction only groups the final bookkeeping.
    std::optional<driver::Transaction> tx;
    if (transactional) {
      tx.emplace(connection_, driver::Transaction::Mode::kImmediate);
    }
    const Clock::time_point start = Clock::now();
    if (transactional || !have_ids) {
      std::vector<std::string> now = store_.ReadHeads();
      if (!have_ids || now != ids) {
        applied = graph_.Closure(ResolveRecordedHeads(graph_, now));
        ids = std::move(now);
        have_ids = true;
      }
    }
    if (applied[step.revision] == up) {
      if (tx) tx->Rollback();
      StepReport report{step, StepReport::Outcome::kSkipped, 0};
      result.steps.push_back(report);
      if (on_step) on_step(report);
      continue;
    }
    CheckPrerequisites(step, applied);

    const table::StatementList& statements =
        up ? rev.up[dialect] : rev.down[dialect];
    std::int64_t history_id = -1;
    if (transactional) {
      RunInTransaction(step, statements, started, start, ids, *tx);
    } else {
      history_id = RunWithProgress(step, statements, started, ids, unsent_);
    }

    applied[step.revision] = up;
    std::vector<std::string> new_ids = HeadsAfter(step, ids, applied);
    const std::int64_t duration = MillisSince(start);
    running.reset();
    if (!transactional) running = NextRunningRow(plan, i + 1, applied);
    auto record = [&](const HistoryEntry* next) {
      try {
        return RecordApplied(step, statements.count, history_id, started, duration, ids,
                             new_ids, tx, next);
      } catch (const driver::DbError& error) {
        if (transactional || !error.connection_lost()) throw;
        if (next) unstarted_ = *next;
        ConnectionLost(step, statements, ConnectionLostError::Phase::kFinishing,
                       statements.count, history_id, started, start, error);
      }
    };
    try {
      unsent_ = record(running ? &*running : nullptr);
    } catch (const driver::DbError&) {
      if (transactional || !running) throw;
      // The next step's row could not be written: record this step alone
      // (the next step writes its own row, or reports why it cannot).
      if (tx) tx->Rollback();
      tx.reset();
      running.reset();
      unsent_ = record(nullptr);
    }
    ids = std::move(new_ids);

    StepReport report{step, StepReport::Outcome::kApplied, duration};
    result.steps.push_back(report);
    if (on_step) on_step(report);
  }
  result.heads = CurrentHeads();
  return result;
}

std::int64_t Runner::RecordApplied(const Step& step, std::uint32_t statement_count,
                                   std::int64_t history_id, const std::string& started,
                                   std::int64_t duration_ms,
                                   const std::vector<std::string>& before,
                                   const std::vector<std::string>& after,
                                   std::optional<driver::Transaction>& tx,
                                   const HistoryEntry* next) {
  // MySQL, a chain's last step: one statement moves the row and closes the
  // history row, with its own commit (none is open: a revision without
  // statements leaves its history row's transaction open).
  if (!next && !tx && !connection_.InTransaction() &&
      store_.FinishChainStep(history_id, before, after, statement_count, duration_ms)) {
    return -1;
  }
  if (!tx) tx.emplace(connection_, driver::Transaction::Mode::kDeferred);
  store_.WriteHeads(after, &before);
  if (history_id >= 0) {
    store_.FinishHistory(history_id, "ok", statement_count, duration_ms, "",
                         VersionStore::Send::kQueued);
  } else {
    const table::Revision& rev = graph_.revision(step.revision);
    store_.AppendHistory({0, rev.id, DirectionName(step.direction), Checksum(rev), started,
                          duration_ms, options_.executor_version, "ok", "", statement_count});
  }
  if (next) store_.AppendHistory(*next, VersionStore::Send::kQueued);
  tx->Commit();
  return next ? connection_.QueuedInsertId() : -1;
}

std::optional<HistoryEntry> Runner::NextRunningRow(const MigrationPlan& plan, std::size_t from,
                                                   const graph::RevisionSet& applied) const {
  for (std::size_t j = from; j < plan.steps.size(); ++j) {
    const Step& next = plan.steps[j];
    const bool up = next.direction == Direction::kUp;
    if (applied[next.revision] == up) continue;  // skipped: changes nothing
    const table::Revision& rev = graph_.revision(next.revision);
    const table::StatementList& list = up ? rev.up[Slot()] : rev.down[Slot()];
    // A first statement of raw SQL writes its own row (with it): after a
    // kill before it, the schema could not show that it never ran.
    if (Blocking(next, applied) >= 0 || list.count == 0 || list.items[0].raw_sql) {
      return std::nullopt;
    }
    return HistoryEntry{0, rev.id, DirectionName(next.direction), Checksum(rev), UtcTimestamp(),
                        0, options_.executor_version, "running", ProgressMessage(list, 0), 0};
  }
  return std::nullopt;
}

void Runner::RunInTransaction(const Step& step,
                              const table::StatementList& statements,
                              const std::string& started,
                              Clock::time_point start,
                              const std::vector<std::string>& head_ids,
                              driver::Transaction& tx) {
  const table::Revision& rev = graph_.revision(step.revision);
  for (std::uint32_t k = 0; k < statements.count; ++k) {
    const Clock::time_point statement_start = Clock::now();
    Report(step, false, k, statements, -1);
    try {
      connection_.Execute(statements.items[k].sql);
    } catch (const driver::DbError& error) {
      tx.Rollback();
      StatementFailedError::Details details =
          FailureDetails(step, statements, k, error, head_ids);
      RecordFailure(rev, step.direction, started, MillisSince(start),
                    "statement " + std::to_string(k + 1) + " of " +
                        std::to_string(statements.count) + ": " +
                        error.message(),
                    k + 1, details.history_recorded);
      throw StatementFailedError(std::move(details));
    }
    Report(step, false, k, statements, MillisSince(statement_start));
  }
}

StatementFailedError::Details Runner::FailureDetails(
    const Step& step, const table::StatementList& statements, std::uint32_t k,
    const driver::DbError& error, const std::vector<std::string>& head_ids) const {
  const table::Revision& rev = graph_.revision(step.revision);
  StatementFailedError::Details details;
  details.revision = step.revision;
  details.revision_id = rev.id;
  details.source = rev.source;
  details.direction = step.direction;
  details.statement = k + 1;
  details.statement_count = statements.count;
  details.line = statements.items[k].line;
  // MySQL's server error codes name the error (1146: no such table);
  // SQLite's primary codes are generic (1: SQLITE_ERROR) and add nothing.
  details.db_code = table::IsMysqlFamily(connection_.dialect()) ? error.code() : 0;
  details.db_message = error.message();
  details.heads = ResolveRecordedHeads(graph_, head_ids);
  return details;
}

void Runner::RecordFailure(const table::Revision& revision, Direction direction,
                           const std::string& started, std::int64_t duration_ms,
                           const std::string& message, std::uint32_t statement,
                           bool& recorded) {
  try {
    driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
    store_.AppendHistory({0, revision.id, DirectionName(direction),
                          Checksum(revision), started, duration_ms,
                          options_.executor_version, "rolled_back", message,
                          statement});
    tx.Commit();
    recorded = true;
  } catch (const driver::DbError&) {
    recorded = false;  // the statement's error is the one worth reporting
  }
}

void Runner::Stamp(std::span<const std::uint32_t> heads) {
  {
    driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
    store_.EnsureTables();
    tx.Commit();
  }
  driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
  CheckUnresolved();
  std::vector<std::string> ids = HeadIds(heads);
  store_.WriteHeads(ids);
  const std::string started = UtcTimestamp();
  if (ids.empty()) ids.push_back("base");
  for (const std::string& id : ids) {
    std::int64_t index = graph_.FindExact(id);
    std::string checksum =
        index >= 0 ? Checksum(graph_.revision(static_cast<std::uint32_t>(index)))
                   : "";
    store_.AppendHistory({0, id, "stamp", checksum, started, 0,
                          options_.executor_version, "ok", ""});
  }
  tx.Commit();
}

}  // namespace retort::runtime
