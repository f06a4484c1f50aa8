// SQLite rendering. SQLite's ALTER TABLE cannot add a column that is unique,
// not null without a constant default, or placed anywhere but last, and
// cannot drop a unique column; those cases rebuild the table (create the new
// shape, copy the rows, drop the old table, rename, recreate indexes), inside
// the revision's transaction.
#include <map>
#include <optional>
#include <type_traits>

#include "lower/dialect.h"
#include "lower/name_limits.h"
#include "lower/objects.h"
#include "lower/sql_text.h"

namespace retort::lower {
namespace {

std::string Quote(std::string_view name) { return QuoteIdentifier(name, '"'); }

std::string TypeSql(const ast::Column& column) {
  using ast::TypeKind;
  const ast::ColumnType& type = column.type;
  // SQLite's rowid alias must be spelled INTEGER exactly.
  if (column.auto_increment) return "INTEGER";
  switch (type.kind) {
    case TypeKind::kInteger:
      return "INTEGER";
    case TypeKind::kBigint:
      return "BIGINT";
    case TypeKind::kSmallint:
      return "SMALLINT";
    case TypeKind::kBoolean:
      return "BOOLEAN";
    case TypeKind::kVarchar:
      return "VARCHAR(" + std::to_string(type.length) + ")";
    case TypeKind::kText:
      return "TEXT";
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision) + ", " +
             std::to_string(type.scale) + ")";
    case TypeKind::kFloat:
      return "FLOAT";
    case TypeKind::kDouble:
      return "DOUBLE";
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kDatetime:
      return "DATETIME";
    case TypeKind::kTimestamp:
      return "TIMESTAMP";
    case TypeKind::kJson:
      return "TEXT";  // JSON text; SQLite's json functions work on it
    case TypeKind::kBlob:
      return "BLOB";
    case TypeKind::kEnum:
      return "TEXT";  // the values are a CHECK on the column
    case TypeKind::kPoint:
    case TypeKind::kGeometry:
      return "BLOB";  // well-known binary, as the application writes it
    case TypeKind::kTinyint:
      return "TINYINT";
    case TypeKind::kMediumint:
      return "MEDIUMINT";
    case TypeKind::kYear:
      return "SMALLINT";  // four digits
    case TypeKind::kChar:
      return "CHAR(" + std::to_string(type.length) + ")";
    case TypeKind::kTime:
      return "TIME";  // 'HH:MM:SS' text, as SQLite's time functions read it
    case TypeKind::kTinytext:
    case TypeKind::kMediumtext:
    case TypeKind::kLongtext:
      return "TEXT";
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
    case TypeKind::kTinyblob:
    case TypeKind::kMediumblob:
    case TypeKind::kLongblob:
      return "BLOB";  // "BINARY(n)" would get NUMERIC affinity
    case TypeKind::kBit:
      return "INTEGER";  // its range is a CHECK on the column
    case TypeKind::kSet:
      return "TEXT";  // its values are a CHECK on the column
    case TypeKind::kUuid:
      return "TEXT";  // the 36-character form, checked
  }
  return "BLOB";
}

// What SQLite's affinity would lose of bit(n), set(...) and uuid, as a
// CHECK expression; "" for other types.
std::string TypeCheck(const ast::Column& column) {
  const std::string name = Quote(column.name);
  const ast::ColumnType& type = column.type;
  switch (type.kind) {
    case ast::TypeKind::kBit:  // 0 .. 2^n - 1 (SQLite integers stop at 2^63 - 1)
      if (type.length >= 63) return name + " >= 0";
      return name + " BETWEEN 0 AND " + std::to_string((1ULL << type.length) - 1);
    case ast::TypeKind::kSet: {
      // Each comma-separated member is one of the values: removing every
      // ",value," from ",text," leaves ",".
      std::string rest = "',' || " + name + " || ','";
      for (const std::string& value : type.values) {
        rest = "replace(" + rest + ", " + QuoteString("," + value + ",") + ", ',')";
      }
      return name + " = '' OR " + rest + " = ','";
    }
    case ast::TypeKind::kUuid: {
      std::string pattern;
      for (int group : {8, 4, 4, 4, 12}) {
        if (!pattern.empty()) pattern += "-";
        for (int i = 0; i < group; ++i) pattern += "[0-9a-fA-F]";
      }
      return name + " GLOB '" + pattern + "'";
    }
    default:
      return "";
  }
}

std::string ColumnSql(const ast::Column& column, bool rowid_key) {
  std::string sql = Quote(column.name) + " " + TypeSql(column);
  if (rowid_key) return sql + " PRIMARY KEY AUTOINCREMENT";
  if (!column.generated.empty()) {
    sql += " GENERATED ALWAYS AS (" + column.generated + ")" + (column.stored ? " STORED" : " VIRTUAL");
  }
  if (!column.nullable) sql += " NOT NULL";
  if (column.default_value) {
    sql += " DEFAULT " + DefaultLiteral(*column.default_value, false);
  }
  if (column.unique) sql += " UNIQUE";
  // What SQLite's affinity would lose: the sign of an unsigned column.
  if (column.type.is_unsigned) sql += " CHECK (" + Quote(column.name) + " >= 0)";
  if (column.type.kind == ast::TypeKind::kEnum) {
    std::string values;
    for (const std::string& value : column.type.values) {
      values += (values.empty() ? "" : ", ") + QuoteString(value);
    }
    sql += " CHECK (" + Quote(column.name) + " IN (" + values + "))";
  }
  if (std::string check = TypeCheck(column); !check.empty()) sql += " CHECK (" + check + ")";
  return sql;
}

std::string CreateTableSql(const check::TableDef& table, std::string_view name) {
  std::string sql = "CREATE TABLE " + Quote(name) + " (";
  bool rowid = table.primary_key.size() == 1 &&
               table.FindColumn(table.primary_key[0]) != nullptr &&
               table.FindColumn(table.primary_key[0])->auto_increment;
  const char* separator = "\n  ";
  for (const ast::Column& column : table.columns) {
    sql += separator + ColumnSql(column, rowid && column.name == table.primary_key[0]);
    separator = ",\n  ";
  }
  if (!table.primary_key.empty() && !rowid) {
    sql += separator + std::string("PRIMARY KEY (") +
           JoinQuoted(table.primary_key, '"') + ")";
  }
  for (const ast::ForeignKey& key : table.foreign_keys) {
    sql += separator + ForeignKeySql(key, '"');
  }
  for (const ast::Check& check : table.checks) {
    sql += separator + std::string("CONSTRAINT ") + Quote(check.name) + " CHECK (" +
           check.expression + ")";
  }
  return sql + "\n)";
}

std::string CreateIndexSql(const ast::Index& index) {
  if (index.SkippedOnSqlite()) return "";  // SQLite has none; see SqliteDialect::Check
  std::string columns;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    columns += (i ? ", " : "") + Quote(index.columns[i]) + (index.Descending(i) ? " DESC" : "");
  }
  return std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
         Quote(index.name) + " ON " + Quote(index.table) + " (" + columns + ")";
}

// Rebuilds `after` from the rows of `before` (same table name), keeping the
// columns both have. `renamed_from` maps a column of `after` to its name in
// `before` when it was renamed. `schema` is the schema after the rebuild:
// dropping the old table drops its triggers, which are made again, and
// views that name the table must not stop the rename (SQLite checks them
// unless legacy_alter_table is on; they name the table again after it).
std::vector<std::string> RebuildTable(
    const check::TableDef& before, const check::TableDef& after,
    const check::SchemaState& schema,
    const std::map<std::string, std::string>& renamed_from = {}) {
  std::string temp = "_retort_new_" + after.name;
  std::vector<std::string> targets, sources;
  for (const ast::Column& column : after.columns) {
    auto renamed = renamed_from.find(column.name);
    const std::string& source =
        renamed == renamed_from.end() ? column.name : renamed->second;
    // A generated column computes itself; its rows are not copied.
    const ast::Column* old = before.FindColumn(source);
    if (old != nullptr && column.generated.empty() && old->generated.empty()) {
      targets.push_back(column.name);
      sources.push_back(source);
    }
  }
  std::vector<std::string> sql;
  sql.push_back(CreateTableSql(after, temp));
  sql.push_back("INSERT INTO " + Quote(temp) + " (" + JoinQuoted(targets, '"') +
                ") SELECT " + JoinQuoted(sources, '"') + " FROM " + Quote(after.name));
  sql.push_back("DROP TABLE " + Quote(after.name));
  const bool dependents = !schema.views().empty() || !schema.triggers().empty();
  if (dependents) sql.push_back("PRAGMA legacy_alter_table = ON");
  sql.push_back("ALTER TABLE " + Quote(temp) + " RENAME TO " + Quote(after.name));
  if (dependents) sql.push_back("PRAGMA legacy_alter_table = OFF");
  for (const ast::Index& index : after.indexes) {
    if (!index.SkippedOnSqlite()) sql.push_back(CreateIndexSql(index));
  }
  for (const ast::Trigger& trigger : schema.triggers()) {
    if (trigger.table == after.name) sql.push_back(CreateTriggerSql(trigger, "sqlite"));
  }
  return sql;
}

// ALTER TABLE ADD COLUMN works for a column SQLite can fill in place.
bool CanAddInPlace(const ast::Column& column) {
  if (column.unique || column.primary_key || column.auto_increment) return false;
  if (!column.generated.empty()) return !column.stored;  // SQLite adds only virtual ones
  if (column.default_value) {
    using DK = ast::DefaultValue::Kind;
    if (column.default_value->kind == DK::kCurrentTimestamp ||
        column.default_value->kind == DK::kExpression) {
      return false;  // ALTER TABLE ADD COLUMN takes constants only
    }
    if (column.default_value->kind == DK::kNull && !column.nullable) return false;
    return true;
  }
  return column.nullable;
}

class SqliteDialect final : public Dialect {
 public:
  table::Dialect id() const override { return table::Dialect::kSqlite; }
  std::string_view name() const override { return "sqlite"; }
  bool transactional_ddl() const override { return true; }

  void Check(const ast::Op& op, const check::SchemaState& /*after*/,
             diag::DiagnosticEngine& engine) const override {
    CheckSqliteNames(op, engine);
    auto visible = [&](const ast::Column& column) {
      if (column.invisible) engine.Report(diag::Kind::kSqliteNoInvisible, column.loc, {column.name});
    };
    if (const auto* create = std::get_if<ast::CreateTable>(&op.kind)) {
      for (const ast::Column& column : create->columns) visible(column);
    } else if (const auto* add = std::get_if<ast::AddColumn>(&op.kind)) {
      visible(add->column);
    }
    if (const auto* create = std::get_if<ast::CreateIndex>(&op.kind)) {
      const ast::Index& index = create->index;
      if (index.spatial) {
        engine.Report(diag::Kind::kSqliteSkipsSpatialIndex, index.loc, {index.name});
      } else if (index.fulltext) {
        engine.Report(diag::Kind::kSqliteSkipsFulltextIndex, index.loc, {index.name});
      }
      // A prefix index is a whole-value index here: the same for lookups,
      // but not for uniqueness.
      for (std::size_t i = 0; index.unique && i < index.columns.size(); ++i) {
        if (index.Prefix(i) > 0) {
          engine.Report(diag::Kind::kSqliteUniquePrefix, index.loc,
                        {index.name, index.columns[i], std::to_string(index.Prefix(i))});
          break;
        }
      }
    }
    if (const auto* create = std::get_if<ast::CreateEvent>(&op.kind)) {
      engine.Report(diag::Kind::kSqliteHasNoEvents, create->event.loc, {create->event.name});
    }
  }

  std::vector<std::string> TablesRenderedWhole(
      const ast::Op& op, const check::SchemaState& before) const override {
    std::optional<std::string> table = RebuiltTable(op, before);
    if (!table) return {};
    return {*table};
  }

  std::vector<std::string> Render(const ast::Op& op,
                                  const check::SchemaState& before,
                                  const check::SchemaState& after) const override {
    if (auto sql = RenderObjectOp(op, name())) return *sql;
    if (std::optional<std::string> table = RebuiltTable(op, before)) {
      std::map<std::string, std::string> renamed_from;
      if (const auto* alter = std::get_if<ast::AlterColumn>(&op.kind)) {
        if (alter->new_name) renamed_from[*alter->new_name] = alter->column;
      }
      return RebuildTable(*before.FindTable(*table), *after.FindTable(*table), after,
                          renamed_from);
    }
    return std::visit(
        [&](const auto& o) -> std::vector<std::string> {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, ast::CreateTable>) {
            const check::TableDef& table = *after.FindTable(o.name);
            std::vector<std::string> sql{CreateTableSql(table, o.name)};
            for (const ast::Index& key : table.indexes) sql.push_back(CreateIndexSql(key));
            return sql;
          } else if constexpr (std::is_same_v<T, ast::DropTable>) {
            return {"DROP TABLE " + Quote(o.name)};
          } else if constexpr (std::is_same_v<T, ast::AddColumn> ||
                               std::is_same_v<T, ast::RestoreColumn>) {
            return {"ALTER TABLE " + Quote(o.table) + " ADD COLUMN " +
                    ColumnSql(o.column, false)};
          } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
            return {"ALTER TABLE " + Quote(o.table) + " DROP COLUMN " + Quote(o.column)};
          } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
            if (o.index.SkippedOnSqlite()) return {};
            return {CreateIndexSql(o.index)};
          } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
            if (before.FindIndex(o.name, o.table)->SkippedOnSqlite()) return {};
            return {"DROP INDEX " + Quote(o.name)};
          } else if constexpr (std::is_same_v<T, ast::RawSql>) {
            const std::vector<std::string>* sql = o.up.For(name());
            return sql ? *sql : std::vector<std::string>{};
          } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
            const ast::Index& renamed = *after.FindIndex(o.to, o.table);
            if (renamed.SkippedOnSqlite()) return {};
            // SQLite has no RENAME INDEX: recreate it under the new name.
            return {"DROP INDEX " + Quote(o.from), CreateIndexSql(renamed)};
          } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
            return {"ALTER TABLE " + Quote(o.from) + " RENAME TO " + Quote(o.to)};
          } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
            return {"DROP INDEX " + Quote(o.name)};  // a unique key; others rebuild
          } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
            if (!o.new_name) return {};  // a comment: not kept here
            return {"ALTER TABLE " + Quote(o.table) + " RENAME COLUMN " +
                    Quote(o.column) + " TO " + Quote(*o.new_name)};
          } else {
            return {};  // AddForeignKey, AddCheck: always rebuilt
          }
        },
        op.kind);
  }

 private:
  // The table `op` rebuilds, when SQLite's ALTER TABLE cannot do it in
  // place: a column it cannot fill or place, a unique column dropped, a
  // constraint added or dropped, a column's type, nullability or default.
  static std::optional<std::string> RebuiltTable(const ast::Op& op,
                                                 const check::SchemaState& before) {
    return std::visit(
        [&](const auto& o) -> std::optional<std::string> {
          using T = std::decay_t<decltype(o)>;
          bool rebuild = false;
          if constexpr (std::is_same_v<T, ast::AddColumn>) {
            // SQLite appends: a column placed anywhere else needs a rebuild.
            const check::TableDef& table = *before.FindTable(o.table);
            bool at_end = !o.position || (!o.position->first && !table.columns.empty() &&
                                          table.columns.back().name == o.position->after);
            rebuild = !at_end || !CanAddInPlace(o.column);
          } else if constexpr (std::is_same_v<T, ast::RestoreColumn>) {
            const check::TableDef& table = *before.FindTable(o.table);
            rebuild = o.position < table.columns.size() || !CanAddInPlace(o.column);
          } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
            rebuild = before.FindTable(o.table)->FindColumn(o.column)->unique;
          } else if constexpr (std::is_same_v<T, ast::AddForeignKey> ||
                               std::is_same_v<T, ast::AddCheck>) {
            rebuild = true;
          } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
            rebuild = before.FindTable(o.table)->ConstraintNamed(o.name) !=
                      check::TableDef::Constraint::kUniqueIndex;
          } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
            rebuild = o.type || o.nullable || o.default_value || o.position;
          }
          if constexpr (requires { o.table; }) {
            if (rebuild) return o.table;
          }
          return std::nullopt;
        },
        op.kind);
  }
};

}  // namespace

std::unique_ptr<Dialect> MakeSqliteDialect() {
  return std::make_unique<SqliteDialect>();
}


}  // namespace retort::lower
