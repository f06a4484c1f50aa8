// The runner's path for databases without transactional DDL (MySQL): progress
// rows, compensation, and the operator's `resolve`. See runner.h.
#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include "runner.h"

namespace retort::runtime {
namespace {

std::string Describe(std::uint32_t k, const table::StatementList& list,
                     const driver::DbError& error) {
  return "statement " + std::to_string(k + 1) + " of " +
         std::to_string(list.count) + " (line " +
         std::to_string(list.items[k].line) + "): [" +
         std::to_string(error.code()) + "] " + error.message();
}

// The .mig line of operation `op`, from any statement of it.
std::uint32_t LineOf(const table::StatementList& list, std::uint32_t op) {
  for (std::uint32_t i = 0; i < list.count; ++i) {
    if (list.items[i].op == op) return list.items[i].line;
  }
  return 0;
}

}  // namespace

std::int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               start)
      .count();
}

const char* DirectionName(Direction direction) {
  return direction == Direction::kUp ? "up" : "down";
}

UnresolvedRevisionError::UnresolvedRevisionError(
    std::vector<HistoryEntry> entries)
    : std::runtime_error("revision '" + entries.front().revision +
                         "' is left " + entries.front().outcome),
      entries_(std::move(entries)) {}

ConnectionLostError::ConnectionLostError(Details details)
    : std::runtime_error("the connection was lost during revision '" + details.revision_id + "'"),
      details_(std::move(details)) {}

bool IsLostConnectionMessage(const std::string& message) {
  return message.find("when the connection was lost") != std::string::npos;
}

bool ProgressPoint(const table::StatementList& list, std::uint32_t k) {
  if (k == 0) return true;
  const table::Statement& s = list.items[k];
  const table::Statement& before = list.items[k - 1];
  return s.op == before.op || s.raw_sql || before.raw_sql;
}

std::uint32_t ProgressSpanEnd(const table::StatementList& list, std::uint32_t k) {
  std::uint32_t end = k;
  while (end + 1 < list.count && !ProgressPoint(list, end + 1)) ++end;
  return end;
}

std::string ProgressMessage(const table::StatementList& list, std::uint32_t k) {
  if (list.count == 0) return "no statements";
  const std::uint32_t end = ProgressSpanEnd(list, k);
  if (end == k) return "statement " + std::to_string(k + 1) + " may have run";
  return "statements " + std::to_string(k + 1) + " to " + std::to_string(end + 1) +
         " may have run";
}

NothingToResolveError::NothingToResolveError(std::string revision)
    : std::runtime_error("revision '" + revision +
                         "' is not left failed or running"),
      revision_(std::move(revision)) {}

void Runner::Report(const Step& step, bool compensating, std::uint32_t k,
                    const table::StatementList& list,
                    std::int64_t duration_ms) {
  if (!options_.on_statement) return;
  options_.on_statement({step.revision, step.direction, compensating, k + 1,
                         list.count, &list.items[k], duration_ms});
}

void Runner::CheckUnresolved() {
  std::vector<HistoryEntry> left = store_.Unresolved();
  if (!left.empty()) throw UnresolvedRevisionError(std::move(left));
}

std::int64_t Runner::RunWithProgress(const Step& step,
                                     const table::StatementList& statements,
                                     const std::string& started,
                                     const std::vector<std::string>& head_ids,
                                     std::int64_t running) {
  using Phase = ConnectionLostError::Phase;
  const table::Revision& rev = graph_.revision(step.revision);
  const Clock::time_point start = Clock::now();
  // The running row, unless the previous step's commit wrote it, and the
  // row's later progress writes (at progress points only: elsewhere the
  // schema shows how far the run got) each open a transaction that the
  // next DDL statement's implicit commit (DDL commits what is open before
  // it runs) makes durable: no commit of their own. They are queued: they go
  // to the server with the statement, in one round trip. The row's count
  // says which statements are done, its message which may have run.
  std::int64_t id = running;
  if (id < 0) {
    try {
      connection_.Begin();
      const HistoryEntry entry{0, rev.id, DirectionName(step.direction), Checksum(rev), started,
                               0, options_.executor_version, "running",
                               ProgressMessage(statements, 0), 0};
      if (statements.count == 0) {
        id = store_.StartHistory(entry);
      } else {
        store_.AppendHistory(entry, VersionStore::Send::kQueued);
      }
    } catch (const driver::DbError& error) {
      if (!error.connection_lost()) throw;
      ConnectionLost(step, statements, Phase::kStarting, 0, -1, started, start, error);
    }
  }
  for (std::uint32_t k = 0; k < statements.count; ++k) {
    const Clock::time_point statement_start = Clock::now();
    Report(step, false, k, statements, -1);
    if (k > 0 && ProgressPoint(statements, k)) {
      try {
        connection_.Begin();
        store_.MarkProgress(id, k, ProgressMessage(statements, k));
      } catch (const driver::DbError& error) {
        if (!error.connection_lost()) throw;
        ConnectionLost(step, statements, Phase::kProgress, k, id, started, start, error);
      }
    }
    if (k == 0) unsent_ = -1;  // from here on the row may be true
    try {
      connection_.Execute(statements.items[k].sql);
      if (k == 0 && running < 0) id = connection_.QueuedInsertId();  // the history row's
      // A statement that is not DDL (data, a sql block) leaves the
      // transaction open: commit it with its progress row, so a lost
      // connection cannot roll back what the row will say is done.
      if (connection_.InTransaction()) connection_.Commit();
    } catch (const driver::DbError& error) {
      // A progress write failed with an SQL error: the server stopped there,
      // statement k did not run. A lost connection says nothing of where the
      // server was: statement k may have run (ConnectionLost finds out what
      // the row can tell).
      if (error.queued() && !error.connection_lost()) throw;
      if (k == 0 && running < 0 && (id = connection_.QueuedInsertId()) == 0) {
        id = -1;  // its answer never came
      }
      if (error.connection_lost()) {
        ConnectionLost(step, statements, Phase::kStatement, k + 1, id, started, start, error);
      }
      StatementFailedError::Details details =
          FailureDetails(step, statements, k, error, head_ids);
      Compensate(step, statements, k, details);
      const bool failed =
          details.recovery == StatementFailedError::Recovery::kFailed;
      std::string message = Describe(k, statements, error);
      if (failed) message += "; not compensated: " + details.why_failed;
      try {
        store_.FinishHistory(id, failed ? "failed" : "rolled_back", k + 1,
                             MillisSince(start), message);
        if (connection_.InTransaction()) connection_.Commit();
      } catch (const driver::DbError&) {
        details.history_recorded = false;  // the row still says 'running'
      }
      throw StatementFailedError(std::move(details));
    }
    Report(step, false, k, statements, MillisSince(statement_start));
  }
  return id;
}

void Runner::ConnectionLost(const Step& step, const table::StatementList& statements,
                            ConnectionLostError::Phase phase, std::uint32_t statement,
                            std::int64_t id, const std::string& started,
                            Clock::time_point start, const driver::DbError& error) {
  using Phase = ConnectionLostError::Phase;
  using Record = ConnectionLostError::Record;
  const std::optional<HistoryEntry> unstarted = std::exchange(unstarted_, std::nullopt);
  const table::Revision& rev = graph_.revision(step.revision);
  ConnectionLostError::Details d;
  d.revision_id = rev.id;
  d.source = rev.source;
  d.direction = step.direction;
  d.phase = phase;
  d.statement = statement;
  d.statement_count = statements.count;
  d.line = statement > 0 ? statements.items[statement - 1].line : 0;
  d.db_code = error.code();
  d.db_message = error.message();
  const std::string n = std::to_string(statement);
  switch (phase) {
    case Phase::kStarting:
      d.recorded_message = "the connection was lost before statement 1; none ran";
      break;
    case Phase::kStatement:
      d.recorded_message = "statement " + n + " was running when the connection was lost; " +
                           "its effect is unknown";
      break;
    case Phase::kProgress:
      d.recorded_message = statement == 0 ? "no statement had run when the connection was lost"
                                          : "statement " + n + " had run (statement " +
                                                std::to_string(statement + 1) +
                                                " had not started) when the connection was lost";
      break;
    case Phase::kFinishing:
      d.recorded_message = "all " + std::to_string(statements.count) +
                           " statements had run when the connection was lost, before the "
                           "revision was recorded as applied";
      break;
  }
  if (!options_.reconnect) {
    d.record_error = "no way to reconnect";
    throw ConnectionLostError(std::move(d));
  }
  try {
    std::unique_ptr<driver::Connection> fresh = options_.reconnect();
    VersionStore store(*fresh, store_.version_table(), store_.history_table());
    if (phase == Phase::kStatement && id < 0) {
      // Statement 1 went with the history row's insert, whose answer never
      // came: the row exists exactly when statement 1 started (its implicit
      // commit made the row durable; a data statement commits with it).
      std::optional<HistoryEntry> row = store.RunningRow(rev.id, started);
      if (!row) {
        d.phase = Phase::kStarting;
        d.recorded_message = "the connection was lost before statement 1; none ran";
        d.record = Record::kNone;
        throw ConnectionLostError(std::move(d));
      }
      id = row->id;
    }
    if (const std::optional<HistoryEntry>& next = unstarted) {
      // The next step's row, written with this step's record if that
      // committed: none of its statements ran.
      if (std::optional<HistoryEntry> row = store.RunningRow(next->revision, next->started)) {
        store.FinishHistory(row->id, "rolled_back", 0, 0,
                            "the connection was lost before statement 1; none ran");
      }
    }
    if (phase == Phase::kStarting) {
      std::optional<HistoryEntry> row = store.RunningRow(rev.id, started);
      d.record = Record::kNone;
      if (row) {
        store.FinishHistory(row->id, "rolled_back", 0, MillisSince(start), d.recorded_message);
        d.record = Record::kRolledBack;
      }
      throw ConnectionLostError(std::move(d));
    }
    // The statement count: a lower bound of what is done (a failed row
    // names the running statement, so resolve --auto tries k - 1 and k).
    const std::int64_t count = phase == Phase::kStatement ? statement
                               : phase == Phase::kProgress ? statement + 1
                                                           : statements.count;
    std::optional<HistoryEntry> row =
        store.FailIfRunning(id, count, MillisSince(start), d.recorded_message);
    d.record = !row ? Record::kUnrecorded
               : row->outcome == "ok" ? Record::kApplied
               : row->outcome == "failed" ? Record::kFailed
                                          : Record::kUnrecorded;
    if (!row) d.record_error = "its history row is gone";
  } catch (const ConnectionLostError&) {
    throw;  // the report, made above
  } catch (const driver::DbError& again) {
    d.record = Record::kUnrecorded;
    d.record_error = again.message();
  } catch (const std::exception& again) {
    // Reconnecting gave up (WaitTimeoutError: the server stayed down).
    d.record = Record::kUnrecorded;
    d.record_error = again.what();
  }
  throw ConnectionLostError(std::move(d));
}

void Runner::Compensate(const Step& step,
                        const table::StatementList& statements,
                        std::uint32_t failed,
                        StatementFailedError::Details& details) {
  using Recovery = StatementFailedError::Recovery;
  const table::Revision& rev = graph_.revision(step.revision);
  const int dialect = Slot();
  const bool up = step.direction == Direction::kUp;
  const std::uint32_t op = statements.items[failed].op;
  details.recovery = Recovery::kFailed;
  for (std::uint32_t j = 0; j < failed; ++j) {
    if (statements.items[j].op == op) {
      details.why_failed = "statement " + std::to_string(j + 1) +
                           " of the same operation (line " +
                           std::to_string(statements.items[j].line) +
                           ") had already run";
      return;
    }
  }
  // The compensating statements, in the order they must run.
  table::StatementList inverse = up ? rev.down[dialect] : rev.up[dialect];
  std::vector<std::uint32_t> plan;
  if (up) {
    for (std::uint32_t i = 0; i < rev.irreversible_op_count; ++i) {
      const std::uint32_t r = rev.irreversible_ops[i];
      if (r < op) {
        details.why_failed = "operation at line " +
                             std::to_string(LineOf(statements, r)) +
                             " had run and is irreversible";
        return;
      }
    }
    for (std::uint32_t i = 0; i < inverse.count; ++i) {
      if (inverse.items[i].op < op) plan.push_back(i);
    }
  } else {
    std::set<std::uint32_t> undone;
    for (std::uint32_t j = 0; j < failed; ++j) {
      undone.insert(statements.items[j].op);
    }
    for (std::uint32_t i = 0; i < inverse.count; ++i) {
      if (undone.count(inverse.items[i].op) != 0) plan.push_back(i);
    }
  }
  for (std::uint32_t i : plan) {
    const Clock::time_point start = Clock::now();
    Report(step, true, i, inverse, -1);
    try {
      connection_.Execute(inverse.items[i].sql);
    } catch (const driver::DbError& error) {
      details.why_failed = "compensating " + std::string(up ? "down" : "up") +
                           " " + Describe(i, inverse, error);
      return;
    }
    Report(step, true, i, inverse, MillisSince(start));
    ++details.compensated;
  }
  details.recovery = Recovery::kCompensated;
}

std::vector<std::uint32_t> Runner::Resolve(std::uint32_t revision,
                                           bool applied_decision, const std::string& note) {
  const table::Revision& rev = graph_.revision(revision);
  std::vector<HistoryEntry> left = store_.Unresolved();
  auto found = std::find_if(left.begin(), left.end(), [&](const auto& e) {
    return e.revision == rev.id;
  });
  if (found == left.end()) throw NothingToResolveError(rev.id);
  graph::RevisionSet applied = graph_.Closure(CurrentHeads());
  // The decision is about the schema, whatever the failed direction was:
  // --applied means the revision's changes are there, --rolled-back not.
  applied[revision] = applied_decision;
  std::vector<std::uint32_t> heads = graph_.MaximalOf(applied);
  driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
  store_.WriteHeads(HeadIds(heads));
  store_.AppendHistory(
      {0, rev.id, "resolve", Checksum(rev), UtcTimestamp(), 0,
       options_.executor_version, applied_decision ? "applied" : "rolled_back",
       !note.empty() ? note
                     : "operator resolved a " + found->outcome + " " + found->direction +
                           " at statement " + std::to_string(found->statement),
       found->statement});
  tx.Commit();
  return heads;
}

}  // namespace retort::runtime
