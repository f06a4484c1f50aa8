// Branch soundness against the real databases (issue 7): random histories
// with branches, merges, depends_on and labelled heads (history_gen.h). For
// each history retortc accepts, several orders of applying it on SQLite and
// on MariaDB must all end with the catalog `retortc schema` prints (up to
// column order) and keep the rows inserted along the way; for each history it
// rejects, the errors must name two concurrent revisions. A fixed seed runs
// here; a longer run is documented in docs/ARCHITECTURE.md ("Tests").
//
//   RETORT_BRANCH_CASES=N   histories per test case (default: 300 SQLite, 100 MariaDB;
//                           the linear self-checks 40 and 10)
//   RETORT_BRANCH_SEED=S    seed of the first history (history i has seed S+i)
//   RETORT_BRANCH_ORDERS=K  orders per accepted history (default 3)
//   RETORT_BRANCH_SAVE=DIR  write each failing history to DIR/seed_<seed>/
//   RETORT_BRANCH_SHOW=N    print the first N failures in full (default 5)
#include "branch_diff.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "history_gen.h"
#include "mysql_test_util.h"
#include "test_util.h"

namespace retort::testing {
namespace {

constexpr std::uint64_t kDefaultSeed = 7000;

std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return std::stoull(value);
}

void Report(const BranchStats& stats, const std::string& summary) {
  std::cout << summary << std::endl;
  auto show = EnvNumber("RETORT_BRANCH_SHOW", 5);
  for (std::size_t i = 0; i < stats.failures.size() && i < show; ++i) {
    FAIL_CHECK(stats.failures[i]);
  }
  INFO(summary);
  CHECK(stats.failures.empty());
}

void RunMany(const BranchDatabase& database, int default_cases, const gen::Options& options = {}) {
  std::uint64_t seed = EnvNumber("RETORT_BRANCH_SEED", kDefaultSeed);
  auto cases = static_cast<int>(EnvNumber("RETORT_BRANCH_CASES", default_cases));
  auto orders = static_cast<int>(EnvNumber("RETORT_BRANCH_ORDERS", 3));
  const char* save = std::getenv("RETORT_BRANCH_SAVE");
  auto start = std::chrono::steady_clock::now();
  BranchStats stats;
  for (int i = 0; i < cases; ++i) {
    RunBranchCase(gen::GenerateHistory(seed + static_cast<std::uint64_t>(i), options), database,
                  orders, stats, save != nullptr ? save : "");
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  Report(stats, stats.Summary(database.dialect, "seed " + std::to_string(seed), elapsed.count()));
}

// Every directory of tests/e2e/branch_cases/, with its EXPECT file when it has one.
void RunSavedCases(const BranchDatabase& database) {
  std::vector<std::filesystem::path> cases;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(RETORT_SOURCE_DIR) +
                                                               "/tests/e2e/branch_cases")) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  BranchStats stats;
  for (const std::filesystem::path& dir : cases) {
    gen::History history = gen::LoadHistory(dir.string());
    int accepted_before = stats.accepted;
    RunBranchCase(history, database, 3, stats);
    std::string expect = ReadFile((dir / "EXPECT").string());
    expect.erase(expect.find_last_not_of(" \n") + 1);
    if (expect.empty()) continue;
    INFO(history.Describe());
    CHECK((stats.accepted > accepted_before ? "accepted" : "rejected") == expect);
  }
  Report(stats, stats.Summary(database.dialect, "tests/e2e/branch_cases", 0));
}

BranchDatabase Sqlite(const ScopedTempDir& dir) {
  return {"sqlite",
          [&dir](const std::string& name) {
            std::filesystem::remove(dir.File(name + ".db"));
            return dir.SqliteUrl(name + ".db");
          },
          &SqliteSnapshotAnyColumnOrder,
          kSqliteTables,
          "SELECT name, type FROM pragma_table_info(?)",
          ""};
}

BranchDatabase Mysql(const MysqlServer& server) {
  return {
      "mariadb",
      [server](const std::string& name) { return FreshDatabase(server, "retort_branch_" + name); },
      &SchemaSnapshotAnyColumnOrder,
      kMysqlTables,
      "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
      "DATABASE() AND TABLE_NAME = ?",
      "SET FOREIGN_KEY_CHECKS = 0"};
}

TEST_CASE("branch diff: the generator is deterministic and each revision fits its ancestors") {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    gen::History history = gen::GenerateHistory(seed);
    REQUIRE(gen::GenerateHistory(seed).Describe() == history.Describe());
    INFO(history.Describe());
    int n = static_cast<int>(history.revisions.size());
    CHECK(n >= 4);
    CHECK(n <= 13);
    for (int i = 0; i < n; ++i) {
      std::vector<bool> upstream = history.Closure(i);
      upstream[static_cast<std::size_t>(i)] = false;
      gen::Schema schema = history.StateOf(upstream);
      for (const gen::Op& op : history.revisions[static_cast<std::size_t>(i)].ops) {
        CHECK(gen::Apply(op, schema));
      }
    }
  }
}

TEST_CASE("branch diff: linear histories are accepted and migrate to retortc schema, SQLite",
          "[linear]") {
  ScopedTempDir dir;
  gen::Options linear;
  linear.branches = false;
  RunMany(Sqlite(dir), 40, linear);
}

TEST_CASE("branch diff: every order of a branched history gives retortc schema, SQLite",
          "[branched]") {
  ScopedTempDir dir;
  RunMany(Sqlite(dir), 300);
}

TEST_CASE("branch diff: saved cases in tests/e2e/branch_cases, SQLite", "[saved]") {
  ScopedTempDir dir;
  RunSavedCases(Sqlite(dir));
}

TEST_CASE("branch diff: saved cases in tests/e2e/branch_cases, MariaDB", "[mysql][saved]") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  RunSavedCases(Mysql(*server));
}

TEST_CASE("branch diff: linear histories are accepted and migrate to retortc schema, MariaDB",
          "[mysql][linear]") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  gen::Options linear;
  linear.branches = false;
  RunMany(Mysql(*server), 10, linear);
}

TEST_CASE("branch diff: every order of a branched history gives retortc schema, MariaDB",
          "[mysql][branched]") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  RunMany(Mysql(*server), 100);
}

}  // namespace
}  // namespace retort::testing
