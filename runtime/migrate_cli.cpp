#include "migrate_cli.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

#include "auto_resolve.h"
#include "cli_json.h"
#include "cli_options.h"
#include "cli_support.h"
#include "driver/connection.h"
#include "json.h"
#include "lock.h"
#include "offline.h"
#include "planner.h"
#include "retort/exit_code.h"
#include "retort/graph_view.h"
#include "runner.h"
#include "schema_commands.h"
#include "url.h"
#include "version_store.h"
#include "wait.h"

#ifndef RETORT_EXECUTOR_VERSION
#define RETORT_EXECUTOR_VERSION "unknown"
#endif

namespace retort::cli {
namespace {

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

runtime::DatabaseUrl Cli::Url() const {
  std::string text = options_.url;
  if (options_.url_given && text.empty()) {
    throw ConfigError{"--url is empty", "give a database URL, e.g. " +
                                            std::string(runtime::kDefaultDatabaseUrl)};
  }
  if (!options_.url_given && env_.database_url && env_.database_url->empty()) {
    // In a container an empty variable is a missing secret, not a choice.
    throw ConfigError{"DATABASE_URL is set but empty",
                      "set it to the database to migrate (e.g. mysql://app:PASSWORD@db:3306/app), "
                      "or unset it to use " + std::string(runtime::kDefaultDatabaseUrl)};
  }
  if (text.empty() && env_.database_url) text = *env_.database_url;
  if (text.empty() && env_.database_url_file &&
      !env_.database_url_file->empty()) {
    std::ifstream file(*env_.database_url_file);
    if (!file) {
      throw ConfigError{
          "cannot read DATABASE_URL_FILE '" + *env_.database_url_file + "'",
          "point DATABASE_URL_FILE at a readable file holding the URL"};
    }
    std::getline(file, text);
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) {
      text.pop_back();
    }
  }
  if (text.empty()) text = runtime::kDefaultDatabaseUrl;
  runtime::DatabaseUrl url = runtime::ParseDatabaseUrl(text);
  if (url.in_memory) {
    throw ConfigError{"'" + text + "' names an in-memory SQLite database, which is gone "
                      "when migrate exits",
                      "name a file: sqlite:///relative.db or sqlite:////absolute/path.db"};
  }
  return url;
}

std::unique_ptr<driver::Connection> Cli::Connect(
    const runtime::DatabaseUrl& url) {
  const std::string redacted = url.Redacted();
  try {
    return runtime::ConnectWithRetry(
        url, options_.wait_s, options_.interval_s,
        [&](const runtime::ConnectAttempt& a) {
          err_ << "migrate: waiting for " << redacted << " (attempt "
               << a.attempt << ", " << static_cast<long>(a.elapsed_s)
               << " s elapsed): " << a.error << std::endl;
        });
  } catch (const driver::DbError& error) {
    throw OpenError{redacted, error, url.backend != runtime::Backend::kSqlite};
  }
}

LockedSession Cli::OpenLocked(runtime::StatementCallback on_statement) {
  runtime::DatabaseUrl url = Url();
  LockedSession session;
  session.connection = Connect(url);
  session.store = std::make_unique<runtime::VersionStore>(*session.connection,
                                                          options_.version_table);
  session.runner = std::make_unique<runtime::Runner>(
      *session.connection, *session.store, graph_,
      runtime::RunOptions{options_.ignore_checksums, RETORT_EXECUTOR_VERSION,
                          std::move(on_statement)});
  session.lock = Lock(*session.connection, url);
  return session;
}

std::unique_ptr<runtime::MigrationLock> Cli::Lock(
    driver::Connection& connection, const runtime::DatabaseUrl& url) {
  return std::make_unique<runtime::MigrationLock>(
      connection, runtime::LockName(url.database, options_.version_table),
      options_.lock_timeout_s, [&](const runtime::LockWait& w) {
        err_ << "migrate: waiting for the migration lock '" << w.name
             << "', held by connection " << w.holder_id;
        if (!w.holder_host.empty()) err_ << " from " << w.holder_host;
        err_ << " (" << static_cast<long>(w.waited_s) << " s waited)"
             << std::endl;
      });
}

void Cli::TraceStatement(const runtime::StatementReport& s) {
  const bool up = s.direction == Direction::kUp;
  const std::string what = s.compensating
                               ? (up ? "compensate(down)" : "compensate(up)")
                               : (up ? "up" : "down");
  if (options_.json) {
    if (s.duration_ms < 0) return;
    out_ << "{\"event\":\"statement\",\"revision\":"
         << runtime::JsonString(graph_.id(s.revision))
         << ",\"phase\":" << runtime::JsonString(what)
         << ",\"statement\":" << s.statement
         << ",\"statement_count\":" << s.statement_count
         << ",\"line\":" << s.sql->line << ",\"duration_ms\":" << s.duration_ms
         << ",\"sql\":" << runtime::JsonString(s.sql->sql) << "}" << std::endl;
    return;
  }
  if (s.duration_ms < 0) {
    out_ << "  " << graph_.id(s.revision) << " " << what << " statement "
         << s.statement << " of " << s.statement_count << " (line "
         << s.sql->line << "): " << s.sql->sql << std::endl;
  } else {
    out_ << "    done in " << s.duration_ms << " ms" << std::endl;
  }
}

std::string Cli::JsonHeads(const std::vector<std::uint32_t>& heads) const {
  return JsonIds(graph_, heads);
}

std::vector<std::uint32_t> Cli::ChildCounts() const {
  std::vector<std::uint32_t> counts(graph_.size(), 0);
  for (std::uint32_t i = 0; i < graph_.size(); ++i) {
    const table::Revision& rev = graph_.revision(i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p)
      ++counts[rev.parents[p]];
  }
  return counts;
}

std::string Cli::Tags(std::uint32_t index,
                      const std::vector<std::uint32_t>& child_counts,
                      const graph::RevisionSet* current) const {
  const table::Revision& rev = graph_.revision(index);
  std::string tags;
  for (std::uint32_t l = 0; l < rev.label_count; ++l) {
    tags += std::string(" (") + rev.labels[l] + ")";
  }
  if (child_counts[index] == 0) tags += " (head)";
  if (child_counts[index] > 1) tags += " (branchpoint)";
  if (rev.parent_count > 1) tags += " (mergepoint)";
  if (current != nullptr && (*current)[index]) tags += " (current)";
  return tags;
}

void Cli::PrintBlock(std::uint32_t index,
                     const std::vector<std::uint32_t>& child_counts,
                     const graph::RevisionSet* current) {
  const table::Revision& rev = graph_.revision(index);
  auto ids = [&](const std::uint32_t* items, std::uint32_t count) {
    std::vector<std::string> names;
    for (std::uint32_t i = 0; i < count; ++i)
      names.emplace_back(graph_.id(items[i]));
    return names;
  };
  out_ << "Rev: " << rev.id << Tags(index, child_counts, current) << "\n";
  out_ << "Parent: "
       << (rev.parent_count == 0 ? "<base>"
                                 : Join(ids(rev.parents, rev.parent_count)))
       << "\n";
  if (rev.depends_on_count > 0) {
    out_ << "Depends on: " << Join(ids(rev.depends_on, rev.depends_on_count))
         << "\n";
  }
  if (rev.label_count > 0) {
    std::vector<std::string> labels(rev.labels, rev.labels + rev.label_count);
    out_ << "Branch labels: " << Join(labels) << "\n";
  }
  out_ << "Path: " << rev.source << "\n";
  for (int d = 0; d < table::kDialectCount; ++d) {
    if (((graph_.table().dialects >> d) & 1u) == 0) continue;
    out_ << "Checksum (" << table::DialectName(static_cast<table::Dialect>(d))
         << "): " << rev.checksum[d] << "\n";
  }
  if (!table::IsReversible(rev)) out_ << "Irreversible: yes\n";
  out_ << "\n    " << rev.message << "\n";
}

int Cli::Migrate(runtime::Command command) {
  if (options_.sql) return Offline(command);
  if (options_.dry_run) return DryRun(command);
  const bool up = command == runtime::Command::kUpgrade;
  runtime::StatementCallback trace;
  if (options_.trace) {
    trace = [this](const runtime::StatementReport& s) { TraceStatement(s); };
  }
  // The lock is held until the run ends; the heads are read (and the plan
  // made) under it.
  LockedSession session = OpenLocked(trace);
  runtime::Runner& runner = *session.runner;
  std::vector<std::uint32_t> heads = runner.CurrentHeads();
  runtime::MigrationPlan plan =
      runtime::Plan(graph_, heads, command, options_.target);
  if (!plan.note.empty() && !options_.json) err_ << "migrate: note: " << plan.note << "\n";
  runtime::RunResult result =
      runner.Apply(plan, [&](const runtime::StepReport& r) {
        const bool step_up = r.step.direction == Direction::kUp;
        if (options_.json) {
          out_ << "{\"event\":\"step\",\"revision\":"
               << runtime::JsonString(graph_.id(r.step.revision))
               << ",\"direction\":\"" << (step_up ? "up" : "down")
               << "\",\"outcome\":\""
               << (r.outcome == runtime::StepReport::Outcome::kSkipped
                       ? "skipped"
                       : "applied")
               << "\",\"duration_ms\":" << r.duration_ms << "}" << std::endl;
          return;
        }
        out_ << (step_up ? "upgrade " : "downgrade ")
             << graph_.id(r.step.revision) << " -> ";
        if (r.outcome == runtime::StepReport::Outcome::kSkipped) {
          out_ << "skipped (already " << (step_up ? "applied" : "unapplied")
               << " by another migrator)";
        } else {
          out_ << (step_up ? "applied" : "unapplied") << " (" << r.duration_ms
               << " ms)";
        }
        out_ << std::endl;
      });
  if (options_.json) {
    out_ << "{\"event\":\"done\",\"command\":\""
         << (up ? "upgrade" : "downgrade")
         << "\",\"steps\":" << plan.steps.size()
         << ",\"heads\":" << JsonHeads(result.heads) << "}\n";
  } else if (plan.steps.empty()) {
    out_ << "nothing to " << (up ? "upgrade" : "downgrade")
         << "; database is at " << HeadList(graph_, result.heads) << "\n";
  }
  return static_cast<int>(ExitCode::kOk);
}

// The dialect of an offline script: --dialect, the project's one target,
// or the URL's kind when that decides it.
table::Dialect Cli::OfflineDialect() const {
  const table::MigrationTable& t = graph_.table();
  auto targeted = [&](table::Dialect d) { return (t.dialects >> static_cast<int>(d)) & 1u; };
  std::vector<table::Dialect> targets;
  for (int d = 0; d < table::kDialectCount; ++d) {
    if (targeted(static_cast<table::Dialect>(d))) targets.push_back(static_cast<table::Dialect>(d));
  }
  std::string name = options_.dialect;
  if (name.empty() && targets.size() == 1) return targets.front();
  if (name.empty() && (options_.url_given || env_.database_url)) {
    runtime::DatabaseUrl url = Url();
    if (url.backend == runtime::Backend::kSqlite) name = "sqlite";
    else if (targeted(table::Dialect::kMysql) != targeted(table::Dialect::kMariadb))
      name = targeted(table::Dialect::kMysql) ? "mysql" : "mariadb";
  }
  std::string list;
  for (table::Dialect d : targets) list += (list.empty() ? "" : ", ") + std::string(table::DialectName(d));
  if (name.empty()) {
    throw ConfigError{"--sql needs --dialect: the project targets " + list,
                      "e.g. 'migrate upgrade --sql head --dialect " +
                          std::string(table::DialectName(targets.front())) + "'"};
  }
  for (table::Dialect d : targets) {
    if (table::DialectName(d) == name) return d;
  }
  throw ConfigError{"the project does not target " + name, "its targets are " + list};
}

int Cli::Offline(runtime::Command command) {
  const bool up = command == runtime::Command::kUpgrade;
  std::string target = options_.target, from_text;
  if (std::size_t colon = target.find(':'); colon != std::string::npos) {
    from_text = target.substr(0, colon);
    target = target.substr(colon + 1);
  } else if (!up) {
    throw ConfigError{"downgrade --sql needs FROM:TO: no database says where it starts",
                      "e.g. 'migrate downgrade --sql head:base'"};
  }
  std::vector<std::uint32_t> from;
  if (!from_text.empty() && from_text != "base") {
    from = runtime::Plan(graph_, {}, runtime::Command::kUpgrade, from_text).resulting_heads;
  }
  runtime::MigrationPlan plan = runtime::Plan(graph_, from, command, target);
  const table::Dialect dialect = OfflineDialect();
  std::string script = runtime::OfflineScript(
      graph_, from, plan,
      {dialect, options_.version_table, runtime::kDefaultHistoryTable, RETORT_EXECUTOR_VERSION,
       runtime::UtcTimestamp()});
  if (options_.json) {
    out_ << "{\"event\":\"script\",\"dialect\":\"" << table::DialectName(dialect)
         << "\",\"steps\":" << plan.steps.size() << ",\"sql\":" << runtime::JsonString(script)
         << "}\n";
  } else {
    out_ << script;
  }
  return static_cast<int>(ExitCode::kOk);
}

int Cli::DryRun(runtime::Command command) {
  runtime::DatabaseUrl url = Url();
  auto connection = Connect(url);
  runtime::VersionStore store(*connection, options_.version_table);
  std::vector<std::uint32_t> heads = runtime::ResolveRecordedHeads(graph_, store.ReadHeads());
  runtime::MigrationPlan plan = runtime::Plan(graph_, heads, command, options_.target);
  const int slot = table::SlotFor(graph_.table(), connection->dialect());
  if (slot < 0) throw runtime::NotTargetedError(connection->dialect(), graph_.table().dialects);
  if (options_.json) {
    std::string steps = "[";
    for (const runtime::Step& step : plan.steps) {
      const table::Revision& rev = graph_.revision(step.revision);
      const bool up = step.direction == Direction::kUp;
      steps += std::string(steps.size() > 1 ? "," : "") + "{\"revision\":" +
               runtime::JsonString(rev.id) + ",\"direction\":\"" + (up ? "up" : "down") +
               "\",\"statements\":" + std::to_string((up ? rev.up[slot] : rev.down[slot]).count) +
               ",\"irreversible\":" + (!up && !table::IsReversible(rev) ? "true" : "false") + "}";
    }
    out_ << "{\"event\":\"plan\",\"url\":" << runtime::JsonString(url.Redacted())
         << ",\"heads\":" << JsonHeads(heads) << ",\"steps\":" << steps << "]}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  out_ << "dry run on " << url.Redacted() << ", at " << HeadList(graph_, heads) << ": "
       << plan.steps.size() << " revision" << (plan.steps.size() == 1 ? "" : "s") << " to "
       << (command == runtime::Command::kUpgrade ? "upgrade" : "downgrade") << "\n";
  for (const runtime::Step& step : plan.steps) {
    const table::Revision& rev = graph_.revision(step.revision);
    const bool up = step.direction == Direction::kUp;
    const std::uint32_t count = (up ? rev.up[slot] : rev.down[slot]).count;
    out_ << "  " << (up ? "upgrade " : "downgrade ") << rev.id << " (" << rev.source << "): "
         << count << " statement" << (count == 1 ? "" : "s")
         << (!up && !table::IsReversible(rev) ? ", irreversible" : "") << "\n";
  }
  out_ << "nothing was changed; database stays at " << HeadList(graph_, heads) << "\n";
  return static_cast<int>(ExitCode::kOk);
}

int Cli::Stamp() {
  LockedSession session = OpenLocked();
  // Rows this build does not know (an Alembic-managed database being taken
  // over) are replaced: the operator vouches for the schema.
  std::vector<std::uint32_t> rows;
  std::vector<std::string> unknown;
  for (const std::string& id : session.store->ReadHeads()) {
    std::int64_t index = graph_.FindExact(id);
    if (index >= 0) {
      rows.push_back(static_cast<std::uint32_t>(index));
    } else {
      unknown.push_back(id);
    }
  }
  std::sort(rows.begin(), rows.end());
  runtime::MigrationPlan plan = runtime::Plan(graph_, rows, runtime::Command::kStamp,
                                              options_.target, options_.purge);
  if (!unknown.empty() && !options_.json) {
    err_ << "migrate: note: replacing version rows this migrate does not know: "
         << Join(unknown) << "\n";
  }
  // The operator's word is checked against the database: stamping a
  // schema that is not there would make the next upgrade fail far from here.
  if (!options_.force && session.store->Unresolved().empty()) {  // else the runner refuses
    VerifySchemaAt(*session.connection, *session.store, graph_, plan.resulting_heads);
  }
  if (!rows.empty() && rows != plan.resulting_heads && !options_.json) {
    err_ << "migrate: note: the database was recorded at " << HeadList(graph_, rows)
         << "; stamping records " << HeadList(graph_, plan.resulting_heads)
         << " without running SQL\n";
  }
  session.runner->Stamp(plan.resulting_heads);
  if (options_.json) {
    out_ << "{\"event\":\"stamp\",\"heads\":" << JsonHeads(plan.resulting_heads)
         << ",\"previous\":" << JsonHeads(rows) << ",\"replaced_unknown\":" << JsonList(unknown)
         << ",\"verified\":" << (options_.force ? "false" : "true") << "}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  out_ << "stamp -> " << HeadList(graph_, plan.resulting_heads)
       << (options_.force ? " (schema not verified: --force)" : " (schema verified)") << "\n";
  return static_cast<int>(ExitCode::kOk);
}

// The rows' closure reduced to its heads (parents only), as Alembic's
// `current` shows it: a revision the rows cover only as a dependency is
// still a head of what is applied.
std::vector<std::uint32_t> Cli::EffectiveHeads(runtime::VersionStore& store) const {
  return graph_.HeadsOf(
      graph_.Closure(runtime::ResolveRecordedHeads(graph_, store.ReadHeads())));
}

int Cli::Current() {
  runtime::DatabaseUrl url = Url();
  auto connection = Connect(url);
  runtime::VersionStore store(*connection, options_.version_table);
  std::vector<std::uint32_t> heads = EffectiveHeads(store);
  if (options_.json) {
    out_ << "{\"heads\":" << JsonHeads(heads) << "}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  if (options_.verbose) {
    PrintList(heads, ChildCounts(), nullptr);
    return static_cast<int>(ExitCode::kOk);
  }
  const std::vector<std::uint32_t>& graph_heads = graph_.Heads();
  for (std::uint32_t h : heads) {
    out_ << graph_.id(h);
    if (std::binary_search(graph_heads.begin(), graph_heads.end(), h)) {
      out_ << " (head)";
    }
    out_ << "\n";
  }
  return static_cast<int>(ExitCode::kOk);
}

int Cli::History() {
  if (options_.log) {
    runtime::DatabaseUrl url = Url();
    auto connection = Connect(url);
    runtime::VersionStore store(*connection, options_.version_table);
    for (const runtime::HistoryEntry& e : store.ReadHistory()) {
      if (options_.json) {
        out_ << "{\"id\":" << e.id
             << ",\"revision\":" << runtime::JsonString(e.revision)
             << ",\"direction\":" << runtime::JsonString(e.direction)
             << ",\"outcome\":" << runtime::JsonString(e.outcome)
             << ",\"statement\":" << e.statement
             << ",\"started\":" << runtime::JsonString(e.started)
             << ",\"duration_ms\":" << e.duration_ms
             << ",\"checksum\":" << runtime::JsonString(e.checksum)
             << ",\"executor_version\":"
             << runtime::JsonString(e.executor_version)
             << ",\"message\":" << runtime::JsonString(e.message) << "}\n";
        continue;
      }
      out_ << e.started << " " << e.direction << " " << e.revision << " "
           << e.outcome;
      if (e.outcome != "ok" && e.statement > 0) {
        out_ << " at statement " << e.statement;
      }
      out_ << " (" << e.duration_ms << " ms, migrate " << e.executor_version
           << ")";
      if (!e.message.empty()) out_ << ": " << e.message;
      out_ << "\n";
    }
    return static_cast<int>(ExitCode::kOk);
  }
  graph::RevisionSet current;
  if (options_.indicate_current) {
    runtime::DatabaseUrl url = Url();
    auto connection = Connect(url);
    runtime::VersionStore store(*connection, options_.version_table);
    current.assign(graph_.size(), false);
    for (std::uint32_t h : EffectiveHeads(store)) current[h] = true;
  }
  const graph::RevisionSet* marks =
      options_.indicate_current ? &current : nullptr;
  std::vector<std::uint32_t> child_counts = ChildCounts();
  graph::RevisionSet in_range = HistoryRange();
  for (std::uint32_t i = graph_.size(); i-- > 0;) {
    if (!in_range[i]) continue;
    const table::Revision& rev = graph_.revision(i);
    if (options_.json) {
      out_ << "{" << RevisionFields(graph_, i, child_counts[i] == 0);
      if (marks != nullptr) {
        out_ << ",\"current\":" << ((*marks)[i] ? "true" : "false");
      }
      out_ << "}\n";
      continue;
    }
    if (options_.verbose) {
      PrintBlock(i, child_counts, marks);
      if (i > 0) out_ << "\n";
      continue;
    }
    std::vector<std::string> parents;
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
      parents.emplace_back(graph_.id(rev.parents[p]));
    }
    if (parents.empty()) {
      out_ << "<base>";
    } else if (parents.size() == 1) {
      out_ << parents[0];
    } else {
      out_ << "(" << Join(parents) << ")";
    }
    out_ << " -> " << rev.id << Tags(i, child_counts, marks) << ", "
         << rev.message << "\n";
  }
  return static_cast<int>(ExitCode::kOk);
}

// `history -r A:B`: the revisions that descend from A (or are A) and lead
// to B (or are B). An empty side, `base` (A) or `head`/`heads` (B) is open;
// `current` is the database's heads.
graph::RevisionSet Cli::HistoryRange() {
  graph::RevisionSet all(graph_.size(), true);
  if (options_.range.empty()) return all;
  std::size_t colon = options_.range.find(':');
  if (colon == std::string::npos) {
    throw runtime::InvalidTargetError(options_.range,
                                      "a range is A:B; either side may be empty");
  }
  auto side = [&](std::string_view text, bool from_side) -> graph::RevisionSet {
    bool open = text.empty() || (from_side ? text == "base" : text == "head" || text == "heads");
    if (open) return all;
    std::vector<std::uint32_t> revisions;
    if (text == "current") {
      auto connection = Connect(Url());
      runtime::VersionStore store(*connection, options_.version_table);
      revisions = EffectiveHeads(store);
    } else {
      revisions = runtime::ResolveRevisions(graph_, text);
    }
    return from_side ? graph_.DescendantsOf(revisions) : graph_.Closure(revisions);
  };
  std::string_view range = options_.range;
  graph::RevisionSet from = side(range.substr(0, colon), true);
  graph::RevisionSet to = side(range.substr(colon + 1), false);
  for (std::uint32_t i = 0; i < graph_.size(); ++i) from[i] = from[i] && to[i];
  return from;
}

int Cli::Heads() {
  std::vector<std::uint32_t> child_counts = ChildCounts();
  std::vector<std::uint32_t> heads = graph_.Heads();
  if (options_.resolve_dependencies) {
    heads = graph_.MaximalOf(graph::RevisionSet(graph_.size(), true));
  }
  if (options_.json) {
    for (std::uint32_t h : heads) out_ << "{" << RevisionFields(graph_, h, true) << "}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  PrintList(heads, child_counts, nullptr);
  return static_cast<int>(ExitCode::kOk);
}

// One line per revision, or with --verbose a block each.
void Cli::PrintList(const std::vector<std::uint32_t>& revisions,
                    const std::vector<std::uint32_t>& child_counts,
                    const graph::RevisionSet* marks) {
  for (std::size_t k = 0; k < revisions.size(); ++k) {
    if (!options_.verbose) {
      out_ << graph_.id(revisions[k]) << Tags(revisions[k], child_counts, marks) << "\n";
      continue;
    }
    if (k > 0) out_ << "\n";
    PrintBlock(revisions[k], child_counts, marks);
  }
}

int Cli::Branches() {
  std::vector<std::uint32_t> child_counts = ChildCounts();
  for (std::uint32_t i = 0; i < graph_.size(); ++i) {
    if (child_counts[i] < 2) continue;
    if (options_.json) {
      out_ << "{\"branch_point\":" << runtime::JsonString(graph_.id(i))
           << ",\"children\":" << JsonIds(graph_, graph_.Children(i)) << "}\n";
      continue;
    }
    out_ << graph_.id(i) << Tags(i, child_counts, nullptr) << "\n";
    for (std::uint32_t c : graph_.Children(i)) {
      out_ << "  -> " << graph_.id(c) << Tags(c, child_counts, nullptr) << ", "
           << graph_.revision(c).message << "\n";
    }
  }
  return static_cast<int>(ExitCode::kOk);
}

int Cli::Show() {
  std::vector<std::uint32_t> revisions = runtime::ResolveRevisions(graph_, options_.target);
  for (std::size_t k = 0; k < revisions.size(); ++k) {
    if (options_.json) {
      ShowJson(revisions[k]);
      continue;
    }
    if (k > 0) out_ << "\n";
    ShowOne(revisions[k]);
  }
  return static_cast<int>(ExitCode::kOk);
}

void Cli::ShowJson(std::uint32_t index) {
  const auto family = Url().backend == runtime::Backend::kMysql ? table::Dialect::kMysql
                                                                 : table::Dialect::kSqlite;
  const int slot = table::SlotFor(graph_.table(), family);
  const table::Revision& rev = graph_.revision(index);
  auto list = [&](const table::StatementList& l) {
    std::string out = "[";
    for (std::uint32_t k = 0; k < l.count; ++k) {
      out += std::string(k ? "," : "") + "{\"line\":" + std::to_string(l.items[k].line) +
             ",\"sql\":" + runtime::JsonString(l.items[k].sql) + "}";
    }
    return out + "]";
  };
  out_ << "{" << RevisionFields(graph_, index, ChildCounts()[index] == 0) << ",\"checksum\":"
       << (slot < 0 ? "null" : runtime::JsonString(rev.checksum[slot])) << ",\"dialect\":"
       << (slot < 0 ? "null"
                    : runtime::JsonString(table::DialectName(static_cast<table::Dialect>(slot))))
       << ",\"up\":" << (slot < 0 ? "[]" : list(rev.up[slot])) << ",\"down\":"
       << (slot < 0 ? "[]" : table::IsReversible(rev) ? list(rev.down[slot]) : "null") << "}\n";
}

void Cli::ShowOne(std::uint32_t index) {
  const auto family = Url().backend == runtime::Backend::kMysql ? table::Dialect::kMysql
                                                                 : table::Dialect::kSqlite;
  const int dialect = table::SlotFor(graph_.table(), family);
  std::vector<std::uint32_t> child_counts = ChildCounts();
  PrintBlock(index, child_counts, nullptr);
  const table::Revision& rev = graph_.revision(index);
  if (dialect < 0) {
    out_ << "\n(no statements: the project does not target " << table::DialectName(family)
         << ")\n";
    return;
  }
  const char* dialect_name = table::DialectName(static_cast<table::Dialect>(dialect));
  auto print = [&](const char* title, const table::StatementList& list) {
    out_ << "\n" << title << " (" << dialect_name << "):\n";
    if (list.count == 0) out_ << "  (no statements)\n";
    for (std::uint32_t k = 0; k < list.count; ++k) {
      out_ << "  " << (k + 1) << ". [line " << list.items[k].line << "] "
           << list.items[k].sql << "\n";
    }
  };
  print("Upgrade", rev.up[dialect]);
  if (table::IsReversible(rev)) {
    print("Downgrade", rev.down[dialect]);
  } else {
    out_ << "\nDowngrade: irreversible\n";
  }
}

int Cli::Check() {
  runtime::DatabaseUrl url = Url();
  auto connection = Connect(url);
  runtime::VersionStore store(*connection, options_.version_table);
  return RunCheck(*connection, store, graph_, url.Redacted(), options_.json, out_);
}

int Cli::Wait() {
  runtime::DatabaseUrl url = Url();
  auto connection = Connect(url);
  if (options_.json) {
    out_ << "{\"event\":\"ready\",\"url\":" << runtime::JsonString(url.Redacted()) << "}\n";
  } else {
    out_ << "database " << url.Redacted() << " is accepting connections\n";
  }
  return static_cast<int>(ExitCode::kOk);
}

int Cli::Resolve() {
  if (!options_.resolve_applied && !options_.resolve_rolled_back && !options_.resolve_auto) {
    throw ConfigError{"resolve needs --auto, --applied or --rolled-back",
                      "--auto compares the schema with each state the revision passes through"};
  }
  const std::uint32_t index = graph_.Lookup(options_.target);
  LockedSession session = OpenLocked();
  if (options_.resolve_auto) {
    runtime::AutoResolution r = runtime::ResolveAuto(*session.connection, *session.store,
                                                     *session.runner, graph_, index);
    if (options_.json) {
      out_ << "{\"event\":\"resolve\",\"revision\":" << runtime::JsonString(graph_.id(index))
           << ",\"auto\":true,\"direction\":" << runtime::JsonString(r.direction)
           << ",\"ops_in_effect\":" << r.ops_in_effect << ",\"op_count\":" << r.op_count
           << ",\"inside_operation\":" << (r.inside_operation ? "true" : "false")
           << ",\"statements_run\":" << r.statements_run << ",\"recorded\":\""
           << (r.applied ? "applied" : "rolled_back") << "\",\"heads\":" << JsonHeads(r.heads)
           << "}\n";
      return static_cast<int>(ExitCode::kOk);
    }
    out_ << "resolve " << graph_.id(index) << " --auto: " << r.ops_in_effect << " of "
         << r.op_count << " operations were in effect"
         << (r.inside_operation ? ", and part of the next," : "") << " after the interrupted "
         << r.direction
         << "; ran " << r.statements_run << " statement" << (r.statements_run == 1 ? "" : "s")
         << " to finish it; recorded as " << (r.applied ? "applied" : "rolled back")
         << "; database is at " << HeadList(graph_, r.heads) << "\n";
    return static_cast<int>(ExitCode::kOk);
  }
  std::vector<std::uint32_t> heads =
      session.runner->Resolve(index, options_.resolve_applied);
  if (options_.json) {
    out_ << "{\"event\":\"resolve\",\"revision\":" << runtime::JsonString(graph_.id(index))
         << ",\"auto\":false,\"recorded\":\""
         << (options_.resolve_applied ? "applied" : "rolled_back") << "\",\"heads\":"
         << JsonHeads(heads) << "}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  out_ << "resolve " << graph_.id(index) << " -> recorded as "
       << (options_.resolve_applied ? "applied" : "rolled back")
       << "; database is at " << HeadList(graph_, heads) << "\n";
  return static_cast<int>(ExitCode::kOk);
}

int Cli::Dispatch(const std::string& command) {
  if (command == "wait") return Wait();
  if (command == "resolve") return Resolve();
  if (command == "upgrade") return Migrate(runtime::Command::kUpgrade);
  if (command == "downgrade") return Migrate(runtime::Command::kDowngrade);
  if (command == "stamp") return Stamp();
  if (command == "check") return Check();
  if (command == "current") return Current();
  if (command == "history") return History();
  if (command == "heads") return Heads();
  if (command == "branches") return Branches();
  return Show();
}

int Cli::Run(const std::string& command) {
  const std::string again = "'migrate " + command + " " + options_.target + "'";
  try {
    return Dispatch(command);
  } catch (...) {
    std::ostringstream text;
    int code = ReportError(text, graph_, {command, again, [this] { return Url().Redacted(); }});
    err_ << text.str();
    if (options_.json) out_ << ErrorJson(code, text.str()) << std::endl;
    return code;
  }
}

}  // namespace

int MigrateMain(std::vector<std::string> args,
                const table::MigrationTable& table, std::ostream& out,
                std::ostream& err, const Environment& env) {
  Options options;
  std::string command;
  const bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  std::ostringstream parse_err;
  std::optional<int> done = ParseArgs(std::move(args), out, parse_err, options, command);
  err << parse_err.str();
  if (done) {
    if (json && *done != 0) out << ErrorJson(*done, parse_err.str()) << std::endl;
    return *done;
  }
  if (command == "version") {
    std::string dialects;
    for (int d = 0; d < table::kDialectCount; ++d) {
      if ((table.dialects >> d) & 1u) {
        dialects += (dialects.empty() ? "" : ", ") +
                    std::string(table::DialectName(static_cast<table::Dialect>(d)));
      }
    }
    if (options.json) {
      std::vector<std::string> names;
      for (int d = 0; d < table::kDialectCount; ++d) {
        if ((table.dialects >> d) & 1u) names.emplace_back(table::DialectName(static_cast<table::Dialect>(d)));
      }
      out << "{\"version\":" << runtime::JsonString(RETORT_EXECUTOR_VERSION)
          << ",\"abi\":" << table.abi_version << ",\"revisions\":" << table.count
          << ",\"compiler\":" << runtime::JsonString(table.compiler_version)
          << ",\"dialects\":" << JsonList(names) << "}\n";
      return static_cast<int>(ExitCode::kOk);
    }
    out << "migrate " << RETORT_EXECUTOR_VERSION << " (table ABI " << table.abi_version << ", "
        << table.count << " revision" << (table.count == 1 ? "" : "s") << ", compiled by retortc "
        << table.compiler_version << ", for " << (dialects.empty() ? "no database" : dialects)
        << ")\n";
    return static_cast<int>(ExitCode::kOk);
  }
  Cli cli(table, out, err, env, std::move(options));
  return cli.Run(command);
}

int MigrateMain(int argc, char** argv, const table::MigrationTable& table) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  Environment env;
  if (const char* url = std::getenv("DATABASE_URL")) env.database_url = url;
  if (const char* file = std::getenv("DATABASE_URL_FILE"))
    env.database_url_file = file;
  return MigrateMain(std::move(args), table, std::cout, std::cerr, env);
}

}  // namespace retort::cli
