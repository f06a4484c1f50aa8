#include "front/parse.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "front/antlr.h"
#include "front/ast_builder.h"
#include "front/input_limits.h"

namespace retort::front {
namespace {

// The input as the lexer reads it: every code point above ASCII as U+0001,
// which every lexer rule treats as it treats any of them (inside strings,
// names, comments and sql texts; an unexpected character elsewhere). ANTLR
// caches its lexer's decisions for ASCII only, so a long non-ASCII text
// would otherwise cost a full simulation per character. Token texts still
// come from the original code points.
class AsciiFoldedStream : public antlr4::ANTLRInputStream {
 public:
  using ANTLRInputStream::ANTLRInputStream;
  size_t LA(ssize_t i) override {
    const size_t c = ANTLRInputStream::LA(i);
    return c > 0x7F && c != antlr4::IntStream::EOF ? 0x01 : c;
  }
};

// Tokens the parser may skip while recovering from errors (each after a
// reported error) before it gives up: a file of garbage is then not lexed
// to its end only to be skipped.
constexpr std::size_t kMaxSkippedTokens = 10000;

class BoundedRecovery : public antlr4::DefaultErrorStrategy {
 protected:
  void consumeUntil(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) override {
    for (std::size_t type = parser->getInputStream()->LA(1);
         type != antlr4::Token::EOF && !set.contains(type);
         type = parser->getInputStream()->LA(1)) {
      if (++skipped_ > kMaxSkippedTokens) {
        throw antlr4::ParseCancellationException("too many tokens skipped");
      }
      parser->consume();
    }
  }

 private:
  std::size_t skipped_ = 0;
};

// Syntax errors per file before the parser gives up: after that many, the
// rest is mostly the parser recovering, and giving up bounds its time.
constexpr int kMaxSyntaxErrors = 20;
// Errors the parser meets, reported or not (several on one line are
// reported once), before it gives up.
constexpr int kMaxRecoveries = 200;

/// Records syntax errors as diagnostics instead of printing or throwing.
class DiagnosticListener : public antlr4::BaseErrorListener {
 public:
  DiagnosticListener(source::FileId file, diag::DiagnosticEngine& engine,
                     const CheckedLexer& lexer)
      : file_(file), engine_(engine), lexer_(lexer) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                   size_t line, size_t char_position_in_line,
                   const std::string& msg, std::exception_ptr /*e*/) override {
    // After the lexer cut the input short, the parser's errors are not news.
    if (lexer_.stopped()) return;
    source::SourceLoc loc;
    loc.file = file_;
    loc.line = static_cast<std::uint32_t>(line);
    // The single place where ANTLR's 0-based column becomes 1-based.
    loc.col = static_cast<std::uint32_t>(char_position_in_line) + 1;
    loc.length = 1;
    if (offending != nullptr && offending->getType() != antlr4::Token::EOF) {
      loc.length = static_cast<std::uint32_t>(offending->getText().size());
    }
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    std::string message = msg;
    // A statement that ends a line without its ';' (where something optional
    // could still follow) reads as "mismatched input" on the next line.
    if (parser != nullptr && offending != nullptr &&
        msg.rfind("mismatched input", 0) == 0 && msg.find("';'") != std::string::npos) {
      antlr4::Token* previous = parser->getTokenStream()->LT(-1);
      if (previous != nullptr && previous->getLine() < offending->getLine()) {
        message = "missing ';' at '" + offending->getText() + "'";
      }
    }
    // "missing ';'" belongs right after the token that lacks it, not at
    // the next token, which may be lines further down.
    if (parser != nullptr && message.rfind("missing ", 0) == 0) {
      antlr4::Token* previous = parser->getTokenStream()->LT(-1);
      if (previous != nullptr && previous->getText().find('\n') == std::string::npos) {
        loc.line = static_cast<std::uint32_t>(previous->getLine());
        loc.col = static_cast<std::uint32_t>(previous->getCharPositionInLine() +
                                             previous->getText().size()) + 1;
        loc.length = 1;
      }
    }
    // One syntax error per line: what follows a wrong token on the same
    // line is the parser recovering, not news.
    if (++seen_ > kMaxRecoveries) GiveUp(loc);
    if (loc.line == last_line_) return;
    if (count_ == kMaxSyntaxErrors) GiveUp(loc);
    std::string text = Readable(message);
    if (parser != nullptr && offending != nullptr && message == msg) {
      if (std::string words = InWords(*parser, *offending, msg); !words.empty()) text = words;
    }
    if (text.rfind("missing ", 0) == 0) {
      std::size_t at = text.find(" at ");
      if (at != std::string::npos) text.replace(at, 4, " before ");
    }
    engine_.Report(diag::Kind::kSyntaxError, loc, {text});
    last_line_ = loc.line;
    ++count_;
  }

  int count() const { return count_; }

 private:
  // Stops the parse (ParseFile catches the exception) with a note saying so.
  [[noreturn]] void GiveUp(source::SourceLoc loc) {
    engine_.Report(diag::Kind::kTooManySyntaxErrors, loc, {std::to_string(count_)});
    ++count_;
    throw antlr4::ParseCancellationException("too many syntax errors");
  }

  // ANTLR names tokens as the grammar does (IDENT, NULL_, <EOF>); say what a
  // user would write instead: "expecting {integer, bigint, ...}".
  static std::string Readable(const std::string& msg) {
    static const std::pair<const char*, const char*> kWords[] = {
        {"QUOTED_IDENT", "`name`"}, {"IDENT", "a name"},
        {"DECIMAL_LIT", "a number"}, {"INT", "a number"},
        {"SQL_TEXT", "\"\"\"sql\"\"\""}, {"STRING", "a string"},
        {"<EOF>", "end of file"}, {"NULL_", "null"}};
    std::string out;
    std::size_t i = 0;
    while (i < msg.size()) {
      if (msg[i] == '\'') {  // quoted input text stays as written
        std::size_t close = msg.find('\'', i + 1);
        if (close == std::string::npos) close = msg.size() - 1;
        std::string quoted = msg.substr(i, close - i + 1);
        out += quoted == "'<EOF>'" ? "end of file" : quoted;
        i = close + 1;
        continue;
      }
      bool replaced = false;
      for (const auto& [token, word] : kWords) {
        std::size_t n = std::char_traits<char>::length(token);
        if (msg.compare(i, n, token) == 0 &&
            (i + n >= msg.size() || !std::isalnum(static_cast<unsigned char>(msg[i + n])))) {
          out += word;
          i += n;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
      bool upper_word = std::isupper(static_cast<unsigned char>(msg[i])) &&
                        (i == 0 || !std::isalnum(static_cast<unsigned char>(msg[i - 1])));
      if (upper_word) {  // a keyword token: DEPENDS_ON -> depends_on
        while (i < msg.size() && (std::isupper(static_cast<unsigned char>(msg[i])) ||
                                  msg[i] == '_' ||
                                  std::isdigit(static_cast<unsigned char>(msg[i])))) {
          out += static_cast<char>(std::tolower(static_cast<unsigned char>(msg[i++])));
        }
        continue;
      }
      out += msg[i++];
    }
    // A list of every keyword helps nobody: keep the message short.
    std::size_t open = out.find(" expecting {");
    if (open != std::string::npos &&
        std::count(out.begin() + static_cast<std::ptrdiff_t>(open), out.end(), ',') >= 24) {
      out.erase(open);
    }
    return out;
  }

  // Two errors whose ANTLR text says nothing to a user, in words: a
  // statement the language does not have, and a type it does not know.
  static std::string InWords(antlr4::Parser& parser, antlr4::Token& offending,
                             const std::string& msg) {
    using P = retort_antlr::RetortParser;
    antlr4::ParserRuleContext* ctx = parser.getContext();
    bool at_statement = ctx != nullptr && (ctx->getRuleIndex() == P::RuleStatement ||
                                           ctx->getRuleIndex() == P::RuleMigration);
    if (at_statement && offending.getType() != antlr4::Token::EOF &&
        (msg.rfind("no viable alternative", 0) == 0 || msg.rfind("mismatched input", 0) == 0 ||
         msg.rfind("extraneous input", 0) == 0)) {
      // The words from where the statement starts to the one that is wrong
      // (adaptive prediction may have looked past the first).
      antlr4::TokenStream* tokens = parser.getTokenStream();
      antlr4::Token* start = tokens->LT(1);
      std::string what;
      std::size_t from = start != nullptr ? start->getTokenIndex() : offending.getTokenIndex();
      for (std::size_t i = std::min(from, offending.getTokenIndex());
           i <= offending.getTokenIndex(); ++i) {
        what += (what.empty() ? "" : " ") + tokens->get(i)->getText();
      }
      return "unknown statement '" + what + "'; expected " + kStatements;
    }
    // A text in triple quotes (a body, a schedule) was expected.
    if (msg.rfind("mismatched input", 0) == 0 && msg.ends_with("expecting SQL_TEXT")) {
      return "expected a text in triple quotes (\"\"\"...\"\"\") here, not '" +
             offending.getText() + "'";
    }
    // The raw message names the type tokens as the grammar does.
    if (msg.find(" expecting {") != std::string::npos &&
        msg.find("VARCHAR") != std::string::npos && msg.find("INTEGER") != std::string::npos) {
      const std::string& word = offending.getText();
      if (word.empty() || !std::isalpha(static_cast<unsigned char>(word[0]))) {
        return "expected a type here (" + std::string(kTypes) + "), not '" + word + "'";
      }
      return "unknown type '" + word + "'; expected " + kTypes;
    }
    return "";
  }

  static constexpr const char* kStatements =
      "create table, create [unique|spatial] index, create view, create trigger, "
      "create event, drop table, drop index, drop view, drop trigger, drop event, "
      "alter table, rename table, rename index or sql";
  static constexpr const char* kTypes =
      "integer, bigint, smallint, tinyint, mediumint (each may be unsigned), boolean, varchar(n), char(n), text, tinytext, mediumtext, longtext, decimal(p, s), float, double, date, datetime, timestamp, time (each may take (n) fractional digits), year, json, blob, tinyblob, mediumblob, longblob, binary(n), varbinary(n), bit(n), enum(...), set(...), uuid, point or geometry";

  source::FileId file_;
  diag::DiagnosticEngine& engine_;
  const CheckedLexer& lexer_;
  int count_ = 0;
  int seen_ = 0;
  std::uint32_t last_line_ = 0;
};

}  // namespace

std::optional<ast::Revision> ParseFile(source::FileId file,
                                       const source::SourceSet& sources,
                                       diag::DiagnosticEngine& engine) {
  const std::string& text = sources.file(file).text();
  if (!CheckEncoding(file, text, engine)) return std::nullopt;
  AsciiFoldedStream input(text);
  CheckedLexer lexer(&input, file, engine);
  lexer.removeErrorListeners();
  DiagnosticListener listener(file, engine, lexer);
  lexer.addErrorListener(&listener);
  antlr4::CommonTokenStream tokens(&lexer);
  retort_antlr::RetortParser parser(&tokens);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<BoundedRecovery>());
  retort_antlr::RetortParser::MigrationContext* tree = nullptr;
  try {
    tree = parser.migration();
  } catch (const antlr4::ParseCancellationException&) {
    return std::nullopt;  // reported: too many syntax errors, or a file past recovery
  }
  if (listener.count() > 0 || lexer.stopped()) return std::nullopt;
  AstBuilder builder(file, engine);
  return builder.BuildMigration(*tree);
}

}  // namespace retort::front
