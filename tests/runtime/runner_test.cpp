#include "runner.h"

#include <algorithm>
#include <catch2/catch.hpp>

#include "driver/sqlite_connection.h"
#include "test_tables.h"
#include "test_util.h"

namespace retort::testing {
namespace {

using driver::SqliteConnection;
using runtime::Command;
using runtime::Direction;
using runtime::RunOptions;
using runtime::StepReport;
using Ids = std::vector<std::string>;
using Indices = std::vector<std::uint32_t>;

/// A Runner on its own connection to a shared SQLite file.
struct Migrator {
  Migrator(const std::string& path, const table::MigrationTable& table,
           RunOptions options = {false, "test-1.0"})
      : db(path), store(db), graph(table), runner(db, store, graph, options) {}

  runtime::RunResult Run(Command command, const char* target) {
    return runner.Apply(
        runtime::Plan(graph, runner.CurrentHeads(), command, target));
  }

  SqliteConnection db;
  runtime::VersionStore store;
  graph::GraphView graph;
  runtime::Runner runner;
};

// User tables in the database, sorted, without the version store's.
Ids Tables(driver::Connection& db) {
  Ids names;
  for (auto& row : db.Query(
           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
           "LIKE 'retort_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
    names.push_back(*row[0]);
  }
  return names;
}

// "direction revision outcome" of every history row, oldest first.
Ids HistoryLines(runtime::VersionStore& store) {
  Ids lines;
  auto history = store.ReadHistory();
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    lines.push_back(it->direction + " " + it->revision + " " + it->outcome);
  }
  return lines;
}

TEST_CASE("upgrade applies every revision and records it", "[runner]") {
  ScopedTempDir dir;
  Migrator m(dir.File("app.db"), kDiveTable);
  Indices seen;
  auto result =
      m.runner.Apply(runtime::Plan(m.graph, {}, Command::kUpgrade, "heads"),
                     [&](const StepReport& r) {
                       CHECK(r.outcome == StepReport::Outcome::kApplied);
                       seen.push_back(r.step.revision);
                     });
  CHECK(seen == Indices{0, 1, 2, 3, 4, 5, 6, 7});
  CHECK(result.heads == Indices{kNotes, kAudit2});
  CHECK(Tables(m.db) == Ids{"audit_log", "audit_tags", "centers", "dive_sites",
                            "notes", "tags", "users"});
  CHECK(m.db.Query("SELECT count(*) FROM pragma_table_info('notes') WHERE "
                   "name = 'body'")[0][0] == "1");
  CHECK(m.store.ReadHeads() == Ids{"0005_notes", "audit_0002"});

  auto history = m.store.ReadHistory();
  REQUIRE(history.size() == 8);
  CHECK(history[0].revision == "audit_0002");
  CHECK(history[0].checksum == "c7");
  CHECK(history[0].executor_version == "test-1.0");
  CHECK(history[7].revision == "0001_initial");
  CHECK(history[7].checksum == "c0");
  for (const auto& e : history) {
    CHECK(e.direction == "up");
    CHECK(e.outcome == "ok");
    CHECK(e.started.size() == 24);
  }
}

TEST_CASE("downgrade unapplies across a merge and leaves other branches",
          "[runner]") {
  ScopedTempDir dir;
  Migrator m(dir.File("app.db"), kDiveTable);
  m.Run(Command::kUpgrade, "heads");

  // audit_0002 depends on 0003_tags itself, not on what goes: it stays.
  auto result = m.Run(Command::kDowngrade, "0003_tags");
  CHECK(result.heads == Indices{kCenters, kAudit2});
  CHECK(m.store.ReadHeads() == Ids{"0003_centers", "audit_0002"});
  CHECK(Tables(m.db) ==
        Ids{"audit_log", "audit_tags", "centers", "dive_sites", "tags", "users"});

  m.Run(Command::kDowngrade, "-1");  // audit_0002 is last in table order
  CHECK(m.store.ReadHeads() == Ids{"0003_centers", "0003_tags", "audit_root"});

  m.Run(Command::kDowngrade, "base");
  CHECK(m.store.ReadHeads().empty());
  CHECK(Tables(m.db).empty());
  Ids lines = HistoryLines(m.store);
  CHECK(std::count(lines.begin(), lines.end(), "down 0001_initial ok") == 1);
  CHECK(lines.size() == 16);

  // And back up again.
  m.Run(Command::kUpgrade, "0004_merge");
  CHECK(m.store.ReadHeads() == Ids{"0004_merge"});
}

TEST_CASE("a failing statement rolls the revision back and is recorded",
          "[runner]") {
  ScopedTempDir dir;
  Migrator m(dir.File("app.db"), kLinearTable);
  m.Run(Command::kUpgrade, "0003_raw");
  Ids tables_before = Tables(m.db);
  try {
    m.Run(Command::kUpgrade, "head");
    FAIL("expected StatementFailedError");
  } catch (const runtime::StatementFailedError& e) {
    const auto& d = e.details();
    CHECK(d.revision == 3);
    CHECK(d.revision_id == "0004_fk");
    CHECK(d.source == "migrations/0004_fk.mig");
    CHECK(d.direction == Direction::kUp);
    CHECK(d.statement == 2);
    CHECK(d.statement_count == 3);
    CHECK(d.line == 12);
    CHECK(d.db_message == "no such table: dive_site");
    CHECK(d.heads == Indices{2});
    CHECK(d.history_recorded);
  }
  // Statement 1 created site_owner; the rollback removed it.
  CHECK(Tables(m.db) == tables_before);
  CHECK_FALSE(m.db.TableExists("site_owner"));
  CHECK(m.store.ReadHeads() == Ids{"0003_raw"});
  auto history = m.store.ReadHistory();
  REQUIRE(history.size() == 4);
  CHECK(history[0].revision == "0004_fk");
  CHECK(history[0].direction == "up");
  CHECK(history[0].outcome == "rolled_back");
  CHECK(history[0].message == "statement 2 of 3: no such table: dive_site");
  CHECK(history[0].checksum == "l3");
  // The failed row does not count as applied for checksums.
  for (const auto& [revision, checksum] : m.store.SuccessfulUps()) {
    CHECK(revision != "0004_fk");
  }
}

TEST_CASE("a changed checksum is refused unless ignored", "[runner]") {
  ScopedTempDir dir;
  {
    Migrator m(dir.File("app.db"), kDiveTable);
    m.Run(Command::kUpgrade, "0003_tags");
  }
  std::vector<table::Revision> revisions(dive::kRevisions,
                                         dive::kRevisions + kDiveTable.count);
  revisions[kAddDepth].checksum[0] = "edited";
  revisions[kCenters].checksum[0] = "edited-too";  // not applied: not checked
  const table::MigrationTable edited{table::kAbiVersion, "test",
                                     revisions.data(), kDiveTable.count, 3u};
  {
    Migrator m(dir.File("app.db"), edited);
    try {
      m.Run(Command::kUpgrade, "heads");
      FAIL("expected ChecksumMismatchError");
    } catch (const runtime::ChecksumMismatchError& e) {
      REQUIRE(e.mismatches().size() == 1);
      CHECK(e.mismatches()[0].revision == kAddDepth);
      CHECK(e.mismatches()[0].recorded == "c1");
      CHECK(e.mismatches()[0].expected == "edited");
    }
    CHECK(m.store.ReadHeads() == Ids{"0003_tags"});  // nothing ran
  }
  {
    Migrator m(dir.File("app.db"), edited, {true, "test-1.0"});
    m.Run(Command::kUpgrade, "heads");
    CHECK(m.store.ReadHeads() == Ids{"0005_notes", "audit_0002"});
  }
}

TEST_CASE("stamp records heads without running SQL", "[runner]") {
  ScopedTempDir dir;
  Migrator m(dir.File("app.db"), kDiveTable);
  m.runner.Stamp(runtime::Plan(m.graph, {}, Command::kStamp, "audit_0002")
                     .resulting_heads);
  CHECK(m.store.ReadHeads() == Ids{"audit_0002"});
  CHECK(Tables(m.db).empty());
  CHECK(HistoryLines(m.store) == Ids{"stamp audit_0002 ok"});

  // Stamped revisions have no 'up' row, so an edited checksum is not refused.
  std::vector<table::Revision> revisions(dive::kRevisions,
                                         dive::kRevisions + kDiveTable.count);
  revisions[kTags].checksum[0] = "edited";
  const table::MigrationTable edited{table::kAbiVersion, "test",
                                     revisions.data(), kDiveTable.count, 3u};
  Migrator other(dir.File("app.db"), edited);
  CHECK_NOTHROW(other.runner.VerifyChecksums(other.runner.CurrentHeads()));
  // Upgrading from the stamp runs only what is above it.
  auto result = other.Run(Command::kUpgrade, "0003_centers");
  REQUIRE(result.steps.size() == 1);
  CHECK(result.steps[0].step.revision == kCenters);

  m.runner.Stamp({});
  CHECK(m.store.ReadHeads().empty());
  CHECK(HistoryLines(m.store).back() == "stamp base ok");
}

TEST_CASE("a step another migrator already did is skipped", "[runner]") {
  ScopedTempDir dir;
  Migrator slow(dir.File("app.db"), kDiveTable);
  Migrator fast(dir.File("app.db"), kDiveTable);
  runtime::MigrationPlan stale = runtime::Plan(
      slow.graph, slow.runner.CurrentHeads(), Command::kUpgrade, "heads");
  fast.Run(Command::kUpgrade, "+3");
  auto result = slow.runner.Apply(stale);
  REQUIRE(result.steps.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    INFO(i);
    CHECK(result.steps[i].outcome == (i < 3 ? StepReport::Outcome::kSkipped
                                            : StepReport::Outcome::kApplied));
  }
  Ids lines = HistoryLines(slow.store);
  REQUIRE(lines.size() == 8);  // each revision applied exactly once
  std::sort(lines.begin(), lines.end());
  CHECK(std::unique(lines.begin(), lines.end()) == lines.end());
}

TEST_CASE("a step whose prerequisites vanished fails under the lock",
          "[runner]") {
  ScopedTempDir dir;
  Migrator slow(dir.File("app.db"), kDiveTable);
  Migrator fast(dir.File("app.db"), kDiveTable);
  fast.Run(Command::kUpgrade, "0003_tags");
  runtime::MigrationPlan stale = runtime::Plan(
      slow.graph, slow.runner.CurrentHeads(), Command::kUpgrade, "0004_merge");
  fast.Run(Command::kDowngrade, "0001_initial");
  try {
    slow.runner.Apply(stale);
    FAIL("expected PrerequisiteError");
  } catch (const runtime::PrerequisiteError& e) {
    CHECK(e.revision() == "0003_centers");
    CHECK(e.other() == "0002_add_depth");
    CHECK(e.direction() == Direction::kUp);
  }
  CHECK(slow.store.ReadHeads() == Ids{"0001_initial"});
  CHECK(Tables(slow.db) == Ids{"users"});
}

TEST_CASE("a recorded head this build does not know is an error", "[runner]") {
  ScopedTempDir dir;
  Migrator m(dir.File("app.db"), kDiveTable);
  m.store.EnsureTables();
  m.store.WriteHeads({"0001_initial", "9999_future"});
  try {
    m.runner.CurrentHeads();
    FAIL("expected UnknownRecordedRevisionError");
  } catch (const runtime::UnknownRecordedRevisionError& e) {
    CHECK(e.ids() == Ids{"9999_future"});
  }
}

}  // namespace
}  // namespace retort::testing
