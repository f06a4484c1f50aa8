/// Lowering: simulate the checked graph, render every operation and its
/// derived inverse for every dialect, and checksum each revision.
#pragma once

#include "check/revision_graph.h"
#include "diag/diagnostic.h"
#include "lower/compiled.h"
#include "source/source_file.h"

namespace retort::lower {

/// Runs the schema simulation (which reports schema errors) and returns the
/// compiled history. Meaningful only when no error was reported.
CompiledHistory Lower(const check::RevisionGraph& graph,
                      const source::SourceSet& sources,
                      diag::DiagnosticEngine& engine, bool strict = false);

/// The canonical content a revision's checksum covers: its place in the
/// graph and every statement it runs, up and down, for every dialect.
/// Comments, formatting and the message do not count.
std::string CanonicalText(const CompiledRevision& revision,
                          const std::vector<CompiledRevision>& all);

}  // namespace retort::lower
