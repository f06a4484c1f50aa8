// `migrate resolve REV --auto` after an interruption at every statement
// position of every revision of tests/e2e/ops_migrations/ (every operation
// of the language), both directions, on a real MariaDB. The state a migrator
// killed at statement p leaves is made exactly: statements 1..p of the
// revision ran, its history row says `running` (at p, or one short), the
// version rows were not moved. Then resolve --auto must finish the run (or refuse where the
// schema cannot tell: inside one operation's two statements, or around raw
// SQL), and `migrate check` must find the schema expected at the heads it
// recorded.
#include <catch2/catch.hpp>
#include <optional>

#include "check/op_codec.h"
#include "history_walk.h"
#include "mysql_test_util.h"
#include "retort/generated.h"
#include "version_store.h"

namespace retort::testing {
namespace {

const History kOps{generated::kTable, RETORT_OPS_MIGRATE};

struct Counts {
  int positions = 0, finished = 0, split = 0, ambiguous = 0;
};

bool HasRawSql(const table::Revision& revision) {
  for (const ast::Op& op : check::DecodeOps({revision.schema_ops, revision.schema_ops_size})) {
    if (std::holds_alternative<ast::RawSql>(op.kind)) return true;
  }
  return false;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class Interrupter {
 public:
  Interrupter(const std::string& url, const std::string& dir) : url_(url), dir_(dir), db_(Open(url)) {}

  // Runs statements [0, p) of `list` and leaves the revision `running`.
  void Interrupt(const table::Revision& rev, const table::StatementList& list, std::uint32_t p,
                 const char* direction, int slot) {
    for (std::uint32_t k = 0; k < p; ++k) db_->Execute(list.items[k].sql);
    runtime::VersionStore store(*db_);
    store.EnsureTables();
    // Half the time the row is one statement short, as after a kill -9
    // while the server finished the statement that was running.
    const std::uint32_t recorded = p > 0 && p % 2 == 0 ? p - 1 : p;
    store.StartHistory({0, rev.id, direction, rev.checksum[slot], runtime::UtcTimestamp(), 0,
                        "test", "running", "", recorded});
  }

  // resolve --auto at position p of `list`, then the schema check; a
  // refusal must be one the schema cannot avoid, and is repaired by hand.
  void ResolveAt(const table::Revision& rev, const table::StatementList& list, std::uint32_t p,
                 bool up, Counts& counts) {
    INFO(rev.id << (up ? " up" : " down") << ", interrupted after statement " << p << " of "
                << list.count);
    ++counts.positions;
    ProcessResult r = Migrate(kOps, url_, {"resolve", rev.id, "--auto"}, dir_);
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    const bool split = p > 0 && p < list.count && list.items[p - 1].op == list.items[p].op;
    if (r.exit_code == 0) {
      ++counts.finished;
      if (split) ++counts.split;
      CHECK(Contains(r.out, "--auto: "));
      CHECK(split == Contains(r.out, "and part of the next"));
    } else {
      REQUIRE(r.exit_code == 1);
      {
        CHECK(Contains(r.err, "cannot tell how far"));
        CHECK(HasRawSql(rev));
        ++counts.ambiguous;
      }
      for (std::uint32_t k = p; k < list.count; ++k) db_->Execute(list.items[k].sql);
      MustMigrate(kOps, url_, {"resolve", rev.id, up ? "--applied" : "--rolled-back"}, dir_);
    }
    MustMigrate(kOps, url_, {"check"}, dir_);
  }

  std::string Current() { return Migrate(kOps, url_, {"current"}, dir_).out; }

 private:
  std::string url_, dir_;
  std::unique_ptr<driver::Connection> db_;
};

TEST_CASE("resolve --auto: every interrupted statement of every ops revision, both ways, MariaDB",
          "[mysql]") {
  std::optional<MysqlServer> server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "retort_resolve_auto");
  const table::MigrationTable& t = kOps.table;
  const int slot = table::SlotFor(t, table::Dialect::kMariadb);
  REQUIRE(slot >= 0);
  Interrupter interrupter(url, dir.path());
  Counts counts;
  for (std::uint32_t i = 0; i < t.count; ++i) {
    const table::Revision& rev = table::RevisionAt(t, i);
    const std::string parent = i == 0 ? "base" : table::RevisionAt(t, i - 1).id;
    const std::string id = rev.id;
    auto at_revision = [&] {  // `current` prints "ID" or "ID (head)"
      std::string current = interrupter.Current();
      return current.substr(0, current.find_first_of(" \n")) == id;
    };
    const table::StatementList& up = rev.up[slot];
    for (std::uint32_t p = 0; p <= up.count; ++p) {
      interrupter.Interrupt(rev, up, p, "up", slot);
      interrupter.ResolveAt(rev, up, p, true, counts);
      // A run that did something is finished; one that did nothing (p = 0)
      // may have been either.
      INFO(rev.id << " up, after statement " << p << ": current " << interrupter.Current());
      if (p > 0) CHECK(at_revision());
      if (at_revision()) MustMigrate(kOps, url, {"downgrade", parent}, dir.path());
    }
    MustMigrate(kOps, url, {"upgrade", rev.id}, dir.path());
    if (!table::IsReversible(rev)) continue;
    const table::StatementList& down = rev.down[slot];
    for (std::uint32_t p = 0; p <= down.count; ++p) {
      interrupter.Interrupt(rev, down, p, "down", slot);
      interrupter.ResolveAt(rev, down, p, false, counts);
      INFO(rev.id << " down, after statement " << p << ": current " << interrupter.Current());
      if (p > 0) CHECK(!at_revision());
      if (!at_revision()) MustMigrate(kOps, url, {"upgrade", rev.id}, dir.path());
    }
  }
  // Print the counts: how many positions, and why any was refused.
  WARN("resolve --auto: " << counts.positions << " interrupted positions, " << counts.finished
                          << " finished automatically (" << counts.split
                          << " of them inside one operation's statements), " << counts.ambiguous
                          << " refused around raw sql");
  CHECK(counts.split > 0);  // the history has two-statement operations
  CHECK(counts.finished + counts.ambiguous == counts.positions);
}

}  // namespace
}  // namespace retort::testing
