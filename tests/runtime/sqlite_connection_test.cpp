#include "driver/sqlite_connection.h"

#include <catch2/catch.hpp>

#include "test_util.h"
#include "url.h"

namespace retort::testing {
namespace {

using driver::DbError;
using driver::Row;
using driver::SqliteConnection;
using driver::Transaction;

TEST_CASE("Execute runs several statements; Query binds parameters",
          "[sqlite]") {
  SqliteConnection db(":memory:");
  CHECK(db.dialect() == table::Dialect::kSqlite);
  CHECK(db.transactional_ddl());
  db.Execute(
      "CREATE TABLE t (a TEXT, b TEXT); INSERT INTO t VALUES ('x', NULL);");
  // A value that would break a spliced statement is bound, not spliced.
  db.Query("INSERT INTO t VALUES (?, ?)",
           {std::string("it's'); DROP TABLE t;--"), std::nullopt});
  std::vector<Row> rows = db.Query("SELECT a, b FROM t ORDER BY rowid");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == Row{std::string("x"), std::nullopt});
  CHECK(rows[1] == Row{std::string("it's'); DROP TABLE t;--"), std::nullopt});
  CHECK(db.TableExists("t"));
  CHECK_FALSE(db.TableExists("nope"));
}

TEST_CASE("errors carry SQLite's message", "[sqlite]") {
  SqliteConnection db(":memory:");
  try {
    db.Execute("INSERT INTO dive_site (id) VALUES (1)");
    FAIL("expected DbError");
  } catch (const DbError& e) {
    CHECK(e.message() == "no such table: dive_site");
    CHECK(e.klass() == driver::ErrorClass::kSql);
  }
  CHECK_THROWS_AS(SqliteConnection("/nonexistent-dir/x/y.db"), DbError);
}

TEST_CASE("Transaction rolls back unless committed", "[sqlite]") {
  SqliteConnection db(":memory:");
  db.Execute("CREATE TABLE t (a INTEGER)");
  {
    Transaction tx(db);
    db.Execute("INSERT INTO t VALUES (1)");
  }
  CHECK(db.Query("SELECT count(*) FROM t")[0][0] == "0");
  {
    Transaction tx(db, Transaction::Mode::kImmediate);
    db.Execute("INSERT INTO t VALUES (1); CREATE TABLE u (b INTEGER)");
    tx.Commit();
  }
  CHECK(db.Query("SELECT count(*) FROM t")[0][0] == "1");
  CHECK(db.TableExists("u"));
  {
    Transaction tx(db);
    db.Execute("DROP TABLE u");
    tx.Rollback();
    tx.Rollback();  // a second rollback is a no-op
  }
  CHECK(db.TableExists("u"));
}

TEST_CASE("BEGIN IMMEDIATE excludes a second writer until it commits",
          "[sqlite]") {
  ScopedTempDir dir;
  SqliteConnection first(dir.File("lock.db"));
  SqliteConnection second(dir.File("lock.db"));
  first.Execute("CREATE TABLE t (a INTEGER)");
  Transaction tx(first, Transaction::Mode::kImmediate);
  // The second writer would wait kBusyTimeoutMs; shorten that for the test.
  second.Execute("PRAGMA busy_timeout = 50");
  try {
    second.BeginImmediate();
    FAIL("expected SQLITE_BUSY");
  } catch (const DbError& e) {
    CHECK(e.klass() == driver::ErrorClass::kTransient);
  }
  tx.Commit();
  second.BeginImmediate();
  second.Commit();
}

TEST_CASE("OpenConnection picks the driver from the URL", "[sqlite]") {
  // Port 1 on loopback refuses: the MySQL driver is tried, the error is
  // transient and never carries the password.
  runtime::DatabaseUrl url =
      runtime::ParseDatabaseUrl("mysql://u:secret@127.0.0.1:1/app");
  try {
    driver::OpenConnection(url);
    FAIL("expected DbError");
  } catch (const driver::DbError& e) {
    CHECK(e.klass() == driver::ErrorClass::kTransient);
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
  auto db =
      driver::OpenConnection(runtime::ParseDatabaseUrl("sqlite::memory:"));
  CHECK(db->dialect() == table::Dialect::kSqlite);
}

}  // namespace
}  // namespace retort::testing
