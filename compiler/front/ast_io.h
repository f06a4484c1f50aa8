/// The encoding behind check/op_codec.h and front/parse_cache.h: one
/// function template per AST type serves writing and reading (Writer,
/// Reader). A full encoding (Full = true) also keeps raw SQL and source
/// locations, so a decoded revision is the one the parser built; the schema
/// encoding leaves both out. Internal to those two files.
///
/// Format: a sequence of fields; an integer is its decimal digits and ';',
/// a string its byte length, ':' and its bytes; lists are a count and their
/// items, optionals a 0/1 flag and the value.
#pragma once

#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "check/op_codec.h"
#include "front/ast.h"

namespace retort::codec {

using check::CodecError;

// Every field of the AST is written and read below: a type whose size
// changes (a field added or removed) stops the build here until its Io
// function is brought along (a field left out would be lost by the parse
// cache). Sizes of x86-64 with libstdc++, the platform the project builds on.
#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(ast::ColumnType) == 56, "ast::ColumnType changed: update its Io");
static_assert(sizeof(ast::DefaultValue) == 48, "ast::DefaultValue changed: update its Io");
static_assert(sizeof(ast::Column) == 312, "ast::Column changed: update its Io");
static_assert(sizeof(ast::ForeignKey) == 136, "ast::ForeignKey changed: update its Io");
static_assert(sizeof(ast::Check) == 80, "ast::Check changed: update its Io");
static_assert(sizeof(ast::Index) == 232, "ast::Index changed: update its Io");
static_assert(sizeof(ast::TableOptions) == 128, "ast::TableOptions changed: update its Io");
static_assert(sizeof(ast::CreateTable) == 296, "ast::CreateTable changed: update its Io");
static_assert(sizeof(ast::ColumnPosition) == 56, "ast::ColumnPosition changed: update its Io");
static_assert(sizeof(ast::DropTable) == 32, "ast::DropTable changed: update its Io");
static_assert(sizeof(ast::AddColumn) == 408, "ast::AddColumn changed: update its Io");
static_assert(sizeof(ast::DropColumn) == 64, "ast::DropColumn changed: update its Io");
static_assert(sizeof(ast::CreateIndex) == 232, "ast::CreateIndex changed: update its Io");
static_assert(sizeof(ast::DropIndex) == 64, "ast::DropIndex changed: update its Io");
static_assert(sizeof(ast::AddForeignKey) == 168, "ast::AddForeignKey changed: update its Io");
static_assert(sizeof(ast::AddCheck) == 112, "ast::AddCheck changed: update its Io");
static_assert(sizeof(ast::DropConstraint) == 64, "ast::DropConstraint changed: update its Io");
static_assert(sizeof(ast::RenameIndex) == 96, "ast::RenameIndex changed: update its Io");
static_assert(sizeof(ast::RenameTable) == 64, "ast::RenameTable changed: update its Io");
static_assert(sizeof(ast::AlterColumn) == 344, "ast::AlterColumn changed: update its Io");
static_assert(sizeof(ast::SqlVariants) == 80, "ast::SqlVariants changed: update its Io");
static_assert(sizeof(ast::RawSql) == 192, "ast::RawSql changed: update its Io");
static_assert(sizeof(ast::Body) == 128, "ast::Body changed: update its Io");
static_assert(sizeof(ast::View) == 176, "ast::View changed: update its Io");
static_assert(sizeof(ast::Trigger) == 216, "ast::Trigger changed: update its Io");
static_assert(sizeof(ast::Event) == 248, "ast::Event changed: update its Io");
static_assert(sizeof(ast::CreateView) == 176, "ast::CreateView changed: update its Io");
static_assert(sizeof(ast::CreateTrigger) == 216, "ast::CreateTrigger changed: update its Io");
static_assert(sizeof(ast::CreateEvent) == 248, "ast::CreateEvent changed: update its Io");
static_assert(sizeof(ast::DropObject) == 40, "ast::DropObject changed: update its Io");
static_assert(sizeof(ast::RestoreColumn) == 352, "ast::RestoreColumn changed: update its Io");
static_assert(sizeof(ast::Op) == 456, "ast::Op changed: update its Io");
static_assert(sizeof(ast::RevisionRef) == 48, "ast::RevisionRef changed: update its Io");
static_assert(sizeof(ast::Revision) == 208, "ast::Revision changed: update its Io");
static_assert(sizeof(ast::SourceLoc) == 16, "ast::SourceLoc changed: update its Io");
#endif


template <bool Full>
class Writer {
 public:
  static constexpr bool kReading = false;
  static constexpr bool kFull = Full;
  void Int(std::int64_t& value) {
    out_ += std::to_string(value);
    out_ += ';';
  }
  void Str(std::string& text) {
    out_ += std::to_string(text.size());
    out_ += ':';
    out_ += text;
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

template <bool Full>
class Reader {
 public:
  static constexpr bool kReading = true;
  static constexpr bool kFull = Full;
  /// `file`: the file id a full reading gives the locations it reads.
  explicit Reader(std::string_view in, source::FileId file = source::kNoFile)
      : in_(in), file_(file) {}
  source::FileId file() const { return file_; }
  void Int(std::int64_t& value) { value = Number(';'); }
  void Str(std::string& text) {
    std::int64_t size = Number(':');
    if (size < 0 || static_cast<std::uint64_t>(size) > in_.size() - at_) Fail("string length");
    text.assign(in_.substr(at_, static_cast<std::size_t>(size)));
    at_ += static_cast<std::size_t>(size);
  }
  // A count of items, each at least one byte: never more than what is left.
  std::size_t Count(std::int64_t count) const {
    if (count < 0 || static_cast<std::uint64_t>(count) > in_.size() - at_) Fail("count");
    return static_cast<std::size_t>(count);
  }
  bool done() const { return at_ == in_.size(); }
  [[noreturn]] void Fail(const char* what) const {
    throw CodecError("corrupt encoded data at byte " + std::to_string(at_) + ": bad " + what);
  }

 private:
  std::int64_t Number(char end) {
    std::size_t stop = in_.find(end, at_);
    if (stop == std::string_view::npos) Fail("number");
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(in_.data() + at_, in_.data() + stop, value);
    if (ec != std::errc() || ptr != in_.data() + stop) Fail("number");
    at_ = stop + 1;
    return value;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  source::FileId file_;
};

template <class A>
void Io(A& a, std::string& text) {
  a.Str(text);
}

template <class A, class T>
  requires(std::is_integral_v<T> || std::is_enum_v<T>)
void Io(A& a, T& value) {
  std::int64_t wide = static_cast<std::int64_t>(value);
  a.Int(wide);
  if constexpr (A::kReading) value = static_cast<T>(wide);
}

template <class A, class... T>
void Fields(A& a, T&... fields) {
  (Io(a, fields), ...);
}

// A source location, in a full encoding only: whether it is in the file
// (every location a parse makes is in its own file), line, column, length.
template <class A>
void Io(A& a, source::SourceLoc& loc) {
  bool in_file = loc.file != source::kNoFile;
  Fields(a, in_file, loc.line, loc.col, loc.length);
  if constexpr (A::kReading) loc.file = in_file ? a.file() : source::kNoFile;
}
template <class A, class... T>
void Locations(A& a, T&... locations) {
  if constexpr (A::kFull) Fields(a, locations...);
}

template <class A, class T>
void Io(A& a, std::vector<T>& items) {
  std::int64_t count = static_cast<std::int64_t>(items.size());
  a.Int(count);
  if constexpr (A::kReading) {
    items.resize(a.Count(count));
    if constexpr (std::is_same_v<T, bool>) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        bool bit = false;
        Io(a, bit);
        items[i] = bit;
      }
      return;
    }
  }
  if constexpr (std::is_same_v<T, bool>) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      bool bit = items[i];
      Io(a, bit);
    }
  } else {
    for (T& item : items) Io(a, item);
  }
}

template <class A, class T>
void Io(A& a, std::optional<T>& value) {
  bool present = value.has_value();
  Io(a, present);
  if constexpr (A::kReading) {
    if (present) value.emplace();
  }
  if (present) Io(a, *value);
}

template <class A>
void Io(A& a, std::map<std::string, std::vector<std::string>>& map) {
  std::int64_t count = static_cast<std::int64_t>(map.size());
  a.Int(count);
  if constexpr (A::kReading) {
    for (std::size_t i = a.Count(count); i > 0; --i) {
      std::string key;
      Io(a, key);
      Io(a, map[key]);
    }
  } else {
    for (auto& [key, value] : map) {
      std::string name = key;
      Fields(a, name, value);
    }
  }
}

template <class A>
void Io(A& a, ast::ColumnType& t) {
  Fields(a, t.kind, t.length, t.precision, t.scale, t.values, t.srid, t.fsp, t.is_unsigned);
}
template <class A>
void Io(A& a, ast::DefaultValue& d) {
  Fields(a, d.kind, d.text, d.flag);
}
template <class A>
void Io(A& a, ast::Column& c) {
  Fields(a, c.name, c.type, c.nullable, c.primary_key, c.auto_increment, c.unique,
         c.on_update_current_timestamp, c.on_update_fsp, c.default_value, c.comment, c.charset,
         c.collation, c.generated, c.stored, c.invisible);
  Locations(a, c.loc);
}
template <class A>
void Io(A& a, ast::ForeignKey& k) {
  Fields(a, k.name, k.columns, k.ref_table, k.ref_columns, k.on_delete, k.on_update);
  Locations(a, k.loc);
}
template <class A>
void Io(A& a, ast::Check& c) {
  Fields(a, c.name, c.expression);
  Locations(a, c.loc);
}
template <class A>
void Io(A& a, ast::Index& i) {
  Fields(a, i.name, i.table, i.columns, i.unique, i.spatial, i.fulltext, i.descending, i.prefix,
         i.comment);
  Locations(a, i.loc, i.column_locs);
}
template <class A>
void Io(A& a, ast::TableOptions& o) {
  Fields(a, o.engine, o.charset, o.collation, o.comment);
}
template <class A>
void Io(A& a, ast::ColumnPosition& p) {
  Fields(a, p.first, p.after);
  Locations(a, p.loc);
}
template <class A>
void Io(A& a, ast::SqlVariants& s) {
  Fields(a, s.any, s.by_dialect);
}
template <class A>
void Io(A& a, ast::Body& b) {
  Fields(a, b.text, b.uses);
  Locations(a, b.use_locs);
}

// The operations, in the order of ast::OpKind's alternatives.
template <class A>
void Io(A& a, ast::CreateTable& t) {
  Fields(a, t.name, t.columns, t.primary_key, t.options, t.foreign_keys, t.checks, t.unique_keys);
  Locations(a, t.primary_key_loc);
}
template <class A>
void Io(A& a, ast::DropTable& t) {
  Io(a, t.name);
}
template <class A>
void Io(A& a, ast::AddColumn& c) {
  Fields(a, c.table, c.column, c.position);
}
template <class A>
void Io(A& a, ast::DropColumn& c) {
  Fields(a, c.table, c.column);
}
template <class A>
void Io(A& a, ast::CreateIndex& i) {
  Io(a, i.index);
}
template <class A>
void Io(A& a, ast::DropIndex& i) {
  Fields(a, i.name, i.table);
}
template <class A>
void Io(A& a, ast::RawSql& s) {  // invisible to the schema model: kept in full only
  if constexpr (A::kFull) Fields(a, s.up, s.down, s.tables);
}
template <class A>
void Io(A& a, ast::RestoreColumn& c) {
  Fields(a, c.table, c.column, c.position);
}
template <class A>
void Io(A& a, ast::RenameTable& r) {
  Fields(a, r.from, r.to);
}
template <class A>
void Io(A& a, ast::AlterColumn& c) {
  Fields(a, c.table, c.column, c.type, c.nullable, c.default_value, c.new_name, c.comment,
         c.position);
}
template <class A>
void Io(A& a, ast::AddForeignKey& k) {
  Fields(a, k.table, k.key);
}
template <class A>
void Io(A& a, ast::DropConstraint& c) {
  Fields(a, c.table, c.name);
}
template <class A>
void Io(A& a, ast::AddCheck& c) {
  Fields(a, c.table, c.check);
}
template <class A>
void Io(A& a, ast::RenameIndex& r) {
  Fields(a, r.from, r.to, r.table);
}
template <class A>
void Io(A& a, ast::CreateView& v) {
  Fields(a, v.view.name, v.view.body);
  Locations(a, v.view.loc);
}
template <class A>
void Io(A& a, ast::CreateTrigger& t) {
  Fields(a, t.trigger.name, t.trigger.table, t.trigger.timing, t.trigger.event, t.trigger.body);
  Locations(a, t.trigger.loc);
}
template <class A>
void Io(A& a, ast::CreateEvent& e) {
  Fields(a, e.event.name, e.event.schedule, e.event.preserve, e.event.enabled, e.event.comment,
         e.event.body);
  Locations(a, e.event.loc);
}
template <class A>
void Io(A& a, ast::DropObject& d) {
  Fields(a, d.kind, d.name);
}

template <class R, std::size_t... I>
void EmplaceKind(R& reader, ast::OpKind& kind, std::size_t index,
                 std::index_sequence<I...>) {
  if (index >= sizeof...(I)) reader.Fail("operation kind");
  ((index == I ? (void)kind.emplace<I>() : void()), ...);
}

template <class A>
void Io(A& a, ast::Op& op) {
  std::size_t index = op.kind.index();
  Io(a, index);
  if constexpr (A::kReading) {
    EmplaceKind(a, op.kind, index, std::make_index_sequence<std::variant_size_v<ast::OpKind>>());
  }
  std::visit([&](auto& alternative) { Io(a, alternative); }, op.kind);
  Locations(a, op.loc, op.name_locs);
}

}  // namespace retort::codec
