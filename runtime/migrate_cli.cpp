#include "migrate_cli.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

#include "auto_resolve.h"
#include "cli_json.h"
#include "cli_options.h"
#include "cli.h"
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

namespace retort::cli {

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
  // After a lost connection: a new one, for up to 10 s (a restarting
  // server), to record what is known of the revision that was running.
  auto reconnect = [this, url]() {
    return runtime::ConnectWithRetry(url, 10, 1, [&](const runtime::ConnectAttempt& a) {
      err_ << "migrate: the connection was lost; reconnecting to record it (attempt "
           << a.attempt << "): " << a.error << std::endl;
    });
  };
  session.runner = std::make_unique<runtime::Runner>(
      *session.connection, *session.store, graph_,
      runtime::RunOptions{options_.ignore_checksums, RETORT_EXECUTOR_VERSION,
                          std::move(on_statement), reconnect, options_.single_transaction});
  session.store->set_table_digest(
      runtime::TableDigest(graph_.table(), options_.version_table));
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

void Cli::Announce(driver::Connection& connection, const std::string& doing,
                   const std::string& tail) {
  std::string server;
  try {
    if (connection.dialect() == table::Dialect::kSqlite) {
      server = "SQLite " + connection.Query("SELECT sqlite_version()").at(0).at(0).value_or("");
    } else {
      std::string v = connection.Query("SELECT VERSION()").at(0).at(0).value_or("");
      server = std::string(connection.dialect() == table::Dialect::kMariadb ? "MariaDB " : "MySQL ") +
               v.substr(0, v.find('-'));
    }
  } catch (const driver::DbError&) {
    server = table::DialectName(connection.dialect());
  }
  const bool implicit = !options_.url_given && !env_.database_url &&
                        !(env_.database_url_file && !env_.database_url_file->empty());
  err_ << "migrate: " << doing << " " << Url().Redacted() << " (" << server
       << (implicit ? "; the default: no --url, DATABASE_URL or DATABASE_URL_FILE" : "") << ")"
       << tail << std::endl;
}

int Cli::Migrate(runtime::Command command) {
  if (options_.sql) return Offline(command);
  if (options_.dry_run) return DryRun(command);
  const bool up = command == runtime::Command::kUpgrade;
  if (up && UpToDateByHeader()) return static_cast<int>(ExitCode::kOk);
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
  Announce(*session.connection, up ? "upgrading" : "downgrading",
           ", " + std::to_string(plan.steps.size()) + " revision" +
               (plan.steps.size() == 1 ? "" : "s") + (up ? " pending" : " to undo"));
  if (!plan.note.empty() && !options_.json) err_ << "migrate: note: " << plan.note << "\n";
  if (up && plan.steps.empty() && !table::IsMysqlFamily(session.connection->dialect())) {
    // Up to date by the full check: the next run can know it from the header.
    std::vector<std::string> ids;
    for (std::uint32_t h : heads) ids.emplace_back(graph_.id(h));
    std::sort(ids.begin(), ids.end());
    if (!ids.empty()) session.store->WriteHeaderFingerprint(ids);
  }
  using Clock = std::chrono::steady_clock;
  const Clock::time_point started = Clock::now();
  std::size_t done_steps = 0;
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
        ++done_steps;
        if (env_.terminal) {  // [k/N], elapsed and an estimate of what is left
          const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
          const double left = elapsed / done_steps * (plan.steps.size() - done_steps);
          out_ << "[" << done_steps << "/" << plan.steps.size() << ", "
               << static_cast<long>(elapsed) << " s, ~" << static_cast<long>(left + 0.5)
               << " s left] ";
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
  ReportDone(up, plan.steps.size(), result.heads);
  return static_cast<int>(ExitCode::kOk);
}

void Cli::ReportDone(bool up, std::size_t steps, const std::vector<std::uint32_t>& heads) {
  if (options_.json) {
    out_ << "{\"event\":\"done\",\"command\":\"" << (up ? "upgrade" : "downgrade")
         << "\",\"steps\":" << steps << ",\"heads\":" << JsonHeads(heads) << "}\n";
  } else if (steps == 0) {
    out_ << "nothing to " << (up ? "upgrade" : "downgrade") << "; database is at "
         << HeadList(graph_, heads) << "\n";
  }
}

int Cli::Stamp() {
  LockedSession session = OpenLocked();
  Announce(*session.connection, "stamping", "");
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
  Announce(*session.connection, "resolving " + std::string(graph_.id(index)) + " on", "");
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
  // The version table: --version-table, else RETORT_VERSION_TABLE, else the
  // project's (retort.toml, compiled into the table), else retort_version.
  if (!options.version_table_given) {
    if (env.version_table && !env.version_table->empty()) {
      options.version_table = *env.version_table;
    } else if (table.version_table != nullptr && *table.version_table != '\0') {
      options.version_table = table.version_table;
    }
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
  if (const char* table_name = std::getenv("RETORT_VERSION_TABLE")) env.version_table = table_name;
  env.terminal = isatty(STDOUT_FILENO) == 1;
  // Into a pipe or file stdout is fully buffered either way; unsynced, the
  // stream skips a C stdio call per insertion (history prints 10,000 lines).
  if (!env.terminal) std::ios::sync_with_stdio(false);
  if (const char* file = std::getenv("DATABASE_URL_FILE"))
    env.database_url_file = file;
  return MigrateMain(std::move(args), table, std::cout, std::cerr, env);
}

}  // namespace retort::cli
