#include "lower/objects.h"

#include <cctype>
#include <type_traits>

#include "lower/sql_text.h"

namespace retort::lower {
namespace {

bool IsSqlite(std::string_view dialect) { return dialect == "sqlite"; }

std::string Quote(std::string_view name, std::string_view dialect) {
  return QuoteIdentifier(name, IsSqlite(dialect) ? '"' : '`');
}

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWithBegin(std::string_view body) {
  if (body.size() < 5) return false;
  return Upper(body.substr(0, 5)) == "BEGIN" &&
         (body.size() == 5 || !std::isalnum(static_cast<unsigned char>(body[5])));
}

std::string CreateEventSql(const ast::Event& event, std::string_view dialect) {
  std::string sql = "CREATE EVENT " + Quote(event.name, dialect) + " ON SCHEDULE " + event.schedule;
  if (event.preserve) sql += *event.preserve ? " ON COMPLETION PRESERVE" : " ON COMPLETION NOT PRESERVE";
  if (!event.enabled) sql += " DISABLE";
  if (!event.comment.empty()) sql += " COMMENT " + QuoteString(event.comment);
  return sql + " DO " + BodyFor(event.body, dialect);
}

std::string DropSql(const ast::DropObject& drop, std::string_view dialect) {
  return "DROP " + Upper(ast::ObjectKindName(drop.kind)) + " " + Quote(drop.name, dialect);
}

}  // namespace

std::string BodyFor(const ast::Body& body, std::string_view dialect) {
  const std::vector<std::string>* text = body.text.For(dialect);
  return text == nullptr || text->empty() ? std::string() : text->front();
}

std::string CreateTriggerSql(const ast::Trigger& trigger, std::string_view dialect) {
  std::string body = BodyFor(trigger.body, dialect);
  // SQLite wants the statements between BEGIN and END; MySQL takes one
  // statement or a BEGIN ... END block.
  if (IsSqlite(dialect) && !StartsWithBegin(body)) body = "BEGIN " + body + "; END";
  return "CREATE TRIGGER " + Quote(trigger.name, dialect) + " " +
         Upper(ast::TriggerTimingName(trigger.timing)) + " " +
         Upper(ast::TriggerEventName(trigger.event)) + " ON " + Quote(trigger.table, dialect) +
         " FOR EACH ROW " + body;
}

std::optional<std::vector<std::string>> RenderObjectOp(const ast::Op& op,
                                                       std::string_view dialect) {
  return std::visit(
      [&](const auto& o) -> std::optional<std::vector<std::string>> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateView>) {
          return std::vector<std::string>{"CREATE VIEW " + Quote(o.view.name, dialect) + " AS " +
                                          BodyFor(o.view.body, dialect)};
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          return std::vector<std::string>{CreateTriggerSql(o.trigger, dialect)};
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          if (IsSqlite(dialect)) return std::vector<std::string>{};
          return std::vector<std::string>{CreateEventSql(o.event, dialect)};
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          if (IsSqlite(dialect) && o.kind == ast::DropObject::Kind::kEvent) {
            return std::vector<std::string>{};
          }
          return std::vector<std::string>{DropSql(o, dialect)};
        } else {
          return std::nullopt;
        }
      },
      op.kind);
}

}  // namespace retort::lower
