/// MysqlConnection: the Connection for MySQL and MariaDB servers, on the
/// libmysqlclient API (MariaDB Connector/C). DDL is not transactional, so the
/// runner records statement progress instead (see runner.h), and the
/// migration lock is a named session lock (lock.h).
#pragma once

#include <string>

#include "driver/connection.h"

struct st_mysql;

namespace retort::driver {

class MysqlConnection : public Connection {
 public:
  /// Connects as `url` says. Host `localhost` without `unix_socket` connects
  /// over TCP to 127.0.0.1 (as PyMySQL does; the client library would use its
  /// compiled-in socket path). Throws DbError, or runtime::UrlError for an
  /// unknown query option.
  explicit MysqlConnection(const runtime::DatabaseUrl& url);
  ~MysqlConnection() override;
  MysqlConnection(const MysqlConnection&) = delete;
  MysqlConnection& operator=(const MysqlConnection&) = delete;

  /// kMariadb when the server says it is MariaDB, else kMysql.
  table::Dialect dialect() const override { return dialect_; }
  bool transactional_ddl() const override { return false; }
  LockStyle lock_style() const override { return LockStyle::kSessionLock; }

  void Execute(std::string_view sql) override;
  std::vector<Row> Query(std::string_view sql,
                         const Params& params = {}) override;
  bool TableExists(std::string_view name) override;
  std::int64_t LastInsertId() override;
  std::int64_t QueuedInsertId() override { return queued_insert_id_; }
  std::int64_t AffectedRows() override;
  void Queue(std::string_view sql, const Params& params = {}) override;

  void Begin() override;
  void BeginImmediate() override;
  void Commit() override;
  void Rollback() override;
  bool InTransaction() override;

 private:
  [[noreturn]] void Fail(bool queued = false) const;
  /// Sends the queued statements and `sql` as one multi-statement query and
  /// reads the queued ones' results; `sql`'s are next.
  void Send(std::string_view sql);
  /// Reads the rest of the current statement's results (the ones `sql` of
  /// Execute may hold), keeping the last generated key.
  void DrainResults();
  /// Keeps the current result's generated key (when it made one; returned,
  /// else 0) and its affected rows.
  std::int64_t NoteResult();
  /// `sql` with each `?` outside quotes replaced by an escaped literal.
  std::string Bind(std::string_view sql, const Params& params) const;

  st_mysql* db_ = nullptr;
  std::string password_;  ///< only to scrub it from server messages
  table::Dialect dialect_ = table::Dialect::kMysql;
  std::string queued_;  ///< statements for the next round trip, each ending ";\n"
  int queued_count_ = 0;
  std::int64_t last_insert_id_ = 0;
  std::int64_t queued_insert_id_ = 0;
  std::int64_t affected_rows_ = 0;  ///< of the last statement's last result
};

/// The error class of a MySQL client or server error number.
ErrorClass ClassifyMysqlError(unsigned int code);
/// Whether error `code` means the connection broke (see DbError::connection_lost).
bool IsConnectionLost(unsigned int code);

}  // namespace retort::driver
