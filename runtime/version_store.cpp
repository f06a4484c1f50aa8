#include "version_store.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iterator>
#include <utility>

#include "retort/table_digest.h"

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
  tables_exist_ = true;
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
  if (!tables_exist_ && !connection_.TableExists(version_table_)) return heads;
  for (const driver::Row& row :
       connection_.Query("SELECT version_num FROM " + version_table_)) {
    if (row[0]) heads.push_back(*row[0]);
  }
  std::sort(heads.begin(), heads.end());
  return heads;
}

void VersionStore::WriteHeads(const std::vector<std::string>& heads,
                              const std::vector<std::string>* current_rows) {
  std::vector<std::string> wanted = heads;
  std::sort(wanted.begin(), wanted.end());
  std::vector<std::string> current = current_rows ? *current_rows : ReadHeads();
  std::sort(current.begin(), current.end());
  std::vector<std::string> gone, added;
  std::set_difference(current.begin(), current.end(), wanted.begin(), wanted.end(),
                      std::back_inserter(gone));
  std::set_difference(wanted.begin(), wanted.end(), current.begin(), current.end(),
                      std::back_inserter(added));
  if (gone.size() == 1 && added.size() == 1) {  // a chain moving one step
    connection_.Queue("UPDATE " + version_table_ + " SET version_num = ? WHERE version_num = ?",
                      {added.front(), gone.front()});
  } else {
    for (const std::string& id : gone) {
      connection_.Queue("DELETE FROM " + version_table_ + " WHERE version_num = ?", {id});
    }
    for (const std::string& id : added) {
      connection_.Queue("INSERT INTO " + version_table_ + " (version_num) VALUES (?)", {id});
    }
  }
  if (!table::IsMysqlFamily(connection_.dialect())) WriteHeaderFingerprint(wanted);
}

bool VersionStore::FinishChainStep(std::int64_t id, const std::vector<std::string>& before,
                                   const std::vector<std::string>& after,
                                   std::int64_t statements, std::int64_t duration_ms) {
  if (id < 0 || !table::IsMysqlFamily(connection_.dialect())) return false;
  std::vector<std::string> gone, added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(gone));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  if (gone.size() != 1 || added.size() != 1) return false;
  connection_.Query("UPDATE " + version_table_ + " v, " + history_table_ +
                        " h SET v.version_num = ?, h.outcome = 'ok', h.statement = ?,"
                        " h.duration_ms = ?, h.message = NULL"
                        " WHERE v.version_num = ? AND h.id = ?",
                    {added.front(), std::to_string(statements), std::to_string(duration_ms),
                     gone.front(), std::to_string(id)});
  // Both rows or neither (a join); neither leaves it to the caller's path.
  return connection_.AffectedRows() == 2;
}

std::int32_t VersionStore::ReadHeaderField() {
  return static_cast<std::int32_t>(ToInt(connection_.Query("PRAGMA user_version").at(0).at(0)));
}

void VersionStore::WriteHeaderFingerprint(const std::vector<std::string>& heads) {
  const std::int32_t now = ReadHeaderField();
  if (now != 0 && !IsRetortHeaderValue(now)) return;  // someone else's
  const std::int32_t value = table_digest_ != 0 ? HeaderFingerprint(heads, table_digest_) : 0;
  if (value != now) connection_.Execute("PRAGMA user_version = " + std::to_string(value));
}

std::uint64_t TableDigest(const table::MigrationTable& table, const std::string& version_table) {
  table::DigestBuilder digest;
  const std::uint64_t content = table::ContentDigest(table);
  digest.Bytes(&content, sizeof content);
  digest.Text(version_table);
  return digest.value();
}

// Retort's values: bit 31 clear (positive), bits 30..28 = 101, 28 bits of
// hash. An application's own user_version (a small schema counter) is never
// in this range; a stale value matches a new state by chance once in 2^28.
bool IsRetortHeaderValue(std::int32_t value) {
  return (static_cast<std::uint32_t>(value) & 0xF0000000u) == 0x50000000u;
}

std::int32_t HeaderFingerprint(const std::vector<std::string>& heads,
                               std::uint64_t table_digest) {
  std::uint64_t h = 0xcbf29ce484222325ull ^ table_digest;  // FNV-1a, 64 bits
  for (const std::string& id : heads) {
    for (unsigned char c : id) h = (h ^ c) * 0x100000001b3ull;
    h = (h ^ 0xff) * 0x100000001b3ull;  // a separator no id holds
  }
  const auto folded = static_cast<std::uint32_t>(h ^ (h >> 32));
  return static_cast<std::int32_t>(0x50000000u | (folded & 0x0FFFFFFFu));
}

void VersionStore::AppendHistory(const HistoryEntry& entry, Send send) {
  Write(send,
      "INSERT INTO " + history_table_ +
          " (revision, direction, checksum, started, duration_ms,"
          " executor_version, outcome, message, statement) VALUES (?, ?, ?, ?, "
          "?, ?, ?, ?, ?)",
      {entry.revision, entry.direction, entry.checksum, entry.started,
       std::to_string(entry.duration_ms), entry.executor_version, entry.outcome,
       entry.message.empty() ? driver::Value() : driver::Value(entry.message),
       std::to_string(entry.statement)});
}

void VersionStore::Write(Send send, const std::string& sql, const driver::Params& params) {
  if (send == Send::kQueued) {
    connection_.Queue(sql, params);
  } else {
    connection_.Query(sql, params);
  }
}

std::int64_t VersionStore::StartHistory(const HistoryEntry& entry) {
  AppendHistory(entry);
  return connection_.LastInsertId();
}

void VersionStore::MarkProgress(std::int64_t id, std::int64_t done, const std::string& message) {
  connection_.Queue("UPDATE " + history_table_ + " SET statement = ?, message = ? WHERE id = ?",
                    {std::to_string(done), message, std::to_string(id)});
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
                                 const std::string& message, Send send) {
  Write(send,
      "UPDATE " + history_table_ +
          " SET outcome = ?, statement = ?, duration_ms = ?,"
          " message = ? WHERE id = ?",
      {outcome, std::to_string(statement), std::to_string(duration_ms),
       message.empty() ? driver::Value() : driver::Value(message),
       std::to_string(id)});
}

std::vector<HistoryEntry> VersionStore::Unresolved() {
  if (!tables_exist_ && !connection_.TableExists(history_table_)) return {};
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
  if (!tables_exist_ && !connection_.TableExists(history_table_)) return ups;
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
