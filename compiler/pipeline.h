/// The compiler's passes wired in order: load a migrations directory, parse
/// every file, build and check the revision graph, simulate and lower. Each
/// step reports into the DiagnosticEngine and the next runs only when the
/// previous one found no error.
#pragma once

#include <optional>
#include <string>

#include "check/revision_graph.h"
#include "diag/diagnostic.h"
#include "front/parse_cache.h"
#include "lower/compiled.h"
#include "source/source_file.h"

namespace retort {

/// Reads `dir` into `sources`; reports an unreadable directory.
bool LoadSources(const std::string& dir, source::SourceSet& sources,
                 diag::DiagnosticEngine& engine);

/// Parses every file and builds the graph. nullopt after syntax errors.
/// With `cache`, a file whose text it holds is not parsed again, and every
/// file parsed without a diagnostic is stored in it.
std::optional<check::RevisionGraph> ParseAndBuildGraph(
    const source::SourceSet& sources, const std::string& dir,
    diag::DiagnosticEngine& engine, front::ParseCache* cache = nullptr);

/// All passes. nullopt when any error was reported. `strict`: safety lints
/// a revision does not acknowledge are errors.
std::optional<lower::CompiledHistory> Compile(const source::SourceSet& sources,
                                              const std::string& dir,
                                              diag::DiagnosticEngine& engine,
                                              bool strict = false,
                                              front::ParseCache* cache = nullptr);

}  // namespace retort
