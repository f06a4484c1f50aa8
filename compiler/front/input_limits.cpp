#include "front/input_limits.h"

#include <string>
#include <string_view>

#include "front/antlr.h"

namespace retort::front {
namespace {

using Tokens = retort_antlr::RetortLexer;

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

CheckedLexer::CheckedLexer(antlr4::CharStream* input, source::FileId file,
                           diag::DiagnosticEngine& engine)
    : RetortLexer(input), file_(file), engine_(engine) {
  const antlr4::dfa::Vocabulary& vocabulary = getVocabulary();
  for (std::size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
    if (vocabulary.getLiteralName(type) == "'('") open_ = type;
    if (vocabulary.getLiteralName(type) == "')'") close_ = type;
  }
}

std::unique_ptr<antlr4::Token> CheckedLexer::nextToken() {
  if (stopped_) return EndOfInput();
  std::unique_ptr<antlr4::Token> token = RetortLexer::nextToken();
  if (std::string problem = Problem(*token); !problem.empty()) {
    stopped_ = true;
    return EndOfInput();
  }
  return token;
}

std::unique_ptr<antlr4::Token> CheckedLexer::EndOfInput() {
  return getTokenFactory()->create({this, getInputStream()}, antlr4::Token::EOF, "<EOF>",
                                   antlr4::Token::DEFAULT_CHANNEL, getInputStream()->index(),
                                   getInputStream()->index() - 1, getLine(),
                                   getCharPositionInLine());
}

std::string CheckedLexer::Problem(const antlr4::Token& token) {
  const std::size_t type = token.getType();
  auto report = [&](diag::Kind kind, source::SourceLoc loc, std::vector<std::string> args) {
    engine_.Report(kind, loc, std::move(args));
    return "reported";
  };
  // """ with no closing """: the lexer fell back to "" and a quote.
  if (after_empty_string_) {
    after_empty_string_ = false;
    if (type != antlr4::Token::EOF && token.getStartIndex() == empty_string_stop_ + 1 &&
        token.getText().starts_with("\"")) {
      return report(diag::Kind::kSyntaxError, empty_string_loc_,
                    {"unterminated \"\"\" sql text: close it with \"\"\""});
    }
  }
  switch (type) {
    case Tokens::UNTERMINATED_STRING:
      return report(diag::Kind::kSyntaxError, LocOf(file_, token, 1),
                    {"unterminated string: close it with " + token.getText().substr(0, 1) +
                     " before the end of the line"});
    case Tokens::UNTERMINATED_QUOTED_IDENT:
      return report(diag::Kind::kSyntaxError, LocOf(file_, token, 1),
                    {"unterminated `name`: close it with ` before the end of the line"});
    case Tokens::UNTERMINATED_COMMENT:
      return report(diag::Kind::kSyntaxError, LocOf(file_, token, 1),
                    {"unterminated /* comment: close it with */"});
    case Tokens::STRING:
      if (token.getStopIndex() == token.getStartIndex() + 1 && token.getText() == "\"\"") {
        after_empty_string_ = true;
        empty_string_stop_ = token.getStopIndex();
        empty_string_loc_ = LocOf(file_, token, 3);
      }
      return "";
    default:
      break;
  }
  if (type == open_ && ++depth_ > kMaxNesting) {
    return report(diag::Kind::kNestingTooDeep, LocOf(file_, token, 1),
                  {std::to_string(kMaxNesting)});
  }
  if (type == close_ && depth_ > 0) --depth_;
  return "";
}

}  // namespace retort::front
