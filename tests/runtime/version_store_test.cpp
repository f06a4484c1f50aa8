#include "version_store.h"

#include <catch2/catch.hpp>

#include "driver/sqlite_connection.h"

namespace retort::testing {
namespace {

using driver::SqliteConnection;
using runtime::HistoryEntry;
using runtime::VersionStore;
using Ids = std::vector<std::string>;

HistoryEntry Entry(std::string revision, std::string direction,
                   std::string checksum, std::string outcome = "ok") {
  HistoryEntry e;
  e.revision = std::move(revision);
  e.direction = std::move(direction);
  e.checksum = std::move(checksum);
  e.started = "2024-05-01T12:00:00.000Z";
  e.duration_ms = 3;
  e.executor_version = "0.1.0";
  e.outcome = std::move(outcome);
  return e;
}

TEST_CASE("reading a fresh database creates nothing", "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore store(db);
  CHECK(store.ReadHeads().empty());
  CHECK(store.ReadHistory().empty());
  CHECK(store.SuccessfulUps().empty());
  CHECK_FALSE(db.TableExists("retort_version"));
  CHECK_FALSE(db.TableExists("retort_history"));
}

TEST_CASE("tables are created once, in Alembic's shape", "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore store(db);
  store.EnsureTables();
  store.EnsureTables();
  CHECK(db.TableExists("retort_version"));
  CHECK(db.TableExists("retort_history"));
  auto columns = db.Query(
      "SELECT name, type, pk FROM pragma_table_info('retort_version')");
  REQUIRE(columns.size() == 1);
  CHECK(columns[0] == driver::Row{std::string("version_num"),
                                  std::string("VARCHAR(255)"),
                                  std::string("1")});
}

TEST_CASE("WriteHeads keeps one row per head", "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore store(db);
  store.EnsureTables();
  store.WriteHeads({"b", "a"});
  CHECK(store.ReadHeads() == Ids{"a", "b"});
  store.WriteHeads({"c", "a"});
  CHECK(store.ReadHeads() == Ids{"a", "c"});
  store.WriteHeads({});
  CHECK(store.ReadHeads().empty());
  // Ids are bound, never spliced.
  store.WriteHeads({"x'); DROP TABLE retort_version; --"});
  CHECK(store.ReadHeads() == Ids{"x'); DROP TABLE retort_version; --"});
}

TEST_CASE("history is appended and read newest first", "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore store(db);
  store.EnsureTables();
  store.AppendHistory(Entry("0001", "up", "c0"));
  HistoryEntry failed = Entry("0002", "up", "c1", "failed");
  failed.message = "statement 2 of 3: no such table: dive_site";
  store.AppendHistory(failed);
  std::vector<HistoryEntry> history = store.ReadHistory();
  REQUIRE(history.size() == 2);
  CHECK(history[0].id == 2);
  CHECK(history[0].revision == "0002");
  CHECK(history[0].outcome == "failed");
  CHECK(history[0].message == "statement 2 of 3: no such table: dive_site");
  CHECK(history[1].revision == "0001");
  CHECK(history[1].direction == "up");
  CHECK(history[1].checksum == "c0");
  CHECK(history[1].started == "2024-05-01T12:00:00.000Z");
  CHECK(history[1].duration_ms == 3);
  CHECK(history[1].executor_version == "0.1.0");
  CHECK(history[1].message.empty());
}

TEST_CASE("SuccessfulUps lists successful ups newest first",
          "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore store(db);
  store.EnsureTables();
  store.AppendHistory(Entry("0001", "up", "old"));
  store.AppendHistory(Entry("0001", "down", "old"));
  store.AppendHistory(Entry("0001", "up", "new"));
  store.AppendHistory(Entry("0001", "up", "broken", "failed"));
  store.AppendHistory(Entry("0002", "stamp", "s"));
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(store.SuccessfulUps() == Pairs{{"0001", "new"}, {"0001", "old"}});
}

TEST_CASE("the version table name is a checked parameter", "[version_store]") {
  SqliteConnection db(":memory:");
  VersionStore alembic(db, "alembic_version");
  alembic.EnsureTables();
  alembic.WriteHeads({"ae1027a6acf"});
  CHECK(db.Query("SELECT version_num FROM alembic_version")[0][0] ==
        "ae1027a6acf");
  CHECK_FALSE(db.TableExists("retort_version"));
  CHECK_THROWS_AS(VersionStore(db, "x; DROP TABLE y"),
                  runtime::InvalidTableNameError);
  CHECK_THROWS_AS(VersionStore(db, "1abc"), runtime::InvalidTableNameError);
  CHECK_THROWS_AS(VersionStore(db, ""), runtime::InvalidTableNameError);
}

TEST_CASE("UtcTimestamp is ISO-8601 UTC with milliseconds", "[version_store]") {
  std::string now = runtime::UtcTimestamp();
  REQUIRE(now.size() == 24);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now[19] == '.');
  CHECK(now.back() == 'Z');
}

}  // namespace
}  // namespace retort::testing
