#include "emit/schema_writer.h"

#include "emit/dsl_text.h"

#include <map>
#include <set>

namespace retort::emit {
namespace {

// A foreign key to a table that comes later in creation order (a cycle of
// keys): created with `alter table … add` once both tables exist.
struct DeferredKey {
  std::string table;
  ast::ForeignKey key;
};


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

// The keys created with `table`: all but those of a cycle.
std::vector<ast::ForeignKey> KeysMadeWith(const check::TableDef& table,
                                          const std::vector<DeferredKey>& deferred) {
  std::vector<ast::ForeignKey> keys = table.foreign_keys;
  std::erase_if(keys, [&](const ast::ForeignKey& fk) { return IsDeferred(deferred, table.name, fk.name); });
  return keys;
}

}  // namespace

std::string RenderSchemaDsl(const check::SchemaState& schema) {
  std::string out;
  std::vector<const check::TableDef*> ordered = TablesInOrder(schema);
  std::vector<DeferredKey> deferred = DeferredKeys(ordered);
  for (const check::TableDef* table : ordered) {
    std::vector<ast::ForeignKey> keys = KeysMadeWith(*table, deferred);
    out += TableDsl(*table, keys);
    for (const ast::Index& index : table->indexes) out += IndexDsl(index);
    out += "\n";
  }
  for (const DeferredKey& d : deferred) {  // keys of a cycle: after both tables
    out += "alter table " + DslName(d.table) + " {\n  add " + ForeignKeyDsl(d.key) + ";\n}\n";
  }
  if (!deferred.empty()) out += "\n";
  for (const ast::View& view : schema.views()) out += ViewDsl(view);
  for (const ast::Trigger& trigger : schema.triggers()) out += TriggerDsl(trigger);
  for (const ast::Event& event : schema.events()) out += EventDsl(event);
  return out;
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
    std::vector<ast::ForeignKey> keys = KeysMadeWith(*table, deferred);
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
