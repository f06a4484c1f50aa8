// The runner on MySQL: a revision failing at any statement leaves the schema
// exactly as before it (compensation), upgrades and downgrades.
#include <catch2/catch.hpp>

#include "lock.h"
#include "mysql_tables.h"
#include "mysql_test_util.h"
#include "runner.h"

namespace retort::testing {
namespace {

using runtime::StatementFailedError;
using table::Statement;

constexpr std::uint32_t kP0[] = {0};

// 0001_base creates base_t; 0002_multi has six operations, each one
// statement, touching new and existing tables.
const Statement kBaseUp[] = {
    {"CREATE TABLE base_t (id INT PRIMARY KEY, name VARCHAR(20))", 3, 0}};
const Statement kBaseDown[] = {{"DROP TABLE base_t", 3, 0}};
const Statement kMultiUp[] = {
    {"CREATE TABLE c_a (id INT PRIMARY KEY, v INT)", 3, 0},
    {"ALTER TABLE c_a ADD COLUMN w VARCHAR(20) NOT NULL DEFAULT 'x'", 5, 1},
    {"CREATE INDEX ix_c_a_v ON c_a (v)", 7, 2},
    {"CREATE TABLE c_b (id INT PRIMARY KEY)", 9, 3},
    {"ALTER TABLE base_t ADD COLUMN extra INT", 11, 4},
    {"CREATE UNIQUE INDEX ux_base_extra ON base_t (extra)", 13, 5}};
const Statement kMultiDown[] = {{"DROP INDEX ux_base_extra ON base_t", 13, 5},
                                {"ALTER TABLE base_t DROP COLUMN extra", 11, 4},
                                {"DROP TABLE c_b", 9, 3},
                                {"DROP INDEX ix_c_a_v ON c_a", 7, 2},
                                {"ALTER TABLE c_a DROP COLUMN w", 5, 1},
                                {"DROP TABLE c_a", 3, 0}};
constexpr std::uint32_t kCount = 6;

// The two-revision table, with up (or down) statement `fail_at` (1-based;
// 0: none) replaced by one that fails, keeping its operation.
struct FailingTable {
  FailingTable(std::uint32_t fail_at, bool in_down) {
    up.assign(std::begin(kMultiUp), std::end(kMultiUp));
    down.assign(std::begin(kMultiDown), std::end(kMultiDown));
    auto& list = in_down ? down : up;
    if (fail_at > 0) {
      list[fail_at - 1].sql = "ALTER TABLE no_such_table ADD COLUMN x INT";
    }
    revisions[0] = MakeMysqlRevision("0001_base", "0001_base.mig", nullptr, 0,
                                     List(kBaseUp), List(kBaseDown));
    revisions[1] =
        MakeMysqlRevision("0002_multi", "0002_multi.mig", kP0, 1,
                          {up.data(), kCount}, {down.data(), kCount});
    table = {table::kAbiVersion, "test", revisions, 2, 3u};
  }
  std::vector<Statement> up, down;
  table::Revision revisions[2];
  table::MigrationTable table;
};

// Applies `command` to `target` the way `migrate` does: lock, plan, run.
void Migrate(driver::Connection& db, const table::MigrationTable& table,
             runtime::Command command, const std::string& target) {
  graph::GraphView graph(table);
  runtime::VersionStore store(db);
  runtime::Runner runner(db, store, graph, {});
  runtime::MigrationLock lock(db, runtime::LockName("x", "retort_version"), 10);
  runner.Apply(runtime::Plan(graph, runner.CurrentHeads(), command, target));
}

TEST_CASE("mysql runner: failing at every up statement compensates exactly",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  for (std::uint32_t k = 1; k <= kCount; ++k) {
    DYNAMIC_SECTION("statement " << k) {
      auto db = Open(FreshDatabase(*server, "run_comp_up"));
      FailingTable failing(k, false);
      Migrate(*db, failing.table, runtime::Command::kUpgrade, "0001_base");
      const std::string before = SchemaSnapshot(*db);
      try {
        Migrate(*db, failing.table, runtime::Command::kUpgrade, "head");
        FAIL("expected StatementFailedError");
      } catch (const StatementFailedError& e) {
        const auto& d = e.details();
        CHECK(d.statement == k);
        CHECK(d.statement_count == kCount);
        CHECK(d.line == kMultiUp[k - 1].line);
        CHECK(d.db_code == 1146);
        CHECK(d.recovery == StatementFailedError::Recovery::kCompensated);
        CHECK(d.compensated == k - 1);
      }
      CHECK(SchemaSnapshot(*db) == before);
      runtime::VersionStore store(*db);
      CHECK(store.ReadHeads() == std::vector<std::string>{"0001_base"});
      auto history = store.ReadHistory();
      CHECK(history[0].revision == "0002_multi");
      CHECK(history[0].outcome == "rolled_back");
      CHECK(history[0].statement == k);
      CHECK(history[0].message.find("[1146]") != std::string::npos);
      // Not blocking: the fixed revision applies.
      FailingTable fixed(0, false);
      Migrate(*db, fixed.table, runtime::Command::kUpgrade, "head");
      CHECK(store.ReadHeads() == std::vector<std::string>{"0002_multi"});
    }
  }
}

TEST_CASE("mysql runner: failing at every down statement re-applies exactly",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  for (std::uint32_t k = 1; k <= kCount; ++k) {
    DYNAMIC_SECTION("statement " << k) {
      auto db = Open(FreshDatabase(*server, "run_comp_down"));
      FailingTable failing(k, true);
      Migrate(*db, failing.table, runtime::Command::kUpgrade, "head");
      const std::string before = SchemaSnapshot(*db);
      try {
        Migrate(*db, failing.table, runtime::Command::kDowngrade, "base");
        FAIL("expected StatementFailedError");
      } catch (const StatementFailedError& e) {
        CHECK(e.details().statement == k);
        CHECK(e.details().recovery ==
              StatementFailedError::Recovery::kCompensated);
      }
      CHECK(SchemaSnapshot(*db) == before);
      runtime::VersionStore store(*db);
      CHECK(store.ReadHeads() == std::vector<std::string>{"0002_multi"});
      CHECK(store.ReadHistory()[0].outcome == "rolled_back");
    }
  }
}

TEST_CASE("mysql runner: an irreversible earlier operation leaves 'failed'",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  auto db = Open(FreshDatabase(*server, "run_irreversible"));
  FailingTable failing(3, false);
  static constexpr std::uint32_t kIrreversible[] = {1};
  failing.revisions[1].irreversible_ops = kIrreversible;
  failing.revisions[1].irreversible_op_count = 1;
  try {
    Migrate(*db, failing.table, runtime::Command::kUpgrade, "head");
    FAIL("expected StatementFailedError");
  } catch (const StatementFailedError& e) {
    CHECK(e.details().recovery == StatementFailedError::Recovery::kFailed);
    CHECK(e.details().why_failed ==
          "operation at line 5 had run and is irreversible");
  }
  runtime::VersionStore store(*db);
  CHECK(store.ReadHistory()[0].outcome == "failed");
  CHECK(store.Unresolved().size() == 1);
  CHECK_THROWS_AS(
      Migrate(*db, failing.table, runtime::Command::kUpgrade, "head"),
      runtime::UnresolvedRevisionError);
}

}  // namespace
}  // namespace retort::testing
