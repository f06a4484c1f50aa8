/// The two helpers every check file reports with.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "diag/diagnostic.h"
#include "front/ast.h"

namespace retort::check {

/// Reports through an optional engine (nullptr: checking only); returns the
/// diagnostic to attach notes to, or nullptr when reporting is off.
inline diag::Diagnostic* Report(diag::DiagnosticEngine* engine, diag::Kind kind,
                                source::SourceLoc loc, std::vector<std::string> args) {
  return engine == nullptr ? nullptr : &engine->Report(kind, loc, std::move(args));
}

/// The location of the operation's `i`th name, or the operation's own.
inline source::SourceLoc NameLoc(const ast::Op& op, std::size_t i) {
  return i < op.name_locs.size() ? op.name_locs[i] : op.loc;
}

}  // namespace retort::check
