#include "diff/schema_diff.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>


namespace retort::diff {
namespace {

using ast::Op;

// Text up to spelling: no backquotes or whitespace, lower case, and the
// function names MariaDB writes back for their synonyms.
std::string Loose(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '`' || std::isspace(static_cast<unsigned char>(c))) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  static constexpr std::pair<std::string_view, std::string_view> kSynonyms[] = {
      {"lcase(", "lower("}, {"ucase(", "upper("}, {"current_timestamp()", "now()"},
      {"substr(", "substring("}, {"curdate()", "current_date()"}};
  for (const auto& [from, to] : kSynonyms) {
    for (std::size_t at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
      if (at > 0 && (std::isalnum(static_cast<unsigned char>(out[at - 1])) || out[at - 1] == '_')) continue;
      out.replace(at, from.size(), to);
    }
  }
  return out;
}

bool SameDefault(const std::optional<ast::DefaultValue>& a, const std::optional<ast::DefaultValue>& b) {
  using K = ast::DefaultValue::Kind;
  auto none = [](const std::optional<ast::DefaultValue>& v) { return !v || v->kind == K::kNull; };
  if (none(a) || none(b)) return none(a) && none(b);
  auto number = [](const ast::DefaultValue& v, double& out) {
    if (v.kind == K::kBool) return out = v.flag ? 1 : 0, true;
    if (v.kind != K::kNumber) return false;
    out = std::strtod(v.text.c_str(), nullptr);
    return true;
  };
  double x = 0, y = 0;
  if (number(*a, x) && number(*b, y)) return x == y;
  if (a->kind != b->kind) return false;
  return a->kind == K::kExpression ? Loose(a->text) == Loose(b->text) : a->text == b->text;
}

// What `alter column` can change.
bool SameAlterable(const ast::Column& a, const ast::Column& b) {
  return a.type == b.type && a.nullable == b.nullable && SameDefault(a.default_value, b.default_value) &&
         a.comment == b.comment;
}

// What it cannot; "" when equal.
std::string OtherDifference(const ast::Column& a, const ast::Column& b) {
  if (a.charset != b.charset || a.collation != b.collation) return "charset or collation";
  if (Loose(a.generated) != Loose(b.generated) || a.stored != b.stored) return "generated expression";
  if (a.invisible != b.invisible) return "visibility";
  if (a.auto_increment != b.auto_increment) return "auto_increment";
  if (a.on_update_current_timestamp != b.on_update_current_timestamp ||
      a.on_update_fsp != b.on_update_fsp) {
    return "on update";
  }
  return "";
}

bool SameIndex(const ast::Index& a, const ast::Index& b) {
  return a.columns == b.columns && a.unique == b.unique && a.spatial == b.spatial &&
         a.fulltext == b.fulltext && a.prefix == b.prefix && a.descending == b.descending &&
         a.comment == b.comment;
}

ast::RefAction Effective(ast::RefAction action) {
  // InnoDB's default is RESTRICT; an explicit NO ACTION is kept apart, as
  // the catalog keeps it.
  return action == ast::RefAction::kRestrict ? ast::RefAction::kDefault : action;
}

bool SameKey(const ast::ForeignKey& a, const ast::ForeignKey& b) {
  return a.columns == b.columns && a.ref_table == b.ref_table && a.ref_columns == b.ref_columns &&
         Effective(a.on_delete) == Effective(b.on_delete) &&
         Effective(a.on_update) == Effective(b.on_update);
}

// A table as MySQL stores it: a unique column is its unique index (named
// after the column), and missing options are the project's defaults.
check::TableDef Stored(const check::TableDef& table, const ast::TableOptions& defaults) {
  check::TableDef out = table;
  for (ast::Column& column : out.columns) {
    // MariaDB keeps current_timestamp at the column's precision.
    if (column.default_value && column.default_value->kind == ast::DefaultValue::Kind::kCurrentTimestamp &&
        column.default_value->text.empty() && column.type.fsp > 0) {
      column.default_value->text = std::to_string(column.type.fsp);
    }
    if (column.on_update_current_timestamp && column.on_update_fsp == 0) {
      column.on_update_fsp = column.type.fsp;
    }
    if (!column.unique) continue;
    column.unique = false;
    if (out.FindIndex(column.name) == nullptr) {
      ast::Index index;
      index.name = column.name;
      index.table = out.name;
      index.columns = {column.name};
      index.unique = true;
      out.indexes.push_back(index);
    }
  }
  ast::TableOptions& o = out.options;
  if (o.engine.empty()) o.engine = defaults.engine;
  if (o.charset.empty()) {
    o.charset = defaults.charset;
    if (o.collation.empty()) o.collation = defaults.collation;
  }
  for (ast::Column& column : out.columns) {
    // `collate utf8mb4_bin` alone is that collation's charset; the table's
    // own charset and collation, written on a column, are no difference.
    if (column.charset.empty() && !column.collation.empty()) {
      column.charset = column.collation.substr(0, column.collation.find('_'));
    }
    if (column.charset == o.charset &&
        (column.collation.empty() || column.collation == o.collation)) {
      column.charset.clear();
      column.collation.clear();
    }
  }
  return out;
}

template <typename T>
const T* Named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

class Differ {
 public:
  Differ(const check::SchemaState& from, const check::SchemaState& to,
         const ast::TableOptions& defaults)
      : from_(from), to_(to), defaults_(defaults) {}

  SchemaDiff Run();

 private:
  void Emit(ast::OpKind kind) { out_.ops.push_back(Op{std::move(kind), {}, {}}); }
  void Note(std::string note) { out_.notes.push_back(std::move(note)); }
  void DropGoneObjects();
  void DropGoneKeysIndexesChecks();
  void DropGoneTables();
  void ChangeColumns(const check::TableDef& a, const check::TableDef& b);
  void CreateNewTables();
  void AddNewKeysIndexesChecks();
  void CreateNewObjects();
  void CompareTableShape(const check::TableDef& a, const check::TableDef& b);

  const check::SchemaState& from_;
  const check::SchemaState& to_;
  const ast::TableOptions& defaults_;
  std::vector<std::string> common_;  // tables in both
  std::vector<std::string> gone_;    // tables only `from` has, in a dropping order
  std::vector<std::pair<std::string, ast::ForeignKey>> deferred_;  // keys of a cycle
  SchemaDiff out_;
};

void Differ::DropGoneObjects() {
  using K = ast::DropObject::Kind;
  for (const ast::Trigger& t : from_.triggers()) {
    const ast::Trigger* now = to_.FindTrigger(t.name);
    bool same = now != nullptr && now->table == t.table && now->timing == t.timing &&
                now->event == t.event;
    if (same) {
      const std::vector<std::string>* a = t.body.text.For("mysql");
      const std::vector<std::string>* b = now->body.text.For("mysql");
      same = a && b && !a->empty() && !b->empty() && Loose(a->front()) == Loose(b->front());
    }
    if (!same) Emit(ast::DropObject{K::kTrigger, t.name});
  }
  for (const ast::View& v : from_.views()) {
    if (to_.FindView(v.name) == nullptr) Emit(ast::DropObject{K::kView, v.name});
  }
  for (const ast::Event& e : from_.events()) {
    if (to_.FindEvent(e.name) == nullptr) Emit(ast::DropObject{K::kEvent, e.name});
  }
}

void Differ::DropGoneKeysIndexesChecks() {
  // Tables that go are dropped referencing ones first; only a key within a
  // cycle of them needs dropping on its own.
  std::vector<const check::TableDef*> order = check::TablesInOrder(from_);
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if (to_.FindTable((*it)->name) == nullptr) gone_.push_back((*it)->name);
  }
  auto drop_position = [&](const std::string& table) {
    return std::find(gone_.begin(), gone_.end(), table) - gone_.begin();
  };
  for (const auto& [name, table] : from_.tables()) {
    const check::TableDef* now = to_.FindTable(name);
    check::TableDef a = Stored(*table, defaults_);
    std::optional<check::TableDef> b;
    if (now) b = Stored(*now, defaults_);
    for (const ast::ForeignKey& key : a.foreign_keys) {
      if (!b && drop_position(key.ref_table) >= drop_position(name)) continue;
      const ast::ForeignKey* kept = b ? Named(b->foreign_keys, key.name) : nullptr;
      if (!kept || !SameKey(key, *kept)) Emit(ast::DropConstraint{name, key.name});
    }
    if (!b) continue;  // the table goes whole
    for (const ast::Index& index : a.indexes) {
      const ast::Index* kept = Named(b->indexes, index.name);
      if (!kept || !SameIndex(index, *kept)) Emit(ast::DropIndex{index.name, name});
    }
    for (const ast::Check& check : a.checks) {
      const ast::Check* kept = Named(b->checks, check.name);
      if (!kept || Loose(kept->expression) != Loose(check.expression)) {
        Emit(ast::DropConstraint{name, check.name});
      }
    }
  }
}

void Differ::DropGoneTables() {
  for (const std::string& name : gone_) Emit(ast::DropTable{name});
  for (const auto& [name, table] : from_.tables()) {
    if (to_.FindTable(name) != nullptr) common_.push_back(name);
  }
}

void Differ::ChangeColumns(const check::TableDef& a, const check::TableDef& b) {
  std::vector<std::string> current;  // the column order as the ops leave it
  for (const ast::Column& column : a.columns) {
    if (b.FindColumn(column.name) == nullptr) {
      Emit(ast::DropColumn{a.name, column.name});
    } else {
      current.push_back(column.name);
    }
  }
  for (const ast::Column& column : a.columns) {
    const ast::Column* now = b.FindColumn(column.name);
    if (now == nullptr) continue;
    if (std::string other = OtherDifference(column, *now); !other.empty()) {
      Note("column " + a.name + "." + column.name + " differs in its " + other +
           ", which alter column cannot change: drop and add it, or change it by hand");
    }
    if (SameAlterable(column, *now)) continue;
    ast::AlterColumn alter;
    alter.table = a.name;
    alter.column = column.name;
    if (column.type != now->type) alter.type = now->type;
    if (column.nullable != now->nullable) alter.nullable = now->nullable;
    if (!SameDefault(column.default_value, now->default_value)) alter.default_value = now->default_value;
    if (column.comment != now->comment) alter.comment = now->comment;
    Emit(std::move(alter));
  }
  std::string previous;
  for (const ast::Column& column : b.columns) {
    auto at = std::find(current.begin(), current.end(), column.name);
    if (at == current.end()) {
      auto after = previous.empty() ? current.begin()
                                    : std::find(current.begin(), current.end(), previous) + 1;
      std::optional<ast::ColumnPosition> position;
      if (after != current.end()) {
        position = ast::ColumnPosition{previous.empty(), previous, {}};
      }
      Emit(ast::AddColumn{a.name, column, position});
      current.insert(after, column.name);
    }
    previous = column.name;
  }
  // A column dropped and one added of the same type may be a rename.
  for (const ast::Column& gone : a.columns) {
    if (b.FindColumn(gone.name) != nullptr) continue;
    for (const ast::Column& added : b.columns) {
      if (a.FindColumn(added.name) == nullptr && added.type == gone.type) {
        Note("column " + a.name + "." + gone.name + " is dropped and " + added.name +
             " added with the same type: if it is a rename, write `rename column " + gone.name +
             " to " + added.name + "` instead (the drop loses its data)");
      }
    }
  }
}

void Differ::CompareTableShape(const check::TableDef& a, const check::TableDef& b) {
  if (a.primary_key != b.primary_key) {
    Note("table " + a.name + " has another primary key there; the language cannot change a "
         "primary key: write the change by hand");
  }
  const ast::TableOptions& x = a.options;
  const ast::TableOptions& y = b.options;
  auto differs = [](const std::string& mine, const std::string& theirs) {
    return !mine.empty() && !theirs.empty() && mine != theirs;
  };
  if (differs(x.engine, y.engine) || differs(x.charset, y.charset) ||
      differs(x.collation, y.collation) || x.comment != y.comment) {
    Note("table " + a.name + " has other options there (engine, charset, collation or comment); "
         "the language cannot change them: write the change by hand");
  }
}

void Differ::CreateNewTables() {
  std::set<std::string> exists;
  for (const std::string& name : common_) exists.insert(name);
  for (const check::TableDef* placeholder : check::TablesInOrder(to_)) {
    if (from_.FindTable(placeholder->name) != nullptr) continue;
    const check::TableDef& t = *placeholder;
    ast::CreateTable create{t.name, t.columns, t.primary_key, {}, t.options, {}, t.checks, {}};
    for (const ast::ForeignKey& key : t.foreign_keys) {
      // Keys to a table made later (a cycle) come once both exist.
      if (key.ref_table == t.name || exists.count(key.ref_table)) {
        create.foreign_keys.push_back(key);
      } else {
        deferred_.push_back({t.name, key});
      }
    }
    Emit(std::move(create));
    exists.insert(t.name);
    for (const ast::Index& index : t.indexes) Emit(ast::CreateIndex{index});
  }
}

void Differ::AddNewKeysIndexesChecks() {
  for (auto& [table, key] : deferred_) Emit(ast::AddForeignKey{table, key});
  for (const auto& [name, table] : to_.tables()) {
    const check::TableDef* before = from_.FindTable(name);
    check::TableDef b = Stored(*table, defaults_);
    if (before == nullptr) continue;  // created whole above
    check::TableDef a = Stored(*before, defaults_);
    CompareTableShape(a, b);
    for (const ast::Check& check : b.checks) {
      const ast::Check* had = Named(a.checks, check.name);
      if (!had || Loose(had->expression) != Loose(check.expression)) Emit(ast::AddCheck{name, check});
    }
    for (const ast::Index& index : b.indexes) {
      const ast::Index* had = Named(a.indexes, index.name);
      if (!had || !SameIndex(*had, index)) Emit(ast::CreateIndex{index});
    }
    for (const ast::ForeignKey& key : b.foreign_keys) {
      const ast::ForeignKey* had = Named(a.foreign_keys, key.name);
      if (!had || !SameKey(*had, key)) Emit(ast::AddForeignKey{name, key});
    }
  }
}

void Differ::CreateNewObjects() {
  for (const ast::View& v : to_.views()) {
    if (from_.FindView(v.name) == nullptr) Emit(ast::CreateView{v});
  }
  for (const ast::Trigger& t : to_.triggers()) {
    const ast::Trigger* had = from_.FindTrigger(t.name);
    bool dropped = std::any_of(out_.ops.begin(), out_.ops.end(), [&](const Op& op) {
      const auto* drop = std::get_if<ast::DropObject>(&op.kind);
      return drop && drop->kind == ast::DropObject::Kind::kTrigger && drop->name == t.name;
    });
    if (had == nullptr || dropped) Emit(ast::CreateTrigger{t});
  }
  for (const ast::Event& e : to_.events()) {
    if (from_.FindEvent(e.name) == nullptr) Emit(ast::CreateEvent{e});
  }
}

SchemaDiff Differ::Run() {
  DropGoneObjects();
  DropGoneKeysIndexesChecks();
  DropGoneTables();
  for (const std::string& name : common_) {
    ChangeColumns(Stored(*from_.FindTable(name), defaults_), Stored(*to_.FindTable(name), defaults_));
  }
  CreateNewTables();
  AddNewKeysIndexesChecks();
  CreateNewObjects();
  return std::move(out_);
}

}  // namespace

SchemaDiff Diff(const check::SchemaState& from, const check::SchemaState& to,
                const ast::TableOptions& defaults) {
  return Differ(from, to, defaults).Run();
}

}  // namespace retort::diff
