/// The compiler's output before it is written as C++: every revision in table
/// (topological) order with its rendered statements per dialect.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "retort/table.h"

namespace retort::lower {

struct CompiledStatement {
  std::string sql;
  std::uint32_t line = 0;  ///< line of the .mig operation
  std::uint32_t op = 0;    ///< index of the operation in its revision
  bool raw_sql = false;    ///< the operation is a raw `sql` block
};

using StatementsByDialect =
    std::array<std::vector<CompiledStatement>, table::kDialectCount>;

struct CompiledRevision {
  std::string id;
  std::string message;
  std::string source;  ///< the .mig path as given to retortc
  std::vector<std::uint32_t> parents;     ///< table indices
  std::vector<std::uint32_t> depends_on;  ///< table indices
  std::vector<std::string> labels;
  std::vector<std::uint32_t> irreversible_ops;
  bool reversible() const { return irreversible_ops.empty(); }
  StatementsByDialect up;
  StatementsByDialect down;  ///< in execution order
  /// Per dialect, over the revision and that dialect's statements; empty for
  /// a dialect the project does not target.
  std::array<std::string, table::kDialectCount> checksums;
  std::string schema_ops;  ///< check::EncodeOps of the revision's operations
};

struct CompiledHistory {
  std::vector<CompiledRevision> revisions;
  std::uint32_t dialects = 0;  ///< bit (1 << table::Dialect) per target
  std::string mysql_engine, mysql_charset, mysql_collation;
  bool index_names_per_table = false;
  std::string version_table = "retort_version";
};

}  // namespace retort::lower
