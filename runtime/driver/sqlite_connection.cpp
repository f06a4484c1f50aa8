#include "driver/sqlite_connection.h"

#include <sqlite3.h>

#include <memory>

namespace retort::driver {
namespace {

ErrorClass Classify(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorClass::kTransient;
    case SQLITE_AUTH:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return ErrorClass::kAuth;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return ErrorClass::kUnavailable;
    default:
      return ErrorClass::kSql;
  }
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

}  // namespace

SqliteConnection::SqliteConnection(const std::string& path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    int code = db_ != nullptr ? sqlite3_extended_errcode(db_) : rc;
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(Classify(code), code, message + ": " + path);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

void SqliteConnection::Fail(int code) const {
  throw DbError(Classify(code), code, sqlite3_errmsg(db_));
}

void SqliteConnection::Execute(std::string_view sql) {
  const char* tail = sql.data();
  const char* end = sql.data() + sql.size();
  while (tail < end) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &raw,
                                &tail);
    if (rc != SQLITE_OK) Fail(rc);
    if (raw == nullptr) continue;  // whitespace or a comment
    StatementPtr stmt(raw);
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) Fail(rc);
  }
}

std::vector<Row> SqliteConnection::Query(std::string_view sql,
                                         const Params& params) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                              &raw, nullptr);
  if (rc != SQLITE_OK) Fail(rc);
  StatementPtr stmt(raw);
  for (std::size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i + 1);
    rc = params[i] ? sqlite3_bind_text(stmt.get(), index, params[i]->data(),
                                       static_cast<int>(params[i]->size()),
                                       SQLITE_TRANSIENT)
                   : sqlite3_bind_null(stmt.get(), index);
    if (rc != SQLITE_OK) Fail(rc);
  }
  std::vector<Row> rows;
  const int columns = sqlite3_column_count(stmt.get());
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    Row& row = rows.emplace_back();
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), c);
      if (text == nullptr) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                     sqlite3_column_bytes(stmt.get(), c)));
      }
    }
  }
  if (rc != SQLITE_DONE) Fail(rc);
  return rows;
}

bool SqliteConnection::TableExists(std::string_view name) {
  // A lookup in the schema SQLite keeps in memory (a scan of sqlite_master
  // costs milliseconds at 20,000 objects); views are not tables here either.
  const std::string table(name);
  const int rc = sqlite3_table_column_metadata(db_, "main", table.c_str(), nullptr, nullptr,
                                               nullptr, nullptr, nullptr, nullptr);
  if (rc == SQLITE_ERROR) return false;  // no such table (or a view)
  if (rc != SQLITE_OK) Fail(rc);         // busy, corrupt, ...: not an answer
  return true;
}

void SqliteConnection::Begin() { Execute("BEGIN"); }
void SqliteConnection::BeginImmediate() { Execute("BEGIN IMMEDIATE"); }
void SqliteConnection::Commit() { Execute("COMMIT"); }

void SqliteConnection::Rollback() {
  // After some errors SQLite has already rolled the transaction back.
  if (sqlite3_get_autocommit(db_) != 0) return;
  Execute("ROLLBACK");
}

std::int64_t SqliteConnection::LastInsertId() { return sqlite3_last_insert_rowid(db_); }
std::int64_t SqliteConnection::AffectedRows() { return sqlite3_changes(db_); }

bool SqliteConnection::InTransaction() { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace retort::driver
