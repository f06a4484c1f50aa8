/// What an operation reads and changes, at the level of schema objects: the
/// footprint from which the compiler proves that concurrent revisions
/// commute (docs/dsl.md, "Branches and merges").
///
/// An object is a name the schema binds (a table, a column, an index, a
/// constraint name) or a collection (a table's columns, its indexes, "the
/// whole table" that an SQLite rebuild or a recreated table reads, a table's
/// rows that raw SQL touches). Two accesses to one object conflict unless
/// both only read it, or both only change it in ways that commute (two
/// columns appended to one table; an index added while a column is added).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "check/schema_state.h"
#include "front/ast.h"

namespace retort::check {

enum class ObjectKind : std::uint8_t {
  kTable,       ///< the name `table` is bound to this table (or free)
  kColumn,      ///< column `name` of `table`: existence and definition
  kColumns,     ///< the set of `table`'s columns
  kWholeTable,  ///< everything about `table`, as a rebuild copies it
  kIndexes,     ///< the set of `table`'s indexes
  kIndex,       ///< the index name `name` (schema-wide)
  kConstraint,  ///< the check or foreign key name `name` within `table`
  kForeignKey,  ///< the foreign key name `name` (schema-wide)
  kRows,        ///< the rows of `table` (raw SQL declares it)
  kObject,      ///< the trigger or event `name` (`table` holds the kind)
};

struct Object {
  ObjectKind kind = ObjectKind::kTable;
  std::string table;
  std::string name;

  bool operator==(const Object&) const = default;
};

struct ObjectHash {
  std::size_t operator()(const Object& object) const;
};

/// How an access uses its object.
enum class Mode : std::uint8_t {
  kRead,    ///< depends on its current value
  kWrite,   ///< binds, unbinds or redefines it
  kChange,  ///< changes one member of a collection (commutes with kChange)
  kShrink,  ///< removes a column: commutes with kChange, not with kShrink
};

/// True when the two accesses to one object depend on their order.
bool Conflicts(Mode a, Mode b);

struct Access {
  Object object;
  Mode mode = Mode::kRead;
  std::uint32_t op = 0;  ///< index of the operation within its revision
  /// Why, when it is not the operation itself: "rebuilds it on sqlite".
  std::string why;
};

/// The footprint of one revision: every access of every operation, up and
/// derived down, plus the first raw `sql` block that declares no tables
/// (which the compiler cannot see into, so it commutes with nothing).
struct Footprint {
  std::vector<Access> accesses;
  bool opaque = false;
  std::uint32_t opaque_op = 0;
};

/// Adds the accesses of `op` (the operation with index `op_index`), checked
/// against `before`, the full schema just before it: what its validation
/// and effect read and write, and what its derived inverse reads.
void AddAccesses(const ast::Op& op, std::uint32_t op_index, const SchemaState& before,
                 Footprint& footprint);

/// Adds the reads of rendering `table` whole (a CREATE TABLE of it as it
/// stands in `state`, as an SQLite rebuild does): the table, everything in
/// it and the tables and columns its foreign keys reference.
void AddWholeTableRead(const TableDef& table, std::uint32_t op_index, std::string why,
                       Footprint& footprint);

/// "column 'users.email'": the object as a message names it.
std::string Describe(const Object& object);
/// "reads all of table 'users'", "defines column 'users.email'": what an
/// access does, as a message says it.
std::string Phrase(const Object& object, Mode mode);

}  // namespace retort::check
