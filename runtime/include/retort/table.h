/// The ABI between retortc and the executor: plain constant data describing
/// every compiled revision, with the SQL already rendered for each dialect.
/// retortc emits one .cpp that defines a MigrationTable; `migrate` links it.
#pragma once

#include <cstdint>

namespace retort::table {

/// Bumped whenever the layout below changes; the generated table
/// static_asserts against it so a stale table never links.
inline constexpr int kAbiVersion = 7;

/// Dialects a table can carry statements for, as array indices. MySQL 8 and
/// MariaDB share a wire protocol and most SQL but spell some things
/// differently (SRIDs, uuid), so each has its own statements.
enum class Dialect : std::uint8_t { kSqlite = 0, kMysql = 1, kMariadb = 2 };
inline constexpr int kDialectCount = 3;

/// One rendered SQL statement, the 1-based line of the .mig operation it came
/// from (for error messages) and that operation's 0-based index within its
/// revision. Up and down statements of the same operation share `op`, which
/// is how a runner on a database without transactional DDL undoes the
/// operations that completed before a failing statement. `raw_sql`: the
/// operation is a raw `sql` block, whose effect the schema cannot show (the
/// runner's progress rows say where such statements start: ProgressPoint).
struct Statement {
  const char* sql;
  std::uint32_t line;
  std::uint32_t op;
  bool raw_sql = false;
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
  /// Per dialect, the hex digest of the revision's canonical content with
  /// that dialect's statements ("" for a dialect the table does not carry):
  /// targeting one more database does not change the others' checksums.
  const char* checksum[kDialectCount];
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
  /// The revision's operations in the compiler's schema model, encoded
  /// (compiler/check/op_codec.h; raw SQL only as its kind): replayed in
  /// table order they give the schema the compiler expects at any set of
  /// revisions (`migrate check`, verified `stamp`, `resolve --auto`). Read
  /// only by those commands.
  const char* schema_ops = nullptr;
  std::uint32_t schema_ops_size = 0;
};

/// What the schema model needs besides the operations: the project's MySQL
/// table defaults (a table without its own options has these) and its
/// index-name scope.
struct SchemaSettings {
  const char* mysql_engine = "";
  const char* mysql_charset = "";
  const char* mysql_collation = "";
  bool index_names_per_table = false;
};

/// "sqlite", "mysql", "mariadb": the names retort.toml and sql blocks use.
constexpr const char* DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite: return "sqlite";
    case Dialect::kMysql: return "mysql";
    case Dialect::kMariadb: return "mariadb";
  }
  return "?";
}

/// MySQL and MariaDB: no transactional DDL, the same protocol.
constexpr bool IsMysqlFamily(Dialect dialect) { return dialect != Dialect::kSqlite; }

/// A revision can be downgraded when every operation has an inverse.
constexpr bool IsReversible(const Revision& revision) {
  return revision.irreversible_op_count == 0;
}

/// Generated tables come in chunks of this many revisions, each its own
/// translation unit, so adding a revision recompiles one chunk.
inline constexpr std::uint32_t kChunkShift = 8;
inline constexpr std::uint32_t kChunkSize = 1u << kChunkShift;

/// A branch label and the revision that declares it.
struct Label {
  const char* name;
  std::uint32_t revision;
};

struct MigrationTable {
  int abi_version;
  const char* compiler_version;
  /// The revisions in one array (hand-built tables), or nullptr when they
  /// are in `chunks`. Read them through RevisionAt.
  const Revision* revisions;
  std::uint32_t count;
  /// Bit (1 << Dialect) for each dialect the project targets (retort.toml);
  /// the others' statement lists are empty.
  std::uint32_t dialects;
  SchemaSettings schema = {};
  /// The project's version table (retort.toml `version_table`): migrate's
  /// default, under RETORT_VERSION_TABLE and --version-table. nullptr or
  /// "": retort_version.
  const char* version_table = nullptr;
  /// Generated tables: revision i is chunks[i >> kChunkShift][i % kChunkSize].
  const Revision* const* chunks = nullptr;
  /// The content digest (retort/table_digest.h), computed by retortc; 0 in a
  /// hand-built table, where the executor computes it.
  std::uint64_t digest = 0;
  /// Generated tables: the heads (revisions that are no one's parent) in
  /// table order, and every branch label sorted by name, then revision, so
  /// the executor reads no revision to know them. nullptr in a hand-built
  /// table, where the executor computes both.
  const std::uint32_t* heads = nullptr;
  std::uint32_t head_count = 0;
  const Label* labels = nullptr;
  std::uint32_t label_count = 0;
};

/// Revision `i` (< table.count) of either layout.
constexpr const Revision& RevisionAt(const MigrationTable& table, std::uint32_t i) {
  return table.revisions != nullptr ? table.revisions[i]
                                    : table.chunks[i >> kChunkShift][i & (kChunkSize - 1)];
}

/// The statements a database of `dialect` runs: its own when the table
/// carries them, else (MySQL and MariaDB) the other one of the family;
/// -1 when the project does not target the database at all.
constexpr int SlotFor(const MigrationTable& table, Dialect dialect) {
  auto carried = [&](Dialect d) { return (table.dialects >> static_cast<int>(d)) & 1u; };
  if (carried(dialect)) return static_cast<int>(dialect);
  if (!IsMysqlFamily(dialect)) return -1;
  Dialect other = dialect == Dialect::kMysql ? Dialect::kMariadb : Dialect::kMysql;
  return carried(other) ? static_cast<int>(other) : -1;
}

}  // namespace retort::table
