#include "offline.h"

#include <algorithm>

#include "version_store.h"

namespace retort::runtime {
namespace {

// One statement and its terminator. The mysql client ends a statement at
// the first ';', so a body holding one (a trigger's BEGIN … END) goes
// between DELIMITER lines; sqlite3 reads a trigger's body whole.
std::string Terminated(const std::string& sql, table::Dialect dialect) {
  if (table::IsMysqlFamily(dialect) && sql.find(';') != std::string::npos) {
    return "DELIMITER $$\n" + sql + "$$\nDELIMITER ;\n";
  }
  return sql + ";\n";
}

// The version-row changes from `before` to `after` (as WriteHeads makes them).
std::string RowChanges(std::vector<std::string> before, std::vector<std::string> after,
                       const OfflineOptions& o) {
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  std::string out;
  for (const std::string& id : before) {
    if (!std::binary_search(after.begin(), after.end(), id)) {
      out += "DELETE FROM " + o.version_table + " WHERE version_num = " +
             SqlLiteral(id, o.dialect) + ";\n";
    }
  }
  for (const std::string& id : after) {
    if (!std::binary_search(before.begin(), before.end(), id)) {
      out += "INSERT INTO " + o.version_table + " (version_num) VALUES (" +
             SqlLiteral(id, o.dialect) + ");\n";
    }
  }
  return out;
}

// Text for a `--` comment: one line.
std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::vector<std::string> Ids(const graph::GraphView& graph, const std::vector<std::uint32_t>& heads) {
  std::vector<std::string> ids;
  for (std::uint32_t h : heads) ids.emplace_back(graph.id(h));
  return ids;
}

}  // namespace

std::string SqlLiteral(const std::string& text, table::Dialect dialect) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    if (c == '\\' && table::IsMysqlFamily(dialect)) out += '\\';
    out += c;
  }
  return out + "'";
}

std::string OfflineScript(const graph::GraphView& graph, const std::vector<std::uint32_t>& from,
                          const MigrationPlan& plan, const OfflineOptions& o) {
  const table::MigrationTable& t = graph.table();
  const int slot = table::SlotFor(t, o.dialect);
  const bool sqlite = o.dialect == table::Dialect::kSqlite;
  std::string out = "-- Retort offline script for " + std::string(table::DialectName(o.dialect)) +
                    ", written by migrate " + o.executor_version + "\n-- from " +
                    (from.empty() ? std::string("base") : Ids(graph, from).front()) + " to " +
                    (plan.resulting_heads.empty() ? std::string("base")
                                                  : Ids(graph, plan.resulting_heads).front()) +
                    ": " + std::to_string(plan.steps.size()) + " revision" +
                    (plan.steps.size() == 1 ? "" : "s") +
                    "\n-- apply it with the database's own client, e.g. " +
                    (sqlite ? "sqlite3 app.db < script.sql" : "mariadb app < script.sql") + "\n\n";
  for (const std::string& sql : CreateVersionTablesSql(o.version_table, o.history_table, o.dialect)) {
    out += sql + ";\n";
  }
  // The applied set after each step, so the rows can follow it.
  graph::RevisionSet applied = graph.Closure(from);
  std::vector<std::string> rows = Ids(graph, graph.MaximalOf(applied));
  for (const Step& step : plan.steps) {
    const table::Revision& rev = graph.revision(step.revision);
    const bool up = step.direction == Direction::kUp;
    const table::StatementList& list = up ? rev.up[slot] : rev.down[slot];
    out += "\n-- " + OneLine(std::string(up ? "upgrade " : "downgrade ") + rev.id + " (" +
                              rev.source + "): " + rev.message) + "\n";
    if (sqlite) out += "BEGIN;\n";
    for (std::uint32_t i = 0; i < list.count; ++i) {
      out += "-- " + OneLine(rev.source) + ":" + std::to_string(list.items[i].line) + "\n";
      out += Terminated(list.items[i].sql, o.dialect);
    }
    applied[step.revision] = up;
    std::vector<std::string> next = Ids(graph, graph.MaximalOf(applied));
    out += RowChanges(rows, next, o);
    rows = std::move(next);
    out += "INSERT INTO " + o.history_table +
           " (revision, direction, checksum, started, duration_ms, executor_version, outcome, "
           "message, statement) VALUES (" +
           SqlLiteral(rev.id, o.dialect) + ", '" + (up ? "up" : "down") + "', " +
           SqlLiteral(rev.checksum[slot], o.dialect) + ", " + SqlLiteral(o.started, o.dialect) +
           ", 0, " + SqlLiteral(o.executor_version, o.dialect) + ", 'ok', " +
           SqlLiteral("offline script", o.dialect) + ", " + std::to_string(list.count) + ");\n";
    if (sqlite) out += "COMMIT;\n";
  }
  return out;
}

}  // namespace retort::runtime
