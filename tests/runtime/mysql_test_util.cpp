#include "mysql_test_util.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "url.h"

namespace retort::testing {

std::optional<MysqlServer> RequireMysql() {
  // A server of one's own (scripts/mariadb-test-server.sh start DIR) may be
  // named instead of the fixture's, to run a MySQL test outside ctest.
  const char* dir = std::getenv("RETORT_TEST_MYSQL_SERVER_DIR");
  std::ifstream env(std::string(dir != nullptr ? dir : RETORT_MYSQL_SERVER_DIR) + "/env");
  if (!env) {
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
      FAIL("no MariaDB test server (" RETORT_MYSQL_SERVER_DIR
           "/env missing) and CI=true: MySQL tests must not skip in CI");
    }
    WARN(
        "######## MySQL TEST SKIPPED: no MariaDB test server. Run "
        "scripts/test.sh (installs mariadb-server) to run it. ########");
    return std::nullopt;
  }
  MysqlServer server;
  std::string line;
  while (std::getline(env, line)) {
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string name = line.substr(0, eq), value = line.substr(eq + 1);
    if (name == "RETORT_TEST_MYSQL_URL") server.url = value;
    if (name == "RETORT_TEST_MYSQL_PASSWORD") server.password = value;
    if (name == "RETORT_TEST_MYSQL_PORT") server.port = std::stoi(value);
    if (name == "RETORT_TEST_MYSQL_SOCKET") server.socket = value;
  }
  REQUIRE(!server.url.empty());
  REQUIRE(server.password.size() >= 8);
  return server;
}

std::unique_ptr<driver::Connection> Open(const std::string& url) {
  return driver::OpenConnection(runtime::ParseDatabaseUrl(url));
}

std::string FreshDatabase(const MysqlServer& server, const std::string& name) {
  auto admin = Open(server.url);
  admin->Execute("DROP DATABASE IF EXISTS `" + name + "`");
  admin->Execute("CREATE DATABASE `" + name + "`");
  return server.url + name;
}

void CheckNoPassword(const MysqlServer& server, const ProcessResult& result) {
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.out.find(server.password) == std::string::npos);
  CHECK(result.err.find(server.password) == std::string::npos);
}

ProcessResult RunMigrate(const MysqlServer& server,
                         const std::vector<std::string>& args,
                         const std::string& output_dir) {
  std::vector<std::string> argv{RETORT_TEST_MIGRATE};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult result = RunProcess(argv, output_dir);
  CheckNoPassword(server, result);
  return result;
}

Process StartMigrate(const std::vector<std::string>& args,
                     const std::string& output_dir) {
  std::vector<std::string> argv{RETORT_TEST_MIGRATE};
  argv.insert(argv.end(), args.begin(), args.end());
  return Process(argv, output_dir);
}

namespace {

// `positions`: include each column's ORDINAL_POSITION.
std::vector<std::string> SnapshotLines(driver::Connection& connection, bool positions) {
  std::vector<std::string> lines;
  const std::string column_position = positions ? "ORDINAL_POSITION, " : "";
  const std::string queries[] = {
      "SELECT CONCAT_WS('|', 'table', TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT) "
      "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
      "AND TABLE_NAME NOT LIKE 'retort\\\\_%' ORDER BY 1",
      "SELECT CONCAT_WS('|', 'column', TABLE_NAME, COLUMN_NAME, " + column_position +
          "COLUMN_TYPE, IS_NULLABLE, IFNULL(COLUMN_DEFAULT, "
          "'<none>'), COLUMN_KEY, EXTRA, COLUMN_COMMENT, IFNULL(CHARACTER_SET_NAME, '-'), "
          "IFNULL(COLLATION_NAME, '-'), IFNULL(GENERATION_EXPRESSION, '-')) "
          "FROM information_schema.COLUMNS WHERE "
          "TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'retort\\\\_%' "
          "ORDER BY 1",
      "SELECT CONCAT_WS('|', 'index', TABLE_NAME, INDEX_NAME, NON_UNIQUE, "
      "SEQ_IN_INDEX, COLUMN_NAME, IFNULL(COLLATION, '-'), INDEX_COMMENT, "
      "IFNULL(SUB_PART, '-'), INDEX_TYPE) FROM "
      "information_schema.STATISTICS WHERE "
      "TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'retort\\\\_%' "
      "ORDER BY 1",
      "SELECT CONCAT_WS('|', 'fk', TABLE_NAME, CONSTRAINT_NAME, "
      "REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE) FROM "
      "information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
      "DATABASE() ORDER BY 1",
      "SELECT CONCAT_WS('|', 'fk column', TABLE_NAME, CONSTRAINT_NAME, "
      "ORDINAL_POSITION, COLUMN_NAME, REFERENCED_COLUMN_NAME) FROM "
      "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND "
      "REFERENCED_TABLE_NAME IS NOT NULL ORDER BY 1",
      "SELECT CONCAT_WS('|', 'check', TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE) "
      "FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = "
      "DATABASE() ORDER BY 1",
      // The server qualifies every name with the database's; two databases
      // with the same view differ only in that.
      "SELECT CONCAT_WS('|', 'srid', G_TABLE_NAME, G_GEOMETRY_COLUMN, SRID) FROM "
      "information_schema.GEOMETRY_COLUMNS WHERE G_TABLE_SCHEMA = DATABASE() ORDER BY 1",
      "SELECT CONCAT_WS('|', 'view', TABLE_NAME, REPLACE(VIEW_DEFINITION, "
      "CONCAT('`', DATABASE(), '`.'), '')) FROM "
      "information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1",
      "SELECT CONCAT_WS('|', 'trigger', TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, "
      "EVENT_OBJECT_TABLE, ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE "
      "TRIGGER_SCHEMA = DATABASE() ORDER BY 1",
      "SELECT CONCAT_WS('|', 'event', EVENT_NAME, EVENT_TYPE, IFNULL(INTERVAL_VALUE, '-'), "
      "IFNULL(INTERVAL_FIELD, '-'), ON_COMPLETION, STATUS, EVENT_COMMENT, EVENT_DEFINITION) "
      "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY 1"};
  for (const std::string& sql : queries) {
    for (const driver::Row& row : connection.Query(sql)) {
      lines.push_back(row[0].value_or("NULL"));
    }
  }
  return lines;
}

}  // namespace

std::string SchemaSnapshot(driver::Connection& connection) {
  std::string out;
  for (const std::string& line : SnapshotLines(connection, true)) out += line + "\n";
  return out;
}

std::string SchemaSnapshotAnyColumnOrder(driver::Connection& connection) {
  std::vector<std::string> lines = SnapshotLines(connection, false);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace retort::testing
