// Data-driven diagnostics: every directory under tests/diag/ is a migrations
// directory; `retortc check --dir <case>` run from tests/diag/ must print
// exactly <case>.expected (caret lines included) and exit 1 when it reports
// an error, 0 otherwise. scripts/update-goldens.sh rewrites the .expected
// files after a deliberate change.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;

using retort::testing::Run;
using retort::testing::RunCommand;

Run RunRetortc(const fs::path& cwd, const std::string& dir) {
  return RunCommand("cd '" + cwd.string() + "' && '" + RETORTC_PATH + "' check --dir '" + dir +
                    "'");
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("diagnostics match tests/diag/*.expected exactly") {
  fs::path root = fs::path(RETORT_SOURCE_DIR) / "tests" / "diag";
  int cases = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    fs::path expected_path = root / (name + ".expected");
    SECTION(name) {
      REQUIRE(fs::exists(expected_path));
      std::string expected = ReadFile(expected_path);
      Run run = RunRetortc(root, name);
      CHECK(run.output == expected);
      bool has_error = expected.find(": error: ") != std::string::npos;
      CHECK(run.exit_code == (has_error ? 1 : 0));
    }
    ++cases;
  }
  CHECK(cases >= 10);
}

TEST_CASE("retortc schema --at takes the targets migrate takes") {
  std::string base = "cd '" + std::string(RETORT_SOURCE_DIR) + "' && '" + RETORTC_PATH +
                     "' schema --dir migrations --dialect dsl";
  Run by_default = RunCommand(base);
  REQUIRE(by_default.exit_code == 0);
  CHECK(RunCommand(base + " --at head").output == by_default.output);
  CHECK(RunCommand(base + " --at heads").output == by_default.output);
  CHECK(RunCommand(base + " --at 0013").output == by_default.output);
  CHECK(RunCommand(base + " --at 0002").output != by_default.output);
  Run short_prefix = RunCommand(base + " --at 000");
  CHECK(short_prefix.exit_code == 1);
  CHECK(short_prefix.output == "retortc: error: unknown revision '000'\n");
  Run label = RunCommand(base + " --at nope@head");
  CHECK(label.output == "retortc: error: there is no branch label 'nope'\n");
}

}  // namespace
