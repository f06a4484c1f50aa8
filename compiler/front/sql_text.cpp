#include "front/sql_text.h"

namespace retort::front {
namespace {

std::string Trim(std::string_view text) {
  std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(begin, end - begin + 1));
}

// True when `text` holds only whitespace and SQL comments.
bool OnlyComments(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (text.substr(i, 2) == "--" || c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> SplitSqlStatements(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    std::string_view piece = text.substr(start, end - start);
    if (!OnlyComments(piece)) out.push_back(Trim(piece));
    start = end + 1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`') {
      // Quoted text; a doubled quote or a backslash escapes.
      for (++i; i < text.size(); ++i) {
        if (text[i] == '\\' && c != '`') {
          ++i;
        } else if (text[i] == c) {
          if (i + 1 < text.size() && text[i + 1] == c) {
            ++i;
          } else {
            break;
          }
        }
      }
    } else if (text.substr(i, 2) == "--" || c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.substr(i, 2) == "/*") {
      std::size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (c == ';') {
      flush(i);
    }
  }
  if (start < text.size()) flush(text.size());
  return out;
}

std::string Unquote(const std::string& text) {
  if (text.size() < 2) return text;
  char quote = text.front();
  std::string out;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    char c = text[i];
    if (quote == '"' && c == '\\' && i + 2 < text.size()) {
      char next = text[++i];
      switch (next) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        default:
          out += next;
      }
    } else if (quote == '\'' && c == '\'') {
      out += '\'';
      ++i;  // '' stands for one quote
    } else {
      out += c;
    }
  }
  return out;
}

std::string TrimBody(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::size_t begin = 0, end = text.size();
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && (space(text[end - 1]) || text[end - 1] == ';')) --end;
  return std::string(text.substr(begin, end - begin));
}

}  // namespace retort::front
