/// The branch differential test's driver. A generated history (history_gen.h)
/// is compiled in-process. When retortc accepts it, several orders of applying
/// it (an intermediate revision first, maybe one concurrent to it, rows
/// inserted, then `upgrade heads`) run through `migrate` in-process on one
/// database, and each must end with the catalog that `retortc schema` prints,
/// up to column order, and with the rows intact; emptied, `downgrade base`
/// must then leave no table. When retortc rejects it, every error must name
/// two concurrent revisions (kNonCommuting) or a fold (kMergeOpFails), or be in
/// a revision that sees both sides of such a conflict (a follow-on error).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "history_gen.h"
#include "history_walk.h"

namespace retort::testing {

/// One database kind to run histories on.
struct BranchDatabase {
  std::string dialect;  ///< "sqlite" or "mariadb", as retortc names it
  /// The URL of a new, empty database; `name` is a short tag ("expected", "order").
  std::function<std::string(const std::string& name)> fresh;
  Snapshot snapshot;       ///< the catalog, independent of column order
  std::string tables_sql;  ///< lists the application tables
  /// Lists one table's columns (bound parameter: the table) as (name, type).
  std::string columns_sql;
  /// Run before the `retortc schema` statements on the empty database.
  /// MySQL: foreign key checks off, since a foreign key cycle (legal in a
  /// history, built with `alter table`) has no CREATE order that works.
  std::string schema_prelude;
};

struct BranchStats {
  int histories = 0;
  int accepted = 0;
  int rejected = 0;
  int orders = 0;
  /// Rejected histories with errors other than branch conflicts, in
  /// revisions that see both sides of a reported conflict.
  int follow_on = 0;
  /// Each failure with the history's seed and files, ready to print.
  std::vector<std::string> failures;
  /// Seeds of the histories that failed, for the summary line.
  std::vector<std::uint64_t> failed_seeds;

  /// One line: `source` says where the histories came from ("seed 7000").
  std::string Summary(const std::string& dialect, const std::string& source, double seconds) const;
};

/// Compiles `history` and checks it as the header describes, running
/// `orders` orders when it is accepted. Appends to `stats`. When
/// `save_dir` is not empty, a failing history's files are written to
/// `save_dir/seed_<seed>/`.
void RunBranchCase(const gen::History& history, const BranchDatabase& database, int orders,
                   BranchStats& stats, const std::string& save_dir = "");

}  // namespace retort::testing
