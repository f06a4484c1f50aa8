#include "lower/sql_text.h"

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

std::string JoinQuoted(const std::vector<std::string>& names, char quote) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += QuoteIdentifier(name, quote);
  }
  return out;
}

}  // namespace retort::lower
