#include "check/op_codec.h"

#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

namespace retort::check {
namespace {

class Writer {
 public:
  static constexpr bool kReading = false;
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

class Reader {
 public:
  static constexpr bool kReading = true;
  explicit Reader(std::string_view in) : in_(in) {}
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
    throw CodecError("corrupt schema data at byte " + std::to_string(at_) + ": bad " + what);
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
}
template <class A>
void Io(A& a, ast::ForeignKey& k) {
  Fields(a, k.name, k.columns, k.ref_table, k.ref_columns, k.on_delete, k.on_update);
}
template <class A>
void Io(A& a, ast::Check& c) {
  Fields(a, c.name, c.expression);
}
template <class A>
void Io(A& a, ast::Index& i) {
  Fields(a, i.name, i.table, i.columns, i.unique, i.spatial, i.fulltext, i.descending, i.prefix,
         i.comment);
}
template <class A>
void Io(A& a, ast::TableOptions& o) {
  Fields(a, o.engine, o.charset, o.collation, o.comment);
}
template <class A>
void Io(A& a, ast::ColumnPosition& p) {
  Fields(a, p.first, p.after);
}
template <class A>
void Io(A& a, ast::SqlVariants& s) {
  Fields(a, s.any, s.by_dialect);
}
template <class A>
void Io(A& a, ast::Body& b) {
  Fields(a, b.text, b.uses);
}

// The operations, in the order of ast::OpKind's alternatives.
template <class A>
void Io(A& a, ast::CreateTable& t) {
  Fields(a, t.name, t.columns, t.primary_key, t.options, t.foreign_keys, t.checks, t.unique_keys);
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
void Io(A&, ast::RawSql&) {}  // invisible to the schema model
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
}
template <class A>
void Io(A& a, ast::CreateTrigger& t) {
  Fields(a, t.trigger.name, t.trigger.table, t.trigger.timing, t.trigger.event, t.trigger.body);
}
template <class A>
void Io(A& a, ast::CreateEvent& e) {
  Fields(a, e.event.name, e.event.schedule, e.event.preserve, e.event.enabled, e.event.comment,
         e.event.body);
}
template <class A>
void Io(A& a, ast::DropObject& d) {
  Fields(a, d.kind, d.name);
}

template <std::size_t... I>
void EmplaceKind(Reader& reader, ast::OpKind& kind, std::size_t index,
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
}

}  // namespace

std::string EncodeOps(const std::vector<ast::Op>& ops) {
  Writer writer;
  std::vector<ast::Op>& items = const_cast<std::vector<ast::Op>&>(ops);  // only read
  Io(writer, items);
  return writer.Take();
}

std::vector<ast::Op> DecodeOps(std::string_view bytes) {
  Reader reader(bytes);
  std::vector<ast::Op> ops;
  Io(reader, ops);
  if (!reader.done()) reader.Fail("end");
  return ops;
}

}  // namespace retort::check
