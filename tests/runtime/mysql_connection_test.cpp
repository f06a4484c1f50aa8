// The MySQL driver against a real MariaDB: queries, parameters, error
// classes, URL options. Never a password in an error.
#include "driver/mysql_connection.h"

#include <catch2/catch.hpp>

#include "mysql_test_util.h"
#include "url.h"

namespace retort::testing {
namespace {

using driver::DbError;
using driver::ErrorClass;

// The DbError thrown when connecting to `url`.
DbError ConnectError(const std::string& url) {
  try {
    Open(url);
  } catch (const DbError& e) {
    return e;
  }
  FAIL("expected a connection error for a test URL");
  return DbError(ErrorClass::kSql, 0, "");
}

TEST_CASE("mysql: queries with bound parameters, several statements",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  auto db = Open(FreshDatabase(*server, "drv_basics"));
  // The test server is MariaDB: the connection says so, so the executor
  // runs the statements rendered for MariaDB.
  CHECK(db->dialect() == table::Dialect::kMariadb);
  CHECK_FALSE(db->transactional_ddl());
  db->Execute(
      "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(50)); "
      "INSERT INTO t VALUES (1, 'one')");
  CHECK(db->TableExists("t"));
  CHECK_FALSE(db->TableExists("nope"));
  // A parameter is data, never SQL.
  const std::string evil = "x'); DROP TABLE t; -- \\ ? \"";
  db->Query("INSERT INTO t VALUES (?, ?)", {std::string("2"), evil});
  auto rows = db->Query("SELECT s FROM t WHERE id = ?", {std::string("2")});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == evil);
  rows = db->Query("SELECT NULL, ?", {driver::Value()});
  CHECK_FALSE(rows[0][0].has_value());
  CHECK_FALSE(rows[0][1].has_value());
  // utf8mb4 by default.
  rows = db->Query("SELECT @@character_set_client");
  CHECK(rows[0][0] == "utf8mb4");
  try {
    db->Execute("SELECT * FROM missing_table");
    FAIL("expected DbError");
  } catch (const DbError& e) {
    CHECK(e.klass() == ErrorClass::kSql);
    CHECK(e.code() == 1146);
  }
}

TEST_CASE("mysql: queued statements go with the next one, in order, and say when they fail",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  auto db = Open(FreshDatabase(*server, "drv_queue"));
  db->Execute("CREATE TABLE h (id INT AUTO_INCREMENT PRIMARY KEY, s VARCHAR(50));"
              "CREATE TABLE d (id INT AUTO_INCREMENT PRIMARY KEY, s VARCHAR(50))");
  db->Execute("INSERT INTO d (s) VALUES ('a'), ('b'), ('c')");
  // Queued: nothing is sent yet.
  db->Begin();
  db->Queue("INSERT INTO h (s) VALUES (?)", {std::string("it's")});
  CHECK(db->Query("SELECT COUNT(*) FROM h", {}).at(0).at(0) == "1");  // same transaction
  CHECK(db->InTransaction());
  db->Commit();
  CHECK(db->QueuedInsertId() == 1);
  // The statement it goes with inserts too: each key is kept apart.
  db->Queue("INSERT INTO h (s) VALUES ('x')");
  db->Execute("INSERT INTO d (s) VALUES ('d')");
  CHECK(db->QueuedInsertId() == 2);
  CHECK(db->LastInsertId() == 4);
  // Runs `sql` after `queued`; the DbError it must throw.
  auto failure = [&](const std::string& queued, const std::string& sql) -> DbError {
    db->Queue(queued);
    try {
      db->Execute(sql);
    } catch (const DbError& e) {
      return e;
    }
    FAIL("expected DbError");
    throw;  // not reached
  };
  // A queued statement that fails: the one it went with never runs.
  DbError e = failure("INSERT INTO missing (s) VALUES ('y')", "INSERT INTO d (s) VALUES ('e')");
  CHECK(e.queued());
  CHECK(e.code() == 1146);
  CHECK(db->Query("SELECT COUNT(*) FROM d").at(0).at(0) == "4");
  // The statement itself failing is not the queue's failure.
  e = failure("INSERT INTO h (s) VALUES ('z')", "INSERT INTO missing (s) VALUES ('e')");
  CHECK_FALSE(e.queued());
  CHECK(db->Query("SELECT COUNT(*) FROM h").at(0).at(0) == "3");
  db->Execute("UPDATE d SET s = 'q'");
  CHECK(db->AffectedRows() == 4);
}

TEST_CASE("mysql: error classes of connection failures", "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  const std::string port = std::to_string(server->port);
  DbError wrong =
      ConnectError("mysql://retort:wrong-password@127.0.0.1:" + port + "/");
  CHECK(wrong.klass() == ErrorClass::kAuth);
  CHECK(wrong.code() == 1045);
  CHECK(std::string(wrong.what()).find("wrong-password") == std::string::npos);

  DbError unknown_db = ConnectError(server->url + "no_such_database_here");
  CHECK(unknown_db.klass() == ErrorClass::kUnknownDatabase);
  CHECK(unknown_db.code() == 1049);

  DbError refused = ConnectError("mysql://retort:pw@127.0.0.1:1/x");
  CHECK(refused.klass() == ErrorClass::kTransient);

  DbError bad_socket = ConnectError(
      "mysql://retort:pw@localhost/x?unix_socket=/nonexistent/sock");
  CHECK(bad_socket.klass() == ErrorClass::kTransient);
  CHECK(bad_socket.code() == 2002);
}

TEST_CASE("mysql: URL forms, socket, charset, percent-encoded password",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  FreshDatabase(*server, "drv_url");
  const std::string port = std::to_string(server->port);
  // mysql+pymysql with host localhost: TCP to 127.0.0.1 (no socket given).
  auto tcp = Open("mysql+pymysql://retort:" + server->password +
                  "@localhost:" + port + "/drv_url?charset=utf8mb4");
  CHECK(tcp->Query("SELECT DATABASE()")[0][0] == "drv_url");
  // The admin socket: root authenticates by its Unix user there.
  auto sock =
      Open("mariadb://root@localhost/drv_url?unix_socket=" + server->socket);
  CHECK(sock->Query("SELECT @@character_set_client")[0][0] == "utf8mb4");
  // A password with URL-special characters, percent-encoded.
  sock->Execute(
      "CREATE USER IF NOT EXISTS 'odd'@'127.0.0.1' IDENTIFIED BY 'p@ss:w/rd%'");
  sock->Execute("GRANT ALL ON drv_url.* TO 'odd'@'127.0.0.1'");
  auto odd = Open("mysql://odd:p%40ss%3Aw%2Frd%25@127.0.0.1:" + port +
                  "/drv_url?charset=latin1");
  CHECK(odd->Query("SELECT @@character_set_client")[0][0] == "latin1");
  // TLS options go to the client library: requiring TLS of a server
  // without it fails (and says nothing of the password).
  try {
    Open(server->url + "drv_url?ssl_mode=REQUIRED");
    FAIL("expected a TLS failure");
  } catch (const DbError& e) {
    CHECK(std::string(e.what()).find(server->password) == std::string::npos);
  }
  CHECK_THROWS_AS(Open(server->url + "drv_url?sslmode=require"),
                  runtime::UrlError);
}

}  // namespace
}  // namespace retort::testing
