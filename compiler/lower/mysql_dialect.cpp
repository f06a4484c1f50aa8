// MySQL / MariaDB rendering. Every declarative operation is one statement
// (DDL commits implicitly here, so the runner undoes completed operations one
// by one when a later statement fails). Limits the server would reject at
// deploy time — literal defaults on TEXT/BLOB/JSON, indexes on them, keys
// over 3072 bytes, rows over 65535 bytes — are reported at build time.
#include <cctype>
#include <algorithm>
#include <optional>
#include <type_traits>

#include "check/simulator.h"
#include "check/validate.h"
#include "lower/dialect.h"
#include "lower/mysql_types.h"
#include "lower/name_limits.h"
#include "lower/objects.h"
#include "lower/sql_text.h"

namespace retort::lower {
namespace {

using ast::TypeKind;
using diag::Kind;

// The charset limits are counted in when neither the table nor the
// project names one: the server's default is not known at build time, and
// utf8mb4 is the widest.
constexpr std::string_view kAssumedCharset = "utf8mb4";
constexpr std::size_t kMaxKeyBytes = 3072;
constexpr std::size_t kMaxRowBytes = 65535;

std::string Quote(std::string_view name) { return QuoteIdentifier(name, '`'); }

// `with_unique`: whether an inline UNIQUE is written. CHANGE COLUMN leaves
// it out: the column's unique key survives the change, and writing UNIQUE
// again would add a second one.
std::string ColumnSql(const ast::Column& column, bool mariadb, bool with_unique = true) {
  std::string sql = Quote(column.name) + " " + TypeSql(column.type, mariadb);
  if (!column.charset.empty()) sql += " CHARACTER SET " + column.charset;
  if (!column.collation.empty()) sql += " COLLATE " + column.collation;
  if (!column.generated.empty()) {  // no NULL / NOT NULL: MariaDB refuses them here
    sql += " AS (" + column.generated + ")" + (column.stored ? " STORED" : " VIRTUAL");
    if (column.invisible) sql += " INVISIBLE";
    if (column.unique && with_unique) sql += " UNIQUE";
    if (!column.comment.empty()) sql += " COMMENT " + DefaultLiteral({ast::DefaultValue::Kind::kString, column.comment, false}, true);
    return sql;
  }
  sql += column.nullable ? " NULL" : " NOT NULL";
  if (column.default_value) {
    sql += " DEFAULT " + DefaultLiteral(*column.default_value, true);
  }
  if (column.on_update_current_timestamp) {
    sql += " ON UPDATE CURRENT_TIMESTAMP";
    if (column.on_update_fsp > 0) sql += "(" + std::to_string(column.on_update_fsp) + ")";
  }
  if (column.auto_increment) sql += " AUTO_INCREMENT";
  if (column.invisible) sql += " INVISIBLE";
  if (column.unique && with_unique) sql += " UNIQUE";
  if (!column.comment.empty()) sql += " COMMENT " + DefaultLiteral({ast::DefaultValue::Kind::kString, column.comment, false}, true);
  return sql;
}

// "`a`(20), `b` DESC": an index's columns with prefix lengths and order.
std::string IndexColumnsSql(const ast::Index& index) {
  std::string columns;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    columns += (i ? ", " : "") + Quote(index.columns[i]);
    if (index.Prefix(i) > 0) columns += "(" + std::to_string(index.Prefix(i)) + ")";
    if (index.Descending(i)) columns += " DESC";
  }
  return columns;
}

// " FIRST", " AFTER `x`", or nothing.
std::string PositionSql(const std::optional<ast::ColumnPosition>& position) {
  if (!position) return "";
  return position->first ? " FIRST" : " AFTER " + Quote(position->after);
}

std::string_view Or(const std::string& value, std::string_view fallback) {
  return value.empty() ? fallback : std::string_view(value);
}

std::string CreateTableSql(const check::TableDef& table, const ast::TableOptions& defaults,
                           bool mariadb) {
  std::string sql = "CREATE TABLE " + Quote(table.name) + " (";
  const char* separator = "\n  ";
  for (const ast::Column& column : table.columns) {
    sql += separator + ColumnSql(column, mariadb);
    separator = ",\n  ";
  }
  if (!table.primary_key.empty()) {
    sql += separator + std::string("PRIMARY KEY (") + JoinQuoted(table.primary_key, '`') + ")";
  }
  for (const ast::Index& key : table.indexes) {  // unique keys made with the table
    const char* kind = key.spatial    ? "SPATIAL KEY "
                       : key.fulltext ? "FULLTEXT KEY "
                       : key.unique   ? "UNIQUE KEY "
                                      : "KEY ";
    sql += separator + std::string(kind) + Quote(key.name) + " (" + IndexColumnsSql(key) + ")";
  }
  for (const ast::ForeignKey& key : table.foreign_keys) {
    sql += separator + ForeignKeySql(key, '`');
  }
  for (const ast::Check& check : table.checks) {
    sql += separator + std::string("CONSTRAINT ") + Quote(check.name) + " CHECK (" +
           check.expression + ")";
  }
  const ast::TableOptions& o = table.options;
  sql += "\n)";
  if (std::string_view engine = Or(o.engine, defaults.engine); !engine.empty()) {
    sql += " ENGINE=" + std::string(engine);
  }
  if (std::string_view charset = Or(o.charset, defaults.charset); !charset.empty()) {
    sql += " DEFAULT CHARSET=" + std::string(charset);
  }
  // A table that picks its own charset gets that charset's default collation.
  if (!o.collation.empty()) {
    sql += " COLLATE=" + o.collation;
  } else if (o.charset.empty() && !defaults.collation.empty()) {
    sql += " COLLATE=" + defaults.collation;
  }
  if (!o.comment.empty()) {
    sql += " COMMENT=" + DefaultLiteral({ast::DefaultValue::Kind::kString, o.comment, false}, true);
  }
  return sql;
}

std::string CreateIndexSql(const ast::Index& index) {
  const char* kind = index.spatial    ? "CREATE SPATIAL INDEX "
                     : index.fulltext ? "CREATE FULLTEXT INDEX "
                     : index.unique   ? "CREATE UNIQUE INDEX "
                                      : "CREATE INDEX ";
  std::string sql = std::string(kind) + Quote(index.name) + " ON " + Quote(index.table) + " (" +
                    IndexColumnsSql(index) + ")";
  if (!index.comment.empty()) {
    sql += " COMMENT " + DefaultLiteral({ast::DefaultValue::Kind::kString, index.comment, false},
                                        true);
  }
  return sql;
}

// Bytes per character of a charset, as InnoDB counts them for limits.
std::size_t BytesPerChar(const check::TableDef& table, std::string_view default_charset,
                         const ast::Column* column = nullptr) {
  std::string_view charset = column != nullptr && !column->charset.empty()
                                 ? std::string_view(column->charset)
                                 : Or(table.options.charset, default_charset);
  if (charset == "latin1" || charset == "ascii" || charset == "binary") return 1;
  if (charset == "utf8" || charset == "utf8mb3") return 3;
  if (charset == "ucs2") return 2;
  return 4;
}

std::string CharsetName(const check::TableDef& table, std::string_view default_charset) {
  return std::string(Or(table.options.charset, default_charset));
}

// True when an index or the primary key starts with `columns`, so InnoDB
// needs no index of its own for a foreign key on them.
bool HasIndexFor(const check::TableDef& table, const std::vector<std::string>& columns) {
  auto leads = [&](const std::vector<std::string>& key) {
    return key.size() >= columns.size() &&
           std::equal(columns.begin(), columns.end(), key.begin());
  };
  if (leads(table.primary_key)) return true;
  for (const ast::Index& index : table.indexes) {
    // A prefix, spatial or fulltext index cannot serve a foreign key.
    if (!index.HasPrefix() && !index.SkippedOnSqlite() && leads(index.columns)) return true;
  }
  if (columns.size() == 1) {
    const ast::Column* column = table.FindColumn(columns[0]);
    if (column != nullptr && column->unique) return true;
  }
  return false;
}

// `DROP INDEX name ON table`; but InnoDB refuses to drop the index a foreign
// key needs (error 1553), and a database that never had the index has the
// one InnoDB generates for the key (named after it, and dropped silently
// when a later index can serve the key). So when the table's keys need the
// index, they are dropped first and added back in the statement that drops
// it, which makes InnoDB generate its own index again. (An `ADD INDEX` of
// that name would not do: InnoDB would never drop it by itself.)
std::vector<std::string> DropIndexSql(const std::string& name, const check::TableDef& before,
                                      const check::TableDef& after) {
  std::string drops, adds;
  for (const ast::ForeignKey& key : after.foreign_keys) {
    if (HasIndexFor(before, key.columns) && !HasIndexFor(after, key.columns)) {
      drops += (drops.empty() ? " DROP FOREIGN KEY " : ", DROP FOREIGN KEY ") + Quote(key.name);
      adds += ", ADD " + ForeignKeySql(key, '`');
    }
  }
  if (drops.empty()) return {"DROP INDEX " + Quote(name) + " ON " + Quote(before.name)};
  std::string table = "ALTER TABLE " + Quote(before.name);
  return {table + drops, table + " DROP INDEX " + Quote(name) + adds};
}

class MysqlDialect final : public Dialect {
 public:
  explicit MysqlDialect(MysqlOptions options)
      : options_(std::move(options)),
        mariadb_(options_.id == table::Dialect::kMariadb),
        charset_(Or(options_.defaults.charset, kAssumedCharset)) {}

  table::Dialect id() const override { return options_.id; }
  std::string_view name() const override { return table::DialectName(options_.id); }
  bool transactional_ddl() const override { return false; }

  void Check(const ast::Op& op, const check::SchemaState& after,
             diag::DiagnosticEngine& engine) const override {
    if (!options_.report_limits) return;
    CheckMysqlNames(op, options_.id == table::Dialect::kMysql, engine);
    std::visit(
        [&](const auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, ast::CreateTable>) {
            const check::TableDef& table = *after.FindTable(o.name);
            for (const ast::Column& column : o.columns) CheckColumn(column, table, engine);
            CheckKey("the primary key of '" + table.name + "'", table.primary_key,
                     table, op.loc, engine);
            for (const ast::Index& key : table.indexes) {
              CheckKey("unique key '" + key.name + "'", key.columns, table, key.loc, engine);
            }
            CheckRow(table, op.name_locs.empty() ? op.loc : op.name_locs[0], engine);
          } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
            const check::TableDef& table = *after.FindTable(o.table);
            CheckColumn(o.column, table, engine);
            CheckRow(table, o.column.loc, engine);
          } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
            if (o.index.SkippedOnSqlite()) return;  // spatial, fulltext: no key limit
            const check::TableDef& table = *after.FindTable(o.index.table);
            CheckKey("index '" + o.index.name + "'", o.index.columns, table,
                     o.index.loc, engine, &o.index);
          } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
            const check::TableDef& table = *after.FindTable(o.table);
            std::string name = o.new_name.value_or(o.column);
            ast::Column column = *table.FindColumn(name);
            column.loc = op.name_locs.size() > 1 ? op.name_locs[1] : op.loc;
            CheckColumn(column, table, engine);
            for (const ast::Index& index : table.indexes) {
              if (!index.SkippedOnSqlite() && std::find(index.columns.begin(), index.columns.end(),
                                                       name) != index.columns.end()) {
                CheckKey("index '" + index.name + "'", index.columns, table,
                         column.loc, engine, &index);
              }
            }
            if (table.InPrimaryKey(name)) {
              CheckKey("the primary key of '" + table.name + "'", table.primary_key,
                       table, column.loc, engine);
            }
            CheckRow(table, column.loc, engine);
          }
        },
        op.kind);
  }

  void CheckMergedTable(const check::TableDef& table, source::SourceLoc loc,
                        diag::DiagnosticEngine& engine) const override {
    if (options_.report_limits) CheckRow(table, loc, engine);
  }

  std::vector<std::string> Render(const ast::Op& op, const check::SchemaState& before,
                                  const check::SchemaState& after) const override {
    if (auto sql = RenderObjectOp(op, name())) return *sql;
    return std::visit(
        [&](const auto& o) -> std::vector<std::string> {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, ast::CreateTable>) {
            return {CreateTableSql(*after.FindTable(o.name), options_.defaults, mariadb_)};
          } else if constexpr (std::is_same_v<T, ast::DropTable>) {
            return {"DROP TABLE " + Quote(o.name)};
          } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
            return {"ALTER TABLE " + Quote(o.table) + " ADD COLUMN " + ColumnSql(o.column, mariadb_) +
                    PositionSql(o.position)};
          } else if constexpr (std::is_same_v<T, ast::RestoreColumn>) {
            // Back at its old position: after its old left neighbour.
            std::string where = " FIRST";
            if (o.position > 0) {
              const check::TableDef& table = *before.FindTable(o.table);
              where = " AFTER " + Quote(table.columns[o.position - 1].name);
            }
            return {"ALTER TABLE " + Quote(o.table) + " ADD COLUMN " +
                    ColumnSql(o.column, mariadb_) + where};
          } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
            return {"ALTER TABLE " + Quote(o.table) + " DROP COLUMN " + Quote(o.column)};
          } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
            return {CreateIndexSql(o.index)};
          } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
            const ast::Index& index = *before.FindIndex(o.name, o.table);
            return DropIndexSql(o.name, *before.FindTable(index.table),
                                *after.FindTable(index.table));
          } else if constexpr (std::is_same_v<T, ast::RawSql>) {
            const std::vector<std::string>* sql = o.up.For(name());
            return sql ? *sql : std::vector<std::string>{};
          } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
            return {"ALTER TABLE " + Quote(before.FindIndex(o.from, o.table)->table) + " RENAME INDEX " +
                    Quote(o.from) + " TO " + Quote(o.to)};
          } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
            return {"RENAME TABLE " + Quote(o.from) + " TO " + Quote(o.to)};
          } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
            return {"ALTER TABLE " + Quote(o.table) + " ADD " + ForeignKeySql(o.key, '`')};
          } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
            return {"ALTER TABLE " + Quote(o.table) + " ADD CONSTRAINT " +
                    Quote(o.check.name) + " CHECK (" + o.check.expression + ")"};
          } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
            const check::TableDef& table = *before.FindTable(o.table);
            using Constraint = check::TableDef::Constraint;
            Constraint kind = table.ConstraintNamed(o.name);
            if (kind == Constraint::kCheck) {
              return {"ALTER TABLE " + Quote(o.table) + " DROP CONSTRAINT " + Quote(o.name)};
            }
            if (kind == Constraint::kUniqueIndex) {
              return DropIndexSql(o.name, table, *after.FindTable(o.table));
            }
            std::string sql = "ALTER TABLE " + Quote(o.table) + " DROP FOREIGN KEY " +
                              Quote(o.name);
            // InnoDB made an index named after the key when none could serve
            // it; it outlives the key unless dropped with it.
            if (!HasIndexFor(table, table.FindForeignKey(o.name)->columns)) {
              sql += ", DROP INDEX " + Quote(o.name);
            }
            return {sql};
          } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
            const check::TableDef& table = *after.FindTable(o.table);
            const ast::Column& column = *table.FindColumn(o.new_name.value_or(o.column));
            return {"ALTER TABLE " + Quote(o.table) + " CHANGE COLUMN " +
                    Quote(o.column) + " " + ColumnSql(column, mariadb_, false) +
                    PositionSql(o.position)};
          } else {
            return {};  // views, triggers, events: rendered above
          }
        },
        op.kind);
  }

 private:
  void CheckColumn(const ast::Column& column, const check::TableDef& table,
                          diag::DiagnosticEngine& engine) const {
    if (column.type.kind == TypeKind::kUuid) CheckUuid(column, engine);
    if (column.invisible) CheckVersion(mariadb_ ? project::Version{10, 3, 0} : project::Version{8, 0, 23},
                                       "invisible column '" + column.name + "'", column.loc, engine);
    std::string type = ast::TypeName(column.type);
    using DK = ast::DefaultValue::Kind;
    if (IsLob(column.type.kind) && column.default_value &&
        column.default_value->kind != DK::kNull &&
        column.default_value->kind != DK::kExpression && check::DefaultFits(column)) {
      engine.Report(Kind::kMysqlLiteralDefault, column.loc, {type, column.name});
    }
    if (column.unique) {
      CheckKey("the unique key of '" + column.name + "'", {column.name}, table,
               column.loc, engine);
    }
  }

  // uuid is MariaDB's (10.7 and later), checked by each MySQL-family dialect
  // (the limits below are reported once for the family).
  void CheckUuid(const ast::Column& column, diag::DiagnosticEngine& engine) const {
    if (!mariadb_) {
      engine.Report(Kind::kUuidOnMysql, column.loc, {column.name});
    } else if (options_.version < project::Version{10, 7, 0}) {
      engine.Report(Kind::kUuidNeedsMariadb107, column.loc,
                    {column.name, options_.version.ToString()});
    }
  }

  // A feature this server gained in `since`: an error against an older one.
  void CheckVersion(project::Version since, const std::string& what, source::SourceLoc loc,
                    diag::DiagnosticEngine& engine) const {
    if (options_.version >= since) return;
    engine.Report(Kind::kNeedsNewerServer, loc,
                  {what, std::string(name()), since.ToString(), options_.version.ToString()});
  }

  // `index`: the index `columns` are from, for its prefix lengths.
  void CheckKey(const std::string& what, const std::vector<std::string>& columns,
                const check::TableDef& table, source::SourceLoc loc,
                diag::DiagnosticEngine& engine, const ast::Index* index = nullptr) const {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const ast::Column* column = table.FindColumn(columns[i]);
      if (column == nullptr) continue;
      std::size_t per_char = BytesPerChar(table, charset_, column);
      if (int prefix = index != nullptr ? index->Prefix(i) : 0; prefix > 0) {
        bytes += static_cast<std::size_t>(prefix) * (IsBinary(column->type.kind) ? 1 : per_char);
        continue;
      }
      if (IsLob(column->type.kind)) {
        engine.Report(Kind::kMysqlKeyOnLob, loc,
                      {ast::TypeName(column->type), columns[i], what});
        return;
      }
      bytes += KeyBytes(*column, per_char);
    }
    if (bytes > kMaxKeyBytes) {
      engine.Report(Kind::kMysqlKeyTooLong, loc,
                    {what, std::to_string(bytes), CharsetName(table, charset_)});
    }
  }

  void CheckRow(const check::TableDef& table, source::SourceLoc loc,
                diag::DiagnosticEngine& engine) const {
    std::size_t bytes = 0;
    for (const ast::Column& column : table.columns) {
      bytes += RowBytes(column, BytesPerChar(table, charset_, &column));
    }
    if (bytes > kMaxRowBytes) {
      engine.Report(Kind::kMysqlRowTooLarge, loc,
                    {table.name, std::to_string(bytes), CharsetName(table, charset_)});
    }
  }

  MysqlOptions options_;
  bool mariadb_;
  std::string charset_;  ///< the charset a table without one is counted in
};

}  // namespace

std::unique_ptr<Dialect> MakeMysqlDialect(const MysqlOptions& options) {
  return std::make_unique<MysqlDialect>(options);
}

}  // namespace retort::lower
