/// A declarative model: a directory of `.mig` files holding only schema
/// statements (tables written as `retortc schema` prints them, indexes,
/// views...), no revision header. It is the schema a project wants; the
/// migrations' head must reach it (`retortc revision --autogenerate
/// --model DIR` writes what is missing; `retort_add_migrations(... MODEL
/// DIR)` fails the build until it is written). Issue 10, item 3.
#pragma once

#include <optional>
#include <string>

#include "check/schema_state.h"
#include "diag/diagnostic.h"
#include "project/settings.h"
#include "source/source_file.h"

namespace retort {

/// The schema the model in `dir` declares, its files read in name order as
/// if each were one revision after the other. Problems are diagnostics at
/// their file:line:col in `sources`; nullopt after any error.
/// `settings`: the project's (index-name scope, dialects).
std::optional<check::SchemaState> LoadModel(const std::string& dir,
                                            const project::Settings& settings,
                                            source::SourceSet& sources,
                                            diag::DiagnosticEngine& engine);

}  // namespace retort
