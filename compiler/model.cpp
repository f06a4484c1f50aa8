#include "model.h"

#include "check/simulator.h"
#include "pipeline.h"

namespace retort {

std::optional<check::SchemaState> LoadModel(const std::string& dir,
                                            const project::Settings& settings,
                                            source::SourceSet& sources,
                                            diag::DiagnosticEngine& engine) {
  source::SourceSet files;
  std::string error;
  if (!source::LoadMigrationDirectory(dir, files, error)) {
    engine.Report(diag::Kind::kCannotReadInput, {}, {error});
    return std::nullopt;
  }
  if (files.size() == 0) {
    engine.Report(diag::Kind::kCannotReadInput, {}, {"no model files (*.mig) in '" + dir + "'"});
    return std::nullopt;
  }
  // Each file becomes a revision after the one before. The header goes on
  // the file's first line, so every line keeps its number.
  for (source::FileId id = 0; id < files.size(); ++id) {
    std::string header = "revision model_" + std::to_string(id) +
                         (id ? " parent model_" + std::to_string(id - 1) : std::string()) +
                         " message \"model\" ";
    sources.Add(files.file(id).path(), header + files.file(id).text());
  }
  std::optional<check::RevisionGraph> graph = ParseAndBuildGraph(sources, dir, engine);
  if (!graph || engine.error_count() > 0) return std::nullopt;
  graph->set_settings(settings);
  check::SchemaState state = check::StateAfter(*graph, graph->heads(), engine);
  if (engine.error_count() > 0) return std::nullopt;
  return state;
}

}  // namespace retort
