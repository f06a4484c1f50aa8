// The runner's --single-transaction path: every step of the run in one
// transaction, all or nothing (databases with transactional DDL). See runner.h.
#include <utility>

#include "runner.h"

namespace retort::runtime {

SingleTransactionError::SingleTransactionError(table::Dialect database)
    : std::runtime_error("--single-transaction needs transactional DDL"), database(database) {}

RunRolledBackError::RunRolledBackError(StatementFailedError failure,
                                       std::vector<std::uint32_t> rolled_back)
    : std::runtime_error(failure.what()),
      failure_(std::move(failure)),
      rolled_back_(std::move(rolled_back)) {}

RunResult Runner::ApplyAtomically(const MigrationPlan& plan, const StepCallback& on_step) {
  if (!connection_.transactional_ddl()) throw SingleTransactionError(connection_.dialect());
  const int dialect = Slot();
  driver::Transaction tx(connection_, driver::Transaction::Mode::kImmediate);
  // Read under the write lock: another migrator may have run since the plan.
  const std::vector<std::string> before = store_.ReadHeads();
  std::vector<std::string> ids = before;
  graph::RevisionSet applied = graph_.Closure(ResolveRecordedHeads(graph_, ids));
  std::vector<StepReport> reports;
  std::vector<std::uint32_t> ran;
  for (const Step& step : plan.steps) {
    const table::Revision& rev = graph_.revision(step.revision);
    const bool up = step.direction == Direction::kUp;
    if (applied[step.revision] == up) {
      reports.push_back({step, StepReport::Outcome::kSkipped, 0});
      continue;
    }
    CheckPrerequisites(step, applied);
    const std::string started = UtcTimestamp();
    const Clock::time_point start = Clock::now();
    const table::StatementList& statements = up ? rev.up[dialect] : rev.down[dialect];
    try {
      RunInTransaction(step, statements, started, start, before, tx);
    } catch (StatementFailedError& failure) {
      if (ran.empty()) throw;
      throw RunRolledBackError(std::move(failure), std::move(ran));
    }
    applied[step.revision] = up;
    ids = HeadsAfter(step, ids, applied);
    const std::int64_t duration = MillisSince(start);
    store_.AppendHistory({0, rev.id, DirectionName(step.direction), Checksum(rev), started,
                          duration, options_.executor_version, "ok", "", statements.count});
    ran.push_back(step.revision);
    reports.push_back({step, StepReport::Outcome::kApplied, duration});
  }
  store_.WriteHeads(ids, &before);
  tx.Commit();
  // Reported once committed: until then none of it is true.
  RunResult result;
  for (const StepReport& report : reports) {
    result.steps.push_back(report);
    if (on_step) on_step(report);
  }
  result.heads = CurrentHeads();
  return result;
}

}  // namespace retort::runtime
