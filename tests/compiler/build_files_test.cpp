// What `retortc compile` writes for the build besides the table
// (emit/build_files.h), and what it says when it cannot write it.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "emit/build_files.h"
#include "test_support.h"

namespace retort {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Scratch {
  Scratch() : path(fs::temp_directory_path() / ("retort_build_files_" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
  fs::path path;
};

TEST_CASE("depfile: absolute paths, spaces, '#' and '$' escaped as Make and Ninja read them") {
  const std::string text = emit::Depfile("/b/t.stamp", {"/m/a b.mig", "/m/c#d$e.mig"});
  CHECK(text == "/b/t.stamp: \\\n  /m/a\\ b.mig \\\n  /m/c\\#d$$e.mig\n");
  const std::string relative = emit::Depfile("t", {"m/x.mig"});
  CHECK(relative.find((fs::current_path() / "m/x.mig").string()) != std::string::npos);
}

TEST_CASE("chunk count: rewritten only when it changes; the stamp always") {
  Scratch dir;
  const std::string count = (dir.path / "n.chunks").string();
  const std::string stamp = (dir.path / "n.stamp").string();
  std::string error;
  REQUIRE(emit::WriteChunkCount(count, 3, error));
  REQUIRE(emit::WriteStamp(stamp, error));
  const auto count_time = fs::last_write_time(count);
  const auto stamp_time = fs::last_write_time(stamp);
  ::usleep(20000);
  REQUIRE(emit::WriteChunkCount(count, 3, error));
  REQUIRE(emit::WriteStamp(stamp, error));
  CHECK(fs::last_write_time(count) == count_time);
  CHECK(fs::last_write_time(stamp) > stamp_time);
  REQUIRE(emit::WriteChunkCount(count, 4, error));
  CHECK(Read(count) == "4\n");
}

TEST_CASE("build files that cannot be written are errors naming the file") {
  Scratch dir;
  const std::string missing = (dir.path / "no" / "such" / "dir").string();
  std::string error;
  CHECK_FALSE(emit::WriteStamp(missing + "/n.stamp", error));
  CHECK(error == "cannot write '" + missing + "/n.stamp'");
  error.clear();
  CHECK_FALSE(emit::WriteDepfile(missing + "/n.d", "t", {"a.mig"}, error));
  CHECK(error == "cannot write '" + missing + "/n.d'");
  error.clear();
  CHECK_FALSE(emit::WriteChunkCount(missing + "/n.chunks", 1, error));
  CHECK(error == "cannot write '" + missing + "/n.chunks'");
}

TEST_CASE("retortc compile: an unwritable depfile fails the build; an unwritable cache warns") {
  Scratch dir;
  const std::string migs = std::string(RETORT_SOURCE_DIR) + "/tests/fault/project";
  const std::string base = "cd '" + dir.path.string() + "' && '" + RETORTC_PATH +
                           "' compile --dir '" + migs + "' -o t.cpp --chunks 1";
  const std::string bad = (dir.path / "no" / "x").string();
  const testing::Run depfile = testing::RunCommand(base + " --depfile '" + bad + "'");
  CHECK(depfile.exit_code == 1);
  CHECK(depfile.output.find("retortc: error: cannot write '" + bad + "'") != std::string::npos);
  const testing::Run cache = testing::RunCommand(base + " --cache '" + bad + "'");
  CHECK(cache.exit_code == 0);
  CHECK(cache.output.find("retortc: warning: cannot write '" + bad +
                          "' (the parse cache; the next build parses every file)") !=
        std::string::npos);
  CHECK(fs::exists(dir.path / "t.cpp"));
}

}  // namespace
}  // namespace retort
