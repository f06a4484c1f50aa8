#include "check/lints.h"

#include <algorithm>
#include <type_traits>

namespace retort::check {
namespace {

using ast::TypeKind;
using diag::Kind;

int IntegerRank(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
      return 0;
    case TypeKind::kSmallint:
      return 1;
    case TypeKind::kInteger:
      return 2;
    case TypeKind::kBigint:
      return 3;
    default:
      return -1;
  }
}

bool Allowed(const ast::Revision& revision, std::string_view lint) {
  return std::any_of(revision.allowed_lints.begin(), revision.allowed_lints.end(),
                     [&](const ast::RevisionRef& ref) { return ref.id == lint; });
}

}  // namespace

bool IsWidening(const ast::ColumnType& from, const ast::ColumnType& to) {
  if (from == to) return true;
  int from_rank = IntegerRank(from.kind), to_rank = IntegerRank(to.kind);
  if (from_rank >= 0 && to_rank >= 0) return to_rank >= from_rank;
  switch (from.kind) {
    case TypeKind::kVarchar:
      return (to.kind == TypeKind::kVarchar && to.length >= from.length) ||
             to.kind == TypeKind::kText;
    case TypeKind::kFloat:
      return to.kind == TypeKind::kDouble;
    case TypeKind::kDecimal:
      return to.kind == TypeKind::kDecimal && to.scale >= from.scale &&
             to.precision - to.scale >= from.precision - from.scale;
    case TypeKind::kDate:
      return to.kind == TypeKind::kDatetime;
    case TypeKind::kEnum:
      return to.kind == TypeKind::kEnum &&
             std::all_of(from.values.begin(), from.values.end(), [&](const auto& v) {
               return std::find(to.values.begin(), to.values.end(), v) != to.values.end();
             });
    default:
      return false;
  }
}

void Lint(const ast::Revision& revision, const ast::Op& op,
          const std::set<std::string>& created, const SchemaState& before, bool strict,
          diag::DiagnosticEngine& engine) {
  auto warn = [&](Kind kind, std::string_view lint, source::SourceLoc loc,
                  std::vector<std::string> args) {
    if (Allowed(revision, lint)) return;
    engine.Report(kind, loc, std::move(args)).as_error = strict;
  };
  auto existing = [&](const std::string& table) { return created.count(table) == 0; };
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::DropTable>) {
          warn(Kind::kLintDataLoss, "data_loss", op.loc, {"dropping table '" + o.name + "'"});
        } else if constexpr (std::is_same_v<T, ast::DropColumn>) {
          warn(Kind::kLintDataLoss, "data_loss", op.loc,
               {"dropping column '" + o.table + "." + o.column + "'"});
        } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
          // Applications do not name indexes: nothing to warn about.
        } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
          warn(Kind::kLintRename, "rename", op.loc, {"table", o.from});
        } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
          const ast::Column& column = *before.FindTable(o.table)->FindColumn(o.column);
          if (o.new_name && *o.new_name != o.column) {
            warn(Kind::kLintRename, "rename", op.loc, {"column", o.table + "." + o.column});
          }
          if (o.type && !IsWidening(column.type, *o.type)) {
            warn(Kind::kLintNarrowing, "narrowing", op.loc,
                 {o.table + "." + o.column, ast::TypeName(column.type),
                  ast::TypeName(*o.type)});
          }
          if (o.nullable && !*o.nullable && column.nullable && existing(o.table)) {
            warn(Kind::kLintUnsafeConstraint, "unsafe_constraint", op.loc,
                 {"not null on '" + o.column + "'", o.table});
          }
        } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
          if (o.index.unique && existing(o.index.table)) {
            warn(Kind::kLintUnsafeConstraint, "unsafe_constraint", op.loc,
                 {"unique key '" + o.index.name + "'", o.index.table});
          }
        } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
          if (existing(o.table)) {
            warn(Kind::kLintUnsafeConstraint, "unsafe_constraint", op.loc,
                 {"foreign key '" + o.key.name + "'", o.table});
          }
        } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
          if (existing(o.table)) {
            warn(Kind::kLintUnsafeConstraint, "unsafe_constraint", op.loc,
                 {"check '" + o.check.name + "'", o.table});
          }
        } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
          if (o.column.unique && existing(o.table)) {
            warn(Kind::kLintUnsafeConstraint, "unsafe_constraint", op.loc,
                 {"unique column '" + o.column.name + "'", o.table});
          }
        }
      },
      op.kind);
}

}  // namespace retort::check
