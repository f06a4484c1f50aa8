// The runner on MySQL when the connection breaks mid-revision: nothing is
// compensated (the statement's effect is unknown), the history row says
// failed with what is known, and before that the progress row brackets the
// truth (k statements done, up to the end of k's progress span may have
// run). The connection is
// killed from inside statement k itself: its DDL runs, then
// `KILL CONNECTION_ID()` ends the session before the reply, as a server
// that dies after finishing a statement does.
#include <catch2/catch.hpp>

#include "lock.h"
#include "mysql_tables.h"
#include "mysql_test_util.h"
#include "runner.h"

namespace retort::testing {
namespace {

using runtime::ConnectionLostError;
using table::Statement;

constexpr std::uint32_t kP0[] = {0};
const Statement kBaseUp[] = {{"CREATE TABLE lost_base (id INT PRIMARY KEY)", 3, 0}};
const Statement kBaseDown[] = {{"DROP TABLE lost_base", 3, 0}};
const Statement kUp[] = {{"CREATE TABLE lost_a (id INT PRIMARY KEY, v INT)", 3, 0},
                         {"CREATE INDEX ix_lost_a_v ON lost_a (v)", 5, 1},
                         {"ALTER TABLE lost_base ADD COLUMN extra INT", 7, 2},
                         {"CREATE TABLE lost_b (id INT PRIMARY KEY)", 7, 2}};
// Statements 3 and 4 are one operation: 4 is a progress point.
const Statement kDown[] = {{"DROP TABLE lost_b", 7, 2},
                           {"ALTER TABLE lost_base DROP COLUMN extra", 7, 2},
                           {"DROP INDEX ix_lost_a_v ON lost_a", 5, 1},
                           {"DROP TABLE lost_a", 3, 0}};
constexpr std::uint32_t kCount = 4;

// Up statement `k` (1-based) runs and then kills its own connection.
struct KillingTable {
  explicit KillingTable(std::uint32_t k) : up(std::begin(kUp), std::end(kUp)) {
    sql = std::string(kUp[k - 1].sql) + "; KILL CONNECTION_ID()";
    up[k - 1].sql = sql.c_str();
    revisions[0] = MakeMysqlRevision("0001_base", "0001_base.mig", nullptr, 0, List(kBaseUp),
                                     List(kBaseDown));
    revisions[1] = MakeMysqlRevision("0002_lost", "0002_lost.mig", kP0, 1, {up.data(), kCount},
                                     {kDown, kCount});
    table = {table::kAbiVersion, "test", revisions, 2, 3u};
  }
  std::string sql;
  std::vector<Statement> up;
  table::Revision revisions[2];
  table::MigrationTable table;
};

void Upgrade(driver::Connection& db, const table::MigrationTable& table, const std::string& target,
             runtime::RunOptions options = {}) {
  graph::GraphView graph(table);
  runtime::VersionStore store(db);
  runtime::Runner runner(db, store, graph, std::move(options));
  runtime::MigrationLock lock(db, runtime::LockName("x", "retort_version"), 10);
  runner.Apply(runtime::Plan(graph, runner.CurrentHeads(), runtime::Command::kUpgrade, target));
}

std::string Tables(driver::Connection& db) {
  std::string names;
  for (const driver::Row& row :
       db.Query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE "
                "TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'lost_%' ORDER BY 1")) {
    names += row.at(0).value_or("") + " ";
  }
  return names;
}

TEST_CASE("mysql runner: a connection lost at any statement is recorded as failed, never "
          "compensated", "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  for (std::uint32_t k = 1; k <= kCount; ++k) {
    DYNAMIC_SECTION("statement " << k) {
      const std::string url = FreshDatabase(*server, "run_lost");
      KillingTable killing(k);
      {
        auto db = Open(url);
        Upgrade(*db, killing.table, "0001_base");
      }
      auto db = Open(url);
      runtime::RunOptions options;
      options.reconnect = [&] { return Open(url); };
      try {
        Upgrade(*db, killing.table, "head", options);
        FAIL("expected ConnectionLostError");
      } catch (const ConnectionLostError& e) {
        const auto& d = e.details();
        CHECK(d.phase == ConnectionLostError::Phase::kStatement);
        CHECK(d.statement == k);
        CHECK(d.statement_count == kCount);
        CHECK(d.line == kUp[k - 1].line);
        INFO(d.record_error);
        CHECK(d.record == ConnectionLostError::Record::kFailed);
      }
      auto fresh = Open(url);
      runtime::VersionStore store(*fresh);
      // Statement k's change is there and nothing was undone: no
      // compensation ran on a guess.
      CHECK(store.ReadHeads() == std::vector<std::string>{"0001_base"});
      CHECK(Tables(*fresh) == (k >= 4 ? "lost_a lost_b lost_base " : "lost_a lost_base "));
      const runtime::HistoryEntry row = store.ReadHistory().front();
      CHECK(row.revision == "0002_lost");
      CHECK(row.outcome == "failed");
      CHECK(row.statement == k);
      CHECK(row.message == "statement " + std::to_string(k) +
                               " was running when the connection was lost; its effect is "
                               "unknown");
      CHECK(runtime::IsLostConnectionMessage(row.message));
      // Later runs refuse until it is resolved.
      CHECK(store.Unresolved().size() == 1);
    }
  }
}

TEST_CASE("mysql runner: when reconnecting fails, the running row brackets the truth",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  for (std::uint32_t k = 1; k <= kCount; ++k) {
    DYNAMIC_SECTION("statement " << k) {
      const std::string url = FreshDatabase(*server, "run_lost_bracket");
      KillingTable killing(k);
      {
        auto db = Open(url);
        Upgrade(*db, killing.table, "0001_base");
      }
      auto db = Open(url);
      // Reconnecting gives up, as ConnectWithRetry does when the server
      // stays down: the report still comes, saying the row is unrecorded.
      runtime::RunOptions options;
      options.reconnect = []() -> std::unique_ptr<driver::Connection> {
        throw std::runtime_error("database still unreachable after 11 attempts");
      };
      try {
        Upgrade(*db, killing.table, "head", options);
        FAIL("expected ConnectionLostError");
      } catch (const ConnectionLostError& e) {
        CHECK(e.details().record == ConnectionLostError::Record::kUnrecorded);
        CHECK(e.details().record_error == "database still unreachable after 11 attempts");
      }
      auto fresh = Open(url);
      const runtime::HistoryEntry row = runtime::VersionStore(*fresh).ReadHistory().front();
      // The truth (k done) is inside the bracket: statements 1 to 3 begin
      // operations (one row before them), statement 4 has its own.
      CHECK(row.outcome == "running");
      if (k < 4) {
        CHECK(row.statement == 0);
        CHECK(row.message == "statements 1 to 3 may have run");
      } else {
        CHECK(row.statement == 3);
        CHECK(row.message == "statement 4 may have run");
      }
    }
  }
}

}  // namespace
}  // namespace retort::testing
