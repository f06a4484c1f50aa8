#include "driver/connection.h"

#include <utility>

#include "driver/mysql_connection.h"
#include "driver/sqlite_connection.h"
#include "url.h"

namespace retort::driver {

DbError::DbError(ErrorClass klass, int code, std::string message, bool connection_lost,
                 bool queued)
    : std::runtime_error(message),
      klass_(klass),
      code_(code),
      message_(std::move(message)),
      connection_lost_(connection_lost),
      queued_(queued) {}

std::unique_ptr<Connection> OpenConnection(const runtime::DatabaseUrl& url) {
  switch (url.backend) {
    case runtime::Backend::kSqlite:
      return std::make_unique<SqliteConnection>(url.path);
    case runtime::Backend::kMysql:
      return std::make_unique<MysqlConnection>(url);
  }
  throw DriverMissingError("MySQL", url.Redacted());
}

DriverMissingError::DriverMissingError(std::string backend,
                                       std::string redacted_url)
    : std::runtime_error(backend + " support is not built yet"),
      backend_(std::move(backend)),
      redacted_url_(std::move(redacted_url)) {}

Transaction::Transaction(Connection& connection, Mode mode)
    : connection_(connection) {
  if (mode == Mode::kImmediate) {
    connection_.BeginImmediate();
  } else {
    connection_.Begin();
  }
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    connection_.Rollback();
  } catch (const DbError&) {
    // Nothing useful to do in a destructor; the database drops the
    // transaction when the connection closes.
  }
}

void Transaction::Commit() {
  connection_.Commit();
  active_ = false;
}

void Transaction::Rollback() {
  if (!active_) return;
  active_ = false;
  connection_.Rollback();
}

}  // namespace retort::driver
