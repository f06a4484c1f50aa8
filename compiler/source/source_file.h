/// Source text of .mig files and positions in it. Every location the compiler
/// reports is a SourceLoc: a file id plus a 1-based line and column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retort::source {

using FileId = std::uint32_t;
inline constexpr FileId kNoFile = 0xffffffffu;

/// A position in a file: 1-based line and column, and the length of the
/// range to underline (at least 1 when printed).
struct SourceLoc {
  FileId file = kNoFile;
  std::uint32_t line = 0;
  std::uint32_t col = 0;
  std::uint32_t length = 0;

  bool valid() const { return file != kNoFile && line > 0; }
};

/// One file's text with an index of its line starts.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// Text of 1-based line `line` without its line terminator.
  std::string_view Line(std::uint32_t line) const;
  std::uint32_t line_count() const {
    return static_cast<std::uint32_t>(line_starts_.size());
  }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

/// All files of one compilation, by id. Files come from disk or memory.
class SourceSet {
 public:
  FileId Add(std::string path, std::string text);
  const SourceFile& file(FileId id) const { return files_[id]; }
  std::size_t size() const { return files_.size(); }

 private:
  std::vector<SourceFile> files_;
};

/// Reads every `*.mig` file of `dir` (not recursive) in name order into
/// `set`, named `dir/<file>`. Returns false and sets `error` when the
/// directory cannot be read.
bool LoadMigrationDirectory(const std::string& dir, SourceSet& set,
                            std::string& error);

}  // namespace retort::source
