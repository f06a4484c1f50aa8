#include "front/parse_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "emit/table_emitter.h"
#include "front/ast_io.h"
#include "retort/table_digest.h"

namespace retort::codec {

template <class A>
void Io(A& a, ast::RevisionRef& ref) {
  Fields(a, ref.id, ref.loc);
}

template <class A>
void Io(A& a, ast::Revision& r) {
  Fields(a, r.id, r.id_loc, r.parents, r.depends_on, r.labels, r.allowed_lints, r.message, r.ops);
}

}  // namespace retort::codec

namespace retort::front {
namespace {

constexpr std::string_view kMagic = "retort-parse-cache 2\n";

// This executable's identity: its path, inode, size and modification time.
// A rebuilt or other retortc (whose AST or parser may differ) never reads
// another's cache. Empty (no cache) where /proc/self/exe is not there.
std::string ExecutableStamp() {
  char path[4096];
  const ssize_t n = readlink("/proc/self/exe", path, sizeof path);
  struct stat st {};
  if (n <= 0 || stat("/proc/self/exe", &st) != 0) return "";
  return std::string(path, static_cast<std::size_t>(n)) + ":" + std::to_string(st.st_ino) + ":" +
         std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

// A check value over an entry, so a damaged byte that still decodes is
// noticed: the entry is then parsed again.
std::string EntryCheck(const std::string& text, const std::string& revision) {
  table::DigestBuilder digest;
  digest.Text(text);
  digest.Text(revision);
  return std::to_string(digest.value());
}

}  // namespace

std::string EncodeRevision(const ast::Revision& revision) {
  codec::Writer<true> writer;
  codec::Io(writer, const_cast<ast::Revision&>(revision));  // only read
  return writer.Take();
}

ast::Revision DecodeRevision(std::string_view bytes, source::FileId id) {
  codec::Reader<true> reader(bytes, id);
  ast::Revision revision;
  codec::Io(reader, revision);
  if (!reader.done()) reader.Fail("end");
  revision.file = id;
  return revision;
}

ParseCache::ParseCache(std::string path) : path_(std::move(path)), stamp_(ExecutableStamp()) {
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();
  if (stamp_.empty() || data.compare(0, kMagic.size(), kMagic) != 0) {
    changed_ = true;
    return;
  }
  try {
    codec::Reader<false> reader(std::string_view(data).substr(kMagic.size()));
    std::string stamp;
    std::int64_t count = 0;
    reader.Str(stamp);
    reader.Int(count);
    if (stamp != stamp_) {
      changed_ = true;
      return;
    }
    for (std::size_t i = reader.Count(count); i > 0; --i) {
      std::string file_path, check;
      Entry entry;
      reader.Str(file_path);
      reader.Str(entry.text);
      reader.Str(entry.revision);
      reader.Str(check);
      if (check != EntryCheck(entry.text, entry.revision)) reader.Fail("entry check");
      entries_.emplace(std::move(file_path), std::move(entry));
    }
    if (!reader.done()) reader.Fail("end");
  } catch (const std::exception&) {  // CodecError, or a count too large to hold
    entries_.clear();  // a damaged cache is no cache
    changed_ = true;
  }
}

std::optional<ast::Revision> ParseCache::Find(const std::string& file_path,
                                              const std::string& text, source::FileId id) const {
  auto it = entries_.find(file_path);
  if (it == entries_.end() || it->second.text != text) return std::nullopt;
  try {
    ast::Revision revision = DecodeRevision(it->second.revision, id);
    it->second.used = true;
    ++hits_;
    return revision;
  } catch (const std::exception&) {  // CodecError, or a count too large to hold
    return std::nullopt;
  }
}

void ParseCache::Store(const std::string& file_path, const std::string& text,
                       const ast::Revision& revision) {
  entries_[file_path] = Entry{text, EncodeRevision(revision), true};
  changed_ = true;
}

bool ParseCache::Save(std::string& error) {
  std::size_t used = 0;
  for (const auto& [file_path, entry] : entries_) used += entry.used ? 1 : 0;
  if (!changed_ && used == entries_.size()) return true;
  codec::Writer<false> writer;
  std::string stamp = stamp_;
  auto count = static_cast<std::int64_t>(used);
  writer.Str(stamp);
  writer.Int(count);
  for (auto& [file_path, entry] : entries_) {
    if (!entry.used) continue;
    std::string name = file_path, check = EntryCheck(entry.text, entry.revision);
    writer.Str(name);
    writer.Str(entry.text);
    writer.Str(entry.revision);
    writer.Str(check);
  }
  return emit::WriteIfChanged(path_, std::string(kMagic) + writer.Take(), error);
}

}  // namespace retort::front
