#include "emit/dsl_text.h"

namespace retort::emit {

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

std::string ViewDsl(const ast::View& view) {
  return "create view " + DslName(view.name) + BodyDsl(view.body, "as") + ";\n";
}

std::string TriggerDsl(const ast::Trigger& trigger) {
  return "create trigger " + DslName(trigger.name) + " " +
         std::string(ast::TriggerTimingName(trigger.timing)) + " " +
         std::string(ast::TriggerEventName(trigger.event)) + " on " + DslName(trigger.table) +
         BodyDsl(trigger.body, "as") + ";\n";
}

std::string EventDsl(const ast::Event& event) {
  std::string out = "create event " + DslName(event.name) + " on schedule \"\"\"" +
                    event.schedule + "\"\"\"";
  if (event.preserve) out += *event.preserve ? " on completion preserve" : " on completion not preserve";
  if (!event.enabled) out += " disable";
  if (!event.comment.empty()) {
    out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, event.comment, false});
  }
  return out + BodyDsl(event.body, "do") + ";\n";
}

std::string IndexDsl(const ast::Index& index) {
  std::string out = std::string(index.spatial    ? "create spatial index "
                                : index.fulltext ? "create fulltext index "
                                : index.unique   ? "create unique index "
                                                 : "create index ") +
                    DslName(index.name) + " on " + DslName(index.table) + " " + IndexColumns(index);
  if (!index.comment.empty()) {
    out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, index.comment, false});
  }
  return out + ";\n";
}

std::string CheckDsl(const ast::Check& check) {
  return "constraint " + DslName(check.name) + " check (" + check.expression + ")";
}

std::string TableDsl(const check::TableDef& table, const std::vector<ast::ForeignKey>& keys) {
  std::string out = "create table " + DslName(table.name) + " {\n";
  for (const ast::Column& column : table.columns) out += "  " + ColumnDsl(column) + ";\n";
  if (!table.primary_key.empty()) out += "  primary key " + DslNames(table.primary_key) + ";\n";
  for (const ast::ForeignKey& fk : keys) out += "  " + ForeignKeyDsl(fk) + ";\n";
  for (const ast::Check& check : table.checks) out += "  " + CheckDsl(check) + ";\n";
  out += "}";
  const ast::TableOptions& o = table.options;
  if (!o.engine.empty()) out += " engine " + o.engine;
  if (!o.charset.empty()) out += " charset " + o.charset;
  if (!o.collation.empty()) out += " collate " + o.collation;
  if (!o.comment.empty()) {
    out += " comment " + ast::DefaultSpelling({ast::DefaultValue::Kind::kString, o.comment, false});
  }
  return out + "\n";
}


std::string ForeignKeyDsl(const ast::ForeignKey& fk) {
  std::string out = "constraint " + DslName(fk.name) + " foreign key " + DslNames(fk.columns) +
                    " references " + DslName(fk.ref_table) + " " + DslNames(fk.ref_columns);
  if (fk.on_delete != ast::RefAction::kDefault) {
    out += " on delete " + std::string(ast::RefActionName(fk.on_delete));
  }
  if (fk.on_update != ast::RefAction::kDefault) {
    out += " on update " + std::string(ast::RefActionName(fk.on_update));
  }
  return out;
}

}  // namespace retort::emit
