#include "check/schema_state.h"

#include <algorithm>
#include <set>
#include <type_traits>

namespace retort::check {

const ast::Column* TableDef::FindColumn(const std::string& column) const {
  for (const ast::Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

std::size_t TableDef::ColumnPosition(const std::string& column) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return i;
  }
  return columns.size();
}

bool TableDef::InPrimaryKey(const std::string& column) const {
  return std::find(primary_key.begin(), primary_key.end(), column) !=
         primary_key.end();
}

ast::Column ApplyChange(const ast::Column& column, const ast::AlterColumn& alter) {
  ast::Column changed = column;
  if (alter.type) changed.type = *alter.type;
  if (alter.nullable) changed.nullable = *alter.nullable;
  if (alter.default_value) changed.default_value = *alter.default_value;
  if (alter.new_name) changed.name = *alter.new_name;
  if (alter.comment) changed.comment = *alter.comment;
  return changed;
}

const ast::ForeignKey* TableDef::FindForeignKey(const std::string& key) const {
  for (const ast::ForeignKey& fk : foreign_keys) {
    if (fk.name == key) return &fk;
  }
  return nullptr;
}

const ast::Check* TableDef::FindCheck(const std::string& name) const {
  for (const ast::Check& check : checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

const ast::Index* TableDef::FindIndex(const std::string& name) const {
  for (const ast::Index& index : indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

TableDef::Constraint TableDef::ConstraintNamed(const std::string& name) const {
  if (FindForeignKey(name) != nullptr) return Constraint::kForeignKey;
  if (FindCheck(name) != nullptr) return Constraint::kCheck;
  const ast::Index* index = FindIndex(name);
  return index != nullptr && index->unique ? Constraint::kUniqueIndex : Constraint::kNone;
}

bool TableDef::IsKey(const std::vector<std::string>& wanted) const {
  auto same = [&](const std::vector<std::string>& columns) {
    return std::is_permutation(columns.begin(), columns.end(), wanted.begin(),
                               wanted.end());
  };
  if (!primary_key.empty() && same(primary_key)) return true;
  for (const ast::Index& index : indexes) {
    if (index.unique && same(index.columns)) return true;
  }
  if (wanted.size() == 1) {
    const ast::Column* column = FindColumn(wanted[0]);
    if (column != nullptr && column->unique) return true;
  }
  return false;
}

TableDef MakeTable(const ast::CreateTable& create, source::SourceLoc loc) {
  TableDef table;
  table.name = create.name;
  table.columns = create.columns;
  table.primary_key = create.primary_key;
  table.options = create.options;
  table.foreign_keys = create.foreign_keys;
  table.checks = create.checks;
  table.indexes = create.unique_keys;
  table.created_at = loc;
  for (ast::Column& column : table.columns) {
    if (column.primary_key && !table.InPrimaryKey(column.name)) {
      table.primary_key.push_back(column.name);
    }
    column.primary_key = false;  // the key lives on the table
  }
  for (ast::Column& column : table.columns) {
    if (table.InPrimaryKey(column.name)) column.nullable = false;
  }
  return table;
}

const TableDef* SchemaState::FindTable(const std::string& name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

const TableDef* SchemaState::FindForeignKeyOwner(const std::string& name) const {
  for (const auto& [table_name, table] : tables_) {
    if (table->FindForeignKey(name) != nullptr) return table.get();
  }
  return nullptr;
}

const ast::Index* SchemaState::FindIndex(const std::string& name,
                                         const std::string& table) const {
  const std::vector<std::string>& tables = TablesWithIndex(name);
  if (table.empty() && tables.size() != 1) return nullptr;
  const TableDef* def = FindTable(table.empty() ? tables[0] : table);
  return def == nullptr ? nullptr : def->FindIndex(name);
}

namespace {
template <typename T>
const T* FindNamed(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}
}  // namespace

const ast::View* SchemaState::FindView(const std::string& name) const {
  return FindNamed(views_, name);
}
const ast::Trigger* SchemaState::FindTrigger(const std::string& name) const {
  return FindNamed(triggers_, name);
}
const ast::Event* SchemaState::FindEvent(const std::string& name) const {
  return FindNamed(events_, name);
}

bool SchemaState::HasObject(ast::DropObject::Kind kind, const std::string& name) const {
  switch (kind) {
    case ast::DropObject::Kind::kView: return FindView(name) != nullptr;
    case ast::DropObject::Kind::kTrigger: return FindTrigger(name) != nullptr;
    case ast::DropObject::Kind::kEvent: return FindEvent(name) != nullptr;
  }
  return false;
}

const std::vector<std::string>& SchemaState::TablesWithIndex(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = index_tables_.find(name);
  return it == index_tables_.end() ? kNone : it->second;
}

const ast::Index* SchemaState::ClashingIndex(const std::string& name,
                                             const std::string& table) const {
  if (index_names_per_table_) return FindIndex(name, table);
  const std::vector<std::string>& tables = TablesWithIndex(name);
  return tables.empty() ? nullptr : FindIndex(name, tables[0]);
}

void SchemaState::AddIndexName(const std::string& index, const std::string& table) {
  std::vector<std::string>& tables = index_tables_[index];
  auto at = std::lower_bound(tables.begin(), tables.end(), table);
  if (at == tables.end() || *at != table) tables.insert(at, table);
}

void SchemaState::RemoveIndexName(const std::string& index, const std::string& table) {
  auto it = index_tables_.find(index);
  if (it == index_tables_.end()) return;
  std::erase(it->second, table);
  if (it->second.empty()) index_tables_.erase(it);
}

std::vector<std::string> SchemaState::TablesTouchedBy(const ast::Op& op) const {
  return std::visit(
      [&](const auto& o) -> std::vector<std::string> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          return {o.name};
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          return {o.name};
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          return {o.from, o.to};
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          return {o.index.table};
        } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
          const ast::Index* index = FindIndex(o.name, o.table);
          return {index ? index->table : o.table};
        } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
          const ast::Index* index = FindIndex(o.from, o.table);
          if (index == nullptr) index = FindIndex(o.to, o.table);
          return {index ? index->table : o.table};
        } else if constexpr (std::is_same_v<T, ast::RawSql> || std::is_same_v<T, ast::CreateView> ||
                             std::is_same_v<T, ast::CreateEvent>) {
          return {};
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          return {o.trigger.table};
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          const ast::Trigger* trigger =
              o.kind == ast::DropObject::Kind::kTrigger ? FindTrigger(o.name) : nullptr;
          if (trigger == nullptr) return {};
          return {trigger->table};
        } else {
          return {o.table};  // column, key and constraint operations
        }
      },
      op.kind);
}

SchemaState SchemaState::Subset(const std::vector<std::string>& tables) const {
  SchemaState subset(index_names_per_table_);
  subset.views_ = views_;  // few and small: copied whole
  subset.triggers_ = triggers_;
  subset.events_ = events_;
  for (const std::string& name : tables) {
    auto it = tables_.find(name);
    if (it == tables_.end()) continue;
    subset.tables_.insert(*it);
    for (const ast::Index& index : it->second->indexes) subset.AddIndexName(index.name, name);
  }
  return subset;
}

TableDef& SchemaState::MutableTable(const std::string& name) {
  std::shared_ptr<const TableDef>& slot = tables_.at(name);
  auto copy = std::make_shared<TableDef>(*slot);
  TableDef& table = *copy;
  slot = std::move(copy);
  return table;
}

void SchemaState::SortAppendedColumns(const std::string& name) {
  const TableDef* table = FindTable(name);
  if (table == nullptr || table->appended_at.empty()) return;
  auto key = [&](const ast::Column& column) {
    auto it = table->appended_at.find(column.name);
    return it == table->appended_at.end() ? 0 : it->second;
  };
  auto before = [&](const ast::Column& a, const ast::Column& b) { return key(a) < key(b); };
  if (std::is_sorted(table->columns.begin(), table->columns.end(), before)) return;
  // MutableTable replaces the shared definition (freeing it when this state
  // held the last reference): the key must read the copy from then on.
  TableDef& copy = MutableTable(name);
  table = &copy;
  std::stable_sort(copy.columns.begin(), copy.columns.end(), before);
}

namespace {
// Puts `column` where `position` says. The table's columns are then in the
// order the user chose, not appended in history order: none of them is
// "appended" any more for merges (a positioned change conflicts with every
// concurrent change to the table's columns, so no merge reorders them).
void PlaceColumn(TableDef& table, ast::Column column, const ast::ColumnPosition& position) {
  std::size_t at = 0;
  if (!position.first) {
    at = table.columns.size();
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      if (table.columns[i].name == position.after) at = i + 1;
    }
  }
  table.columns.insert(table.columns.begin() + static_cast<std::ptrdiff_t>(at), std::move(column));
  table.appended_at.clear();
}
}  // namespace

void SchemaState::Apply(const ast::Op& op, std::uint64_t order_key) {
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          tables_[o.name] = std::make_shared<const TableDef>(MakeTable(o, op.loc));
          for (const ast::Index& key : o.unique_keys) AddIndexName(key.name, o.name);
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          if (const TableDef* table = FindTable(o.name)) {
            for (const ast::Index& index : table->indexes) RemoveIndexName(index.name, o.name);
          }
          tables_.erase(o.name);
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          TableDef& table = MutableTable(o.table);
          if (o.position) {
            PlaceColumn(table, o.column, *o.position);
          } else {
            table.columns.push_back(o.column);
            if (order_key != 0) table.appended_at[o.column.name] = order_key;
          }
        } else if constexpr (std::is_same_v<T, ast::RestoreColumn>) {
          auto& columns = MutableTable(o.table).columns;
          std::size_t at = std::min(o.position, columns.size());
          columns.insert(columns.begin() + static_cast<std::ptrdiff_t>(at),
                         o.column);
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          TableDef& table = MutableTable(o.table);
          std::erase_if(table.columns, [&](const ast::Column& c) {
            return c.name == o.column;
          });
          table.appended_at.erase(o.column);
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          MutableTable(o.index.table).indexes.push_back(o.index);
          AddIndexName(o.index.name, o.index.table);
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          auto node = tables_.extract(o.from);
          if (node.empty()) return;
          auto table = std::make_shared<TableDef>(*node.mapped());
          table->name = o.to;
          for (ast::Index& index : table->indexes) {
            index.table = o.to;
            RemoveIndexName(index.name, o.from);
            AddIndexName(index.name, o.to);
          }
          tables_[o.to] = std::move(table);
          for (ast::Trigger& trigger : triggers_) {
            if (trigger.table == o.from) trigger.table = o.to;
          }
          // Keys that referenced the old name follow the table.
          for (auto& [name, other] : tables_) {
            bool refers = false;
            for (const ast::ForeignKey& fk : other->foreign_keys) {
              refers = refers || fk.ref_table == o.from;
            }
            if (!refers) continue;
            for (ast::ForeignKey& fk : MutableTable(name).foreign_keys) {
              if (fk.ref_table == o.from) fk.ref_table = o.to;
            }
          }
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          TableDef& table = MutableTable(o.table);
          for (ast::Column& column : table.columns) {
            if (column.name == o.column) column = ApplyChange(column, o);
          }
          if (o.position) {
            const std::string name = o.new_name.value_or(o.column);
            auto it = std::find_if(table.columns.begin(), table.columns.end(),
                                   [&](const ast::Column& c) { return c.name == name; });
            if (it != table.columns.end()) {
              ast::Column moved = std::move(*it);
              table.columns.erase(it);
              PlaceColumn(table, std::move(moved), *o.position);
            }
          }
          if (o.new_name) {
            if (auto node = table.appended_at.extract(o.column)) {
              node.key() = *o.new_name;
              table.appended_at.insert(std::move(node));
            }
            for (std::string& key : table.primary_key) {
              if (key == o.column) key = *o.new_name;
            }
            for (ast::Index& index : table.indexes) {
              for (std::string& c : index.columns) {
                if (c == o.column) c = *o.new_name;
              }
            }
            for (ast::ForeignKey& fk : table.foreign_keys) {
              for (std::string& c : fk.columns) {
                if (c == o.column) c = *o.new_name;
              }
            }
            for (auto& [name, other] : tables_) {
              bool refers = false;
              for (const ast::ForeignKey& fk : other->foreign_keys) {
                refers = refers || fk.ref_table == o.table;
              }
              if (!refers) continue;
              for (ast::ForeignKey& fk : MutableTable(name).foreign_keys) {
                if (fk.ref_table != o.table) continue;
                for (std::string& c : fk.ref_columns) {
                  if (c == o.column) c = *o.new_name;
                }
              }
            }
          }
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          MutableTable(o.table).foreign_keys.push_back(o.key);
        } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
          const ast::Index* renamed = FindIndex(o.from, o.table);
          if (renamed == nullptr) return;
          std::string table = renamed->table;
          RemoveIndexName(o.from, table);
          AddIndexName(o.to, table);
          for (ast::Index& index : MutableTable(table).indexes) {
            if (index.name == o.from) index.name = o.to;
          }
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          MutableTable(o.table).checks.push_back(o.check);
        } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
          TableDef& table = MutableTable(o.table);
          switch (table.ConstraintNamed(o.name)) {
            case TableDef::Constraint::kForeignKey:
              std::erase_if(table.foreign_keys,
                            [&](const ast::ForeignKey& fk) { return fk.name == o.name; });
              break;
            case TableDef::Constraint::kCheck:
              std::erase_if(table.checks,
                            [&](const ast::Check& check) { return check.name == o.name; });
              break;
            case TableDef::Constraint::kUniqueIndex:
              std::erase_if(table.indexes, [&](const ast::Index& i) { return i.name == o.name; });
              RemoveIndexName(o.name, o.table);
              break;
            case TableDef::Constraint::kNone:
              break;
          }
        } else if constexpr (std::is_same_v<T, ast::CreateView>) {
          views_.push_back(o.view);
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          triggers_.push_back(o.trigger);
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          events_.push_back(o.event);
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          auto named = [&](const auto& item) { return item.name == o.name; };
          switch (o.kind) {
            case ast::DropObject::Kind::kView: std::erase_if(views_, named); break;
            case ast::DropObject::Kind::kTrigger: std::erase_if(triggers_, named); break;
            case ast::DropObject::Kind::kEvent: std::erase_if(events_, named); break;
          }
        } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
          const ast::Index* dropped = FindIndex(o.name, o.table);
          if (dropped == nullptr) return;
          std::string table = dropped->table;
          std::erase_if(MutableTable(table).indexes,
                        [&](const ast::Index& i) { return i.name == o.name; });
          RemoveIndexName(o.name, table);
        }
      },
      op.kind);
}

std::vector<const check::TableDef*> TablesInOrder(const check::SchemaState& schema) {
  std::vector<const check::TableDef*> ordered;
  std::set<std::string> placed;
  const auto& tables = schema.tables();
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (const auto& [name, table] : tables) {
      if (placed.count(name)) continue;
      bool ready = true;
      for (const ast::ForeignKey& fk : table->foreign_keys) {
        if (fk.ref_table != name && !placed.count(fk.ref_table) && tables.count(fk.ref_table)) {
          ready = false;
        }
      }
      if (!ready) continue;
      ordered.push_back(table.get());
      placed.insert(name);
      progress = true;
    }
    if (!progress) {  // a cycle of foreign keys: fall back to name order
      for (const auto& [name, table] : tables) {
        if (placed.insert(name).second) ordered.push_back(table.get());
      }
    }
  }
  return ordered;
}

}  // namespace retort::check
