#include "emit/op_writer.h"

#include <type_traits>

#include "check/schema_state.h"
#include "emit/dsl_text.h"

namespace retort::emit {
namespace {

std::string Quoted(const std::string& text) {
  return ast::DefaultSpelling({ast::DefaultValue::Kind::kString, text, false});
}

std::string AlterColumnDsl(const ast::AlterColumn& alter) {
  std::vector<std::string> changes;
  if (alter.type) changes.push_back("type " + ast::TypeName(*alter.type));
  if (alter.nullable) changes.push_back(*alter.nullable ? "drop not null" : "set not null");
  if (alter.default_value) {
    changes.push_back(*alter.default_value ? "set default " + ast::DefaultSpelling(**alter.default_value)
                                           : std::string("drop default"));
  }
  if (alter.comment) changes.push_back("set comment " + Quoted(*alter.comment));
  if (alter.new_name) changes.push_back("rename to " + DslName(*alter.new_name));
  if (alter.position) {
    changes.push_back(alter.position->first ? std::string("position first")
                                            : "position after " + DslName(alter.position->after));
  }
  std::string out = "alter column " + DslName(alter.column);
  for (std::size_t i = 0; i < changes.size(); ++i) out += (i ? ", " : " ") + changes[i];
  return out;
}

// The line of an operation inside `alter table T { … }`; "" for one that
// stands alone. `table` receives the table it belongs to.
std::string AlterLine(const ast::Op& op, std::string& table) {
  return std::visit(
      [&](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::DropConstraint>) {
          table = o.table;
          return "drop constraint " + DslName(o.name);
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          table = o.table;
          return "drop column " + DslName(o.column);
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          table = o.table;
          return AlterColumnDsl(o);
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          table = o.table;
          std::string line = "add column " + ColumnDsl(o.column);
          if (o.position) line += o.position->first ? " first" : " after " + DslName(o.position->after);
          return line;
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          table = o.table;
          return "add " + ForeignKeyDsl(o.key);
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          table = o.table;
          return "add " + CheckDsl(o.check);
        } else {
          return "";
        }
      },
      op.kind);
}

std::string StatementDsl(const ast::Op& op) {
  return std::visit(
      [&](const auto& o) -> std::string {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          return TableDsl(check::MakeTable(o, {}), o.foreign_keys);
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          return "drop table " + DslName(o.name) + ";\n";
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          return IndexDsl(o.index);
        } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
          return "drop index " + DslName(o.name) + (o.table.empty() ? "" : " on " + DslName(o.table)) +
                 ";\n";
        } else if constexpr (std::is_same_v<T, ast::CreateView>) {
          return ViewDsl(o.view);
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          return TriggerDsl(o.trigger);
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          return EventDsl(o.event);
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          return "drop " + std::string(ast::ObjectKindName(o.kind)) + " " + DslName(o.name) + ";\n";
        } else {
          return "-- (an operation the writer cannot spell)\n";
        }
      },
      op.kind);
}

}  // namespace

std::string RenderOpsDsl(const std::vector<ast::Op>& ops) {
  std::string out, open;  // `open`: the table of the alter block being written
  for (const ast::Op& op : ops) {
    std::string table;
    std::string line = AlterLine(op, table);
    if (!open.empty() && (line.empty() || table != open)) {
      out += "}\n";
      open.clear();
    }
    if (line.empty()) {
      out += StatementDsl(op);
      continue;
    }
    if (open.empty()) {
      out += "alter table " + DslName(table) + " {\n";
      open = table;
    }
    out += "  " + line + ";\n";
  }
  if (!open.empty()) out += "}\n";
  return out;
}

}  // namespace retort::emit
