/// What the parser is never given: bytes that are not UTF-8, tokens that
/// never close, parentheses nested past kMaxNesting. Each is reported at its
/// file:line:col before parsing, so ANTLR (which throws on invalid UTF-8 and
/// recurses once per nested parenthesis) sees only input it handles in time
/// and stack linear in its size.
#pragma once

#include <cstddef>
#include <string_view>

#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace antlr4 {
class BufferedTokenStream;
}

namespace retort::front {

/// The deepest parenthesis nesting a .mig file may use (check expressions,
/// defaults, generated columns). SQLite's own limit on expression depth is
/// 1000; no real expression comes near either.
inline constexpr std::size_t kMaxNesting = 200;

/// False after reporting the first byte that is not well-formed UTF-8.
bool CheckEncoding(source::FileId file, std::string_view text, diag::DiagnosticEngine& engine);

/// Reads every token of `tokens` (it fills the stream) and reports the first
/// unterminated string, name, comment or sql text and the first parenthesis
/// past kMaxNesting. False when anything was reported.
bool CheckTokens(source::FileId file, std::string_view text, antlr4::BufferedTokenStream& tokens,
                 diag::DiagnosticEngine& engine);

}  // namespace retort::front
