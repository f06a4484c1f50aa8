/// Writes a CompiledHistory as one C++ source file of plain constant arrays
/// (the layout of retort/table.h). The output is byte-identical for the same
/// input: no timestamps, no absolute paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lower/compiled.h"

namespace retort::emit {

/// The whole table as one source file.
std::string EmitTable(const lower::CompiledHistory& history,
                      std::string_view source_dir, std::string_view version);

/// The table as several source files, so a build recompiles only what
/// changed: [0] defines kTable (small: a pointer per chunk), [1 + k] chunk k,
/// revisions [k * kChunkSize, (k + 1) * kChunkSize) in table order, whose
/// bytes depend on those revisions only. Exactly `chunk_files` chunk files
/// (empty ones when the history is shorter); the chunks of a longer history
/// past them are defined in the main file.
std::vector<std::string> EmitTableFiles(const lower::CompiledHistory& history,
                                        std::string_view source_dir, std::string_view version,
                                        std::size_t chunk_files);

/// How many chunks `revisions` revisions fill (at least 1).
std::size_t ChunksFor(std::size_t revisions);

/// A C++ string literal for `text` (escaped; octal escapes for bytes outside
/// printable ASCII).
std::string CppString(std::string_view text);

/// Writes `content` to `path` only when the file's bytes differ, so the
/// build does not recompile an unchanged table. Returns false on an I/O
/// error and sets `error`.
bool WriteIfChanged(const std::string& path, const std::string& content,
                    std::string& error);

}  // namespace retort::emit
