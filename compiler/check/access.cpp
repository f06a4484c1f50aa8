#include "check/access.h"

#include <functional>
#include <type_traits>

namespace retort::check {
namespace {

// Collects the accesses of one operation.
class Collector {
 public:
  Collector(std::uint32_t op, Footprint& footprint) : op_(op), footprint_(footprint) {}

  void Add(ObjectKind kind, std::string table, std::string name, Mode mode,
           std::string why = {}) {
    footprint_.accesses.push_back(
        {Object{kind, std::move(table), std::move(name)}, mode, op_, std::move(why)});
  }
  void Read(ObjectKind kind, const std::string& table, const std::string& name = {}) {
    Add(kind, table, name, Mode::kRead);
  }
  void Write(ObjectKind kind, const std::string& table, const std::string& name = {}) {
    Add(kind, table, name, Mode::kWrite);
  }
  // Something inside `table` changes: whoever reads it whole depends on it.
  void Touch(const std::string& table) {
    Read(ObjectKind::kTable, table);
    Add(ObjectKind::kWholeTable, table, {}, Mode::kChange);
  }
  void ReadColumns(const std::string& table, const std::vector<std::string>& columns) {
    for (const std::string& column : columns) Read(ObjectKind::kColumn, table, column);
  }
  // A check's expression is opaque SQL over its table's columns: it depends
  // on every column there is (not on columns added later).
  void ReadCheckColumns(const TableDef& table) {
    for (const ast::Column& column : table.columns) {
      Read(ObjectKind::kColumn, table.name, column.name);
    }
  }
  // What a foreign key needs of its target: the table, the referenced
  // columns, and what makes them a key (a unique index, when that is it; a
  // unique column is part of the column, a primary key never changes).
  void ReadKeyTarget(const ast::ForeignKey& key, const std::string& owner,
                     const SchemaState* state) {
    if (key.ref_table == owner) return;  // its own table, already covered
    Read(ObjectKind::kTable, key.ref_table);
    ReadColumns(key.ref_table, key.ref_columns);
    const TableDef* target = state ? state->FindTable(key.ref_table) : nullptr;
    if (target == nullptr) return;
    for (const ast::Index& index : target->indexes) {
      if (index.unique && index.columns == key.ref_columns) {
        Read(ObjectKind::kIndex, {}, index.name);
      }
    }
  }

 private:
  std::uint32_t op_;
  Footprint& footprint_;
};

void CreateTableAccesses(const ast::CreateTable& create, const SchemaState& before,
                         Collector& c) {
  c.Write(ObjectKind::kTable, create.name);
  for (const ast::Index& key : create.unique_keys) c.Write(ObjectKind::kIndex, {}, key.name);
  for (const ast::ForeignKey& key : create.foreign_keys) {
    c.Write(ObjectKind::kForeignKey, {}, key.name);
    c.ReadKeyTarget(key, create.name, &before);
  }
}

void DropTableAccesses(const ast::DropTable& drop, const SchemaState& before,
                       Collector& c) {
  c.Write(ObjectKind::kTable, drop.name);
  const TableDef* table = before.FindTable(drop.name);
  if (table == nullptr) return;
  // Its names become free; its down recreates it with its keys.
  for (const ast::Index& index : table->indexes) c.Write(ObjectKind::kIndex, {}, index.name);
  for (const ast::ForeignKey& key : table->foreign_keys) {
    c.Write(ObjectKind::kForeignKey, {}, key.name);
    c.ReadKeyTarget(key, drop.name, &before);
  }
}

void DropColumnAccesses(const ast::DropColumn& drop, const SchemaState& before,
                        Collector& c) {
  c.Touch(drop.table);
  c.Write(ObjectKind::kColumn, drop.table, drop.column);
  c.Add(ObjectKind::kColumns, drop.table, {}, Mode::kShrink);
  // The down puts it back after its left neighbour (MySQL: AFTER x).
  const TableDef* table = before.FindTable(drop.table);
  std::size_t at = table ? table->ColumnPosition(drop.column) : 0;
  if (table != nullptr && at > 0 && at < table->columns.size()) {
    c.Read(ObjectKind::kColumn, drop.table, table->columns[at - 1].name);
  }
}

void DropConstraintAccesses(const ast::DropConstraint& drop, const SchemaState& before,
                            Collector& c) {
  c.Touch(drop.table);
  c.Write(ObjectKind::kConstraint, drop.table, drop.name);
  const TableDef* table = before.FindTable(drop.table);
  if (table == nullptr) return;
  if (const ast::ForeignKey* key = table->FindForeignKey(drop.name)) {
    c.Write(ObjectKind::kForeignKey, {}, drop.name);
    c.ReadColumns(drop.table, key->columns);
    c.ReadKeyTarget(*key, drop.table, &before);
    // MySQL also drops InnoDB's own index for the key unless another index
    // serves it: that depends on the table's indexes.
    c.Read(ObjectKind::kIndexes, drop.table);
  } else if (table->FindCheck(drop.name) != nullptr) {
    c.ReadCheckColumns(*table);
  } else if (const ast::Index* index = table->FindIndex(drop.name)) {
    c.Write(ObjectKind::kIndex, {}, drop.name);
    c.Add(ObjectKind::kIndexes, drop.table, {}, Mode::kChange);
    c.ReadColumns(drop.table, index->columns);
  }
}

void AlterColumnAccesses(const ast::AlterColumn& alter, const SchemaState& before,
                         Collector& c) {
  c.Touch(alter.table);
  c.Write(ObjectKind::kColumn, alter.table, alter.column);
  if (alter.new_name) c.Write(ObjectKind::kColumn, alter.table, *alter.new_name);
  if (alter.position) {  // the order of every column; its down reads the old neighbour
    c.Write(ObjectKind::kColumns, alter.table);
    if (!alter.position->first) c.Read(ObjectKind::kColumn, alter.table, alter.position->after);
  }
  if (!alter.type) return;
  // A new type must still match both sides of the keys the column is in.
  const TableDef* table = before.FindTable(alter.table);
  if (table == nullptr) return;
  for (const ast::ForeignKey& key : table->foreign_keys) {
    for (std::size_t i = 0; i < key.columns.size() && i < key.ref_columns.size(); ++i) {
      if (key.columns[i] == alter.column) {
        c.Read(ObjectKind::kColumn, key.ref_table, key.ref_columns[i]);
      }
    }
  }
}

// A view, trigger or event body reads all of every table it declares (and a
// trigger's or event's may change their rows); one that declares none is
// opaque, like raw SQL without `on`.
void BodyAccesses(const ast::Body& body, bool writes_rows, Collector& c) {
  for (const std::string& table : body.uses) {
    c.Read(ObjectKind::kTable, table);
    c.Read(ObjectKind::kWholeTable, table);
    if (writes_rows) c.Write(ObjectKind::kRows, table);
  }
}

// A view binds a name in the tables' namespace; a trigger reads all of its
// table and binds its name; an event binds its name. Creating and dropping
// one touch the same objects (the drop's derived down recreates it).
void ObjectAccesses(const ast::View* view, const ast::Trigger* trigger, const ast::Event* event,
                    std::uint32_t op, Collector& c, Footprint& footprint) {
  auto opaque = [&] {
    if (!footprint.opaque) footprint.opaque_op = op;
    footprint.opaque = true;
  };
  if (view != nullptr) {
    c.Write(ObjectKind::kTable, view->name);
    if (view->body.uses.empty()) opaque();
    BodyAccesses(view->body, false, c);
  } else if (trigger != nullptr) {
    c.Touch(trigger->table);
    c.Read(ObjectKind::kWholeTable, trigger->table);
    c.Write(ObjectKind::kRows, trigger->table);
    c.Add(ObjectKind::kObject, "trigger", trigger->name, Mode::kWrite);
    BodyAccesses(trigger->body, true, c);
  } else if (event != nullptr) {
    c.Add(ObjectKind::kObject, "event", event->name, Mode::kWrite);
    if (event->body.uses.empty()) opaque();
    BodyAccesses(event->body, true, c);
  }
}

void RawSqlAccesses(const ast::RawSql& sql, std::uint32_t op, Collector& c,
                    Footprint& footprint) {
  if (sql.tables.empty()) {
    if (!footprint.opaque) footprint.opaque_op = op;
    footprint.opaque = true;
    return;
  }
  // Declared tables: the block may read any of their columns and change
  // their rows, but not their definitions.
  for (const std::string& table : sql.tables) {
    c.Read(ObjectKind::kTable, table);
    c.Read(ObjectKind::kWholeTable, table);
    c.Write(ObjectKind::kRows, table);
  }
}

}  // namespace

std::size_t ObjectHash::operator()(const Object& object) const {
  std::size_t h = std::hash<std::string>{}(object.table);
  h = h * 31 + std::hash<std::string>{}(object.name);
  return h * 31 + static_cast<std::size_t>(object.kind);
}

bool Conflicts(Mode a, Mode b) {
  if (a == Mode::kWrite || b == Mode::kWrite) return true;
  if (a == Mode::kRead || b == Mode::kRead) return a != b;
  return a == Mode::kShrink && b == Mode::kShrink;  // kChange commutes
}

void AddAccesses(const ast::Op& op, std::uint32_t op_index, const SchemaState& before,
                 Footprint& footprint) {
  Collector c(op_index, footprint);
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          CreateTableAccesses(o, before, c);
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          DropTableAccesses(o, before, c);
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          c.Write(ObjectKind::kTable, o.from);
          c.Write(ObjectKind::kTable, o.to);
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          c.Touch(o.table);
          c.Write(ObjectKind::kColumn, o.table, o.column.name);
          // A placed column fixes the order of all of them: it does not
          // commute with another change to the table's columns.
          c.Add(ObjectKind::kColumns, o.table, {}, o.position ? Mode::kWrite : Mode::kChange);
          if (o.position && !o.position->first) {
            c.Read(ObjectKind::kColumn, o.table, o.position->after);
          }
          // A generated column's expression is opaque SQL over the table's
          // columns, like a check's.
          if (const TableDef* table = before.FindTable(o.table); table && !o.column.generated.empty()) {
            c.ReadCheckColumns(*table);
          }
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          DropColumnAccesses(o, before, c);
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          c.Touch(o.index.table);
          c.ReadColumns(o.index.table, o.index.columns);
          c.Write(ObjectKind::kIndex, {}, o.index.name);
          c.Add(ObjectKind::kIndexes, o.index.table, {}, Mode::kChange);
        } else if constexpr (std::is_same_v<T, ast::DropIndex> ||
                             std::is_same_v<T, ast::RenameIndex>) {
          std::string name;
          if constexpr (std::is_same_v<T, ast::DropIndex>) {
            name = o.name;
          } else {
            name = o.from;
            c.Write(ObjectKind::kIndex, {}, o.to);
          }
          c.Write(ObjectKind::kIndex, {}, name);
          if (const ast::Index* index = before.FindIndex(name, o.table)) {
            c.Touch(index->table);
            c.Add(ObjectKind::kIndexes, index->table, {}, Mode::kChange);
            c.ReadColumns(index->table, index->columns);  // recreated by name
          }
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          AlterColumnAccesses(o, before, c);
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          c.Touch(o.table);
          c.ReadColumns(o.table, o.key.columns);
          c.Write(ObjectKind::kForeignKey, {}, o.key.name);
          c.Write(ObjectKind::kConstraint, o.table, o.key.name);
          c.ReadKeyTarget(o.key, o.table, &before);
          // On MySQL the key gets an index of its own unless one serves it,
          // and a later drop of that index must then make one.
          c.Read(ObjectKind::kIndexes, o.table);
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          c.Touch(o.table);
          c.Write(ObjectKind::kConstraint, o.table, o.check.name);
          if (const TableDef* table = before.FindTable(o.table)) c.ReadCheckColumns(*table);
        } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
          DropConstraintAccesses(o, before, c);
        } else if constexpr (std::is_same_v<T, ast::RawSql>) {
          RawSqlAccesses(o, op_index, c, footprint);
        } else if constexpr (std::is_same_v<T, ast::CreateView>) {
          ObjectAccesses(&o.view, nullptr, nullptr, op_index, c, footprint);
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          ObjectAccesses(nullptr, &o.trigger, nullptr, op_index, c, footprint);
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          ObjectAccesses(nullptr, nullptr, &o.event, op_index, c, footprint);
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          using K = ast::DropObject::Kind;
          ObjectAccesses(o.kind == K::kView ? before.FindView(o.name) : nullptr,
                         o.kind == K::kTrigger ? before.FindTrigger(o.name) : nullptr,
                         o.kind == K::kEvent ? before.FindEvent(o.name) : nullptr, op_index, c,
                         footprint);
        }
        // RestoreColumn is compiler-made (inverses only), never simulated.
      },
      op.kind);
}

void AddWholeTableRead(const TableDef& table, std::uint32_t op_index, std::string why,
                       Footprint& footprint) {
  Collector c(op_index, footprint);
  c.Add(ObjectKind::kTable, table.name, {}, Mode::kRead, why);
  c.Add(ObjectKind::kWholeTable, table.name, {}, Mode::kRead, why);
  for (const ast::ForeignKey& key : table.foreign_keys) {
    c.ReadKeyTarget(key, table.name, nullptr);
  }
}

std::string Describe(const Object& object) {
  auto q = [](const std::string& s) { return "'" + s + "'"; };
  switch (object.kind) {
    case ObjectKind::kTable:
      return "table " + q(object.table);
    case ObjectKind::kColumn:
      return "column " + q(object.table + "." + object.name);
    case ObjectKind::kColumns:
      return "the columns of table " + q(object.table);
    case ObjectKind::kWholeTable:
      return "the whole of table " + q(object.table);
    case ObjectKind::kIndexes:
      return "the indexes of table " + q(object.table);
    case ObjectKind::kIndex:
      return "index " + q(object.name);
    case ObjectKind::kConstraint:
      return "constraint " + q(object.name) + " of table " + q(object.table);
    case ObjectKind::kForeignKey:
      return "foreign key " + q(object.name);
    case ObjectKind::kRows:
      return "the rows of table " + q(object.table);
    case ObjectKind::kObject:
      return object.table + " " + q(object.name);
  }
  return {};
}

std::string Phrase(const Object& object, Mode mode) {
  std::string table = "table '" + object.table + "'";
  if (object.kind == ObjectKind::kWholeTable) {
    return mode == Mode::kRead ? "reads all of " + table : "changes " + table;
  }
  if (object.kind == ObjectKind::kColumns && mode == Mode::kShrink) {
    return "drops a column of " + table;
  }
  static constexpr const char* kVerbs[] = {"reads", "defines", "changes", "shrinks"};
  return std::string(kVerbs[static_cast<int>(mode)]) + " " + Describe(object);
}

}  // namespace retort::check
