#include "test_support.h"

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "diag/text_printer.h"
#include "pipeline.h"

namespace retort::testing {
namespace {

void AddFiles(const Files& files, source::SourceSet& sources) {
  for (const auto& [path, text] : files) sources.Add(path, text);
}

std::string Render(const diag::DiagnosticEngine& engine,
                   const source::SourceSet& sources) {
  std::ostringstream out;
  diag::PrintAll(engine, sources, out);
  return out.str();
}

}  // namespace

std::string CompileResult::Text() const { return Render(engine, sources); }
std::string GraphResult::Text() const { return Render(engine, sources); }

const lower::CompiledRevision* CompileResult::Find(const std::string& id) const {
  if (!history) return nullptr;
  for (const lower::CompiledRevision& r : history->revisions) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

CompileResult CompileFiles(const Files& files) {
  CompileResult result;
  AddFiles(files, result.sources);
  result.history = Compile(result.sources, "m", result.engine);
  return result;
}

GraphResult BuildGraph(const Files& files) {
  GraphResult result;
  AddFiles(files, result.sources);
  result.graph = ParseAndBuildGraph(result.sources, "m", result.engine);
  return result;
}

std::string Header(const std::string& id, const std::vector<std::string>& parents) {
  std::string text = "revision " + id + "\n";
  if (!parents.empty()) {
    text += "  parent ";
    for (std::size_t i = 0; i < parents.size(); ++i) {
      text += (i ? ", " : "") + parents[i];
    }
    text += "\n";
  }
  // Tests acknowledge every safety lint on the message line (the line count
  // stays the same); the lint tests write their own headers.
  return text + "  message \"" + id + "\" " + kAllowAllLints + "\n";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Run RunCommand(const std::string& command) {
  Run run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace retort::testing
