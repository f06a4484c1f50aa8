#include "lower/name_limits.h"

#include <cctype>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace retort::lower {
namespace {

using diag::Kind;

// Limits of MySQL 8 and MariaDB 10.x, the same in both (checked against the
// servers: a longer name is refused, a longer event comment cut short).
constexpr std::size_t kMaxIdentifier = 64;
constexpr std::size_t kMaxTableComment = 2048;
constexpr std::size_t kMaxColumnComment = 1024;
constexpr std::size_t kMaxIndexComment = 1024;
constexpr std::size_t kMaxEventComment = 64;
constexpr std::size_t kMaxEnumValue = 255;  // MySQL's; MariaDB takes longer ones

// Code points in UTF-8 text (the compiler has checked it is UTF-8).
std::size_t Characters(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A name as a message shows it: long ones cut to their start.
std::string Shown(std::string_view name) {
  if (Characters(name) <= 40) return std::string(name);
  std::size_t cut = 0;
  for (std::size_t chars = 0; cut < name.size() && chars < 32; ++chars) {
    ++cut;
    while (cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) ++cut;
  }
  return std::string(name.substr(0, cut)) + "...";
}

struct Checker {
  bool mysql;
  diag::DiagnosticEngine& engine;

  // `what`: "table", "column", ...; `spaced`: may not end in a space.
  void Name(std::string_view what, const std::string& name, source::SourceLoc loc,
            bool spaced = false) const {
    if (std::size_t n = Characters(name); n > kMaxIdentifier) {
      engine.Report(Kind::kNameTooLong, loc,
                    {std::string(what), Shown(name), std::to_string(n), std::to_string(kMaxIdentifier)});
    }
    for (char c : name) {
      if (static_cast<unsigned char>(c) >= 0xF0) {
        engine.Report(Kind::kNameOutsideBmp, loc, {std::string(what), Shown(name)});
        break;
      }
    }
    if (spaced && !name.empty() && name.back() == ' ') {
      engine.Report(Kind::kNameEndsInSpace, loc, {std::string(what), Shown(name)});
    }
  }

  void Comment(std::string_view what, const std::string& comment, std::size_t limit,
               source::SourceLoc loc) const {
    if (std::size_t n = Characters(comment); n > limit) {
      engine.Report(Kind::kCommentTooLong, loc,
                    {std::string(what), std::to_string(n), std::to_string(limit)});
    }
  }

  void Column(const ast::Column& column) const {
    Name("column", column.name, column.loc, true);
    Comment("the comment of column '" + Shown(column.name) + "'", column.comment,
            kMaxColumnComment, column.loc);
    Type(column.type, column.name, column.loc);
  }

  void Type(const ast::ColumnType& type, const std::string& column, source::SourceLoc loc) const {
    if (!mysql) return;
    for (const std::string& value : type.values) {
      if (std::size_t n = Characters(value); n > kMaxEnumValue) {
        engine.Report(Kind::kEnumValueTooLong, loc,
                      {Shown(value), Shown(column), std::to_string(n), std::to_string(kMaxEnumValue)});
      }
    }
  }

  void Index(const ast::Index& index) const {
    Name("index", index.name, index.loc);
    Comment("the comment of index '" + Shown(index.name) + "'", index.comment, kMaxIndexComment,
            index.loc);
  }

  void ForeignKey(const ast::ForeignKey& key) const { Name("foreign key", key.name, key.loc); }

  void Op(const ast::Op& op) const {
    const source::SourceLoc first = op.name_locs.empty() ? op.loc : op.name_locs[0];
    const source::SourceLoc second = op.name_locs.size() > 1 ? op.name_locs[1] : first;
    std::visit(
        [&](const auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, ast::CreateTable>) {
            Name("table", o.name, first, true);
            Comment("the comment of table '" + Shown(o.name) + "'", o.options.comment,
                    kMaxTableComment, first);
            for (const ast::Column& column : o.columns) Column(column);
            for (const ast::ForeignKey& key : o.foreign_keys) ForeignKey(key);
            for (const ast::Check& check : o.checks) Name("check constraint", check.name, check.loc);
            for (const ast::Index& key : o.unique_keys) Index(key);
          } else if constexpr (std::is_same_v<T, ast::AddColumn>) {
            Column(o.column);
          } else if constexpr (std::is_same_v<T, ast::CreateIndex>) {
            Index(o.index);
          } else if constexpr (std::is_same_v<T, ast::AddForeignKey>) {
            ForeignKey(o.key);
          } else if constexpr (std::is_same_v<T, ast::AddCheck>) {
            Name("check constraint", o.check.name, o.check.loc);
          } else if constexpr (std::is_same_v<T, ast::RenameIndex>) {
            Name("index", o.to, second);
          } else if constexpr (std::is_same_v<T, ast::RenameTable>) {
            Name("table", o.to, second, true);
          } else if constexpr (std::is_same_v<T, ast::AlterColumn>) {
            if (o.new_name) Name("column", *o.new_name, second, true);
            if (o.comment) {
              Comment("the comment of column '" + Shown(o.new_name.value_or(o.column)) + "'",
                      *o.comment, kMaxColumnComment, second);
            }
            if (o.type) Type(*o.type, o.new_name.value_or(o.column), second);
          } else if constexpr (std::is_same_v<T, ast::CreateView>) {
            Name("view", o.view.name, o.view.loc, true);
          } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
            Name("trigger", o.trigger.name, o.trigger.loc);
          } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
            Name("event", o.event.name, o.event.loc);
            Comment("the comment of event '" + Shown(o.event.name) + "'", o.event.comment,
                    kMaxEventComment, o.event.loc);
          }
        },
        op.kind);
  }
};

bool SqliteReserved(const std::string& name) {
  static constexpr std::string_view kPrefix = "sqlite_";
  if (name.size() < kPrefix.size()) return false;
  for (std::size_t i = 0; i < kPrefix.size(); ++i) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(name[i]))) != kPrefix[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void CheckMysqlNames(const ast::Op& op, bool mysql, diag::DiagnosticEngine& engine) {
  Checker{mysql, engine}.Op(op);
}

void CheckSqliteNames(const ast::Op& op, diag::DiagnosticEngine& engine) {
  auto check = [&](std::string_view what, const std::string& name, source::SourceLoc loc) {
    if (SqliteReserved(name)) engine.Report(Kind::kSqliteReservedName, loc, {std::string(what), Shown(name)});
  };
  const source::SourceLoc first = op.name_locs.empty() ? op.loc : op.name_locs[0];
  const source::SourceLoc second = op.name_locs.size() > 1 ? op.name_locs[1] : first;
  if (const auto* o = std::get_if<ast::CreateTable>(&op.kind)) {
    check("table", o->name, first);
    for (const ast::Index& key : o->unique_keys) check("index", key.name, key.loc);
  } else if (const auto* o = std::get_if<ast::CreateIndex>(&op.kind)) {
    check("index", o->index.name, o->index.loc);
  } else if (const auto* o = std::get_if<ast::RenameTable>(&op.kind)) {
    check("table", o->to, second);
  } else if (const auto* o = std::get_if<ast::RenameIndex>(&op.kind)) {
    check("index", o->to, second);
  } else if (const auto* o = std::get_if<ast::CreateView>(&op.kind)) {
    check("view", o->view.name, o->view.loc);
  } else if (const auto* o = std::get_if<ast::CreateTrigger>(&op.kind)) {
    check("trigger", o->trigger.name, o->trigger.loc);
  }
}

}  // namespace retort::lower
