#include "pipeline.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "front/parse.h"
#include "lower/lower.h"
#include "project/settings.h"

namespace retort {

bool LoadSources(const std::string& dir, source::SourceSet& sources,
                 diag::DiagnosticEngine& engine) {
  std::string error;
  if (!source::LoadMigrationDirectory(dir, sources, error)) {
    engine.Report(diag::Kind::kCannotReadInput, {}, {error});
    return false;
  }
  if (sources.size() == 0) engine.Report(diag::Kind::kNoMigrations, {}, {dir});
  std::filesystem::path settings = std::filesystem::path(dir) / project::kSettingsFileName;
  std::error_code ec;
  if (std::filesystem::is_regular_file(settings, ec)) {
    std::ifstream in(settings, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
      engine.Report(diag::Kind::kCannotReadInput, {}, {"cannot read '" + settings.string() + "'"});
      return false;
    }
    sources.Add(settings.string(), text.str());
  }
  return true;
}

namespace {

// The revision in file `id`: from the cache when it holds this text, else
// parsed (and cached when the parse reported nothing).
std::optional<ast::Revision> ParseOrReuse(source::FileId id, const source::SourceSet& sources,
                                          diag::DiagnosticEngine& engine,
                                          front::ParseCache* cache) {
  const source::SourceFile& file = sources.file(id);
  if (cache) {
    if (std::optional<ast::Revision> cached = cache->Find(file.path(), file.text(), id)) {
      return cached;
    }
  }
  const std::size_t reported = engine.diagnostics().size();
  std::optional<ast::Revision> revision = front::ParseFile(id, sources, engine);
  if (cache && revision && engine.diagnostics().size() == reported) {
    cache->Store(file.path(), file.text(), *revision);
  }
  return revision;
}

}  // namespace

std::optional<check::RevisionGraph> ParseAndBuildGraph(
    const source::SourceSet& sources, const std::string& dir,
    diag::DiagnosticEngine& engine, front::ParseCache* cache) {
  std::vector<ast::Revision> revisions;
  bool syntax_ok = true;
  project::Settings settings;
  for (source::FileId id = 0; id < sources.size(); ++id) {
    if (project::IsSettingsFile(sources.file(id).path())) {
      std::size_t errors = engine.error_count();
      settings = project::ParseSettings(id, sources, engine);
      if (engine.error_count() > errors) syntax_ok = false;
      continue;
    }
    std::optional<ast::Revision> revision = ParseOrReuse(id, sources, engine, cache);
    if (revision) {
      revisions.push_back(std::move(*revision));
    } else {
      syntax_ok = false;
    }
  }
  if (!syntax_ok) return std::nullopt;
  // An id the version table cannot hold would fail at run time, half
  // recorded: the build says so (retort.toml's version_table).
  for (const ast::Revision& revision : revisions) {
    if (revision.id.size() > settings.MaxRevisionIdLength()) {
      engine.Report(diag::Kind::kRevisionIdTooLong, revision.id_loc,
                    {revision.id, std::to_string(revision.id.size()), settings.version_table,
                     std::to_string(settings.MaxRevisionIdLength())});
    }
  }
  check::RevisionGraph graph = check::RevisionGraph::Build(std::move(revisions), engine, dir);
  graph.set_settings(std::move(settings));
  return graph;
}

std::optional<lower::CompiledHistory> Compile(const source::SourceSet& sources,
                                              const std::string& dir,
                                              diag::DiagnosticEngine& engine,
                                              bool strict, front::ParseCache* cache) {
  std::optional<check::RevisionGraph> graph =
      ParseAndBuildGraph(sources, dir, engine, cache);
  if (!graph || engine.error_count() > 0) return std::nullopt;
  lower::CompiledHistory history = lower::Lower(*graph, sources, engine, strict);
  if (engine.error_count() > 0) return std::nullopt;
  return history;
}

}  // namespace retort
