/// What the parser is never given: bytes that are not UTF-8, tokens that
/// never close, parentheses nested past kMaxNesting. Each is reported at its
/// file:line:col before parsing, so ANTLR (which throws on invalid UTF-8 and
/// recurses once per nested parenthesis) sees only input it handles in time
/// and stack linear in its size.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"
#include "front/antlr.h"
#include "source/source_file.h"

namespace retort::front {

/// The deepest parenthesis nesting a .mig file may use (check expressions,
/// defaults, generated columns). SQLite's own limit on expression depth is
/// 1000; no real expression comes near either.
inline constexpr std::size_t kMaxNesting = 200;

/// False after reporting the first byte that is not well-formed UTF-8.
bool CheckEncoding(source::FileId file, std::string_view text, diag::DiagnosticEngine& engine);

/// The lexer the parser reads: RetortLexer, checking each token as the
/// parser asks for it. At the first unterminated string, name, comment or
/// sql text, or parenthesis past kMaxNesting, it reports it and ends the
/// input there (the parser then meets end of file; its errors are not news:
/// ParseFile drops them). Checking as the parser pulls, not after lexing the
/// whole file, means a parse that gives up early lexes no further.
class CheckedLexer : public retort_antlr::RetortLexer {
 public:
  CheckedLexer(antlr4::CharStream* input, source::FileId file, diag::DiagnosticEngine& engine);
  std::unique_ptr<antlr4::Token> nextToken() override;
  bool stopped() const { return stopped_; }

 private:
  std::unique_ptr<antlr4::Token> EndOfInput();
  /// What is wrong with `token` ("" when nothing), given the one before.
  std::string Problem(const antlr4::Token& token);

  source::FileId file_;
  diag::DiagnosticEngine& engine_;
  std::size_t open_ = 0, close_ = 0;  ///< the token types of ( and )
  std::size_t depth_ = 0;
  bool stopped_ = false;
  // The previous token, when it was a "" string (maybe a """ cut short).
  bool after_empty_string_ = false;
  std::size_t empty_string_stop_ = 0;
  source::SourceLoc empty_string_loc_;
};

}  // namespace retort::front
