#include "emit/schema_writer.h"

#include <map>
#include <set>

namespace retort::emit {
namespace {

std::string DslName(const std::string& name) {
  for (char c : name) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!plain) return "`" + name + "`";
  }
  return name;
}

std::string DslNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + DslName(name);
  return "(" + out + ")";
}

std::string IndexColumns(const ast::Index& index) {
  std::string out;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    out += (i ? ", " : "") + DslName(index.columns[i]);
    if (index.Prefix(i) > 0) out += "(" + std::to_string(index.Prefix(i)) + ")";
    if (index.Descending(i)) out += " desc";
  }
  return "(" + out + ")";
}

std::string ColumnDsl(const ast::Column& column) {
  std::string out = DslName(column.name) + " " + ast::TypeName(column.type);
  if (!column.charset.empty()) out += " charset " + DslName(column.charset);
  if (!column.collation.empty()) out += " collate " + DslName(column.collation);
  if (!column.generated.empty()) {
    out += " as (" + column.generated + ")" + (column.stored ? " stored" : " virtual");
  } else {
    out += column.nullable ? " null" : " not null";
  }
  if (column.default_value) out += " default " + ast::DefaultSpelling(*column.default_value);
  if (column.on_update_current_timestamp) {
    out += " on update current_timestamp";
    if (column.on_update_fsp > 0) out += "(" + std::to_string(column.on_update_fsp) + ")";
  }
  if (column.auto_increment) out += " auto_increment";
  if (column.invisible) out += " invisible";
  if (column.unique) out += " unique";
  if (!column.comment.empty()) {
    out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, column.comment, false});
  }
  return out;
}

// `uses a, b as sqlite """...""" mysql """..."""`: a body as written.
std::string BodyDsl(const ast::Body& body, const char* as) {
  std::string out;
  if (!body.uses.empty()) {
    out += " uses ";
    for (std::size_t i = 0; i < body.uses.size(); ++i) out += (i ? ", " : "") + DslName(body.uses[i]);
  }
  out += std::string(" ") + as;
  for (const auto& [dialect, text] : body.text.by_dialect) {
    out += " " + dialect + " \"\"\"" + (text.empty() ? "" : text.front()) + "\"\"\"";
  }
  if (body.text.any) {
    out += " \"\"\"" + (body.text.any->empty() ? "" : body.text.any->front()) + "\"\"\"";
  }
  return out;
}

std::string ObjectsDsl(const check::SchemaState& schema) {
  std::string out;
  for (const ast::View& view : schema.views()) {
    out += "create view " + DslName(view.name) + BodyDsl(view.body, "as") + ";\n";
  }
  for (const ast::Trigger& trigger : schema.triggers()) {
    out += "create trigger " + DslName(trigger.name) + " " +
           std::string(ast::TriggerTimingName(trigger.timing)) + " " +
           std::string(ast::TriggerEventName(trigger.event)) + " on " + DslName(trigger.table) +
           BodyDsl(trigger.body, "as") + ";\n";
  }
  for (const ast::Event& event : schema.events()) {
    out += "create event " + DslName(event.name) + " on schedule \"\"\"" + event.schedule +
           "\"\"\"";
    if (event.preserve) out += *event.preserve ? " on completion preserve" : " on completion not preserve";
    if (!event.enabled) out += " disable";
    if (!event.comment.empty()) {
      out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, event.comment, false});
    }
    out += BodyDsl(event.body, "do") + ";\n";
  }
  return out;
}

}  // namespace

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

namespace {

// A foreign key to a table that comes later in creation order (a cycle of
// keys): created with `alter table … add` once both tables exist.
struct DeferredKey {
  std::string table;
  ast::ForeignKey key;
};

std::string ForeignKeyDsl(const ast::ForeignKey& fk) {
  std::string out = "constraint " + DslName(fk.name) + " foreign key " + DslNames(fk.columns) +
                    " references " + DslName(fk.ref_table) + " " + DslNames(fk.ref_columns);
  if (fk.on_delete != ast::RefAction::kNoAction) {
    out += " on delete " + std::string(ast::RefActionName(fk.on_delete));
  }
  if (fk.on_update != ast::RefAction::kNoAction) {
    out += " on update " + std::string(ast::RefActionName(fk.on_update));
  }
  return out;
}

std::vector<DeferredKey> DeferredKeys(const std::vector<const check::TableDef*>& ordered) {
  std::vector<DeferredKey> deferred;
  std::set<std::string> placed;
  for (const check::TableDef* table : ordered) {
    placed.insert(table->name);
    for (const ast::ForeignKey& fk : table->foreign_keys) {
      if (!placed.count(fk.ref_table)) deferred.push_back({table->name, fk});
    }
  }
  return deferred;
}

bool IsDeferred(const std::vector<DeferredKey>& deferred, const std::string& table,
                const std::string& key) {
  for (const DeferredKey& d : deferred) {
    if (d.table == table && d.key.name == key) return true;
  }
  return false;
}

}  // namespace

std::string RenderSchemaDsl(const check::SchemaState& schema) {
  std::string out;
  std::vector<const check::TableDef*> ordered = TablesInOrder(schema);
  std::vector<DeferredKey> deferred = DeferredKeys(ordered);
  for (const check::TableDef* table : ordered) {
    out += "create table " + DslName(table->name) + " {\n";
    for (const ast::Column& column : table->columns) out += "  " + ColumnDsl(column) + ";\n";
    if (!table->primary_key.empty()) out += "  primary key " + DslNames(table->primary_key) + ";\n";
    for (const ast::ForeignKey& fk : table->foreign_keys) {
      if (!IsDeferred(deferred, table->name, fk.name)) out += "  " + ForeignKeyDsl(fk) + ";\n";
    }
    for (const ast::Check& check : table->checks) {
      out += "  constraint " + DslName(check.name) + " check (" + check.expression + ");\n";
    }
    out += "}";
    const ast::TableOptions& o = table->options;
    if (!o.engine.empty()) out += " engine " + o.engine;
    if (!o.charset.empty()) out += " charset " + o.charset;
    if (!o.collation.empty()) out += " collate " + o.collation;
    if (!o.comment.empty()) {
      out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, o.comment, false});
    }
    out += "\n";
    for (const ast::Index& index : table->indexes) {
      out += std::string(index.spatial    ? "create spatial index "
                         : index.fulltext ? "create fulltext index "
                         : index.unique   ? "create unique index "
                                          : "create index ") +
             DslName(index.name) + " on " + DslName(table->name) + " " + IndexColumns(index);
      if (!index.comment.empty()) {
        out += " comment " +
               ast::DefaultSpelling({ast::DefaultValue::Kind::kString, index.comment, false});
      }
      out += ";\n";
    }
    out += "\n";
  }
  for (const DeferredKey& d : deferred) {  // keys of a cycle: after both tables
    out += "alter table " + DslName(d.table) + " {\n  add " + ForeignKeyDsl(d.key) + ";\n}\n";
  }
  if (!deferred.empty()) out += "\n";
  return out + ObjectsDsl(schema);
}

std::string RenderSchemaSql(const check::SchemaState& schema, const lower::Dialect& dialect) {
  std::string out;
  // Each statement rendered against what the statements before it built.
  check::SchemaState built;
  auto render = [&](const ast::Op& op) {
    check::SchemaState next = built;
    next.Apply(op);
    for (const std::string& sql : dialect.Render(op, built, next)) out += sql + ";\n";
    built = std::move(next);
  };
  std::vector<const check::TableDef*> ordered = TablesInOrder(schema);
  std::vector<DeferredKey> deferred = DeferredKeys(ordered);
  for (const check::TableDef* table : ordered) {
    // The table as created, then its indexes as separate statements.
    std::vector<ast::ForeignKey> keys = table->foreign_keys;
    std::erase_if(keys, [&](const ast::ForeignKey& fk) {
      return IsDeferred(deferred, table->name, fk.name);
    });
    render({ast::CreateTable{table->name, table->columns, table->primary_key, {}, table->options,
                             keys, table->checks, {}},
            {}, {}});
    for (const ast::Index& index : table->indexes) render({ast::CreateIndex{index}, {}, {}});
  }
  // Keys of a cycle, once both tables exist.
  for (const DeferredKey& d : deferred) render({ast::AddForeignKey{d.table, d.key}, {}, {}});
  // Views, triggers and events after every table, in creation order.
  std::vector<ast::Op> objects;
  for (const ast::View& view : schema.views()) objects.push_back({ast::CreateView{view}, {}, {}});
  for (const ast::Trigger& trigger : schema.triggers()) {
    objects.push_back({ast::CreateTrigger{trigger}, {}, {}});
  }
  for (const ast::Event& event : schema.events()) {
    objects.push_back({ast::CreateEvent{event}, {}, {}});
  }
  for (const ast::Op& op : objects) {
    for (const std::string& sql : dialect.Render(op, schema, schema)) out += sql + ";\n";
  }
  return out;
}

}  // namespace retort::emit
