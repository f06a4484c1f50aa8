#include "pipeline.h"

#include "front/parse.h"
#include "lower/lower.h"

namespace retort {

bool LoadSources(const std::string& dir, source::SourceSet& sources,
                 diag::DiagnosticEngine& engine) {
  std::string error;
  if (!source::LoadMigrationDirectory(dir, sources, error)) {
    engine.Report(diag::Kind::kCannotReadInput, {}, {error});
    return false;
  }
  if (sources.size() == 0) engine.Report(diag::Kind::kNoMigrations, {}, {dir});
  return true;
}

std::optional<check::RevisionGraph> ParseAndBuildGraph(
    const source::SourceSet& sources, const std::string& dir,
    diag::DiagnosticEngine& engine) {
  std::vector<ast::Revision> revisions;
  bool syntax_ok = true;
  for (source::FileId id = 0; id < sources.size(); ++id) {
    std::optional<ast::Revision> revision = front::ParseFile(id, sources, engine);
    if (revision) {
      revisions.push_back(std::move(*revision));
    } else {
      syntax_ok = false;
    }
  }
  if (!syntax_ok) return std::nullopt;
  return check::RevisionGraph::Build(std::move(revisions), engine, dir);
}

std::optional<lower::CompiledHistory> Compile(const source::SourceSet& sources,
                                              const std::string& dir,
                                              diag::DiagnosticEngine& engine,
                                              bool strict) {
  std::optional<check::RevisionGraph> graph =
      ParseAndBuildGraph(sources, dir, engine);
  if (!graph || engine.error_count() > 0) return std::nullopt;
  lower::CompiledHistory history = lower::Lower(*graph, sources, engine, strict);
  if (engine.error_count() > 0) return std::nullopt;
  return history;
}

}  // namespace retort
