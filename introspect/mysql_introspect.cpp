// information_schema (and SHOW CREATE TABLE for SRIDs) into the model.
#include <algorithm>
#include <map>
#include <set>

#include "introspect/introspect.h"
#include "introspect/mysql_types.h"

namespace retort::introspect {
namespace {

using driver::Row;

std::string Text(const driver::Value& value) { return value.value_or(""); }

// Tables of the application: not Retort's or Alembic's own.
bool IsApplicationTable(const std::string& name) {
  return name.rfind("retort_", 0) != 0 && name != "alembic_version";
}

// What one read gathers before the model is built.
struct Catalog {
  std::string version_table;  // left out too
  std::vector<std::string> tables;  // in name order
  std::map<std::string, ast::CreateTable> creates;
  std::map<std::string, std::string> table_charset;    // table -> charset
  std::map<std::string, std::string> table_collation;  // table -> collation
  std::map<std::string, std::vector<ast::Index>> indexes;
};

std::string CharsetOf(driver::Connection& db, const std::string& collation) {
  auto rows = db.Query(
      "SELECT CHARACTER_SET_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME = ?",
      {collation});
  return rows.empty() ? std::string() : Text(rows[0][0]);
}

void ReadTables(driver::Connection& db, Catalog& catalog) {
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT FROM "
           "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND "
           "TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME")) {
    std::string name = Text(row[0]);
    if (!IsApplicationTable(name) || name == catalog.version_table) continue;
    ast::CreateTable create;
    create.name = name;
    create.options.engine = Text(row[1]);
    create.options.collation = Text(row[2]);
    create.options.charset = CharsetOf(db, create.options.collation);
    create.options.comment = Text(row[3]);
    catalog.table_charset[name] = create.options.charset;
    catalog.table_collation[name] = create.options.collation;
    catalog.tables.push_back(name);
    catalog.creates[name] = std::move(create);
  }
}

// A geometry column's SRID: MariaDB keeps it in GEOMETRY_COLUMNS (SHOW
// CREATE TABLE does not print it), MySQL 8 in COLUMNS.SRS_ID.
int SridIn(driver::Connection& db, bool mysql8, const std::string& table,
           const std::string& column) {
  auto rows = mysql8 ? db.Query("SELECT SRS_ID FROM information_schema.COLUMNS WHERE "
                                "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?",
                                {table, column})
                     : db.Query("SELECT SRID FROM information_schema.GEOMETRY_COLUMNS WHERE "
                                "G_TABLE_SCHEMA = DATABASE() AND G_TABLE_NAME = ? AND "
                                "G_GEOMETRY_COLUMN = ?",
                                {table, column});
  return rows.empty() || !rows[0][0] ? 0 : std::atoi(rows[0][0]->c_str());
}

void ReadColumns(driver::Connection& db, Catalog& catalog, bool mysql8,
                 const std::set<std::pair<std::string, std::string>>& json_columns) {
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, "
           "COLUMN_COMMENT, CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION "
           "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
           "ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
    auto create = catalog.creates.find(Text(row[0]));
    if (create == catalog.creates.end()) continue;  // a view's column, or ours
    ast::Column column;
    column.name = Text(row[1]);
    std::optional<ast::ColumnType> type = ParseMysqlType(Text(row[2]));
    if (!type) {
      throw UnsupportedError("column " + create->first + "." + column.name + " has type '" +
                             Text(row[2]) + "', which the language does not have");
    }
    column.type = *type;
    if (json_columns.count({create->first, column.name})) {
      column.type = ast::ColumnType();
      column.type.kind = ast::TypeKind::kJson;
    }
    if (column.type.kind == ast::TypeKind::kPoint || column.type.kind == ast::TypeKind::kGeometry) {
      column.type.srid = SridIn(db, mysql8, create->first, column.name);
    }
    column.nullable = Text(row[3]) == "YES";
    std::string extra = Text(row[5]);
    std::string lower_extra = extra;
    std::transform(lower_extra.begin(), lower_extra.end(), lower_extra.begin(), ::tolower);
    column.auto_increment = lower_extra.find("auto_increment") != std::string::npos;
    column.invisible = lower_extra.find("invisible") != std::string::npos;
    if (std::size_t on = lower_extra.find("on update current_timestamp"); on != std::string::npos) {
      column.on_update_current_timestamp = true;
      std::size_t open = lower_extra.find('(', on);
      if (open != std::string::npos) column.on_update_fsp = std::atoi(lower_extra.c_str() + open + 1);
    }
    if (lower_extra.find("generated") != std::string::npos && row[9] && !row[9]->empty() &&
        lower_extra.find("default_generated") == std::string::npos) {
      column.generated = *row[9];
      column.stored = lower_extra.find("stored") != std::string::npos;
    } else {
      column.default_value = ParseMysqlDefault(
          row[4], column.type, mysql8, lower_extra.find("default_generated") != std::string::npos);
    }
    column.comment = Text(row[6]);
    // Charset and collation only where they differ from the table's.
    std::string charset = Text(row[7]), collation = Text(row[8]);
    if (column.type.kind != ast::TypeKind::kJson && !charset.empty() &&
        (charset != catalog.table_charset[create->first] ||
         collation != catalog.table_collation[create->first])) {
      column.charset = charset;
      column.collation = collation;
    }
    create->second.columns.push_back(std::move(column));
  }
}

void ReadIndexes(driver::Connection& db, Catalog& catalog) {
  std::map<std::pair<std::string, std::string>, ast::Index> found;
  std::vector<std::pair<std::string, std::string>> order;
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, "
           "INDEX_TYPE, INDEX_COMMENT FROM information_schema.STATISTICS WHERE "
           "TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
    std::string table = Text(row[0]), name = Text(row[1]);
    auto create = catalog.creates.find(table);
    if (create == catalog.creates.end()) continue;
    if (name == "PRIMARY") {
      create->second.primary_key.push_back(Text(row[3]));
      continue;
    }
    auto key = std::make_pair(table, name);
    if (!found.count(key)) order.push_back(key);
    ast::Index& index = found[key];
    index.name = name;
    index.table = table;
    index.unique = Text(row[2]) == "0";
    index.spatial = Text(row[6]) == "SPATIAL";
    index.fulltext = Text(row[6]) == "FULLTEXT";
    index.comment = Text(row[7]);
    index.columns.push_back(Text(row[3]));
    index.prefix.push_back(row[4] ? std::atoi(row[4]->c_str()) : 0);
    index.descending.push_back(Text(row[5]) == "D");
  }
  for (const auto& key : order) {
    ast::Index index = found[key];
    // InnoDB reports a SUB_PART for spatial keys; the language has none there.
    if (!index.HasPrefix() || index.SkippedOnSqlite()) index.prefix.clear();
    if (std::find(index.descending.begin(), index.descending.end(), true) == index.descending.end()) {
      index.descending.clear();
    }
    catalog.indexes[key.first].push_back(std::move(index));
  }
}

ast::RefAction Action(const std::string& rule) {
  if (rule == "CASCADE") return ast::RefAction::kCascade;
  if (rule == "SET NULL") return ast::RefAction::kSetNull;
  if (rule == "NO ACTION") return ast::RefAction::kNoAction;  // written so
  return ast::RefAction::kDefault;  // RESTRICT: InnoDB's default
}

void ReadForeignKeys(driver::Connection& db, Catalog& catalog) {
  std::map<std::pair<std::string, std::string>, ast::ForeignKey> keys;
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME, UPDATE_RULE, DELETE_RULE "
           "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()")) {
    ast::ForeignKey& key = keys[{Text(row[0]), Text(row[1])}];
    key.name = Text(row[1]);
    key.ref_table = Text(row[2]);
    key.on_update = Action(Text(row[3]));
    key.on_delete = Action(Text(row[4]));
  }
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_COLUMN_NAME FROM "
           "information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND "
           "REFERENCED_TABLE_NAME IS NOT NULL ORDER BY TABLE_NAME, CONSTRAINT_NAME, "
           "ORDINAL_POSITION")) {
    auto it = keys.find({Text(row[0]), Text(row[1])});
    if (it == keys.end()) continue;
    it->second.columns.push_back(Text(row[2]));
    it->second.ref_columns.push_back(Text(row[3]));
  }
  for (auto& [where, key] : keys) {
    auto create = catalog.creates.find(where.first);
    if (create != catalog.creates.end()) create->second.foreign_keys.push_back(std::move(key));
  }
}

// MariaDB's json is longtext with a json_valid check named after the column.
std::set<std::pair<std::string, std::string>> ReadChecks(driver::Connection& db, Catalog& catalog) {
  std::set<std::pair<std::string, std::string>> json;
  for (const Row& row : db.Query(
           "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM "
           "information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() "
           "ORDER BY TABLE_NAME, CONSTRAINT_NAME")) {
    std::string table = Text(row[0]), name = Text(row[1]), clause = Text(row[2]);
    if (clause == "json_valid(`" + name + "`)") {
      json.insert({table, name});
      continue;
    }
    auto create = catalog.creates.find(table);
    if (create == catalog.creates.end()) continue;
    create->second.checks.push_back({name, clause, {}});
  }
  return json;
}

// True when InnoDB made `index` for one of the table's foreign keys: named
// after the key, over exactly its columns, and no other index (or the
// primary key) could serve the key. Recreating the key recreates it.
bool IsGeneratedKeyIndex(const ast::Index& index, const ast::CreateTable& table,
                         const std::vector<ast::Index>& all) {
  if (index.unique || index.HasPrefix() || index.SkippedOnSqlite()) return false;
  for (const ast::ForeignKey& key : table.foreign_keys) {
    if (key.name != index.name || key.columns != index.columns) continue;
    auto leads = [&](const std::vector<std::string>& columns) {
      return columns.size() >= key.columns.size() &&
             std::equal(key.columns.begin(), key.columns.end(), columns.begin());
    };
    if (leads(table.primary_key)) return false;
    for (const ast::Index& other : all) {
      if (&other != &index && !other.HasPrefix() && !other.SkippedOnSqlite() && leads(other.columns)) {
        return false;
      }
    }
    return true;
  }
  return false;
}

std::string StripSchema(std::string text, const std::string& schema) {
  const std::string prefix = "`" + schema + "`.";
  for (std::size_t at; (at = text.find(prefix)) != std::string::npos;) text.erase(at, prefix.size());
  return text;
}

ast::Body Opaque(const std::string& text) {
  ast::Body body;
  body.text.any = std::vector<std::string>{text};
  return body;
}

void ReadObjects(driver::Connection& db, check::SchemaState& state) {
  std::string schema = Text(db.Query("SELECT DATABASE()").at(0).at(0));
  for (const Row& row : db.Query("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
                                 "WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")) {
    ast::View view{Text(row[0]), Opaque(StripSchema(Text(row[1]), schema)), {}};
    state.Apply({ast::CreateView{std::move(view)}, {}, {}});
  }
  for (const Row& row : db.Query(
           "SELECT TRIGGER_NAME, ACTION_TIMING, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, "
           "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() "
           "ORDER BY EVENT_OBJECT_TABLE, ACTION_ORDER")) {
    ast::Trigger trigger;
    trigger.name = Text(row[0]);
    trigger.timing = Text(row[1]) == "BEFORE" ? ast::TriggerTiming::kBefore : ast::TriggerTiming::kAfter;
    std::string event = Text(row[2]);
    trigger.event = event == "INSERT"   ? ast::TriggerEvent::kInsert
                    : event == "UPDATE" ? ast::TriggerEvent::kUpdate
                                        : ast::TriggerEvent::kDelete;
    trigger.table = Text(row[3]);
    trigger.body = Opaque(Text(row[4]));
    state.Apply({ast::CreateTrigger{std::move(trigger)}, {}, {}});
  }
  for (const Row& row : db.Query(
           "SELECT EVENT_NAME, EVENT_TYPE, EXECUTE_AT, INTERVAL_VALUE, INTERVAL_FIELD, STARTS, "
           "ENDS, ON_COMPLETION, STATUS, EVENT_COMMENT, EVENT_DEFINITION FROM "
           "information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE() ORDER BY EVENT_NAME")) {
    ast::Event event;
    event.name = Text(row[0]);
    if (Text(row[1]) == "ONE TIME") {
      event.schedule = "AT '" + Text(row[2]) + "'";
    } else {
      std::string value = Text(row[3]);
      bool plain = !value.empty() && std::all_of(value.begin(), value.end(), ::isdigit);
      event.schedule = "EVERY " + (plain ? value : "'" + value + "'") + " " + Text(row[4]);
      if (row[5]) event.schedule += " STARTS '" + *row[5] + "'";
      if (row[6]) event.schedule += " ENDS '" + *row[6] + "'";
    }
    event.preserve = Text(row[7]) == "PRESERVE";
    event.enabled = Text(row[8]) == "ENABLED";
    event.comment = Text(row[9]);
    event.body = Opaque(Text(row[10]));
    state.Apply({ast::CreateEvent{std::move(event)}, {}, {}});
  }
}

}  // namespace

check::SchemaState ReadMysql(driver::Connection& connection, const std::string& version_table) {
  const bool mysql8 = connection.dialect() == table::Dialect::kMysql;
  Catalog catalog;
  catalog.version_table = version_table;
  ReadTables(connection, catalog);
  std::set<std::pair<std::string, std::string>> json = ReadChecks(connection, catalog);
  ReadColumns(connection, catalog, mysql8, json);
  ReadIndexes(connection, catalog);
  ReadForeignKeys(connection, catalog);
  // Index names are per table on MySQL.
  check::SchemaState state(/*index_names_per_table=*/true);
  for (const std::string& name : catalog.tables) {
    state.Apply({std::move(catalog.creates[name]), {}, {}});
  }
  for (const std::string& name : catalog.tables) {
    const check::TableDef& table = *state.FindTable(name);
    ast::CreateTable shape{table.name, table.columns, table.primary_key, {}, table.options,
                           table.foreign_keys, table.checks, {}};
    const std::vector<ast::Index>& indexes = catalog.indexes[name];
    for (const ast::Index& index : indexes) {
      if (IsGeneratedKeyIndex(index, shape, indexes)) continue;
      state.Apply({ast::CreateIndex{index}, {}, {}});
    }
  }
  ReadObjects(connection, state);
  return state;
}


}  // namespace retort::introspect
