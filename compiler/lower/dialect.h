/// The seam between the compiler and each database: a Dialect renders an
/// operation as SQL statements, given the schema before and after it.
/// Differences between databases are data here (capability flags) or live in
/// one implementation file per dialect; nothing else says "if sqlite".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "front/ast.h"
#include "project/settings.h"
#include "retort/table.h"

namespace retort::lower {

class Dialect {
 public:
  virtual ~Dialect() = default;

  virtual table::Dialect id() const = 0;
  virtual std::string_view name() const = 0;
  /// DDL can be rolled back inside a transaction.
  virtual bool transactional_ddl() const = 0;

  /// Reports what this database would reject in `op` (limits, unsupported
  /// features) at build time, with the operation's location.
  virtual void Check(const ast::Op& /*op*/, const check::SchemaState& /*after*/,
                     diag::DiagnosticEngine& /*engine*/) const {}

  /// Reports what this database would reject in `table` as a merge of
  /// concurrent branches leaves it (limits that add up across branches),
  /// at `loc`, the merging revision.
  virtual void CheckMergedTable(const check::TableDef& /*table*/, source::SourceLoc /*loc*/,
                                diag::DiagnosticEngine& /*engine*/) const {}

  /// The tables whose whole definition rendering `op` reads (an SQLite
  /// rebuild recreates the table and copies every column): a concurrent
  /// change to anything in them would make the rendered SQL wrong.
  virtual std::vector<std::string> TablesRenderedWhole(
      const ast::Op& /*op*/, const check::SchemaState& /*before*/) const {
    return {};
  }

  /// The statements that perform `op`, which turns `before` into `after`.
  virtual std::vector<std::string> Render(const ast::Op& op,
                                          const check::SchemaState& before,
                                          const check::SchemaState& after) const = 0;
};

/// The dialects the project targets, in table::Dialect order (the others'
/// statement lists stay empty).
std::vector<std::unique_ptr<Dialect>> MakeDialects(const project::Settings& settings = {});

std::unique_ptr<Dialect> MakeSqliteDialect();

/// What a MySQL-family dialect renders for: MySQL 8 or MariaDB (their
/// spellings differ for SRIDs and uuid), the table defaults, and whether it
/// reports the family's limits (once, when both are targeted).
struct MysqlOptions {
  table::Dialect id = table::Dialect::kMysql;
  ast::TableOptions defaults;
  project::Version version;
  bool report_limits = true;
};
std::unique_ptr<Dialect> MakeMysqlDialect(const MysqlOptions& options);

}  // namespace retort::lower
