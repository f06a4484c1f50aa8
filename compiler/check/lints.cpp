#include "check/lints.h"

#include <algorithm>
#include <type_traits>

namespace retort::check {
namespace {

using ast::TypeKind;
using diag::Kind;

// Character types by how much they hold: char/varchar by length (in
// characters), then tinytext < text < mediumtext < longtext; -1 otherwise.
long long TextRank(const ast::ColumnType& type) {
  switch (type.kind) {
    case TypeKind::kChar:
    case TypeKind::kVarchar:
      return type.length;
    case TypeKind::kTinytext:
      return 255;
    case TypeKind::kText:
      return 65535;
    case TypeKind::kMediumtext:
      return 16777215;
    case TypeKind::kLongtext:
      return 4294967295LL;
    default:
      return -1;
  }
}

// Byte strings likewise: binary/varbinary by length, then the blobs.
long long BlobRank(const ast::ColumnType& type) {
  switch (type.kind) {
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
      return type.length;
    case TypeKind::kTinyblob:
      return 255;
    case TypeKind::kBlob:
      return 65535;
    case TypeKind::kMediumblob:
      return 16777215;
    case TypeKind::kLongblob:
      return 4294967295LL;
    default:
      return -1;
  }
}

int IntegerRank(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBoolean:
      return 0;
    case TypeKind::kTinyint:
      return 1;
    case TypeKind::kSmallint:
      return 2;
    case TypeKind::kMediumint:
      return 3;
    case TypeKind::kInteger:
      return 4;
    case TypeKind::kBigint:
      return 5;
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
  if (from_rank >= 0 && to_rank >= 0) {
    // Signed to unsigned loses the negatives; unsigned to signed needs a
    // strictly wider type to keep the top half.
    if (from.is_unsigned == to.is_unsigned) return to_rank >= from_rank;
    return from.is_unsigned && to_rank > from_rank;
  }
  long long from_text = TextRank(from), to_text = TextRank(to);
  if (from_text >= 0 && to_text >= 0) return to_text >= from_text;
  long long from_blob = BlobRank(from), to_blob = BlobRank(to);
  if (from_blob >= 0 && to_blob >= 0) return to_blob >= from_blob;
  switch (from.kind) {
    case TypeKind::kDatetime:
    case TypeKind::kTimestamp:
    case TypeKind::kTime:
      return to.kind == from.kind && to.fsp >= from.fsp;
    case TypeKind::kFloat:
      return to.kind == TypeKind::kDouble;
    case TypeKind::kDecimal:
      return to.kind == TypeKind::kDecimal && (from.is_unsigned || !to.is_unsigned) &&
             to.scale >= from.scale &&
             to.precision - to.scale >= from.precision - from.scale;
    case TypeKind::kDate:
      return to.kind == TypeKind::kDatetime;
    case TypeKind::kBit:
      return to.kind == TypeKind::kBit && to.length >= from.length;
    case TypeKind::kEnum:
    case TypeKind::kSet:
      return to.kind == from.kind &&
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
