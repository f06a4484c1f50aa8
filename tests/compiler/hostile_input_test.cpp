// The compiler against hostile input: each pathological shape, about 1 MB,
// goes through every pass (parse, graph, simulate, lower) and must end in a
// diagnostic at a file:line:col, without a crash and in linear time. The
// bound is generous (a debug or sanitizer build on a busy machine passes);
// docs/benchmarks.md records the Release numbers.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>

#include "diag/text_printer.h"
#include "pipeline.h"

namespace retort {
namespace {

constexpr std::size_t kSize = 1 << 20;
constexpr double kBoundSeconds = 10.0;

std::string Repeat(const std::string& unit, std::size_t bytes = kSize) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out += unit;
  return out;
}

struct Outcome {
  double seconds;
  bool compiled;
  std::string first_error;  // "file:line:col: error: ..." or ""
  std::size_t errors;
};

Outcome CompileText(const std::string& text) {
  source::SourceSet sources;
  sources.Add("m/a.mig", text);
  diag::DiagnosticEngine engine;
  const auto start = std::chrono::steady_clock::now();
  const bool compiled = Compile(sources, "m", engine).has_value();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ostringstream printed;
  diag::PrintAll(engine, sources, printed);
  std::string first = printed.str();
  first = first.substr(0, first.find('\n'));
  return {seconds, compiled, first, engine.error_count()};
}

const std::string kHead = "revision a\n  message \"m\"\n";

struct Shape {
  const char* name;
  std::string text;
  const char* expected;  // the first error starts with this
};

std::vector<Shape> Shapes() {
  const std::string table = "create table t {\n  a integer;\n  check ";
  return {
      {"unclosed parentheses", kHead + table + Repeat("("),
       "m/a.mig:5:209: error: parentheses nested more than 200 deep"},
      {"deeply nested closed parentheses",
       kHead + table + Repeat("(", kSize / 2) + "a" + Repeat(")", kSize / 2) + ";\n}\n",
       "m/a.mig:5:209: error: parentheses nested more than 200 deep"},
      {"unterminated string of escaped quotes", kHead + "  message \"" + Repeat("\\\""),
       "m/a.mig:3:11: error: unterminated string: close it with \""},
      {"unterminated single-quoted string", kHead + "  message '" + Repeat("''"),
       "m/a.mig:3:11: error: unterminated string: close it with '"},
      {"unterminated comments", kHead + Repeat("/* "),
       "m/a.mig:3:1: error: unterminated /* comment: close it with */"},
      {"unterminated quoted names", kHead + "create table `" + Repeat("x"),
       "m/a.mig:3:14: error: unterminated `name`"},
      {"unterminated sql text", kHead + "sql \"\"\"" + Repeat("\" "),
       "m/a.mig:3:5: error: unterminated \"\"\" sql text"},
      {"a huge message", "revision a\n  message \"" + Repeat("x") + "\"\nrevision b\n",
       "m/a.mig:3:1: error:"},
      {"a huge non-ASCII message", "revision a\n  message \"" + Repeat("\xc3\xa9\xe2\x82\xac") +
       "\"\n(\n", "m/a.mig:3:1: error:"},
      {"a huge name", kHead + "create table " + Repeat("n") + " { a integer; }\n(\n",
       "m/a.mig:4:1: error:"},
      {"one error per line", kHead + Repeat("x;\n"), "m/a.mig:3:1: error:"},
      {"open parentheses on every line", kHead + table + "(\n" + Repeat("(a\n"),
       "m/a.mig:"},
      {"statements missing their ends", kHead + Repeat("create table "), "m/a.mig:3:"},
      {"stray bytes", kHead + Repeat("\x01}{;@"), "m/a.mig:3:1: error:"},
  };
}

TEST_CASE("every 1 MB hostile input ends in a diagnostic in linear time") {
  for (const Shape& shape : Shapes()) {
    INFO(shape.name);
    Outcome outcome = CompileText(shape.text);
    CHECK_FALSE(outcome.compiled);
    CHECK(outcome.errors >= 1);
    CHECK(outcome.first_error.rfind(shape.expected, 0) == 0);
    INFO(outcome.first_error.substr(0, 200));
    std::printf("%-40s %7.3f s  %zu errors\n", shape.name, outcome.seconds, outcome.errors);
    CHECK(outcome.seconds < kBoundSeconds);
  }
}

}  // namespace
}  // namespace retort
