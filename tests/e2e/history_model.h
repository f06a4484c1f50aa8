/// A small schema model for the random history generator (history_gen.h):
/// the operations it writes, as data, each with its validity rule (the
/// compiler's, for the subset of the language the generator uses), its effect
/// on the model and its .mig text. Deliberately independent of the compiler's
/// own SchemaState, so the differential test does not trust what it tests.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace retort::testing::gen {

enum class BaseType { kSmallint, kInteger, kBigint, kVarchar, kDecimal, kBoolean, kText };

struct Type {
  BaseType base = BaseType::kInteger;
  int size = 0;  ///< varchar length or decimal precision (scale is always 2)

  std::string Dsl() const;
  bool operator==(const Type&) const = default;
};

struct Column {
  std::string name;
  Type type;
  bool nullable = true;
  std::optional<std::string> default_value;  ///< DSL spelling: 3, 'a', true
  bool unique = false;
  /// A `ref_*` column: integer, nullable, never altered; the only columns a
  /// foreign key uses, and always NULL in the rows the test inserts (so a key
  /// added later to a table without rows still holds).
  bool ref = false;
  /// Added as nullable without a default: rows that existed then hold NULL,
  /// so `set not null` on it could fail for data reasons.
  bool maybe_null = false;
  bool primary_key = false;
  int uid = 0;  ///< identity across renames (for the row checks)
  /// What rows that existed when the column was added hold in it: the
  /// default's DSL spelling then, or nullopt for NULL.
  std::optional<std::string> fill;

  std::string Dsl() const;  ///< "name type [not null] [default v] [unique]"
};

struct Table {
  std::string name;
  int uid = 0;  ///< identity across renames (for the row checks)
  std::vector<Column> columns;

  const Column* Find(const std::string& column) const;
  Column* Find(const std::string& column);
};

struct Index {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  bool constraint = false;  ///< `add constraint uq unique (...)`
};

struct ForeignKey {
  std::string name;
  std::string table;
  std::string column;
  std::string ref_table;  ///< always references `id`
};

struct Check {
  std::string name;
  std::string table;
  std::string expression;  ///< true for every row the test inserts
};

struct Schema {
  std::vector<Table> tables;
  std::vector<Index> indexes;
  std::vector<ForeignKey> keys;
  std::vector<Check> checks;

  const Table* FindTable(const std::string& name) const;
  Table* FindTable(const std::string& name);
  const Index* FindIndex(const std::string& name) const;
  const Table* FindUid(int uid) const;
  /// True when an index of the table uses the column, or a key of the table does.
  bool ColumnInUse(const std::string& table, const std::string& column) const;
  bool Referenced(const std::string& table) const;  ///< by another table's key
};

// ---- operations

struct CreateTable {
  Table table;
  std::vector<ForeignKey> keys;
  std::vector<Check> checks;
};
struct DropTable {
  std::string name;
};
struct RenameTable {
  std::string from, to;
};
/// `column.fill` is its default (rows get it), set by the generator.
struct AddColumn {
  std::string table;
  Column column;
};
struct DropColumn {
  std::string table, column;
};
struct AlterColumn {
  std::string table, column;
  std::optional<Type> type;
  std::optional<bool> nullable;
  std::optional<std::optional<std::string>> default_value;  ///< nullopt inside: drop
  std::optional<std::string> new_name;
};
struct CreateIndex {
  Index index;
};
struct DropIndex {
  std::string name;
};
struct RenameIndex {
  std::string from, to;
};
struct AddForeignKey {
  ForeignKey key;
};
struct AddCheck {
  Check check;
};
/// A foreign key, check or unique constraint of the table.
struct DropConstraint {
  std::string table, name;
};

using Op =
    std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                 CreateIndex, DropIndex, RenameIndex, AddForeignKey, AddCheck, DropConstraint>;

/// Applies `op` when it is valid against `schema` (the compiler's rules for
/// these operations); returns false and leaves `schema` alone otherwise.
bool Apply(const Op& op, Schema& schema);

/// The operation as .mig text: one statement, ending with a newline.
std::string Render(const Op& op);

}  // namespace retort::testing::gen
