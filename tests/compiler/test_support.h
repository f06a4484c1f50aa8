/// Helpers for compiler tests: compile in-memory .mig files and render the
/// diagnostics as retortc prints them.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "check/revision_graph.h"
#include "diag/diagnostic.h"
#include "lower/compiled.h"
#include "source/source_file.h"

namespace retort::testing {

using Files = std::vector<std::pair<std::string, std::string>>;

struct CompileResult {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> history;

  /// Every diagnostic as retortc prints it (with the summary line).
  std::string Text() const;
  const lower::CompiledRevision* Find(const std::string& id) const;
};

/// A shell command's combined stdout and stderr and its exit code.
struct Run {
  std::string output;
  int exit_code = -1;
};
Run RunCommand(const std::string& command);

/// Compiles `files` (path, text) as if they were the directory "m".
CompileResult CompileFiles(const Files& files);

/// Parses and builds the graph only.
struct GraphResult {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<check::RevisionGraph> graph;
  std::string Text() const;
};
GraphResult BuildGraph(const Files& files);

inline constexpr const char* kAllowAllLints =
    "allow data_loss, narrowing, unsafe_constraint, rename";

/// A revision header: `revision ID [parent P1, P2] message "ID"`, with every
/// safety lint acknowledged.
std::string Header(const std::string& id, const std::vector<std::string>& parents = {});

/// A file's bytes ("" when it cannot be read).
std::string ReadFile(const std::string& path);

}  // namespace retort::testing
