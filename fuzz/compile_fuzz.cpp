// libFuzzer target over the whole compiler: parse, revision graph, schema
// simulation, lowering for every dialect, the generated table and the
// diagnostics printer. One input is a project (fuzz_input.h). Any crash,
// hang, sanitizer report or broken invariant below is a bug; every one found
// becomes a case in fuzz/regressions/, which
// tests/compiler/fuzz_regressions_test.cpp replays in every build.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "diag/text_printer.h"
#include "emit/table_emitter.h"
#include "fuzz_input.h"
#include "pipeline.h"

namespace {

void Fail(const char* what) {
  std::fprintf(stderr, "retort_fuzz: invariant broken: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  source::SourceSet sources;
  fuzz::AddProject(input, sources);
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> compiled = Compile(sources, "m", engine);
  std::ostringstream printed;
  diag::PrintAll(engine, sources, printed);
  // The build's promise: it compiles exactly when it reports no error.
  if (compiled.has_value() != (engine.error_count() == 0)) {
    Fail("Compile's result disagrees with the errors reported");
  }
  // Every error points at the input: a file and a line in it.
  for (const diag::Diagnostic& d : engine.diagnostics()) {
    if (d.severity() == diag::Severity::kError && !d.loc.valid()) {
      Fail(("an error without a file:line:col: " + d.message()).c_str());
    }
  }
  if (compiled) {
    if (emit::EmitTable(*compiled, "m", "fuzz").empty()) Fail("an empty generated table");
  }
  return 0;
}
