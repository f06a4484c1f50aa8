/// The AST of one .mig file: plain value types with source locations. The
/// ANTLR parse tree is turned into this in front/ and never leaks past it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "source/source_file.h"

namespace retort::ast {

using source::SourceLoc;

enum class TypeKind {
  kInteger,
  kBigint,
  kSmallint,
  kBoolean,
  kVarchar,
  kText,
  kDecimal,
  kFloat,
  kDouble,
  kDate,
  kDatetime,
  kTimestamp,
  kJson,
  kBlob,
  kEnum,
  kPoint,
  kGeometry,
  // MySQL's wider type system (SQLite maps each to the nearest affinity).
  kTinyint,
  kMediumint,
  kChar,
  kBinary,
  kVarbinary,
  kTime,
  kYear,
  kTinytext,
  kMediumtext,
  kLongtext,
  kTinyblob,
  kMediumblob,
  kLongblob,
  kBit,   ///< bit(n), n in 1..64 (`length`)
  kSet,   ///< set('a', 'b'): any combination of the values (`values`)
  kUuid,  ///< MariaDB 10.7's uuid
};

struct ColumnType {
  TypeKind kind = TypeKind::kInteger;
  int length = 0;     ///< varchar(n), char(n), binary(n), varbinary(n), bit(n)
  int precision = 0;  ///< decimal(p, s)
  int scale = 0;
  std::vector<std::string> values;  ///< enum('a', 'b'), set('a', 'b')
  int srid = 0;                     ///< point/geometry srid N; 0: none
  int fsp = 0;  ///< fractional seconds of datetime(n)/timestamp(n)/time(n)
  bool is_unsigned = false;  ///< integer and decimal types

  bool operator==(const ColumnType&) const = default;
};

/// The portable spelling, as written in the DSL: "varchar(255)",
/// "integer unsigned", "datetime(6)".
std::string TypeName(const ColumnType& type);
/// TypeName without ` unsigned`.
std::string BaseTypeName(const ColumnType& type);

struct DefaultValue {
  /// kExpression: `default (expr)`, SQL passed through as written.
  enum class Kind { kNull, kString, kNumber, kBool, kCurrentTimestamp, kExpression };
  Kind kind = Kind::kNull;
  /// String contents (unescaped), number text, an expression, or the
  /// fractional digits of `current_timestamp(n)` ("" without them).
  std::string text;
  bool flag = false;  ///< kBool

  bool operator==(const DefaultValue&) const = default;
};

/// The DSL spelling of a default: 'x', 42, true, null, current_timestamp.
std::string DefaultSpelling(const DefaultValue& value);

struct Column {
  std::string name;
  ColumnType type;
  bool nullable = true;
  bool primary_key = false;  ///< declared inline on the column
  bool auto_increment = false;
  bool unique = false;
  bool on_update_current_timestamp = false;
  int on_update_fsp = 0;  ///< `on update current_timestamp(n)` (MySQL)
  std::optional<DefaultValue> default_value;
  std::string comment;  ///< MySQL column comment; SQLite has none
  std::string charset;    ///< MySQL `charset X` on a character column
  std::string collation;  ///< MySQL `collate X`; SQLite keeps neither
  /// `as (expr) [virtual|stored]`: a generated column's expression, as
  /// written (SQL, passed through); empty for an ordinary column.
  std::string generated;
  bool stored = false;
  bool invisible = false;  ///< MySQL 8.0.23 / MariaDB 10.3: not in SELECT *
  SourceLoc loc;

  bool operator==(const Column& other) const {
    return name == other.name && type == other.type &&
           nullable == other.nullable && primary_key == other.primary_key &&
           auto_increment == other.auto_increment && unique == other.unique &&
           on_update_current_timestamp == other.on_update_current_timestamp &&
           on_update_fsp == other.on_update_fsp &&
           comment == other.comment && charset == other.charset &&
           collation == other.collation && default_value == other.default_value &&
           generated == other.generated && stored == other.stored &&
           invisible == other.invisible;
  }
};

/// kDefault: none written (the database's default: RESTRICT on InnoDB, NO
/// ACTION on SQLite); kNoAction: `no action` written, and rendered.
enum class RefAction { kDefault, kNoAction, kCascade, kSetNull, kRestrict };

/// "cascade", "set null", "restrict", "no action".
std::string_view RefActionName(RefAction action);

struct ForeignKey {
  std::string name;  ///< given, or fk_<table>_<columns>
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  RefAction on_delete = RefAction::kDefault;
  RefAction on_update = RefAction::kDefault;
  SourceLoc loc;
};

/// A named check constraint; `expression` is SQL, passed through as written.
struct Check {
  std::string name;
  std::string expression;
  SourceLoc loc;
};

struct Index {
  std::string name;
  std::string table;
  std::vector<std::string> columns;
  bool unique = false;
  bool spatial = false;  ///< MySQL SPATIAL INDEX; skipped on SQLite
  bool fulltext = false;  ///< MySQL FULLTEXT INDEX; skipped on SQLite
  /// Parallel to columns: `name desc`. Empty: every column ascending.
  std::vector<bool> descending;
  /// Parallel to columns: `name(20)` indexes the first 20 characters (bytes
  /// for binary types); 0 the whole value. Empty: no prefix anywhere.
  std::vector<int> prefix;
  std::string comment;  ///< MySQL index comment; SQLite has none
  SourceLoc loc;
  std::vector<SourceLoc> column_locs;  ///< parallel to columns, when parsed

  bool Descending(std::size_t i) const { return i < descending.size() && descending[i]; }
  int Prefix(std::size_t i) const { return i < prefix.size() ? prefix[i] : 0; }
  bool HasPrefix() const {
    for (int length : prefix) {
      if (length > 0) return true;
    }
    return false;
  }
  /// SQLite has no spatial or fulltext index: such an index is skipped there.
  bool SkippedOnSqlite() const { return spatial || fulltext; }
};

/// Table options; empty means the dialect's default (MySQL: InnoDB,
/// utf8mb4, utf8mb4_unicode_ci). Dialects without them ignore them.
struct TableOptions {
  std::string engine;
  std::string charset;
  std::string collation;
  std::string comment;  ///< MySQL table comment; SQLite has none
};

struct CreateTable {
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  ///< table-level, possibly composite
  SourceLoc primary_key_loc;
  TableOptions options;
  std::vector<ForeignKey> foreign_keys;  ///< inline ones included
  std::vector<Check> checks;
  /// Table-level `unique (a, b)` keys; created as unique indexes.
  std::vector<Index> unique_keys;
};

/// Where a column goes: first, or after another column (MySQL's FIRST /
/// AFTER). Unset: at the end.
struct ColumnPosition {
  bool first = false;
  std::string after;  ///< when not first
  SourceLoc loc;      ///< of `after`'s name
};

struct DropTable {
  std::string name;
};

struct AddColumn {
  std::string table;
  Column column;
  std::optional<ColumnPosition> position;
};

struct DropColumn {
  std::string table;
  std::string column;
};

struct CreateIndex {
  Index index;
};

struct DropIndex {
  std::string name;
  std::string table;  ///< empty when the file did not say
};

struct AddForeignKey {
  std::string table;
  ForeignKey key;
};

struct AddCheck {
  std::string table;
  Check check;
};

/// `drop constraint NAME`: a foreign key, a check or a unique key; which
/// one is looked up in the schema.
struct DropConstraint {
  std::string table;
  std::string name;
};

struct RenameIndex {
  std::string from;
  std::string to;
  std::string table;  ///< empty when the file did not say
};

struct RenameTable {
  std::string from;
  std::string to;
};

/// Changes to one column; unset members stay as they are. Several changes
/// are one operation.
struct AlterColumn {
  std::string table;
  std::string column;
  std::optional<ColumnType> type;
  std::optional<bool> nullable;
  /// Set: the new default; set to nullopt: drop the default.
  std::optional<std::optional<DefaultValue>> default_value;
  std::optional<std::string> new_name;
  std::optional<std::string> comment;  ///< "" removes it
  std::optional<ColumnPosition> position;  ///< `position first|after c`
};

/// The statements of a raw SQL block per dialect name ("sqlite", "mysql",
/// "mariadb"; MySQL and MariaDB use each other's text when they have none of
/// their own); `any` covers the dialects without their own text.
struct SqlVariants {
  std::optional<std::vector<std::string>> any;
  std::map<std::string, std::vector<std::string>> by_dialect;

  /// The statements for `dialect`, or nullptr when the block has none.
  const std::vector<std::string>* For(std::string_view dialect) const;
};

/// Raw SQL: the escape hatch. `down` is empty when irreversible.
struct RawSql {
  SqlVariants up;
  std::optional<SqlVariants> down;
  /// `sql on t1, t2`: the tables whose rows the block reads and changes
  /// (not their definitions). Empty: undeclared, so it commutes with nothing.
  std::vector<std::string> tables;
};

/// A view, trigger or event body: one opaque text per dialect (kept whole,
/// not split into statements), with the tables it declares it uses
/// (`uses t1, t2`). Without them it commutes with nothing, like raw SQL.
struct Body {
  SqlVariants text;
  std::vector<std::string> uses;
  std::vector<SourceLoc> use_locs;
};

struct View {
  std::string name;
  Body body;
  SourceLoc loc;  ///< the name in `create view`
};

enum class TriggerTiming { kBefore, kAfter };
enum class TriggerEvent { kInsert, kUpdate, kDelete };
/// "before", "after"; "insert", "update", "delete".
std::string_view TriggerTimingName(TriggerTiming timing);
std::string_view TriggerEventName(TriggerEvent event);

struct Trigger {
  std::string name;
  std::string table;
  TriggerTiming timing = TriggerTiming::kBefore;
  TriggerEvent event = TriggerEvent::kInsert;
  Body body;
  SourceLoc loc;
};

/// A MySQL scheduled event; SQLite has none.
struct Event {
  std::string name;
  std::string schedule;              ///< `EVERY 1 DAY STARTS ...`, as written
  std::optional<bool> preserve;      ///< ON COMPLETION [NOT] PRESERVE, if given
  bool enabled = true;               ///< DISABLE
  std::string comment;
  Body body;
  SourceLoc loc;
};

struct CreateView {
  View view;
};
struct CreateTrigger {
  Trigger trigger;
};
struct CreateEvent {
  Event event;
};

/// `drop view|trigger|event NAME`.
struct DropObject {
  enum class Kind { kView, kTrigger, kEvent };
  Kind kind = Kind::kView;
  std::string name;
};
/// "view", "trigger", "event".
std::string_view ObjectKindName(DropObject::Kind kind);

/// Inverse-only operation: put a dropped column back at its old position.
/// Never written by users; produced by lower/inverse.
struct RestoreColumn {
  std::string table;
  Column column;
  std::size_t position = 0;
};

using OpKind = std::variant<CreateTable, DropTable, AddColumn, DropColumn,
                            CreateIndex, DropIndex, RawSql, RestoreColumn,
                            RenameTable, AlterColumn, AddForeignKey,
                            DropConstraint, AddCheck, RenameIndex, CreateView,
                            CreateTrigger, CreateEvent, DropObject>;

struct Op {
  OpKind kind;
  SourceLoc loc;  ///< the operation's first token
  /// Locations of the names the op refers to, for precise diagnostics:
  /// [0] the table (or index) name, [1] the column, if any.
  std::vector<SourceLoc> name_locs;
};

struct RevisionRef {
  std::string id;
  SourceLoc loc;
};

struct Revision {
  std::string id;
  SourceLoc id_loc;
  std::vector<RevisionRef> parents;
  std::vector<RevisionRef> depends_on;
  std::vector<RevisionRef> labels;  ///< branch labels
  std::vector<RevisionRef> allowed_lints;  ///< `allow data_loss, rename`
  std::string message;
  std::vector<Op> ops;
  source::FileId file = source::kNoFile;
};

}  // namespace retort::ast
