/// Compiler diagnostics as data: a kind (declared once in
/// diagnostic_kinds.def), a location, arguments and notes. Passes report into
/// a DiagnosticEngine and keep going; only the printers make text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "source/source_file.h"

namespace retort::diag {

enum class Severity { kNote, kWarning, kError };

enum class Kind {
#define RETORT_DIAG(name, severity, format) k##name,
#include "diag/diagnostic_kinds.def"
#undef RETORT_DIAG
};

Severity SeverityOf(Kind kind);
std::string_view FormatOf(Kind kind);
/// The message with {N} replaced by args[N].
std::string FormatMessage(Kind kind, const std::vector<std::string>& args);

struct Note {
  Kind kind;
  source::SourceLoc loc;
  std::vector<std::string> args;
};

struct Diagnostic {
  Kind kind;
  source::SourceLoc loc;
  std::vector<std::string> args;
  std::vector<Note> notes;
  bool as_error = false;  ///< a warning promoted (retortc --strict)

  Severity severity() const { return as_error ? Severity::kError : SeverityOf(kind); }
  std::string message() const { return FormatMessage(kind, args); }
};

/// Collects diagnostics from every pass.
class DiagnosticEngine {
 public:
  /// Records a diagnostic; returns it so the caller can attach notes.
  Diagnostic& Report(Kind kind, source::SourceLoc loc,
                     std::vector<std::string> args = {});

  /// Diagnostics sorted by (file, line, col), stable for equal positions.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  std::size_t error_count() const;
  std::size_t warning_count() const;

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace retort::diag
