#include "diag/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace retort::diag {
namespace {

struct KindInfo {
  Severity severity;
  std::string_view format;
};

constexpr KindInfo kKinds[] = {
#define RETORT_DIAG(name, severity, format) {Severity::k##severity, format},
#include "diag/diagnostic_kinds.def"
#undef RETORT_DIAG
};

}  // namespace

Severity SeverityOf(Kind kind) {
  return kKinds[static_cast<int>(kind)].severity;
}

std::string_view FormatOf(Kind kind) {
  return kKinds[static_cast<int>(kind)].format;
}

std::string FormatMessage(Kind kind, const std::vector<std::string>& args) {
  std::string_view format = FormatOf(kind);
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 2 < format.size() && format[i + 2] == '}' &&
        format[i + 1] >= '0' && format[i + 1] <= '9') {
      std::size_t n = static_cast<std::size_t>(format[i + 1] - '0');
      if (n < args.size()) out += args[n];
      i += 2;
    } else {
      out += format[i];
    }
  }
  return out;
}

Diagnostic& DiagnosticEngine::Report(Kind kind, source::SourceLoc loc,
                                     std::vector<std::string> args) {
  diagnostics_.push_back(Diagnostic{kind, loc, std::move(args), {}});
  return diagnostics_.back();
}

std::vector<Diagnostic> DiagnosticEngine::Sorted() const {
  std::vector<Diagnostic> sorted = diagnostics_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.loc.file, a.loc.line, a.loc.col) <
                            std::tie(b.loc.file, b.loc.line, b.loc.col);
                   });
  return sorted;
}

std::size_t DiagnosticEngine::error_count() const {
  return std::count_if(
      diagnostics_.begin(), diagnostics_.end(),
      [](const Diagnostic& d) { return d.severity() == Severity::kError; });
}

std::size_t DiagnosticEngine::warning_count() const {
  return std::count_if(
      diagnostics_.begin(), diagnostics_.end(),
      [](const Diagnostic& d) { return d.severity() == Severity::kWarning; });
}

}  // namespace retort::diag
