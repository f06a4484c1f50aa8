/// What `retortc compile --cache FILE` keeps between builds: every .mig
/// file's text with the revision the parser built from it (front/ast_io.h,
/// full encoding: raw SQL and source locations included). Parsing is half of
/// a compile; a file whose text is byte for byte the one cached is not
/// parsed again, everything after parsing (graph, simulation, checks,
/// lowering) runs as without the cache, so the result is the same.
///
/// Only files whose parse reported nothing are cached. The cache belongs to
/// one retortc executable: a file written by another (a rebuilt retortc,
/// whose AST may differ) is ignored, as is one that cannot be read or
/// decoded; it is then rewritten from this run's parses.
#pragma once

#include <optional>
#include <string>
#include <map>

#include "front/ast.h"

namespace retort::front {

class ParseCache {
 public:
  /// Reads `path` if it holds a cache this executable wrote.
  explicit ParseCache(std::string path);

  /// The revision of file `id` at `file_path` with text `text`, when the
  /// cache holds this exact text.
  std::optional<ast::Revision> Find(const std::string& file_path, const std::string& text,
                                    source::FileId id) const;
  /// Remembers the revision parsed from `text` for the next run.
  void Store(const std::string& file_path, const std::string& text,
             const ast::Revision& revision);
  /// Writes the files stored or found in this run (a removed file is
  /// forgotten) when that changes the file. Returns false and sets `error`
  /// when it cannot be written.
  bool Save(std::string& error);

  std::size_t hits() const { return hits_; }

 private:
  struct Entry {
    std::string text;
    std::string revision;  ///< full encoding
    bool used = false;
  };
  std::string path_;
  std::string stamp_;  ///< identifies this executable
  mutable std::map<std::string, Entry> entries_;
  mutable std::size_t hits_ = 0;
  bool changed_ = false;
};

/// The full encoding of a parsed revision, and back (file ids set to `id`).
/// DecodeRevision throws check::CodecError on bytes that are not one.
std::string EncodeRevision(const ast::Revision& revision);
ast::Revision DecodeRevision(std::string_view bytes, source::FileId id);

}  // namespace retort::front
