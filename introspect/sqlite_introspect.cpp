// SQLite's catalog (sqlite_master, table_xinfo, index_list/xinfo,
// foreign_key_list) and the stored CREATE text (sqlite_ddl.h) into the model.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "introspect/introspect.h"
#include "introspect/sqlite_ddl.h"

namespace retort::introspect {
namespace {

using ast::TypeKind;
using driver::Row;

std::string Text(const driver::Value& value) { return value.value_or(""); }

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

bool IsApplicationTable(const std::string& name) {
  return name.rfind("retort_", 0) != 0 && name != "alembic_version" &&
         name.rfind("sqlite_", 0) != 0 && name.rfind("_retort_new_", 0) != 0;
}

// A declared type as the SQLite dialect writes it (and the common
// spellings of other tools) as a language type.
std::optional<ast::ColumnType> DeclaredType(const std::string& declared) {
  std::string text = Upper(declared);
  std::string base = text.substr(0, text.find('('));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  std::vector<int> args;
  if (std::size_t open = text.find('('); open != std::string::npos) {
    for (std::size_t i = open + 1; i < text.size();) {
      char* end = nullptr;
      args.push_back(static_cast<int>(std::strtol(text.c_str() + i, &end, 10)));
      i = static_cast<std::size_t>(end - text.c_str());
      while (i < text.size() && (text[i] == ',' || text[i] == ' ')) ++i;
      if (i < text.size() && text[i] == ')') break;
      if (end == text.c_str() + i && !std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    }
  }
  static const std::map<std::string, TypeKind> kPlain = {
      {"INTEGER", TypeKind::kInteger},   {"INT", TypeKind::kInteger},
      {"BIGINT", TypeKind::kBigint},     {"SMALLINT", TypeKind::kSmallint},
      {"TINYINT", TypeKind::kTinyint},   {"MEDIUMINT", TypeKind::kMediumint},
      {"BOOLEAN", TypeKind::kBoolean},   {"TEXT", TypeKind::kText},
      {"CLOB", TypeKind::kText},         {"FLOAT", TypeKind::kFloat},
      {"DOUBLE", TypeKind::kDouble},     {"REAL", TypeKind::kDouble},
      {"DOUBLE PRECISION", TypeKind::kDouble},
      {"DATE", TypeKind::kDate},         {"DATETIME", TypeKind::kDatetime},
      {"TIMESTAMP", TypeKind::kTimestamp}, {"TIME", TypeKind::kTime},
      {"BLOB", TypeKind::kBlob},         {"JSON", TypeKind::kText}};
  ast::ColumnType type;
  if (auto plain = kPlain.find(base); plain != kPlain.end() && args.empty()) {
    type.kind = plain->second;
    return type;
  }
  if (base == "VARCHAR" && args.empty()) {  // no length: text affinity, as SQLite keeps it
    type.kind = TypeKind::kText;
    return type;
  }
  if ((base == "VARCHAR" || base == "CHAR" || base == "CHARACTER VARYING") && args.size() == 1) {
    type.kind = base == "CHAR" ? TypeKind::kChar : TypeKind::kVarchar;
    type.length = args[0];
    return type;
  }
  if ((base == "DECIMAL" || base == "NUMERIC") && !args.empty() && args.size() <= 2) {
    type.kind = TypeKind::kDecimal;
    type.precision = args[0];
    type.scale = args.size() == 2 ? args[1] : 0;
    return type;
  }
  return std::nullopt;
}

// The string literals of a check expression.
std::vector<std::string> Strings(const std::vector<sqlite::Token>& tokens) {
  std::vector<std::string> out;
  for (const sqlite::Token& t : tokens) {
    if (t.kind == sqlite::Token::Kind::kString) out.push_back(t.text);
  }
  return out;
}

// A column check the SQLite dialect writes for what affinity loses
// (unsigned, enum, bit, set, uuid; a boolean's 0/1 from other tools),
// folded back into the type; false for any other check.
bool FoldTypeCheck(const std::string& expression, ast::Column& column) {
  std::vector<sqlite::Token> t = sqlite::Tokenize(expression);
  if (t.size() < 3 || !t[0].IsName() || t[0].text != column.name) return false;
  ast::ColumnType& type = column.type;
  auto punct = [&](std::size_t i, const char* text) {
    return i < t.size() && t[i].kind == sqlite::Token::Kind::kPunct && t[i].text == text;
  };
  if (punct(1, ">") && punct(2, "=") && t.size() == 4 && t[3].text == "0") {
    if (type.kind == TypeKind::kInteger && type.is_unsigned) return false;
    type.is_unsigned = true;
    return true;
  }
  if (t[1].Is("in") && type.kind == TypeKind::kText) {
    type.kind = TypeKind::kEnum;
    type.values = Strings(t);
    return !type.values.empty();
  }
  if (t[1].Is("in") && type.kind == TypeKind::kBoolean) return true;
  if (t[1].Is("between") && t.size() == 5 && t[2].text == "0" && type.kind == TypeKind::kInteger) {
    unsigned long long max = std::strtoull(t[4].text.c_str(), nullptr, 10);
    int bits = 0;
    while (bits < 63 && (1ULL << bits) - 1 < max) ++bits;
    if ((1ULL << bits) - 1 != max) return false;
    type.kind = TypeKind::kBit;
    type.length = bits;
    return true;
  }
  if (t[1].Is("glob") && type.kind == TypeKind::kText) {
    type.kind = TypeKind::kUuid;
    return true;
  }
  if (punct(1, "=") && t[2].kind == sqlite::Token::Kind::kString && t[2].text.empty() &&
      type.kind == TypeKind::kText) {
    type.kind = TypeKind::kSet;
    for (const std::string& s : Strings(t)) {
      if (s.size() > 2 && s.front() == ',' && s.back() == ',') type.values.push_back(s.substr(1, s.size() - 2));
    }
    return true;
  }
  return false;
}

std::optional<ast::DefaultValue> ParseDefault(const driver::Value& stored, const ast::ColumnType& type) {
  using K = ast::DefaultValue::Kind;
  if (!stored) return std::nullopt;
  std::string text = *stored;
  ast::DefaultValue value;
  std::string upper = Upper(text);
  if (upper == "NULL") {
    value.kind = K::kNull;
  } else if (upper == "CURRENT_TIMESTAMP") {
    value.kind = K::kCurrentTimestamp;
  } else if (upper == "TRUE" || upper == "FALSE") {
    value.kind = K::kBool;
    value.flag = upper == "TRUE";
  } else if (!text.empty() && text.front() == '\'') {
    value.kind = K::kString;
    value.text = sqlite::Tokenize(text).at(0).text;
  } else if (!text.empty() && text.front() == '(' && text.back() == ')') {
    value.kind = K::kExpression;
    value.text = text.substr(1, text.size() - 2);
  } else if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-' ||
                               text[0] == '+' || text[0] == '.')) {
    value.kind = K::kNumber;
    value.text = text;
    if (type.kind == TypeKind::kBoolean && (text == "0" || text == "1")) {
      value.kind = K::kBool;
      value.flag = text == "1";
      value.text.clear();
    }
  } else {
    value.kind = K::kExpression;
    value.text = text;
  }
  return value;
}

ast::RefAction Action(const std::string& text) {
  std::string upper = Upper(text);
  if (upper == "CASCADE") return ast::RefAction::kCascade;
  if (upper == "SET NULL") return ast::RefAction::kSetNull;
  if (upper == "RESTRICT") return ast::RefAction::kRestrict;
  if (upper == "NO ACTION" || upper.empty()) return ast::RefAction::kDefault;
  throw UnsupportedError("foreign key action '" + text + "' (SET DEFAULT) has no spelling in the language");
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "_") + n;
  return out;
}

void ReadForeignKeys(driver::Connection& db, const std::string& table, const sqlite::TableDdl& ddl,
                     ast::CreateTable& create) {
  std::map<int, ast::ForeignKey, std::greater<>> keys;  // SQLite numbers them last first
  for (const Row& row : db.Query("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                                 "FROM pragma_foreign_key_list(?) ORDER BY id, seq", {table})) {
    ast::ForeignKey& key = keys[std::stoi(Text(row[0]))];
    key.ref_table = Text(row[1]);
    key.columns.push_back(Text(row[2]));
    if (row[3]) key.ref_columns.push_back(*row[3]);
    key.on_update = Action(Text(row[4]));
    key.on_delete = Action(Text(row[5]));
  }
  for (auto& [id, key] : keys) {
    if (key.ref_columns.empty()) {  // REFERENCES t: its primary key
      std::map<int, std::string> pk;
      for (const Row& row : db.Query("SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0", {key.ref_table})) {
        pk[std::stoi(Text(row[1]))] = Text(row[0]);
      }
      for (const auto& [position, column] : pk) key.ref_columns.push_back(column);
    }
    for (const sqlite::ConstraintDdl& c : ddl.constraints) {
      if (c.kind == sqlite::ConstraintDdl::Kind::kForeignKey && c.columns == key.columns &&
          c.ref_table == key.ref_table && !c.name.empty()) {
        key.name = c.name;
      }
    }
    if (key.name.empty()) key.name = "fk_" + table + "_" + JoinNames(key.columns);
    create.foreign_keys.push_back(std::move(key));
  }
}

void ReadIndexes(driver::Connection& db, const std::string& table, ast::CreateTable& create,
                 std::vector<ast::Index>& indexes) {
  std::vector<Row> list = db.Query(
      "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?) ORDER BY seq DESC", {table});
  for (const Row& row : list) {
    const std::string name = Text(row[0]);
    const std::string origin = Text(row[2]);
    if (origin == "pk") continue;
    if (Text(row[3]) == "1") {
      throw UnsupportedError("index " + name + " on " + table +
                             " is partial (WHERE), which the language cannot say");
    }
    ast::Index index;
    index.name = name;
    index.table = table;
    index.unique = Text(row[1]) == "1";
    for (const Row& column : db.Query("SELECT cid, name, \"desc\" FROM pragma_index_xinfo(?) "
                                      "WHERE key = 1 ORDER BY seqno", {name})) {
      if (Text(column[0]) == "-2") {
        throw UnsupportedError("index " + name + " on " + table +
                               " indexes an expression, which the language cannot say");
      }
      index.columns.push_back(Text(column[1]));
      index.descending.push_back(Text(column[2]) == "1");
    }
    if (std::find(index.descending.begin(), index.descending.end(), true) == index.descending.end()) {
      index.descending.clear();
    }
    if (origin == "u" && index.columns.size() == 1) {  // UNIQUE on a column
      for (ast::Column& column : create.columns) {
        if (column.name == index.columns[0]) column.unique = true;
      }
      continue;
    }
    if (origin == "u") index.name = "uq_" + table + "_" + JoinNames(index.columns);
    indexes.push_back(std::move(index));
  }
}

ast::Body Opaque(std::string text) {
  ast::Body body;
  body.text.any = std::vector<std::string>{std::move(text)};
  return body;
}

void ReadObjects(driver::Connection& db, check::SchemaState& state) {
  for (const Row& row : db.Query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                 "WHERE type IN ('view', 'trigger') ORDER BY rowid")) {
    const std::string type = Text(row[0]);
    if (type == "view") {
      state.Apply({ast::CreateView{{Text(row[1]), Opaque(sqlite::ViewBody(Text(row[3]))), {}}}, {}, {}});
      continue;
    }
    sqlite::TriggerDdl ddl;
    try {
      ddl = sqlite::ParseCreateTrigger(Text(row[3]));
    } catch (const std::runtime_error& e) {
      throw UnsupportedError("cannot read the stored definition of trigger " + Text(row[1]) + ": " +
                             e.what());
    }
    if (ddl.timing == "instead of") {
      throw UnsupportedError("trigger " + Text(row[1]) + " is INSTEAD OF, which the language cannot say");
    }
    ast::Trigger trigger;
    trigger.name = Text(row[1]);
    trigger.table = Text(row[2]);
    trigger.timing = ddl.timing == "before" ? ast::TriggerTiming::kBefore : ast::TriggerTiming::kAfter;
    trigger.event = ddl.event == "insert"   ? ast::TriggerEvent::kInsert
                    : ddl.event == "update" ? ast::TriggerEvent::kUpdate
                                            : ast::TriggerEvent::kDelete;
    trigger.body = Opaque(ddl.body);
    state.Apply({ast::CreateTrigger{std::move(trigger)}, {}, {}});
  }
}

ast::CreateTable ReadTable(driver::Connection& db, const std::string& name, const std::string& sql,
                           std::vector<ast::Index>& indexes) {
  sqlite::TableDdl ddl;
  try {
    ddl = sqlite::ParseCreateTable(sql);
  } catch (const std::runtime_error& e) {
    throw UnsupportedError("cannot read the stored definition of table " + name + ": " + e.what());
  }
  ast::CreateTable create;
  create.name = name;
  std::map<int, std::string> key;  // position in the primary key -> column
  for (const Row& row : db.Query("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
                                 "pragma_table_xinfo(?) ORDER BY cid", {name})) {
    ast::Column column;
    column.name = Text(row[0]);
    std::optional<ast::ColumnType> type = DeclaredType(Text(row[1]));
    if (!type) {
      throw UnsupportedError("column " + name + "." + column.name + " has type '" + Text(row[1]) +
                             "', which the language has no type for");
    }
    column.type = *type;
    column.nullable = Text(row[2]) == "0";
    column.default_value = ParseDefault(row[3], column.type);
    if (Text(row[4]) != "0") key[std::stoi(Text(row[4]))] = column.name;
    auto found = std::find_if(ddl.columns.begin(), ddl.columns.end(),
                              [&](const sqlite::ColumnDdl& c) { return c.name == column.name; });
    if (found != ddl.columns.end()) {
      column.auto_increment = found->autoincrement;
      column.generated = found->generated;
      column.stored = Text(row[5]) == "3";
      for (const std::string& check : found->checks) {
        if (FoldTypeCheck(check, column)) continue;
        create.checks.push_back({"ck_" + name + "_" + column.name, check, {}});
      }
    }
    create.columns.push_back(std::move(column));
  }
  for (const auto& [position, column] : key) create.primary_key.push_back(column);
  int unnamed = 0;
  for (const sqlite::ConstraintDdl& c : ddl.constraints) {
    if (c.kind != sqlite::ConstraintDdl::Kind::kCheck) continue;
    std::string check_name = c.name.empty() ? "ck_" + name + "_" + std::to_string(++unnamed) : c.name;
    create.checks.push_back({check_name, c.expression, {}});
  }
  ReadForeignKeys(db, name, ddl, create);
  ReadIndexes(db, name, create, indexes);
  return create;
}

// A column as the SQLite dialect stores it, in the terms ReadTable reads back.
ast::Column SqliteImage(ast::Column column) {
  ast::ColumnType& type = column.type;
  type.fsp = 0;
  type.srid = 0;
  switch (type.kind) {
    case TypeKind::kJson:
    case TypeKind::kTinytext:
    case TypeKind::kMediumtext:
    case TypeKind::kLongtext:
      type = {TypeKind::kText, 0, 0, 0, {}, 0, 0, type.is_unsigned};
      break;
    case TypeKind::kPoint:
    case TypeKind::kGeometry:
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
    case TypeKind::kTinyblob:
    case TypeKind::kMediumblob:
    case TypeKind::kLongblob:
      type = {TypeKind::kBlob, 0, 0, 0, {}, 0, 0, type.is_unsigned};
      break;
    case TypeKind::kYear:
      type.kind = TypeKind::kSmallint;
      break;
    case TypeKind::kBit:
      if (type.length >= 63) type = {TypeKind::kInteger, 0, 0, 0, {}, 0, 0, true};
      break;
    default:
      break;
  }
  if (column.auto_increment) type = {};  // INTEGER PRIMARY KEY AUTOINCREMENT
  column.comment.clear();
  column.charset.clear();
  column.collation.clear();
  column.on_update_current_timestamp = false;
  column.on_update_fsp = 0;
  column.invisible = false;
  if (column.default_value && column.default_value->kind == ast::DefaultValue::Kind::kCurrentTimestamp) {
    column.default_value->text.clear();
  }
  return column;
}

}  // namespace

check::SchemaState ReadSqlite(driver::Connection& connection, const std::string& version_table) {
  check::SchemaState state(/*index_names_per_table=*/false);
  std::vector<ast::Index> indexes;
  for (const Row& row : connection.Query(
           "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    if (!IsApplicationTable(Text(row[0])) || Text(row[0]) == version_table) continue;
    state.Apply({ReadTable(connection, Text(row[0]), Text(row[1]), indexes), {}, {}});
  }
  for (ast::Index& index : indexes) state.Apply({ast::CreateIndex{std::move(index)}, {}, {}});
  ReadObjects(connection, state);
  return state;
}

namespace {

// The same columns, keys and options: what builds `table` again.
ast::CreateTable Recreate(const check::TableDef& table) {
  return {table.name, table.columns, table.primary_key, {}, table.options,
          table.foreign_keys, table.checks, {}};
}

// `schema` again, each table made by `create` (from Recreate) and each index
// through `index` (false: left out); views and triggers kept.
template <typename CreateFn, typename IndexFn>
check::SchemaState Rebuild(const check::SchemaState& schema, bool index_names_per_table,
                           CreateFn create, IndexFn index_fn) {
  check::SchemaState out(index_names_per_table);
  for (const check::TableDef* table : check::TablesInOrder(schema)) {
    out.Apply({create(*table, Recreate(*table)), {}, {}});
  }
  for (const check::TableDef* table : check::TablesInOrder(schema)) {
    for (ast::Index index : table->indexes) {
      if (index_fn(index)) out.Apply({ast::CreateIndex{std::move(index)}, {}, {}});
    }
  }
  for (const ast::View& view : schema.views()) out.Apply({ast::CreateView{view}, {}, {}});
  for (const ast::Trigger& trigger : schema.triggers()) out.Apply({ast::CreateTrigger{trigger}, {}, {}});
  return out;
}

}  // namespace

check::SchemaState AlignRowidKeys(const check::SchemaState& schema) {
  // The one type of the columns referencing each table's key, when they agree.
  std::map<std::string, std::optional<ast::ColumnType>> referenced;  // table -> type
  for (const auto& [name, table] : schema.tables()) {
    for (const ast::ForeignKey& key : table->foreign_keys) {
      const ast::Column* column = key.columns.size() == 1 ? table->FindColumn(key.columns[0]) : nullptr;
      if (column == nullptr) continue;
      auto [it, fresh] = referenced.emplace(key.ref_table, column->type);
      if (!fresh && it->second && !(*it->second == column->type)) it->second.reset();
    }
  }
  auto align = [&](const check::TableDef& table, ast::CreateTable create) {
    auto it = referenced.find(table.name);
    if (it == referenced.end() || !it->second) return create;
    for (ast::Column& column : create.columns) {
      if (column.auto_increment && table.primary_key == std::vector<std::string>{column.name}) {
        column.type = *it->second;
      }
    }
    return create;
  };
  return Rebuild(schema, schema.index_names_per_table(), align, [](const ast::Index&) { return true; });
}

check::SchemaState AsSqliteStores(const check::SchemaState& schema) {
  auto image = [](const check::TableDef&, ast::CreateTable create) {
    create.options = {};
    for (ast::Column& column : create.columns) column = SqliteImage(std::move(column));
    for (ast::ForeignKey& key : create.foreign_keys) {
      if (key.on_delete == ast::RefAction::kNoAction) key.on_delete = ast::RefAction::kDefault;
      if (key.on_update == ast::RefAction::kNoAction) key.on_update = ast::RefAction::kDefault;
    }
    return create;
  };
  auto kept = [](ast::Index& index) {
    index.prefix.clear();
    index.comment.clear();
    return !index.SkippedOnSqlite();
  };
  return Rebuild(schema, /*index_names_per_table=*/false, image, kept);
}

}  // namespace retort::introspect
