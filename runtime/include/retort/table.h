/// The ABI between retortc and the executor: plain constant data describing
/// every compiled revision, with the SQL already rendered for each dialect.
/// retortc emits one .cpp that defines a MigrationTable; `migrate` links it.
#pragma once

#include <cstdint>

namespace retort::table {

/// Bumped whenever the layout below changes; the generated table
/// static_asserts against it so a stale table never links.
inline constexpr int kAbiVersion = 2;

/// Dialects a table carries statements for, as array indices.
enum class Dialect : std::uint8_t { kSqlite = 0, kMysql = 1 };
inline constexpr int kDialectCount = 2;

/// One rendered SQL statement, the 1-based line of the .mig operation it came
/// from (for error messages) and that operation's 0-based index within its
/// revision. Up and down statements of the same operation share `op`, which
/// is how a runner on a database without transactional DDL undoes the
/// operations that completed before a failing statement.
struct Statement {
  const char* sql;
  std::uint32_t line;
  std::uint32_t op;
};

/// A run of statements; `items` is nullptr when `count` is 0.
struct StatementList {
  const Statement* items;
  std::uint32_t count;
};

/// One revision. Revisions appear in the table in a deterministic topological
/// order, so every parent and dependency index is smaller than the
/// revision's own index.
struct Revision {
  const char* id;
  const char* message;
  const char* source;    ///< .mig path relative to the migrations directory
  const char* checksum;  ///< hex digest of the revision's canonical content
  const std::uint32_t* parents;
  std::uint32_t parent_count;
  const std::uint32_t* depends_on;
  std::uint32_t depends_on_count;
  const char* const* labels;  ///< branch labels
  std::uint32_t label_count;
  /// Operations (by index) with no inverse: raw sql marked irreversible.
  const std::uint32_t* irreversible_ops;
  std::uint32_t irreversible_op_count;
  StatementList up[kDialectCount];
  /// The inverses of every reversible operation, last operation first: the
  /// downgrade when the revision is reversible.
  StatementList down[kDialectCount];
};

/// A revision can be downgraded when every operation has an inverse.
constexpr bool IsReversible(const Revision& revision) {
  return revision.irreversible_op_count == 0;
}

struct MigrationTable {
  int abi_version;
  const char* compiler_version;
  const Revision* revisions;
  std::uint32_t count;
};

}  // namespace retort::table
