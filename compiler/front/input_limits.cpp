#include "front/input_limits.h"

#include <string>
#include <string_view>

#include "front/antlr.h"

namespace retort::front {
namespace {

using Lexer = retort_antlr::RetortLexer;

// The offset of the first byte that does not belong to well-formed UTF-8
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or
// npos. ANTLR's input stream would throw on it.
std::size_t FirstInvalidUtf8(std::string_view text) {
  auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < text.size() && static_cast<unsigned char>(text[i]) >= lo &&
           static_cast<unsigned char>(text[i]) <= hi;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    bool ok = true;
    if (c < 0x80) {
      n = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 2, ok = cont(i + 1);
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      ok = cont(i + 1, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF) && cont(i + 2);
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      ok = cont(i + 1, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF) && cont(i + 2) &&
           cont(i + 3);
    } else {
      ok = false;
    }
    if (!ok) return i;
    i += n;
  }
  return std::string_view::npos;
}

source::SourceLoc LocOf(source::FileId file, const antlr4::Token& token, std::uint32_t length) {
  return {file, static_cast<std::uint32_t>(token.getLine()),
          static_cast<std::uint32_t>(token.getCharPositionInLine()) + 1, length};
}

// What is wrong with `token`, which never closes, or "" for any other.
// `next` follows it (or is EOF).
std::string Unterminated(const antlr4::Token& token, const antlr4::Token& next) {
  switch (token.getType()) {
    case Lexer::UNTERMINATED_STRING:
      return "unterminated string: close it with " + token.getText().substr(0, 1) +
             " before the end of the line";
    case Lexer::UNTERMINATED_QUOTED_IDENT:
      return "unterminated `name`: close it with ` before the end of the line";
    case Lexer::UNTERMINATED_COMMENT:
      return "unterminated /* comment: close it with */";
    case Lexer::STRING:
      // """ with no closing """: the lexer fell back to "" and a quote.
      if (token.getText() == "\"\"" && next.getStartIndex() == token.getStopIndex() + 1 &&
          next.getType() != antlr4::Token::EOF && next.getText().starts_with("\"")) {
        return "unterminated \"\"\" sql text: close it with \"\"\"";
      }
      return "";
    default:
      return "";
  }
}

}  // namespace

bool CheckEncoding(source::FileId file, std::string_view text, diag::DiagnosticEngine& engine) {
  std::size_t bad = FirstInvalidUtf8(text);
  if (bad == std::string_view::npos) return true;
  source::SourceLoc loc{file, 1, 1, 1};
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < bad; ++i) {
    if (text[i] == '\n') ++loc.line, line_start = i + 1;
  }
  loc.col = static_cast<std::uint32_t>(bad - line_start + 1);
  static constexpr char kHex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(text[bad]);
  engine.Report(diag::Kind::kInvalidUtf8, loc,
                {std::string{kHex[byte >> 4], kHex[byte & 15]}, std::to_string(bad)});
  return false;
}

bool CheckTokens(source::FileId file, std::string_view /*text*/,
                 antlr4::BufferedTokenStream& tokens, diag::DiagnosticEngine& engine) {
  tokens.fill();
  const antlr4::dfa::Vocabulary& vocabulary =
      static_cast<antlr4::Lexer*>(tokens.getTokenSource())->getVocabulary();
  std::size_t open = 0, close = 0;
  for (std::size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
    if (vocabulary.getLiteralName(type) == "'('") open = type;
    if (vocabulary.getLiteralName(type) == "')'") close = type;
  }
  std::size_t depth = 0;
  const std::size_t count = tokens.size();
  for (std::size_t i = 0; i + 1 < count; ++i) {
    antlr4::Token& token = *tokens.get(i);
    if (std::string problem = Unterminated(token, *tokens.get(i + 1)); !problem.empty()) {
      const std::uint32_t length = token.getType() == Lexer::STRING ? 3 : 1;
      engine.Report(diag::Kind::kSyntaxError, LocOf(file, token, length), {problem});
      return false;
    }
    if (token.getType() == open && ++depth > kMaxNesting) {
      engine.Report(diag::Kind::kNestingTooDeep, LocOf(file, token, 1),
                    {std::to_string(kMaxNesting)});
      return false;
    }
    if (token.getType() == close && depth > 0) --depth;
  }
  return true;
}

}  // namespace retort::front
