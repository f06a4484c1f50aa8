/// Helpers for the tests against a real MariaDB started by
/// scripts/mariadb-test-server.sh (the CTest fixture `mariadb`).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/connection.h"
#include "test_util.h"

namespace retort::testing {

struct MysqlServer {
  std::string url;  ///< mysql://retort:PW@127.0.0.1:PORT/ (append a database)
  std::string password;
  int port = 0;
  std::string socket;
};

/// The fixture's server, or nullopt after printing one loud skip line. In CI
/// (CI=true) a missing server is a test failure instead.
std::optional<MysqlServer> RequireMysql();

/// Drops and creates database `name`; returns the URL of it.
std::string FreshDatabase(const MysqlServer& server, const std::string& name);

std::unique_ptr<driver::Connection> Open(const std::string& url);

/// Runs the test migrate with `args`; checks that the password appears
/// nowhere in its stdout or stderr.
ProcessResult RunMigrate(const MysqlServer& server,
                         const std::vector<std::string>& args,
                         const std::string& output_dir);
Process StartMigrate(const std::vector<std::string>& args,
                     const std::string& output_dir);
void CheckNoPassword(const MysqlServer& server, const ProcessResult& result);

/// Every table, column, index, foreign key and check of the current database,
/// one line each, from information_schema, sorted: equal strings mean equal
/// schemas.
std::string SchemaSnapshot(driver::Connection& connection);
/// The same without column positions (lines sorted): equal strings mean
/// schemas equal up to the order of each table's columns.
std::string SchemaSnapshotAnyColumnOrder(driver::Connection& connection);

}  // namespace retort::testing
