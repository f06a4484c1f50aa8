/// The schema as it stands at one point of history: tables with their
/// columns, primary key and indexes. A value type; copies share unchanged
/// tables, so keeping the state before every operation is cheap.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "front/ast.h"

namespace retort::check {

struct TableDef {
  std::string name;
  std::vector<ast::Column> columns;
  std::vector<std::string> primary_key;
  std::vector<ast::Index> indexes;  ///< in creation order
  std::vector<ast::ForeignKey> foreign_keys;
  std::vector<ast::Check> checks;
  ast::TableOptions options;
  source::SourceLoc created_at;
  /// Canonical order keys of the columns `add column` appended, by name
  /// (columns the table was created with have none and come first). Two
  /// concurrent branches may append to one table in either order; the
  /// schema the compiler prints orders them by these keys (topological
  /// order), which is the order a database upgraded in one run gets.
  std::map<std::string, std::uint64_t> appended_at;

  const ast::Column* FindColumn(const std::string& column) const;
  std::size_t ColumnPosition(const std::string& column) const;
  bool InPrimaryKey(const std::string& column) const;
  const ast::ForeignKey* FindForeignKey(const std::string& key) const;
  const ast::Check* FindCheck(const std::string& name) const;
  const ast::Index* FindIndex(const std::string& name) const;
  /// What `drop constraint NAME` drops: a foreign key of that name first
  /// (InnoDB names its own index for a key after it), then a check, then a
  /// unique index.
  enum class Constraint { kNone, kForeignKey, kCheck, kUniqueIndex };
  Constraint ConstraintNamed(const std::string& name) const;
  /// True when `columns` are exactly the primary key, a unique index or a
  /// unique column: what a foreign key may reference.
  bool IsKey(const std::vector<std::string>& columns) const;
};

class SchemaState {
 public:
  /// `index_names_per_table`: MySQL's rule (an index name is unique within
  /// its table) instead of SQLite's (within the database); the project's
  /// targets decide (project::Settings::IndexNamesPerTable).
  explicit SchemaState(bool index_names_per_table = false)
      : index_names_per_table_(index_names_per_table) {}

  const TableDef* FindTable(const std::string& name) const;
  /// The index named `name` on `table`; with `table` empty, the one index of
  /// that name in the schema (nullptr when none, or several tables have one).
  const ast::Index* FindIndex(const std::string& name, const std::string& table = {}) const;
  /// The tables that have an index named `name`, sorted.
  const std::vector<std::string>& TablesWithIndex(const std::string& name) const;
  /// The index named `name` that a new index of that name on `table` would
  /// clash with, or nullptr.
  const ast::Index* ClashingIndex(const std::string& name, const std::string& table) const;
  bool index_names_per_table() const { return index_names_per_table_; }

  /// Views, triggers and events, in creation order.
  const std::vector<ast::View>& views() const { return views_; }
  const std::vector<ast::Trigger>& triggers() const { return triggers_; }
  const std::vector<ast::Event>& events() const { return events_; }
  const ast::View* FindView(const std::string& name) const;
  const ast::Trigger* FindTrigger(const std::string& name) const;
  const ast::Event* FindEvent(const std::string& name) const;
  /// Whether a view, trigger or event of `kind` named `name` exists.
  bool HasObject(ast::DropObject::Kind kind, const std::string& name) const;
  /// The table holding foreign key `name` (names are schema-wide), or null.
  const TableDef* FindForeignKeyOwner(const std::string& name) const;
  const std::map<std::string, std::shared_ptr<const TableDef>>& tables() const {
    return tables_;
  }

  /// The tables `op` reads or changes (its own table, an index's table, both
  /// names of a rename), as they are named in this state.
  std::vector<std::string> TablesTouchedBy(const ast::Op& op) const;
  /// A state holding only `tables` (those that exist) and their indexes.
  /// Cheap: the tables are shared, not copied.
  SchemaState Subset(const std::vector<std::string>& tables) const;

  /// Applies an operation that Validate() accepted. RawSql changes nothing
  /// the compiler tracks. `order_key` is the canonical position of the
  /// operation in history, kept for the columns `add column` appends.
  void Apply(const ast::Op& op, std::uint64_t order_key = 0);
  /// Puts the appended columns of `table` in canonical order (after a
  /// merge brought in columns a concurrent branch appended).
  void SortAppendedColumns(const std::string& table);

 private:
  TableDef& MutableTable(const std::string& name);
  void AddIndexName(const std::string& index, const std::string& table);
  void RemoveIndexName(const std::string& index, const std::string& table);

  std::map<std::string, std::shared_ptr<const TableDef>> tables_;
  std::map<std::string, std::vector<std::string>> index_tables_;  // index name -> tables
  std::vector<ast::View> views_;
  std::vector<ast::Trigger> triggers_;
  std::vector<ast::Event> events_;
  bool index_names_per_table_ = false;
};

/// `column` with the changes of `alter` applied.
ast::Column ApplyChange(const ast::Column& column, const ast::AlterColumn& alter);

/// Tables in dependency order (a table after the tables its foreign keys
/// reference; ties and cycles by name).
std::vector<const TableDef*> TablesInOrder(const SchemaState& schema);

/// The canonical place of an operation in history (topological position of
/// its revision, then operation index; never 0): the `order_key` of Apply.
inline std::uint64_t OrderKey(std::uint32_t position, std::uint32_t op) {
  return (std::uint64_t{position} + 1) << 32 | op;
}

/// The table a CreateTable op makes: inline primary keys folded into the
/// table's key, key columns not null.
TableDef MakeTable(const ast::CreateTable& create, source::SourceLoc loc);

}  // namespace retort::check
