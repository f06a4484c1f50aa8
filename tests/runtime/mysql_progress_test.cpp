// The progress rows of a MySQL run as the server sees them while it runs: a
// statement that copies retort_history into a table of its own
// (CREATE TABLE … AS SELECT, DDL: what was open is committed first) shows
// what a crash at that moment would leave. Rows are written at progress
// points only (runner.h), the next revision's row with the previous one's
// record, and a next row that cannot be written never costs the previous
// revision its record.
#include <catch2/catch.hpp>

#include "lock.h"
#include "mysql_tables.h"
#include "mysql_test_util.h"
#include "runner.h"

namespace retort::testing {
namespace {

using table::Statement;

constexpr std::uint32_t kP0[] = {0};
constexpr std::uint32_t kP1[] = {1};

#define SNAPSHOT(name) \
  "CREATE TABLE " name " AS SELECT id, revision, outcome, statement, message FROM retort_history"

const Statement kUpA[] = {{"CREATE TABLE p_a (id INT)", 2, 0}};
const Statement kDownA[] = {{"DROP TABLE p_a", 2, 0}};
// Statement 3 is inside operation 1: a progress point.
const Statement kUpB[] = {
    {SNAPSHOT("snap_b1"), 2, 0}, {"CREATE TABLE p_b (id INT)", 3, 1}, {SNAPSHOT("snap_b3"), 3, 1}};
const Statement kDownB[] = {{"DROP TABLE snap_b3", 3, 1},
                            {"DROP TABLE p_b", 3, 1},
                            {"DROP TABLE snap_b1", 2, 0}};
// Statement 1 is raw SQL: statement 2 has its own row.
const Statement kUpC[] = {{"CREATE TABLE p_c (id INT)", 2, 0, true}, {SNAPSHOT("snap_c2"), 4, 1}};
const Statement kDownC[] = {{"DROP TABLE snap_c2", 4, 1}, {"DROP TABLE p_c", 2, 0, true}};

struct Tables {
  Tables() {
    revisions[0] = MakeMysqlRevision("0001_a", "0001_a.mig", nullptr, 0, List(kUpA), List(kDownA));
    revisions[1] = MakeMysqlRevision("0002_b", "0002_b.mig", kP0, 1, List(kUpB), List(kDownB));
    revisions[2] = MakeMysqlRevision("0003_c", "0003_c.mig", kP1, 1, List(kUpC), List(kDownC));
  }
  table::Revision revisions[3];
  table::MigrationTable table{table::kAbiVersion, "test", revisions, 3, 3u};
};

void Upgrade(driver::Connection& db, const table::MigrationTable& table, const std::string& target) {
  graph::GraphView graph(table);
  runtime::VersionStore store(db);
  runtime::Runner runner(db, store, graph, {});
  runtime::MigrationLock lock(db, runtime::LockName("x", "retort_version"), 10);
  runner.Apply(runtime::Plan(graph, runner.CurrentHeads(), runtime::Command::kUpgrade, target));
}

// The rows of a history table (or a copy), oldest first:
// "revision outcome statement message" each.
std::vector<std::string> Rows(driver::Connection& db, const std::string& table) {
  std::vector<std::string> out;
  for (const driver::Row& row :
       db.Query("SELECT CONCAT_WS(' ', revision, outcome, statement, IFNULL(message, '-')) FROM " +
                table + " ORDER BY id")) {
    out.push_back(row.at(0).value_or(""));
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST_CASE("mysql progress: the rows a crash would leave at each statement", "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  auto db = Open(FreshDatabase(*server, "progress_rows"));
  Tables t;
  Upgrade(*db, t.table, "head");
  // 0002_b's row was written with 0001_a's record: when its statement 1
  // ran, 0001_a was recorded and 0002_b running, none of it done.
  CHECK(Rows(*db, "snap_b1") ==
        Lines{"0001_a ok 1 -", "0002_b running 0 statements 1 to 2 may have run"});
  // Statement 3 (inside an operation) had its own row.
  CHECK(Rows(*db, "snap_b3") ==
        Lines{"0001_a ok 1 -", "0002_b running 2 statement 3 may have run"});
  // After raw SQL the next statement has its own row.
  CHECK(Rows(*db, "snap_c2") == Lines{"0001_a ok 1 -", "0002_b ok 3 -",
                                      "0003_c running 1 statement 2 may have run"});
  // One row per revision, each ok.
  CHECK(Rows(*db, "retort_history") == Lines{"0001_a ok 1 -", "0002_b ok 3 -", "0003_c ok 2 -"});
  CHECK(runtime::VersionStore(*db).ReadHeads() == std::vector<std::string>{"0003_c"});
}

TEST_CASE("mysql progress: a run stopped between revisions leaves no running row", "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  auto db = Open(FreshDatabase(*server, "progress_stopped"));
  Tables t;
  graph::GraphView graph(t.table);
  runtime::VersionStore store(*db);
  runtime::Runner runner(*db, store, graph, {});
  runtime::MigrationLock lock(*db, runtime::LockName("x", "retort_version"), 10);
  const runtime::MigrationPlan plan =
      runtime::Plan(graph, runner.CurrentHeads(), runtime::Command::kUpgrade, "head");
  // The callback throws after 0001_a's record, which also wrote 0002_b's
  // running row: the run stops before 0002_b's first statement.
  struct Stop {};
  CHECK_THROWS_AS(runner.Apply(plan, [](const runtime::StepReport&) { throw Stop{}; }), Stop);
  CHECK(Rows(*db, "retort_history") ==
        Lines{"0001_a ok 1 -", "0002_b rolled_back 0 the run stopped before statement 1; none ran"});
  CHECK(store.Unresolved().empty());
  CHECK(store.ReadHeads() == std::vector<std::string>{"0001_a"});
}

TEST_CASE("mysql progress: a next row that cannot be written leaves the previous revision recorded",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  const std::string url = FreshDatabase(*server, "progress_refused");
  auto db = Open(url);
  Tables t;
  Upgrade(*db, t.table, "0001_a");
  db->Execute(
      "CREATE TRIGGER refuse_c BEFORE INSERT ON retort_history FOR EACH ROW "
      "IF NEW.revision = '0003_c' THEN "
      "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'no 0003_c here'; END IF");
  try {
    Upgrade(*db, t.table, "head");
    FAIL("expected the history insert of 0003_c to fail");
  } catch (const driver::DbError& e) {
    CHECK(std::string(e.what()).find("no 0003_c here") != std::string::npos);
  }
  auto fresh = Open(url);
  runtime::VersionStore store(*fresh);
  CHECK(store.ReadHeads() == std::vector<std::string>{"0002_b"});
  CHECK(Rows(*fresh, "retort_history") == Lines{"0001_a ok 1 -", "0002_b ok 3 -"});
  CHECK(store.Unresolved().empty());
  CHECK(fresh->Query("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
                     "DATABASE() AND TABLE_NAME = 'p_c'")
            .at(0)
            .at(0) == "0");
}

}  // namespace
}  // namespace retort::testing
