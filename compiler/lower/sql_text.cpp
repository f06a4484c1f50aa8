#include "lower/sql_text.h"

#include <cctype>

namespace retort::lower {

std::string QuoteIdentifier(std::string_view name, char quote) {
  std::string out(1, quote);
  for (char c : name) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

std::string QuoteString(std::string_view text) {
  return QuoteIdentifier(text, '\'');
}

std::string ForeignKeySql(const ast::ForeignKey& key, char quote) {
  std::string sql = "CONSTRAINT " + QuoteIdentifier(key.name, quote) + " FOREIGN KEY (" +
                    JoinQuoted(key.columns, quote) + ") REFERENCES " +
                    QuoteIdentifier(key.ref_table, quote) + " (" +
                    JoinQuoted(key.ref_columns, quote) + ")";
  auto upper = [](std::string_view words) {
    std::string out(words);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
  };
  if (key.on_delete != ast::RefAction::kDefault) {
    sql += " ON DELETE " + upper(ast::RefActionName(key.on_delete));
  }
  if (key.on_update != ast::RefAction::kDefault) {
    sql += " ON UPDATE " + upper(ast::RefActionName(key.on_update));
  }
  return sql;
}

std::string DefaultLiteral(const ast::DefaultValue& value, bool backslash_escapes) {
  using DK = ast::DefaultValue::Kind;
  switch (value.kind) {
    case DK::kNull:
      return "NULL";
    case DK::kString: {
      if (!backslash_escapes) return QuoteString(value.text);
      std::string escaped;
      for (char c : value.text) {
        if (c == '\\') escaped += '\\';
        escaped += c;
      }
      return QuoteString(escaped);
    }
    case DK::kNumber:
      return value.text;
    case DK::kBool:
      return value.flag ? "1" : "0";
    case DK::kCurrentTimestamp:  // SQLite has no fractional form
      return backslash_escapes && !value.text.empty() ? "CURRENT_TIMESTAMP(" + value.text + ")"
                                                      : "CURRENT_TIMESTAMP";
    case DK::kExpression:
      return "(" + value.text + ")";
  }
  return "NULL";
}

std::string JoinQuoted(const std::vector<std::string>& names, char quote) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(name, quote);
  }
  return out;
}

}  // namespace retort::lower
