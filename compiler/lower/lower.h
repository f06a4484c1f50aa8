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

/// The canonical content a revision's checksum for dialect slot `d` covers:
/// its place in the graph and every statement it runs there, up and down.
/// Comments, formatting and the message do not count, nor do the other
/// dialects (targeting one more database changes no existing checksum).
std::string CanonicalText(const CompiledRevision& revision,
                          const std::vector<CompiledRevision>& all, std::size_t d);

}  // namespace retort::lower
