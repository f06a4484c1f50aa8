#include "version_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

namespace retort::runtime {
namespace {

bool IsIdentifier(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  if (std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// The audit table's key column per dialect: the only DDL difference.
const char* AutoIncrementKey(table::Dialect dialect) {
  switch (dialect) {
    case table::Dialect::kMysql:
    case table::Dialect::kMariadb:
      return "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY";
    case table::Dialect::kSqlite:
      break;
  }
  return "INTEGER PRIMARY KEY AUTOINCREMENT";
}

std::int64_t ToInt(const driver::Value& value) {
  return value ? std::stoll(*value) : 0;
}

}  // namespace

InvalidTableNameError::InvalidTableNameError(std::string name)
    : std::runtime_error("invalid table name '" + name + "'"),
      name_(std::move(name)) {}

VersionStore::VersionStore(driver::Connection& connection,
                           std::string version_table, std::string history_table)
    : connection_(connection),
      version_table_(std::move(version_table)),
      history_table_(std::move(history_table)) {
  if (!IsIdentifier(version_table_))
    throw InvalidTableNameError(version_table_);
  if (!IsIdentifier(history_table_))
    throw InvalidTableNameError(history_table_);
}

void VersionStore::EnsureTables() {
  for (const std::string& sql :
       CreateVersionTablesSql(version_table_, history_table_, connection_.dialect())) {
    connection_.Execute(sql);
  }
}

std::vector<std::string> CreateVersionTablesSql(const std::string& version_table_,
                                                const std::string& history_table_,
                                                table::Dialect dialect) {
  if (!IsIdentifier(version_table_)) throw InvalidTableNameError(version_table_);
  if (!IsIdentifier(history_table_)) throw InvalidTableNameError(history_table_);
  // Alembic's own shape when taking over its table, so Alembic can read it.
  return {version_table_ == "alembic_version"
              ? "CREATE TABLE IF NOT EXISTS alembic_version (version_num "
                "VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY "
                "(version_num))"
              : "CREATE TABLE IF NOT EXISTS " + version_table_ +
                    " (version_num VARCHAR(255) NOT NULL PRIMARY KEY)",
          "CREATE TABLE IF NOT EXISTS " + history_table_ + " (id " + AutoIncrementKey(dialect) +
              ", revision VARCHAR(255) NOT NULL"
              ", direction VARCHAR(8) NOT NULL"
              ", checksum VARCHAR(128) NOT NULL"
              ", started VARCHAR(32) NOT NULL"
              ", duration_ms BIGINT NOT NULL"
              ", executor_version VARCHAR(64) NOT NULL"
              ", outcome VARCHAR(16) NOT NULL"
              ", message TEXT"
              ", statement INTEGER NOT NULL DEFAULT 0)"};
}

std::vector<std::string> VersionStore::ReadHeads() {
  std::vector<std::string> heads;
  if (!connection_.TableExists(version_table_)) return heads;
  for (const driver::Row& row :
       connection_.Query("SELECT version_num FROM " + version_table_)) {
    if (row[0]) heads.push_back(*row[0]);
  }
  std::sort(heads.begin(), heads.end());
  return heads;
}

void VersionStore::WriteHeads(const std::vector<std::string>& heads) {
  std::vector<std::string> wanted = heads;
  std::sort(wanted.begin(), wanted.end());
  std::vector<std::string> current = ReadHeads();
  for (const std::string& id : current) {
    if (!std::binary_search(wanted.begin(), wanted.end(), id)) {
      connection_.Query(
          "DELETE FROM " + version_table_ + " WHERE version_num = ?", {id});
    }
  }
  for (const std::string& id : wanted) {
    if (!std::binary_search(current.begin(), current.end(), id)) {
      connection_.Query(
          "INSERT INTO " + version_table_ + " (version_num) VALUES (?)", {id});
    }
  }
}

void VersionStore::AppendHistory(const HistoryEntry& entry) {
  connection_.Query(
      "INSERT INTO " + history_table_ +
          " (revision, direction, checksum, started, duration_ms,"
          " executor_version, outcome, message, statement) VALUES (?, ?, ?, ?, "
          "?, ?, ?, ?, ?)",
      {entry.revision, entry.direction, entry.checksum, entry.started,
       std::to_string(entry.duration_ms), entry.executor_version, entry.outcome,
       entry.message.empty() ? driver::Value() : driver::Value(entry.message),
       std::to_string(entry.statement)});
}

std::int64_t VersionStore::StartHistory(const HistoryEntry& entry) {
  AppendHistory(entry);
  const char* last_id = table::IsMysqlFamily(connection_.dialect())
                            ? "SELECT LAST_INSERT_ID()"
                            : "SELECT last_insert_rowid()";
  return ToInt(connection_.Query(last_id).at(0).at(0));
}

void VersionStore::MarkStarted(std::int64_t id, std::int64_t statement) {
  connection_.Query("UPDATE " + history_table_ + " SET message = ? WHERE id = ?",
                    {"statement " + std::to_string(statement) + " started", std::to_string(id)});
}

void VersionStore::UpdateProgress(std::int64_t id, std::int64_t statement) {
  connection_.Query(
      "UPDATE " + history_table_ + " SET statement = ?, message = ? WHERE id = ?",
      {std::to_string(statement), "statement " + std::to_string(statement) + " done",
       std::to_string(id)});
}

std::optional<HistoryEntry> VersionStore::FailIfRunning(std::int64_t id, std::int64_t statement,
                                                        std::int64_t duration_ms,
                                                        const std::string& message) {
  connection_.Query("UPDATE " + history_table_ +
                        " SET outcome = 'failed', statement = ?, duration_ms = ?, message = ?"
                        " WHERE id = ? AND outcome = 'running'",
                    {std::to_string(statement), std::to_string(duration_ms), message,
                     std::to_string(id)});
  std::vector<HistoryEntry> rows = ReadHistoryWhere(" WHERE id = " + std::to_string(id), "ASC");
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

std::optional<HistoryEntry> VersionStore::RunningRow(const std::string& revision,
                                                     const std::string& started) {
  for (HistoryEntry& row : ReadHistoryWhere(" WHERE outcome = 'running'", "DESC")) {
    if (row.revision == revision && row.started == started) return std::move(row);
  }
  return std::nullopt;
}

void VersionStore::FinishHistory(std::int64_t id, const std::string& outcome,
                                 std::int64_t statement,
                                 std::int64_t duration_ms,
                                 const std::string& message) {
  connection_.Query(
      "UPDATE " + history_table_ +
          " SET outcome = ?, statement = ?, duration_ms = ?,"
          " message = ? WHERE id = ?",
      {outcome, std::to_string(statement), std::to_string(duration_ms),
       message.empty() ? driver::Value() : driver::Value(message),
       std::to_string(id)});
}

std::vector<HistoryEntry> VersionStore::Unresolved() {
  if (!connection_.TableExists(history_table_)) return {};
  // Every run asks this, so the common answer (no failed or running row at
  // all) costs one short scan; only then is the newest row per revision
  // looked at. Oldest first.
  const std::string open = " outcome IN ('failed', 'running')";
  if (connection_.Query("SELECT 1 FROM " + history_table_ + " WHERE" + open + " LIMIT 1")
          .empty()) {
    return {};
  }
  return ReadHistoryWhere(
      " WHERE" + open + " AND id IN (SELECT MAX(id) FROM " + history_table_ +
          " WHERE direction <> 'stamp' GROUP BY revision)",
      "ASC");
}

std::vector<HistoryEntry> VersionStore::ReadHistory() {
  if (!connection_.TableExists(history_table_)) return {};
  return ReadHistoryWhere("", "DESC");
}

std::vector<HistoryEntry> VersionStore::ReadHistoryWhere(const std::string& where,
                                                         const std::string& order) {
  std::vector<HistoryEntry> entries;
  for (driver::Row& row : connection_.Query(
           "SELECT id, revision, direction, checksum, started, duration_ms,"
           " executor_version, outcome, message, statement FROM " +
           history_table_ + where + " ORDER BY id " + order)) {
    HistoryEntry& e = entries.emplace_back();
    e.id = ToInt(row[0]);
    e.revision = row[1].value_or("");
    e.direction = row[2].value_or("");
    e.checksum = row[3].value_or("");
    e.started = row[4].value_or("");
    e.duration_ms = ToInt(row[5]);
    e.executor_version = row[6].value_or("");
    e.outcome = row[7].value_or("");
    e.message = row[8].value_or("");
    e.statement = ToInt(row[9]);
  }
  return entries;
}

std::vector<std::pair<std::string, std::string>> VersionStore::SuccessfulUps() {
  std::vector<std::pair<std::string, std::string>> ups;
  if (!connection_.TableExists(history_table_)) return ups;
  std::vector<driver::Row> rows = connection_.Query(
      "SELECT revision, checksum FROM " + history_table_ +
      " WHERE direction = 'up' AND outcome = 'ok' ORDER BY id DESC");
  ups.reserve(rows.size());
  for (driver::Row& row : rows) {
    if (row[0] && row[1])
      ups.emplace_back(std::move(*row[0]), std::move(*row[1]));
  }
  return ups;
}

std::string UtcTimestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(
                    now.time_since_epoch())
                    .count() %
                1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[80];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<int>(millis));
  return std::string(buffer);
}

}  // namespace retort::runtime
