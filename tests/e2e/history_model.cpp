#include "history_model.h"

#include <algorithm>
#include <type_traits>

namespace retort::testing::gen {

std::string Type::Dsl() const {
  switch (base) {
    case BaseType::kSmallint:
      return "smallint";
    case BaseType::kInteger:
      return "integer";
    case BaseType::kBigint:
      return "bigint";
    case BaseType::kVarchar:
      return "varchar(" + std::to_string(size) + ")";
    case BaseType::kDecimal:
      return "decimal(" + std::to_string(size) + ",2)";
    case BaseType::kBoolean:
      return "boolean";
    case BaseType::kText:
      return "text";
  }
  return "integer";
}

std::string Column::Dsl() const {
  std::string out = name + " " + type.Dsl();
  if (primary_key) return out + " primary key";
  out += nullable ? " null" : " not null";
  if (default_value) out += " default " + *default_value;
  if (unique) out += " unique";
  return out;
}

const Column* Table::Find(const std::string& column) const {
  for (const Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

Column* Table::Find(const std::string& column) {
  for (Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const Table* Schema::FindTable(const std::string& name) const {
  for (const Table& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Table* Schema::FindTable(const std::string& name) {
  for (Table& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const Table* Schema::FindUid(int uid) const {
  for (const Table& t : tables) {
    if (t.uid == uid) return &t;
  }
  return nullptr;
}

const Index* Schema::FindIndex(const std::string& name) const {
  for (const Index& i : indexes) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

bool Schema::ColumnInUse(const std::string& table, const std::string& column) const {
  for (const Index& i : indexes) {
    if (i.table == table &&
        std::find(i.columns.begin(), i.columns.end(), column) != i.columns.end()) {
      return true;
    }
  }
  for (const ForeignKey& k : keys) {
    if ((k.table == table && k.column == column) || (k.ref_table == table && column == "id")) {
      return true;
    }
  }
  return false;
}

bool Schema::Referenced(const std::string& table) const {
  for (const ForeignKey& k : keys) {
    if (k.ref_table == table && k.table != table) return true;
  }
  return false;
}

namespace {

bool NameTaken(const Schema& s, const std::string& name) {
  if (s.FindIndex(name) != nullptr) return true;
  for (const ForeignKey& k : s.keys) {
    if (k.name == name) return true;
  }
  for (const Check& c : s.checks) {
    if (c.name == name) return true;
  }
  return false;
}

// A key's column exists, the target table exists and has `id`.
bool KeyFits(const Schema& s, const ForeignKey& key, const Table& owner) {
  const Column* from = owner.Find(key.column);
  const Table* target = s.FindTable(key.ref_table);
  return from != nullptr && from->type.base == BaseType::kInteger && target != nullptr &&
         target->Find("id") != nullptr && !NameTaken(s, key.name);
}

bool ApplyCreate(const CreateTable& op, Schema& s) {
  if (s.FindTable(op.table.name) != nullptr) return false;
  for (const ForeignKey& key : op.keys) {
    if (!KeyFits(s, key, op.table)) return false;
  }
  s.tables.push_back(op.table);
  for (const ForeignKey& key : op.keys) s.keys.push_back(key);
  for (const Check& check : op.checks) s.checks.push_back(check);
  return true;
}

bool ApplyDropTable(const DropTable& op, Schema& s) {
  if (s.FindTable(op.name) == nullptr || s.Referenced(op.name)) return false;
  std::erase_if(s.tables, [&](const Table& t) { return t.name == op.name; });
  std::erase_if(s.indexes, [&](const Index& i) { return i.table == op.name; });
  std::erase_if(s.keys, [&](const ForeignKey& k) { return k.table == op.name; });
  std::erase_if(s.checks, [&](const Check& c) { return c.table == op.name; });
  return true;
}

bool ApplyRenameTable(const RenameTable& op, Schema& s) {
  Table* table = s.FindTable(op.from);
  if (table == nullptr || s.FindTable(op.to) != nullptr) return false;
  table->name = op.to;
  for (Index& i : s.indexes) {
    if (i.table == op.from) i.table = op.to;
  }
  for (ForeignKey& k : s.keys) {
    if (k.table == op.from) k.table = op.to;
    if (k.ref_table == op.from) k.ref_table = op.to;
  }
  for (Check& c : s.checks) {
    if (c.table == op.from) c.table = op.to;
  }
  return true;
}

bool ApplyAddColumn(const AddColumn& op, Schema& s) {
  Table* table = s.FindTable(op.table);
  if (table == nullptr || table->Find(op.column.name) != nullptr) return false;
  table->columns.push_back(op.column);
  return true;
}

bool ApplyDropColumn(const DropColumn& op, Schema& s) {
  Table* table = s.FindTable(op.table);
  if (table == nullptr) return false;
  const Column* column = table->Find(op.column);
  if (column == nullptr || column->primary_key || table->columns.size() == 1 ||
      s.ColumnInUse(op.table, op.column)) {
    return false;
  }
  std::erase_if(table->columns, [&](const Column& c) { return c.name == op.column; });
  return true;
}

bool ApplyAlterColumn(const AlterColumn& op, Schema& s) {
  Table* table = s.FindTable(op.table);
  if (table == nullptr) return false;
  Column* column = table->Find(op.column);
  if (column == nullptr || column->primary_key || column->ref) return false;
  if (op.new_name && *op.new_name != op.column && table->Find(*op.new_name) != nullptr) {
    return false;
  }
  Column changed = *column;
  if (op.type) changed.type = *op.type;
  if (op.nullable) changed.nullable = *op.nullable;
  if (op.default_value) changed.default_value = *op.default_value;
  if (op.new_name) changed.name = *op.new_name;
  if (changed.type == column->type && changed.nullable == column->nullable &&
      changed.default_value == column->default_value && changed.name == column->name) {
    return false;  // the compiler's "changes nothing"
  }
  if (op.new_name) {
    for (Index& i : s.indexes) {
      if (i.table != op.table) continue;
      for (std::string& c : i.columns) {
        if (c == op.column) c = *op.new_name;
      }
    }
  }
  *column = changed;
  return true;
}

bool ApplyCreateIndex(const CreateIndex& op, Schema& s) {
  const Table* table = s.FindTable(op.index.table);
  if (table == nullptr || NameTaken(s, op.index.name)) return false;
  for (const std::string& c : op.index.columns) {
    if (table->Find(c) == nullptr) return false;
  }
  s.indexes.push_back(op.index);
  return true;
}

bool ApplyDropIndex(const DropIndex& op, Schema& s) {
  if (s.FindIndex(op.name) == nullptr) return false;
  std::erase_if(s.indexes, [&](const Index& i) { return i.name == op.name; });
  return true;
}

bool ApplyRenameIndex(const RenameIndex& op, Schema& s) {
  if (s.FindIndex(op.from) == nullptr || NameTaken(s, op.to)) return false;
  for (Index& i : s.indexes) {
    if (i.name == op.from) i.name = op.to;
  }
  return true;
}

bool ApplyAddKey(const AddForeignKey& op, Schema& s) {
  const Table* table = s.FindTable(op.key.table);
  if (table == nullptr || !KeyFits(s, op.key, *table)) return false;
  s.keys.push_back(op.key);
  return true;
}

bool ApplyAddCheck(const AddCheck& op, Schema& s) {
  if (s.FindTable(op.check.table) == nullptr || NameTaken(s, op.check.name)) return false;
  s.checks.push_back(op.check);
  return true;
}

bool ApplyDropConstraint(const DropConstraint& op, Schema& s) {
  if (s.FindTable(op.table) == nullptr) return false;
  std::size_t dropped =
      std::erase_if(s.keys,
                    [&](const ForeignKey& k) { return k.table == op.table && k.name == op.name; }) +
      std::erase_if(s.checks,
                    [&](const Check& c) { return c.table == op.table && c.name == op.name; }) +
      std::erase_if(s.indexes, [&](const Index& i) {
        return i.table == op.table && i.name == op.name && i.unique;
      });
  return dropped > 0;
}

std::string JoinColumns(const std::vector<std::string>& columns) {
  std::string out;
  for (const std::string& c : columns) out += (out.empty() ? "" : ", ") + c;
  return out;
}

std::string AlterBlock(const std::string& table, const std::string& action) {
  return "alter table " + table + " {\n  " + action + ";\n}\n";
}

std::string KeyClause(const ForeignKey& key) {
  return "constraint " + key.name + " foreign key (" + key.column + ") references " +
         key.ref_table + " (id)";
}

std::string CheckClause(const Check& check) {
  return "constraint " + check.name + " check (" + check.expression + ")";
}

std::string RenderAlter(const AlterColumn& op) {
  std::vector<std::string> changes;
  if (op.type) changes.push_back("type " + op.type->Dsl());
  if (op.nullable) changes.push_back(*op.nullable ? "drop not null" : "set not null");
  if (op.default_value) {
    changes.push_back(*op.default_value ? "set default " + **op.default_value
                                        : std::string("drop default"));
  }
  if (op.new_name) changes.push_back("rename to " + *op.new_name);
  return AlterBlock(op.table, "alter column " + op.column + " " + JoinColumns(changes));
}

}  // namespace

bool Apply(const Op& op, Schema& schema) {
  return std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) return ApplyCreate(o, schema);
        if constexpr (std::is_same_v<T, DropTable>) return ApplyDropTable(o, schema);
        if constexpr (std::is_same_v<T, RenameTable>) return ApplyRenameTable(o, schema);
        if constexpr (std::is_same_v<T, AddColumn>) return ApplyAddColumn(o, schema);
        if constexpr (std::is_same_v<T, DropColumn>) return ApplyDropColumn(o, schema);
        if constexpr (std::is_same_v<T, AlterColumn>) return ApplyAlterColumn(o, schema);
        if constexpr (std::is_same_v<T, CreateIndex>) return ApplyCreateIndex(o, schema);
        if constexpr (std::is_same_v<T, DropIndex>) return ApplyDropIndex(o, schema);
        if constexpr (std::is_same_v<T, RenameIndex>) return ApplyRenameIndex(o, schema);
        if constexpr (std::is_same_v<T, AddForeignKey>) return ApplyAddKey(o, schema);
        if constexpr (std::is_same_v<T, AddCheck>) return ApplyAddCheck(o, schema);
        if constexpr (std::is_same_v<T, DropConstraint>) return ApplyDropConstraint(o, schema);
        return false;
      },
      op);
}

std::string Render(const Op& op) {
  return std::visit(
      [](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) {
          std::string out = "create table " + o.table.name + " {\n";
          for (const Column& c : o.table.columns) out += "  " + c.Dsl() + ";\n";
          for (const ForeignKey& k : o.keys) out += "  " + KeyClause(k) + ";\n";
          for (const Check& c : o.checks) out += "  " + CheckClause(c) + ";\n";
          return out + "}\n";
        } else if constexpr (std::is_same_v<T, DropTable>) {
          return "drop table " + o.name + ";\n";
        } else if constexpr (std::is_same_v<T, RenameTable>) {
          return "rename table " + o.from + " to " + o.to + ";\n";
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          return AlterBlock(o.table, "add column " + o.column.Dsl());
        } else if constexpr (std::is_same_v<T, DropColumn>) {
          return AlterBlock(o.table, "drop column " + o.column);
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          return RenderAlter(o);
        } else if constexpr (std::is_same_v<T, CreateIndex>) {
          if (o.index.constraint) {
            return AlterBlock(o.index.table, "add constraint " + o.index.name + " unique (" +
                                                 JoinColumns(o.index.columns) + ")");
          }
          return std::string(o.index.unique ? "create unique index " : "create index ") +
                 o.index.name + " on " + o.index.table + " (" + JoinColumns(o.index.columns) +
                 ");\n";
        } else if constexpr (std::is_same_v<T, DropIndex>) {
          return "drop index " + o.name + ";\n";
        } else if constexpr (std::is_same_v<T, RenameIndex>) {
          return "rename index " + o.from + " to " + o.to + ";\n";
        } else if constexpr (std::is_same_v<T, AddForeignKey>) {
          return AlterBlock(o.key.table, "add " + KeyClause(o.key));
        } else if constexpr (std::is_same_v<T, AddCheck>) {
          return AlterBlock(o.check.table, "add " + CheckClause(o.check));
        } else {
          return AlterBlock(o.table, "drop constraint " + o.name);
        }
      },
      op);
}

}  // namespace retort::testing::gen
