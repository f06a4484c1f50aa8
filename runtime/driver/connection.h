/// Connection: the seam between the runner and a database driver. One
/// implementation per database (sqlite_connection.cpp, mysql_connection.cpp);
/// OpenConnection() picks it from the URL. Transaction is the RAII guard.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "retort/table.h"

namespace retort::runtime {
struct DatabaseUrl;
}

namespace retort::driver {

/// How a database error should be handled by callers.
enum class ErrorClass {
  kTransient,    ///< busy, locked, connection refused or lost: may be retried
  kAuth,         ///< authentication or permission failure
  kAuthPlugin,   ///< the client library cannot load the server's authentication plugin
  kSql,          ///< the statement itself failed (syntax, constraint, schema)
  kUnknownDatabase,  ///< the server has no database of the URL's name
  kUnavailable,  ///< the database cannot be opened or the driver is missing
};

/// A failure reported by the database, carrying its own message.
class DbError : public std::runtime_error {
 public:
  DbError(ErrorClass klass, int code, std::string message, bool connection_lost = false,
          bool queued = false);
  ErrorClass klass() const { return klass_; }
  /// The connection broke while a statement ran (the server went away,
  /// was shut down or killed the session): what the statement did is
  /// unknown, and nothing more can run on this connection.
  bool connection_lost() const { return connection_lost_; }
  /// A statement queued by Connection::Queue failed: the statement it was
  /// sent with did not run.
  bool queued() const { return queued_; }
  int code() const { return code_; }  ///< the driver's (extended) error code
  const std::string& message() const { return message_; }

 private:
  ErrorClass klass_;
  int code_;
  std::string message_;
  bool connection_lost_;
  bool queued_;
};

/// The URL names a database this build has no driver for.
class DriverMissingError : public std::runtime_error {
 public:
  DriverMissingError(std::string backend, std::string redacted_url);
  const std::string& backend() const { return backend_; }  ///< e.g. "MySQL"
  const std::string& redacted_url() const { return redacted_url_; }

 private:
  std::string backend_;
  std::string redacted_url_;
};

using Value = std::optional<std::string>;  ///< nullopt is SQL NULL
using Row = std::vector<Value>;
using Params = std::vector<Value>;

/// How a database serialises migrators (read by lock.h and the runner).
enum class LockStyle {
  kPerTransaction,  ///< each revision's BEGIN IMMEDIATE is the lock (SQLite)
  kSessionLock,     ///< a named lock held by the session (MySQL GET_LOCK)
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual table::Dialect dialect() const = 0;
  /// Whether DDL takes part in transactions (SQLite yes, MySQL no).
  virtual bool transactional_ddl() const = 0;
  virtual LockStyle lock_style() const = 0;

  /// Runs `sql`, which may hold several statements. Throws DbError.
  virtual void Execute(std::string_view sql) = 0;
  /// Runs one statement with `params` bound to its `?` placeholders and
  /// returns its rows (none for DML). Values are never spliced into SQL.
  virtual std::vector<Row> Query(std::string_view sql,
                                 const Params& params = {}) = 0;
  virtual bool TableExists(std::string_view name) = 0;
  /// The key the last INSERT on this connection generated (no round trip).
  virtual std::int64_t LastInsertId() = 0;
  /// The key the last queued statement that generated one generated (the
  /// statement it went with may have generated another).
  virtual std::int64_t QueuedInsertId() { return LastInsertId(); }
  /// Rows the last statement changed (no round trip).
  virtual std::int64_t AffectedRows() = 0;
  /// One statement (`params` bound) that goes to the server ahead of the
  /// next Execute, Query, Commit or Rollback, in the same round trip where
  /// the protocol allows (MySQL); elsewhere it runs at once. Its failure is
  /// that next call's DbError, with queued() set. Queue only what a later
  /// call on this connection is certain to follow.
  virtual void Queue(std::string_view sql, const Params& params = {}) { Query(sql, params); }

  /// A plain transaction (on MySQL, queued: START TRANSACTION goes with the
  /// next statement).
  virtual void Begin() = 0;
  /// A transaction that holds the database's write lock from its start, so
  /// it is the migration lock too (SQLite BEGIN IMMEDIATE); waits while
  /// another writer holds it.
  virtual void BeginImmediate() = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;
  /// Whether a transaction is open on the connection (the server says so:
  /// on MySQL a DDL statement ends one, a DML statement in it does not).
  virtual bool InTransaction() = 0;
};

/// Opens the connection a URL names. Throws DbError, or DriverMissingError
/// for a backend that is not built in.
std::unique_ptr<Connection> OpenConnection(const runtime::DatabaseUrl& url);

/// Begins on construction and rolls back on destruction unless committed.
class Transaction {
 public:
  enum class Mode { kDeferred, kImmediate };
  explicit Transaction(Connection& connection, Mode mode = Mode::kDeferred);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void Commit();
  /// Rolls back now; a no-op when already finished.
  void Rollback();

 private:
  Connection& connection_;
  bool active_ = true;
};

}  // namespace retort::driver
