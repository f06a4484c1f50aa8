/// Writes a CompiledHistory as one C++ source file of plain constant arrays
/// (the layout of retort/table.h). The output is byte-identical for the same
/// input: no timestamps, no absolute paths.
#pragma once

#include <string>
#include <string_view>

#include "lower/compiled.h"

namespace retort::emit {

std::string EmitTable(const lower::CompiledHistory& history,
                      std::string_view source_dir, std::string_view version);

/// A C++ string literal for `text` (escaped; octal escapes for bytes outside
/// printable ASCII).
std::string CppString(std::string_view text);

/// Writes `content` to `path` only when the file's bytes differ, so the
/// build does not recompile an unchanged table. Returns false on an I/O
/// error and sets `error`.
bool WriteIfChanged(const std::string& path, const std::string& content,
                    std::string& error);

}  // namespace retort::emit
