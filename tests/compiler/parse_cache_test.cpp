// The parse cache (front/parse_cache.h) is a memo: a compile that reuses
// cached parses prints the same diagnostics and emits the same table, byte
// for byte, as one that parses everything. Checked on every directory of
// .mig files in the repository (the demo histories, the diagnostics
// fixtures with their errors and notes pointing into other files) and on
// histories edited between two compiles.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "diag/text_printer.h"
#include "emit/table_emitter.h"
#include "front/parse.h"
#include "front/parse_cache.h"
#include "pipeline.h"

namespace retort {
namespace {

namespace fs = std::filesystem;

struct Output {
  std::string diagnostics;
  std::string table;  ///< empty when the history did not compile
  std::size_t hits = 0;
};

// Compiles `dir`, with the cache at `cache_path` when it is not empty.
Output CompileDir(const std::string& dir, const std::string& cache_path) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<front::ParseCache> cache;
  if (!cache_path.empty()) cache.emplace(cache_path);
  Output out;
  std::optional<lower::CompiledHistory> history;
  if (LoadSources(dir, sources, engine)) {
    history = Compile(sources, dir, engine, false, cache ? &*cache : nullptr);
  }
  std::ostringstream text;
  diag::PrintAll(engine, sources, text);
  out.diagnostics = text.str();
  if (history) out.table = emit::EmitTable(*history, dir, "test");
  if (cache) {
    std::string error;
    REQUIRE(cache->Save(error));
    out.hits = cache->hits();
  }
  return out;
}

std::set<std::string> MigrationDirectories() {
  std::set<std::string> dirs;
  for (const char* root : {"migrations", "tests"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(RETORT_SOURCE_DIR) / root)) {
      if (entry.path().extension() == ".mig") dirs.insert(entry.path().parent_path().string());
    }
  }
  return dirs;
}

std::size_t MigCount(const std::string& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) n += entry.path().extension() == ".mig";
  return n;
}

struct TempDir {
  TempDir() : path(fs::temp_directory_path() / ("retort_parse_cache_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path / "m");
  }
  ~TempDir() { fs::remove_all(path); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path / "m" / name, std::ios::binary) << text;
  }
  std::string dir() const { return (path / "m").string(); }
  std::string cache() const { return (path / "parse.cache").string(); }
  fs::path path;
};

TEST_CASE("parse cache: every history in the repository compiles the same from the cache") {
  const std::set<std::string> dirs = MigrationDirectories();
  REQUIRE(dirs.size() > 20);
  TempDir tmp;
  std::size_t reused = 0;
  for (const std::string& dir : dirs) {
    INFO(dir);
    fs::remove(tmp.cache());
    const Output plain = CompileDir(dir, "");
    const Output cold = CompileDir(dir, tmp.cache());
    const Output warm = CompileDir(dir, tmp.cache());
    CHECK(cold.hits == 0);
    CHECK(cold.diagnostics == plain.diagnostics);
    CHECK(cold.table == plain.table);
    CHECK(warm.diagnostics == plain.diagnostics);
    CHECK(warm.table == plain.table);
    CHECK(warm.hits <= MigCount(dir));
    reused += warm.hits;
  }
  // Most files parse without a diagnostic, so most are reused.
  CHECK(reused > 100);
}

TEST_CASE("parse cache: an edited, added or removed file is parsed again") {
  TempDir tmp;
  auto add_notes = [](const std::string& id, const std::string& type) {
    return "revision " + id + "\n  parent r1\n  message \"notes\"\n\nalter table t {\n" +
           "  add column notes " + type + " null;\n}\n";
  };
  tmp.Write("1.mig", "revision r1\n  message \"t\"\n\ncreate table t {\n  id integer primary key;\n}\n");
  tmp.Write("2.mig", add_notes("r2", "varchar(10)"));
  CHECK(CompileDir(tmp.dir(), tmp.cache()).hits == 0);
  // r3 makes a second head: the note points at r2's id, a location read
  // from the cache.
  tmp.Write("3.mig", add_notes("r3", "text"));
  const Output added = CompileDir(tmp.dir(), tmp.cache());
  CHECK(added.hits == 2);
  CHECK(added.diagnostics == CompileDir(tmp.dir(), "").diagnostics);
  CHECK(added.diagnostics.find("m/2.mig:1:10: note:") != std::string::npos);
  tmp.Write("2.mig", "revision r2\n  parent r1\n  message \"ix\"\n\ncreate index ix_t_id on t (id);\n");
  const Output edited = CompileDir(tmp.dir(), tmp.cache());
  CHECK(edited.hits == 2);
  CHECK(edited.diagnostics == CompileDir(tmp.dir(), "").diagnostics);
  fs::remove(tmp.path / "m" / "3.mig");
  const Output removed = CompileDir(tmp.dir(), tmp.cache());
  CHECK(removed.hits == 2);
  CHECK(removed.table.find("ix_t_id") != std::string::npos);
  CHECK(removed.table == CompileDir(tmp.dir(), "").table);
}

TEST_CASE("parse cache: a damaged or foreign cache file is no cache") {
  TempDir tmp;
  tmp.Write("1.mig", "revision r1\n  message \"t\"\n\ncreate table t {\n  id integer primary key;\n}\n");
  const std::string expected = CompileDir(tmp.dir(), "").table;
  for (const std::string& bytes :
       {std::string("retort-parse-cache 2\n5:stamp1;"), std::string("not a cache"),
        std::string("retort-parse-cache 2\n999999:"), std::string()}) {
    std::ofstream(tmp.cache(), std::ios::binary) << bytes;
    const Output out = CompileDir(tmp.dir(), tmp.cache());
    CHECK(out.hits == 0);
    CHECK(out.table == expected);
    CHECK(CompileDir(tmp.dir(), tmp.cache()).hits == 1);  // rewritten
  }
}

TEST_CASE("parse cache: an entry damaged where it still decodes is parsed again") {
  TempDir tmp;
  tmp.Write("1.mig", "revision r1\n  message \"t\"\n\ncreate table t {\n  id integer primary key;\n}\n");
  const std::string expected = CompileDir(tmp.dir(), "").table;
  CompileDir(tmp.dir(), tmp.cache());
  std::string bytes;
  {
    std::ifstream in(tmp.cache(), std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    bytes = all.str();
  }
  // The table's name in the encoded revision (the text says "table t").
  const std::size_t at = bytes.rfind("1:t");
  REQUIRE(at != std::string::npos);
  bytes[at + 2] = 'u';
  std::ofstream(tmp.cache(), std::ios::binary | std::ios::trunc) << bytes;
  const Output out = CompileDir(tmp.dir(), tmp.cache());
  CHECK(out.hits == 0);
  CHECK(out.table == expected);
}

TEST_CASE("parse cache: a revision's full encoding decodes to the same encoding") {
  TempDir tmp;
  std::size_t checked = 0;
  for (const std::string& dir : MigrationDirectories()) {
    source::SourceSet sources;
    diag::DiagnosticEngine engine;
    REQUIRE(LoadSources(dir, sources, engine));
    for (source::FileId id = 0; id < sources.size(); ++id) {
      if (sources.file(id).path().ends_with(".toml")) continue;
      std::optional<ast::Revision> parsed = front::ParseFile(id, sources, engine);
      if (!parsed) continue;
      const std::string bytes = front::EncodeRevision(*parsed);
      const ast::Revision decoded = front::DecodeRevision(bytes, id);
      CHECK(front::EncodeRevision(decoded) == bytes);
      CHECK(decoded.file == id);
      ++checked;
    }
  }
  CHECK(checked > 100);
}

}  // namespace
}  // namespace retort
