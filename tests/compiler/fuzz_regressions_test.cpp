// Replays every input in fuzz/regressions/ (the fuzz target's format,
// fuzz/fuzz_input.h) through the whole compiler in every build, not only the
// fuzzing one: each must end without a crash, its result agreeing with the
// errors reported, and every error at a file:line:col of the input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "../../fuzz/fuzz_input.h"
#include "diag/text_printer.h"
#include "pipeline.h"
#include "test_support.h"

namespace retort {
namespace {

std::string Read(const std::filesystem::path& path) { return testing::ReadFile(path.string()); }

TEST_CASE("every fuzz regression input ends in a result or positioned diagnostics") {
  const std::filesystem::path dir = std::filesystem::path(RETORT_SOURCE_DIR) / "fuzz/regressions";
  std::size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    INFO(entry.path().filename().string());
    source::SourceSet sources;
    fuzz::AddProject(Read(entry.path()), sources);
    diag::DiagnosticEngine engine;
    const bool compiled = Compile(sources, "m", engine).has_value();
    CHECK(compiled == (engine.error_count() == 0));
    for (const diag::Diagnostic& d : engine.diagnostics()) {
      if (d.severity() != diag::Severity::kError) continue;
      CHECK(d.loc.valid());
    }
    ++replayed;
  }
  CHECK(replayed >= 8);
}

}  // namespace
}  // namespace retort
