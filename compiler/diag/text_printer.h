/// Turns diagnostics into compiler-style text:
///   path:line:col: error: message
///     source line
///     ^~~~
/// This is the only place that formats diagnostics for people.
#pragma once

#include <ostream>

#include "diag/diagnostic.h"
#include "source/source_file.h"

namespace retort::diag {

void PrintText(const Diagnostic& diagnostic, const source::SourceSet& sources,
               std::ostream& out);

/// Prints every diagnostic sorted by position, then a summary line when
/// there were errors or warnings.
void PrintAll(const DiagnosticEngine& engine, const source::SourceSet& sources,
              std::ostream& out);

}  // namespace retort::diag
