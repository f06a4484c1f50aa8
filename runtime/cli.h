/// The `migrate` commands: one class whose methods are the subcommands,
/// over the planner, runner and version store. Split by concern:
/// migrate_cli.cpp (connection, upgrade/downgrade, stamp, check, resolve,
/// dispatch), cli_show.cpp (history, heads, branches, show),
/// cli_offline.cpp (--sql scripts and --dry-run).
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cli_options.h"
#include "lock.h"
#include "migrate_cli.h"
#include "planner.h"
#include "retort/graph_view.h"
#include "runner.h"
#include "url.h"
#include "version_store.h"

#ifndef RETORT_EXECUTOR_VERSION
#define RETORT_EXECUTOR_VERSION "unknown"
#endif

namespace retort::cli {

using graph::GraphView;
using runtime::Direction;

/// What every writing command works with, opened in this order: the
/// connection, the version store on it, a runner, and the migration lock,
/// which is held until the session is destroyed.
struct LockedSession {
  std::unique_ptr<driver::Connection> connection;
  std::unique_ptr<runtime::VersionStore> store;
  std::unique_ptr<runtime::Runner> runner;
  std::unique_ptr<runtime::MigrationLock> lock;
};

class Cli {
 public:
  Cli(const table::MigrationTable& table, std::ostream& out, std::ostream& err,
      const Environment& env, Options options)
      : graph_(table),
        out_(out),
        err_(err),
        env_(env),
        options_(std::move(options)) {}

  int Run(const std::string& command);

 private:
  int Dispatch(const std::string& command);
  int Migrate(runtime::Command command);
  /// The SQLite fast path of `upgrade head|heads` (cli_fast_path.cpp): when
  /// the file's header holds this executor's fingerprint of its heads,
  /// reports the run done having read nothing else.
  bool UpToDateByHeader();
  /// The end of an upgrade or downgrade: the JSON event, or "nothing to …".
  void ReportDone(bool up, std::size_t steps, const std::vector<std::uint32_t>& heads);
  /// "migrate: migrating URL (MariaDB 10.11.6), 4 pending" on stderr: which
  /// database a writing command works on, and when it is the implicit
  /// default, that it is.
  void Announce(driver::Connection& connection, const std::string& doing,
                const std::string& tail);
  int Offline(runtime::Command command);
  int DryRun(runtime::Command command);
  table::Dialect OfflineDialect() const;
  int Stamp();
  int Check();
  int Current();
  void PrintList(const std::vector<std::uint32_t>& revisions,
                 const std::vector<std::uint32_t>& child_counts,
                 const graph::RevisionSet* marks);
  graph::RevisionSet HistoryRange();
  std::vector<std::uint32_t> EffectiveHeads(runtime::VersionStore& store) const;
  int History();
  int Heads();
  int Branches();
  int Show();
  void ShowOne(std::uint32_t index);
  void ShowJson(std::uint32_t index);
  int Wait();
  int Resolve();

  runtime::DatabaseUrl Url() const;
  std::unique_ptr<runtime::MigrationLock> Lock(driver::Connection& connection,
                                               const runtime::DatabaseUrl& url);
  void TraceStatement(const runtime::StatementReport& s);
  std::string JsonHeads(const std::vector<std::uint32_t>& heads) const;
  std::unique_ptr<driver::Connection> Connect(const runtime::DatabaseUrl& url);
  /// Connects, opens the version store and a runner, takes the lock.
  LockedSession OpenLocked(runtime::StatementCallback on_statement = {});
  std::vector<std::uint32_t> ChildCounts() const;
  std::string Tags(std::uint32_t index,
                   const std::vector<std::uint32_t>& child_counts,
                   const graph::RevisionSet* current) const;
  void PrintBlock(std::uint32_t index,
                  const std::vector<std::uint32_t>& child_counts,
                  const graph::RevisionSet* current);

  GraphView graph_;
  std::ostream& out_;
  std::ostream& err_;
  const Environment& env_;
  Options options_;
};

}  // namespace retort::cli
