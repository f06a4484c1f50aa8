/// Parses one .mig file into an ast::Revision. Syntax errors are reported to
/// the DiagnosticEngine with 1-based positions; nothing is thrown.
#pragma once

#include <optional>

#include "diag/diagnostic.h"
#include "front/ast.h"
#include "source/source_file.h"

namespace retort::front {

/// Returns the revision, or nullopt when the file has syntax errors (all of
/// which have been reported).
std::optional<ast::Revision> ParseFile(source::FileId file,
                                       const source::SourceSet& sources,
                                       diag::DiagnosticEngine& engine);

}  // namespace retort::front
