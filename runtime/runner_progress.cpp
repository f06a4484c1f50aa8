// The runner's path for databases without transactional DDL (MySQL): progress
// rows, compensation, and the operator's `resolve`. See runner.h.
#include <algorithm>
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
                                     const std::vector<std::string>& head_ids) {
  const table::Revision& rev = graph_.revision(step.revision);
  const Clock::time_point start = Clock::now();
  const std::int64_t id = store_.StartHistory(
      {0, rev.id, DirectionName(step.direction), Checksum(rev), started, 0,
       options_.executor_version, "running", "", 0});
  for (std::uint32_t k = 0; k < statements.count; ++k) {
    const Clock::time_point statement_start = Clock::now();
    Report(step, false, k, statements, -1);
    try {
      connection_.Execute(statements.items[k].sql);
    } catch (const driver::DbError& error) {
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
      } catch (const driver::DbError&) {
        details.history_recorded = false;  // the row still says 'running'
      }
      throw StatementFailedError(std::move(details));
    }
    Report(step, false, k, statements, MillisSince(statement_start));
    store_.UpdateProgress(id, k + 1);
  }
  return id;
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
