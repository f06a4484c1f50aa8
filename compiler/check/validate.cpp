#include "check/validate.h"

#include <algorithm>
#include <optional>
#include <set>
#include <type_traits>

#include "check/report.h"
#include "check/validate_parts.h"
#include "check/validate_objects.h"

namespace retort::check {
namespace {

using diag::Kind;

bool IsTemporal(ast::TypeKind kind) {
  return kind == ast::TypeKind::kDatetime || kind == ast::TypeKind::kTimestamp;
}

bool IsNumeric(ast::TypeKind kind) {
  using ast::TypeKind;
  switch (kind) {
    case TypeKind::kInteger:
    case TypeKind::kBigint:
    case TypeKind::kSmallint:
    case TypeKind::kTinyint:
    case TypeKind::kMediumint:
    case TypeKind::kYear:
    case TypeKind::kBit:
    case TypeKind::kBoolean:
    case TypeKind::kDecimal:
    case TypeKind::kFloat:
    case TypeKind::kDouble:
      return true;
    default:
      return false;
  }
}

// '' or 'a,c': each member one of the set's values.
bool IsSetValue(const ast::ColumnType& type, const std::string& text) {
  std::size_t start = 0;
  while (!text.empty() && start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (std::find(type.values.begin(), type.values.end(), text.substr(start, end - start)) ==
        type.values.end()) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

bool IsInteger(ast::TypeKind kind) {
  return kind == ast::TypeKind::kInteger || kind == ast::TypeKind::kBigint ||
         kind == ast::TypeKind::kSmallint || kind == ast::TypeKind::kTinyint ||
         kind == ast::TypeKind::kMediumint;
}

}  // namespace

bool DefaultFits(const ast::Column& column) {
  if (!column.default_value) return true;
  const ast::DefaultValue& value = *column.default_value;
  using DK = ast::DefaultValue::Kind;
  bool fits = true;
  switch (value.kind) {
    case DK::kNull:
      fits = column.nullable;
      break;
    case DK::kCurrentTimestamp:
      fits = IsTemporal(column.type.kind);
      break;
    case DK::kExpression:  // opaque SQL: the database judges it
      fits = true;
      break;
    case DK::kNumber:
      fits = IsNumeric(column.type.kind);
      break;
    case DK::kBool:
      fits = column.type.kind == ast::TypeKind::kBoolean ||
             IsInteger(column.type.kind);
      break;
    case DK::kString:
      fits = column.type.kind != ast::TypeKind::kPoint &&
             column.type.kind != ast::TypeKind::kGeometry &&
             (column.type.kind != ast::TypeKind::kEnum ||
              std::find(column.type.values.begin(), column.type.values.end(),
                        value.text) != column.type.values.end()) &&
             (column.type.kind != ast::TypeKind::kSet || IsSetValue(column.type, value.text));
      break;
  }
  return fits;
}

namespace {

bool CheckForeignKey(const ast::ForeignKey& key, const TableDef& table,
                     const SchemaState& state, diag::DiagnosticEngine* engine);

}  // namespace

bool IsCharacter(ast::TypeKind kind) {
  using ast::TypeKind;
  switch (kind) {
    case TypeKind::kVarchar:
    case TypeKind::kChar:
    case TypeKind::kText:
    case TypeKind::kTinytext:
    case TypeKind::kMediumtext:
    case TypeKind::kLongtext:
    case TypeKind::kEnum:
    case TypeKind::kSet:
      return true;
    default:
      return false;
  }
}

namespace {

void CheckColumn(const ast::Column& column, diag::DiagnosticEngine* engine) {
  if (!column.generated.empty()) {
    // Its value is its expression (and MariaDB takes no NULL/NOT NULL on it).
    const char* extra = column.default_value               ? "a default"
                        : !column.nullable                 ? "not null"
                        : column.auto_increment            ? "auto_increment"
                        : column.primary_key               ? "primary key"
                        : column.on_update_current_timestamp ? "on update"
                                                           : nullptr;
    if (extra != nullptr) Report(engine, Kind::kGeneratedColumnAttr, column.loc, {column.name, extra});
  }
  if ((!column.charset.empty() || !column.collation.empty()) && !IsCharacter(column.type.kind)) {
    Report(engine, Kind::kCharsetOnNonText, column.loc,
           {column.name, ast::TypeName(column.type)});
  }
  if (column.on_update_current_timestamp && !IsTemporal(column.type.kind)) {
    Report(engine, Kind::kBadOnUpdate, column.loc,
           {column.name, ast::TypeName(column.type)});
  }
  if (!DefaultFits(column)) {
    Report(engine, Kind::kBadDefault, column.loc,
           {ast::DefaultSpelling(*column.default_value), column.name,
            ast::TypeName(column.type)});
  }
}

bool CheckCreateTable(const ast::CreateTable& create, const ast::Op& op,
                      const SchemaState& state, diag::DiagnosticEngine* engine) {
  bool ok = CheckNotView(create.name, NameLoc(op, 0), state, engine);
  if (const TableDef* existing = state.FindTable(create.name)) {
    if (auto* d = Report(engine, Kind::kTableExists, NameLoc(op, 0), {create.name})) {
      d->notes.push_back({Kind::kCreatedHere, existing->created_at, {create.name}});
    }
    ok = false;
  }
  if (create.columns.empty()) {
    Report(engine, Kind::kNoColumns, NameLoc(op, 0), {create.name});
    ok = false;
  }
  std::set<std::string> names;
  int inline_keys = 0;
  for (const ast::Column& column : create.columns) {
    if (!names.insert(column.name).second) {
      Report(engine, Kind::kDuplicateColumn, column.loc, {column.name, create.name});
      ok = false;
    }
    if (column.primary_key && ++inline_keys == 2) {
      Report(engine, Kind::kMultiplePrimaryKeys, column.loc, {create.name});
      ok = false;
    }
    // A bad default is reported, but the table is still created so that
    // later operations are not buried under follow-on errors.
    CheckColumn(column, engine);
  }
  if (inline_keys > 0 && !create.primary_key.empty()) {
    Report(engine, Kind::kMultiplePrimaryKeys, create.primary_key_loc, {create.name});
    ok = false;
  }
  for (const std::string& key : create.primary_key) {
    if (!names.count(key)) {
      Report(engine, Kind::kUnknownColumn, create.primary_key_loc, {key, create.name});
      ok = false;
    }
  }
  TableDef table = MakeTable(create, op.loc);
  if (ok) {
    // Constraint problems are reported, but the table is still created so
    // that later operations on it are checked rather than buried.
    for (const ast::ForeignKey& key : create.foreign_keys) {
      CheckForeignKey(key, table, state, engine);
    }
    std::set<std::string> constraint_names;
    for (const ast::ForeignKey& key : create.foreign_keys) constraint_names.insert(key.name);
    for (const ast::Check& check : create.checks) {
      if (!constraint_names.insert(check.name).second) {
        Report(engine, Kind::kConstraintExists, check.loc, {check.name, create.name});
      }
    }
    for (const ast::Index& key : create.unique_keys) {
      CheckIndexColumns(key, table, state, engine);
    }
  }
  for (const ast::Column& column : create.columns) {
    if (!column.auto_increment) continue;
    if (!IsInteger(column.type.kind)) {
      Report(engine, Kind::kAutoIncrementType, column.loc, {column.name});
      ok = false;
    } else if (table.primary_key != std::vector<std::string>{column.name}) {
      Report(engine, Kind::kAutoIncrementNotKey, column.loc, {column.name, create.name});
      ok = false;
    }
  }
  return ok;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Checks a foreign key of `table` (which may be a table being created, so
// not yet in `state`).
bool CheckForeignKey(const ast::ForeignKey& key, const TableDef& table,
                     const SchemaState& state, diag::DiagnosticEngine* engine) {
  bool ok = true;
  if (const TableDef* owner = state.FindForeignKeyOwner(key.name)) {
    if (auto* d = Report(engine, Kind::kForeignKeyExists, key.loc, {key.name, owner->name})) {
      d->notes.push_back({Kind::kCreatedHere, owner->FindForeignKey(key.name)->loc, {key.name}});
    }
    ok = false;
  }
  for (const std::string& column : key.columns) {
    if (table.FindColumn(column) == nullptr) {
      Report(engine, Kind::kForeignKeyUnknownColumn, key.loc, {key.name, column, table.name});
      ok = false;
    }
  }
  const TableDef* target =
      key.ref_table == table.name ? &table : state.FindTable(key.ref_table);
  if (target == nullptr) {
    Report(engine, Kind::kForeignKeyUnknownTable, key.loc, {key.name, key.ref_table});
    return false;
  }
  for (const std::string& column : key.ref_columns) {
    if (target->FindColumn(column) == nullptr) {
      Report(engine, Kind::kForeignKeyUnknownColumn, key.loc, {key.name, column, target->name});
      ok = false;
    }
  }
  if (!ok) return false;
  if (key.columns.size() != key.ref_columns.size()) {
    Report(engine, Kind::kForeignKeyArity, key.loc,
           {key.name, std::to_string(key.columns.size()),
            std::to_string(key.ref_columns.size())});
    return false;
  }
  if (!target->IsKey(key.ref_columns)) {
    Report(engine, Kind::kForeignKeyNotKey, key.loc,
           {key.name, JoinNames(key.ref_columns), target->name});
    ok = false;
  }
  for (std::size_t i = 0; i < key.columns.size(); ++i) {
    const ast::Column& from = *table.FindColumn(key.columns[i]);
    const ast::Column& to = *target->FindColumn(key.ref_columns[i]);
    // MySQL also wants the same signedness on both sides of a key.
    bool same = from.type.kind == to.type.kind &&
                from.type.is_unsigned == to.type.is_unsigned &&
                (from.type.kind != ast::TypeKind::kDecimal || from.type == to.type);
    if (!same) {
      Report(engine, Kind::kForeignKeyTypeMismatch, key.loc,
             {key.name, from.name, ast::TypeName(from.type), target->name, to.name,
              ast::TypeName(to.type)});
      ok = false;
    }
    bool sets_null = key.on_delete == ast::RefAction::kSetNull ||
                     key.on_update == ast::RefAction::kSetNull;
    if (sets_null && !from.nullable) {
      Report(engine, Kind::kForeignKeySetNull, key.loc, {key.name, from.name});
      ok = false;
    }
  }
  return ok;
}

// A foreign key of another table that references `table` (and, when given,
// its column `column`), for drop checks.
std::pair<const TableDef*, const ast::ForeignKey*> ReferencingKey(
    const SchemaState& state, const std::string& table, const std::string& column = "") {
  for (const auto& [name, other] : state.tables()) {
    for (const ast::ForeignKey& fk : other->foreign_keys) {
      if (fk.ref_table != table || (name == table && column.empty())) continue;
      if (column.empty() || std::find(fk.ref_columns.begin(), fk.ref_columns.end(),
                                      column) != fk.ref_columns.end()) {
        return {other.get(), &fk};
      }
    }
  }
  return {nullptr, nullptr};
}

}  // namespace

const TableDef* RequireTable(const std::string& name, const ast::Op& op,
                             const SchemaState& state,
                             diag::DiagnosticEngine* engine) {
  const TableDef* table = state.FindTable(name);
  if (table == nullptr) Report(engine, Kind::kUnknownTable, NameLoc(op, 0), {name});
  return table;
}

namespace {

// `after COL` names another column of the table.
bool CheckPosition(const std::optional<ast::ColumnPosition>& position, const TableDef& table,
                   const std::string& column, diag::DiagnosticEngine* engine) {
  if (!position || position->first) return true;
  if (position->after == column) {
    Report(engine, Kind::kPositionAfterItself, position->loc, {column});
    return false;
  }
  if (table.FindColumn(position->after) == nullptr) {
    Report(engine, Kind::kUnknownColumn, position->loc, {position->after, table.name});
    return false;
  }
  return true;
}

bool CheckAddColumn(const ast::AddColumn& add, const ast::Op& op,
                    const SchemaState& state, diag::DiagnosticEngine* engine) {
  const TableDef* table = RequireTable(add.table, op, state, engine);
  if (table == nullptr) return false;
  const ast::Column& column = add.column;
  CheckColumn(column, engine);  // reported; the column is still added
  bool ok = CheckPosition(add.position, *table, column.name, engine);
  if (table->FindColumn(column.name) != nullptr) {
    Report(engine, Kind::kColumnExists, column.loc, {column.name, add.table});
    ok = false;
  }
  if (column.auto_increment) {
    Report(engine, Kind::kAutoIncrementNotKey, column.loc, {column.name, add.table});
    ok = false;
  } else if (column.primary_key) {
    Report(engine, Kind::kAddPrimaryKeyColumn, column.loc, {column.name, add.table});
    ok = false;
  }
  if (!column.primary_key && !column.nullable && !column.default_value) {
    Report(engine, Kind::kNotNullWithoutDefault, column.loc, {column.name, add.table});
  }
  return ok;
}

bool CheckDropColumn(const ast::DropColumn& drop, const ast::Op& op,
                     const SchemaState& state, diag::DiagnosticEngine* engine) {
  const TableDef* table = RequireTable(drop.table, op, state, engine);
  if (table == nullptr) return false;
  if (table->FindColumn(drop.column) == nullptr) {
    Report(engine, Kind::kUnknownColumn, NameLoc(op, 1), {drop.column, drop.table});
    return false;
  }
  bool ok = true;
  if (table->InPrimaryKey(drop.column)) {
    Report(engine, Kind::kColumnInPrimaryKey, NameLoc(op, 1), {drop.column, drop.table});
    ok = false;
  }
  for (const ast::Index& index : table->indexes) {
    for (const std::string& column : index.columns) {
      if (column == drop.column) {
        if (auto* d = Report(engine, Kind::kColumnUsedByIndex, NameLoc(op, 1),
                             {drop.column, drop.table, index.name})) {
          d->notes.push_back({Kind::kCreatedHere, index.loc, {index.name}});
        }
        ok = false;
      }
    }
  }
  if (table->columns.size() == 1) {
    Report(engine, Kind::kDropLastColumn, NameLoc(op, 1), {drop.column, drop.table});
    ok = false;
  }
  for (const ast::ForeignKey& fk : table->foreign_keys) {
    if (std::find(fk.columns.begin(), fk.columns.end(), drop.column) != fk.columns.end()) {
      Report(engine, Kind::kColumnUsedByForeignKey, NameLoc(op, 1),
             {drop.column, drop.table, fk.name});
      ok = false;
    }
  }
  auto [owner, key] = ReferencingKey(state, drop.table, drop.column);
  if (key != nullptr) {
    if (auto* d = Report(engine, Kind::kColumnUsedByForeignKey, NameLoc(op, 1),
                         {drop.column, drop.table, key->name})) {
      d->notes.push_back({Kind::kCreatedHere, key->loc, {key->name}});
    }
    ok = false;
  }
  return ok;
}

bool CheckRenameTable(const ast::RenameTable& rename, const ast::Op& op,
                      const SchemaState& state, diag::DiagnosticEngine* engine) {
  if (RequireTable(rename.from, op, state, engine) == nullptr) return false;
  if (!CheckTableNotUsed(rename.from, "rename", NameLoc(op, 0), state, engine) ||
      !CheckNotView(rename.to, NameLoc(op, 1), state, engine)) {
    return false;
  }
  if (state.FindTable(rename.to) != nullptr) {
    Report(engine, Kind::kRenameOntoExisting, NameLoc(op, 1),
           {"table", rename.from, rename.to});
    return false;
  }
  return true;
}

bool SameKeyType(const ast::ColumnType& a, const ast::ColumnType& b) {
  return a.kind == b.kind && a.is_unsigned == b.is_unsigned &&
         (a.kind != ast::TypeKind::kDecimal || a == b);
}

// A column whose type changes must still match the other side of every
// foreign key it takes part in, in its own table or in tables referencing it.
bool CheckKeyTypesAfterChange(const ast::AlterColumn& alter, source::SourceLoc loc,
                              const TableDef& table, const SchemaState& state,
                              diag::DiagnosticEngine* engine) {
  const ast::ColumnType& type = *alter.type;
  bool ok = true;
  auto mismatch = [&](const ast::ForeignKey& fk, const std::string& other_table,
                      const ast::Column& other) {
    if (SameKeyType(type, other.type)) return;
    if (auto* d = Report(engine, Kind::kForeignKeyTypeMismatch, loc,
                         {fk.name, alter.column, ast::TypeName(type), other_table,
                          other.name, ast::TypeName(other.type)})) {
      d->notes.push_back({Kind::kCreatedHere, fk.loc, {fk.name}});
    }
    ok = false;
  };
  for (const ast::ForeignKey& fk : table.foreign_keys) {  // this column points out
    const TableDef* target =
        fk.ref_table == table.name ? &table : state.FindTable(fk.ref_table);
    std::size_t pairs = std::min(fk.columns.size(), fk.ref_columns.size());
    for (std::size_t i = 0; target != nullptr && i < pairs; ++i) {
      const ast::Column* other = target->FindColumn(fk.ref_columns[i]);
      if (fk.columns[i] == alter.column && other != nullptr) mismatch(fk, target->name, *other);
    }
  }
  for (const auto& [name, other_table] : state.tables()) {  // others point here
    for (const ast::ForeignKey& fk : other_table->foreign_keys) {
      if (fk.ref_table != table.name) continue;
      std::size_t pairs = std::min(fk.columns.size(), fk.ref_columns.size());
      for (std::size_t i = 0; i < pairs; ++i) {
        const ast::Column* other = other_table->FindColumn(fk.columns[i]);
        if (fk.ref_columns[i] == alter.column && other != nullptr &&
            !(name == table.name && fk.columns[i] == alter.column)) {
          mismatch(fk, name, *other);
        }
      }
    }
  }
  return ok;
}

bool CheckAlterColumn(const ast::AlterColumn& alter, const ast::Op& op,
                      const SchemaState& state, diag::DiagnosticEngine* engine) {
  const TableDef* table = RequireTable(alter.table, op, state, engine);
  if (table == nullptr) return false;
  const ast::Column* column = table->FindColumn(alter.column);
  if (column == nullptr) {
    Report(engine, Kind::kUnknownColumn, NameLoc(op, 1), {alter.column, alter.table});
    return false;
  }
  bool ok = CheckPosition(alter.position, *table, alter.column, engine);
  if (alter.new_name && *alter.new_name != alter.column &&
      table->FindColumn(*alter.new_name) != nullptr) {
    Report(engine, Kind::kRenameOntoExisting, NameLoc(op, 2),
           {"column", alter.column, *alter.new_name});
    ok = false;
  }
  ast::Column changed = ApplyChange(*column, alter);
  bool moves = false;
  if (alter.position) {
    std::size_t at = table->ColumnPosition(alter.column);
    moves = alter.position->first ? at != 0
                                  : at == 0 || table->columns[at - 1].name != alter.position->after;
  }
  if (changed == *column && !moves) {
    Report(engine, Kind::kEmptyAlterColumn, NameLoc(op, 1), {alter.column});
    ok = false;
  }
  if (changed.nullable && table->InPrimaryKey(alter.column)) {
    Report(engine, Kind::kNullableKeyColumn, NameLoc(op, 1), {alter.column, alter.table});
    ok = false;
  }
  if (changed.auto_increment && alter.type && !IsInteger(alter.type->kind)) {
    Report(engine, Kind::kAutoIncrementType, NameLoc(op, 1), {alter.column});
    ok = false;
  }
  changed.loc = NameLoc(op, 1);
  CheckColumn(changed, engine);
  if (alter.type) {
    ok = CheckKeyTypesAfterChange(alter, NameLoc(op, 1), *table, state, engine) && ok;
  }
  return ok;
}

}  // namespace

bool Validate(const ast::Op& op, const SchemaState& state,
              diag::DiagnosticEngine* engine) {
  return std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          return CheckCreateTable(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          if (RequireTable(o.name, op, state, engine) == nullptr) return false;
          if (!CheckTableNotUsed(o.name, "drop", NameLoc(op, 0), state, engine)) return false;
          auto [owner, key] = ReferencingKey(state, o.name);
          if (key == nullptr) return true;
          if (auto* d = Report(engine, Kind::kTableReferenced, NameLoc(op, 0),
                               {o.name, key->name, owner->name})) {
            d->notes.push_back({Kind::kCreatedHere, key->loc, {key->name}});
          }
          return false;
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          const TableDef* table = RequireTable(o.table, op, state, engine);
          return table != nullptr && CheckForeignKey(o.key, *table, state, engine);
        } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
          const TableDef* table = RequireTable(o.table, op, state, engine);
          if (table == nullptr) return false;
          const ast::Index* index = table->FindIndex(o.name);
          if (table->FindForeignKey(o.name) == nullptr &&
              table->FindCheck(o.name) == nullptr && (index == nullptr || !index->unique)) {
            Report(engine, Kind::kUnknownConstraint, NameLoc(op, 1), {o.name, o.table});
            return false;
          }
          return true;
        } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
          const ast::Index* index = RequireIndex(o.from, o.table, op, 2, state, engine);
          if (index == nullptr) return false;
          if (state.ClashingIndex(o.to, index->table) != nullptr) {
            Report(engine, Kind::kRenameOntoExisting, NameLoc(op, 1), {"index", o.from, o.to});
            return false;
          }
          return true;
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          const TableDef* table = RequireTable(o.table, op, state, engine);
          if (table == nullptr) return false;
          if (table->FindCheck(o.check.name) || table->FindForeignKey(o.check.name)) {
            Report(engine, Kind::kConstraintExists, o.check.loc, {o.check.name, o.table});
            return false;
          }
          return true;
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          return CheckAddColumn(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          return CheckDropColumn(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          return CheckCreateIndex(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
          return CheckDropIndex(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          return CheckRenameTable(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          return CheckAlterColumn(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::RawSql>) {
          bool ok = true;  // the SQL is opaque; the tables it declares exist
          for (std::size_t i = 0; i < o.tables.size(); ++i) {
            if (state.FindTable(o.tables[i]) == nullptr) {
              Report(engine, Kind::kUnknownTable, NameLoc(op, i), {o.tables[i]});
              ok = false;
            }
          }
          return ok;
        } else if constexpr (std::is_same_v<T, ast::RestoreColumn>) {
          return true;  // compiler-made
        } else {
          return ValidateObjectOp(op, state, engine);
        }
      },
      op.kind);
}

}  // namespace retort::check
