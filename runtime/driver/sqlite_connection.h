/// SqliteConnection: the Connection for SQLite files and in-memory databases.
/// Waits up to kBusyTimeoutMs for another writer instead of failing at once.
#pragma once

#include <string>

#include "driver/connection.h"

struct sqlite3;

namespace retort::driver {

class SqliteConnection : public Connection {
 public:
  static constexpr int kBusyTimeoutMs = 30000;

  /// Opens (creating if needed) the file at `path`, or ":memory:".
  /// Throws DbError.
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  table::Dialect dialect() const override { return table::Dialect::kSqlite; }
  bool transactional_ddl() const override { return true; }
  LockStyle lock_style() const override { return LockStyle::kPerTransaction; }

  void Execute(std::string_view sql) override;
  std::vector<Row> Query(std::string_view sql,
                         const Params& params = {}) override;
  bool TableExists(std::string_view name) override;
  std::int64_t LastInsertId() override;
  std::int64_t AffectedRows() override;

  void Begin() override;
  void BeginImmediate() override;
  void Commit() override;
  void Rollback() override;
  bool InTransaction() override;

 private:
  [[noreturn]] void Fail(int code) const;

  sqlite3* db_ = nullptr;
};

}  // namespace retort::driver
