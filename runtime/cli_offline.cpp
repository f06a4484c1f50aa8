// Cli methods: offline scripts and dry runs (runtime/cli.h).
#include <algorithm>
#include <sstream>

#include "cli.h"
#include "cli_json.h"
#include "cli_support.h"
#include "json.h"
#include "offline.h"

namespace retort::cli {

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

}  // namespace retort::cli
