#include "diag/text_printer.h"

#include <algorithm>
#include <string>

namespace retort::diag {
namespace {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

void PrintOne(Severity severity, const std::string& message,
              const source::SourceLoc& loc, const source::SourceSet& sources,
              std::ostream& out) {
  if (loc.file != source::kNoFile && loc.file < sources.size()) {
    const source::SourceFile& file = sources.file(loc.file);
    out << file.path();
    if (loc.line > 0) out << ':' << loc.line << ':' << loc.col;
    out << ": ";
  } else {
    out << "retortc: ";
  }
  out << SeverityName(severity) << ": " << message << '\n';
  if (!loc.valid() || loc.file >= sources.size()) return;
  std::string_view line = sources.file(loc.file).Line(loc.line);
  if (line.empty() && loc.col <= 1) return;
  out << line << '\n';
  // Keep tabs so the caret lines up under the same glyphs.
  std::string caret;
  for (std::uint32_t i = 1; i < loc.col && i - 1 < line.size(); ++i) {
    caret += line[i - 1] == '\t' ? '\t' : ' ';
  }
  caret += '^';
  std::uint32_t length = std::max<std::uint32_t>(loc.length, 1);
  std::size_t room = line.size() >= loc.col ? line.size() - loc.col + 1 : 1;
  for (std::uint32_t i = 1; i < length && i < room; ++i) caret += '~';
  out << caret << '\n';
}

}  // namespace

void PrintText(const Diagnostic& diagnostic, const source::SourceSet& sources,
               std::ostream& out) {
  PrintOne(diagnostic.severity(), diagnostic.message(), diagnostic.loc,
           sources, out);
  for (const Note& note : diagnostic.notes) {
    PrintOne(Severity::kNote, FormatMessage(note.kind, note.args), note.loc,
             sources, out);
  }
}

void PrintAll(const DiagnosticEngine& engine, const source::SourceSet& sources,
              std::ostream& out) {
  for (const Diagnostic& d : engine.Sorted()) PrintText(d, sources, out);
  std::size_t errors = engine.error_count();
  std::size_t warnings = engine.warning_count();
  if (errors == 0 && warnings == 0) return;
  auto plural = [](std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  if (errors > 0 && warnings > 0) {
    out << plural(errors, "error") << " and " << plural(warnings, "warning")
        << " generated.\n";
  } else if (errors > 0) {
    out << plural(errors, "error") << " generated.\n";
  } else {
    out << plural(warnings, "warning") << " generated.\n";
  }
}

}  // namespace retort::diag
