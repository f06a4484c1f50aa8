#include "lower/inverse.h"

#include <type_traits>

namespace retort::lower {

std::optional<std::vector<ast::Op>> Invert(const ast::Op& op,
                                           const check::SchemaState& before) {
  auto make = [&](ast::OpKind kind) { return ast::Op{std::move(kind), op.loc, {}}; };
  return std::visit(
      [&](const auto& o) -> std::optional<std::vector<ast::Op>> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateTable>) {
          return std::vector{make(ast::DropTable{o.name})};
        } else if constexpr (std::is_same_v<T, ast::DropTable>) {
          // Recreate the table exactly as it was, then its indexes.
          const check::TableDef& table = *before.FindTable(o.name);
          ast::CreateTable create{table.name, table.columns, table.primary_key, {},
                                  table.options, table.foreign_keys, table.checks, {}};
          std::vector<ast::Op> ops{make(std::move(create))};
          for (const ast::Index& index : table.indexes) {
            ops.push_back(make(ast::CreateIndex{index}));
          }
          return ops;
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          return std::vector{make(ast::DropColumn{o.table, o.column.name})};
        } else if constexpr (std::is_same_v<T, ast::RestoreColumn>) {
          return std::vector{make(ast::DropColumn{o.table, o.column.name})};
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          const check::TableDef& table = *before.FindTable(o.table);
          return std::vector{make(ast::RestoreColumn{
              o.table, *table.FindColumn(o.column), table.ColumnPosition(o.column)})};
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          return std::vector{make(ast::DropIndex{o.index.name, o.index.table})};
        } else if constexpr (std::is_same_v<T, ast::DropIndex>) {
          return std::vector{make(ast::CreateIndex{*before.FindIndex(o.name, o.table)})};
        } else if constexpr (std::is_same_v<T, ast::RawSql>) {
          if (!o.down) return std::nullopt;
          return std::vector{make(ast::RawSql{*o.down, o.up, o.tables})};
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          return std::vector{make(ast::DropConstraint{o.table, o.key.name})};
        } else if constexpr (std::is_same_v<T, ast::DropConstraint>) {
          const check::TableDef& table = *before.FindTable(o.table);
          if (const ast::ForeignKey* key = table.FindForeignKey(o.name)) {
            return std::vector{make(ast::AddForeignKey{o.table, *key})};
          }
          if (const ast::Check* check = table.FindCheck(o.name)) {
            return std::vector{make(ast::AddCheck{o.table, *check})};
          }
          return std::vector{make(ast::CreateIndex{*table.FindIndex(o.name)})};
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          return std::vector{make(ast::DropConstraint{o.table, o.check.name})};
        } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
          return std::vector{
              make(ast::RenameIndex{o.to, o.from, before.FindIndex(o.from, o.table)->table})};
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          return std::vector{make(ast::RenameTable{o.to, o.from})};
        } else if constexpr (std::is_same_v<T, ast::CreateView>) {
          return std::vector{make(ast::DropObject{ast::DropObject::Kind::kView, o.view.name})};
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          return std::vector{
              make(ast::DropObject{ast::DropObject::Kind::kTrigger, o.trigger.name})};
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          return std::vector{make(ast::DropObject{ast::DropObject::Kind::kEvent, o.event.name})};
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          switch (o.kind) {  // back exactly as it was defined
            case ast::DropObject::Kind::kView:
              return std::vector{make(ast::CreateView{*before.FindView(o.name)})};
            case ast::DropObject::Kind::kTrigger:
              return std::vector{make(ast::CreateTrigger{*before.FindTrigger(o.name)})};
            case ast::DropObject::Kind::kEvent:
              break;
          }
          return std::vector{make(ast::CreateEvent{*before.FindEvent(o.name)})};
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          // Put back exactly what the change touched.
          const check::TableDef& table = *before.FindTable(o.table);
          const ast::Column& old = *table.FindColumn(o.column);
          ast::AlterColumn undo;
          undo.table = o.table;
          undo.column = o.new_name.value_or(o.column);
          if (o.type) undo.type = old.type;
          if (o.nullable) undo.nullable = old.nullable;
          if (o.default_value) undo.default_value = old.default_value;
          if (o.new_name) undo.new_name = old.name;
          if (o.comment) undo.comment = old.comment;
          if (o.position) {  // back after its old left neighbour
            std::size_t at = table.ColumnPosition(o.column);
            undo.position = ast::ColumnPosition{at == 0, at == 0 ? "" : table.columns[at - 1].name, {}};
          }
          return std::vector{make(std::move(undo))};
        }
      },
      op.kind);
}

}  // namespace retort::lower
