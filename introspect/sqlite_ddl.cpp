#include "introspect/sqlite_ddl.h"

#include <cctype>
#include <stdexcept>

namespace retort::introspect::sqlite {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// A quoted run starting at `at` (its quote character), doubled quotes
// inside; returns the index after the closing quote.
std::size_t Quoted(std::string_view sql, std::size_t at, char close, std::string& text) {
  for (std::size_t i = at + 1; i < sql.size(); ++i) {
    if (sql[i] != close) {
      text += sql[i];
    } else if (i + 1 < sql.size() && sql[i + 1] == close && close != ']') {
      text += close;
      ++i;
    } else {
      return i + 1;
    }
  }
  throw std::runtime_error("unterminated quote in stored SQL");
}

// The index of the token after the parenthesis that closes the one at `open`.
std::size_t AfterGroup(const std::vector<Token>& tokens, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < tokens.size(); ++i) {
    if (tokens[i].kind != Token::Kind::kPunct) continue;
    if (tokens[i].text == "(") ++depth;
    if (tokens[i].text == ")" && --depth == 0) return i + 1;
  }
  throw std::runtime_error("unbalanced parentheses in stored SQL");
}

bool IsPunct(const std::vector<Token>& tokens, std::size_t i, std::string_view text) {
  return i < tokens.size() && tokens[i].kind == Token::Kind::kPunct && tokens[i].text == text;
}

// The text inside the group opening at `open`.
std::string GroupText(std::string_view sql, const std::vector<Token>& tokens, std::size_t open) {
  std::size_t close = AfterGroup(tokens, open) - 1;
  return std::string(sql.substr(tokens[open].end, tokens[close].begin - tokens[open].end));
}

std::vector<std::string> NameList(const std::vector<Token>& tokens, std::size_t open) {
  std::vector<std::string> names;
  std::size_t close = AfterGroup(tokens, open) - 1;
  for (std::size_t i = open + 1; i < close; ++i) {
    if (tokens[i].IsName() && (i == open + 1 || IsPunct(tokens, i - 1, ","))) {
      names.push_back(tokens[i].text);
    }
  }
  return names;
}

// One top-level definition: tokens [begin, end).
void ParseDefinition(std::string_view sql, const std::vector<Token>& t, std::size_t begin,
                     std::size_t end, TableDdl& out) {
  std::string name;
  std::size_t i = begin;
  if (t[i].Is("constraint") && i + 1 < end) {
    name = t[i + 1].text;
    i += 2;
  }
  auto group_at = [&](std::size_t from) {
    for (std::size_t k = from; k < end; ++k) {
      if (IsPunct(t, k, "(")) return k;
    }
    throw std::runtime_error("a constraint without its list in stored SQL");
  };
  if (t[i].Is("primary") || t[i].Is("unique") || t[i].Is("check") || t[i].Is("foreign")) {
    ConstraintDdl c;
    c.name = name;
    std::size_t open = group_at(i);
    if (t[i].Is("check")) {
      c.kind = ConstraintDdl::Kind::kCheck;
      c.expression = GroupText(sql, t, open);
    } else {
      c.kind = t[i].Is("primary")  ? ConstraintDdl::Kind::kPrimaryKey
               : t[i].Is("unique") ? ConstraintDdl::Kind::kUnique
                                   : ConstraintDdl::Kind::kForeignKey;
      c.columns = NameList(t, open);
      std::size_t after = AfterGroup(t, open);
      if (c.kind == ConstraintDdl::Kind::kForeignKey && after + 1 < end &&
          t[after].Is("references")) {
        c.ref_table = t[after + 1].text;
      }
    }
    out.constraints.push_back(std::move(c));
    return;
  }
  ColumnDdl column;
  column.name = t[i].text;
  for (std::size_t k = i + 1; k < end; ++k) {
    if (t[k].Is("autoincrement")) column.autoincrement = true;
    if (t[k].Is("references")) out.inline_reference_columns.push_back(column.name);
    if (t[k].Is("check") && IsPunct(t, k + 1, "(")) {
      column.checks.push_back(GroupText(sql, t, k + 1));
      k = AfterGroup(t, k + 1) - 1;
    } else if (t[k].Is("as") && IsPunct(t, k + 1, "(")) {
      column.generated = GroupText(sql, t, k + 1);
      k = AfterGroup(t, k + 1) - 1;
    } else if (IsPunct(t, k, "(")) {
      k = AfterGroup(t, k) - 1;  // a type's size, a default expression
    }
  }
  out.columns.push_back(std::move(column));
}

}  // namespace

bool Token::Is(std::string_view word) const {
  if (kind != Kind::kWord || text.size() != word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return true;
}

std::vector<Token> Tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t close = sql.find("*/", i + 2);
      i = close == std::string_view::npos ? sql.size() : close + 2;
      continue;
    }
    Token token;
    token.begin = i;
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      token.kind = c == '\'' ? Token::Kind::kString : Token::Kind::kQuoted;
      i = Quoted(sql, i, c == '[' ? ']' : c, token.text);
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      token.kind = Token::Kind::kNumber;
      while (i < sql.size() && (IsWordChar(sql[i]) || sql[i] == '.')) ++i;
      token.text = std::string(sql.substr(token.begin, i - token.begin));
    } else if (IsWordChar(c)) {
      token.kind = Token::Kind::kWord;
      while (i < sql.size() && IsWordChar(sql[i])) ++i;
      token.text = std::string(sql.substr(token.begin, i - token.begin));
    } else {
      token.text = std::string(1, c);
      ++i;
    }
    token.end = i;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

TableDdl ParseCreateTable(std::string_view sql) {
  std::vector<Token> t = Tokenize(sql);
  std::size_t open = 0;
  while (open < t.size() && !IsPunct(t, open, "(")) ++open;
  if (open == t.size()) throw std::runtime_error("not a CREATE TABLE statement: " + std::string(sql));
  std::size_t close = AfterGroup(t, open) - 1;
  TableDdl out;
  std::size_t begin = open + 1;
  for (std::size_t i = begin; i <= close; ++i) {
    if (IsPunct(t, i, "(")) {
      i = AfterGroup(t, i) - 1;
      continue;
    }
    if (i == close || IsPunct(t, i, ",")) {
      if (i > begin) ParseDefinition(sql, t, begin, i, out);
      begin = i + 1;
    }
  }
  return out;
}

TriggerDdl ParseCreateTrigger(std::string_view sql) {
  std::vector<Token> t = Tokenize(sql);
  TriggerDdl out;
  std::size_t begin_at = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (out.timing.empty() && (t[i].Is("before") || t[i].Is("after") || t[i].Is("instead"))) {
      out.timing = t[i].Is("instead") ? "instead of" : t[i].Is("before") ? "before" : "after";
    }
    if (out.event.empty() && (t[i].Is("insert") || t[i].Is("update") || t[i].Is("delete"))) {
      out.event = t[i].Is("insert") ? "insert" : t[i].Is("update") ? "update" : "delete";
    }
    if (t[i].Is("begin")) {
      begin_at = t[i].end;
      break;
    }
  }
  std::size_t end_at = sql.size();
  if (!t.empty() && t.back().Is("end")) end_at = t.back().begin;
  if (out.timing.empty()) out.timing = "before";  // SQLite's default
  std::string_view body = sql.substr(begin_at, end_at - begin_at);
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  while (!body.empty() && (std::isspace(static_cast<unsigned char>(body.back())) || body.back() == ';')) {
    body.remove_suffix(1);
  }
  out.body = std::string(body);
  return out;
}

std::string ViewBody(std::string_view sql) {
  for (const Token& token : Tokenize(sql)) {
    if (token.Is("as")) {
      std::string_view body = sql.substr(token.end);
      while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
      return std::string(body);
    }
  }
  return std::string(sql);
}

}  // namespace retort::introspect::sqlite
