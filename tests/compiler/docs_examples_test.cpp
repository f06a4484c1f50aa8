// Every example in docs/dsl.md compiles. A fenced block says what it is:
// ```mig (compiled), ```toml (a retort.toml, compiled with an empty
// revision) or ```text (output, not compiled). A mig block that uses tables
// it does not create is preceded by the schema it runs on, in an HTML
// comment the rendered page hides:
//   <!-- context: create table users { id integer primary key; } -->
// (whole revisions, separated by `---` lines, when the example is a revision
// header), and optionally by `<!-- settings: dialects = ["mariadb"] -->`.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

namespace retort {
namespace {

using testing::CompileFiles;
using testing::Files;

struct Example {
  std::size_t line = 0;  ///< of the opening fence
  std::string tag;
  std::string body;
  std::string context;
  std::string settings;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

std::vector<Example> Examples(const std::string& markdown) {
  std::vector<Example> out;
  std::istringstream in(markdown);
  std::string line, context, settings, *comment = nullptr;
  std::size_t number = 0;
  Example* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (open != nullptr) {
      if (line == "```") {
        open = nullptr;
      } else {
        open->body += line + "\n";
      }
    } else if (comment != nullptr) {
      if (line == "-->") comment = nullptr;
      else *comment += line + "\n";
    } else if (StartsWith(line, "<!-- context:")) {
      context = line.substr(13);
      comment = &context;
      if (context.size() >= 3 && context.substr(context.size() - 3) == "-->") {
        context.resize(context.size() - 3);
        comment = nullptr;
      }
    } else if (StartsWith(line, "<!-- settings:")) {
      settings = line.substr(14, line.size() - 14 - 3) + "\n";
    } else if (StartsWith(line, "```")) {
      out.push_back({number, line.substr(3), "", context, settings});
      open = &out.back();
      context.clear();
      settings.clear();
    }
  }
  return out;
}

std::vector<std::string> SplitFiles(const std::string& context) {
  std::vector<std::string> files(1);
  std::istringstream in(context);
  std::string line;
  while (std::getline(in, line)) {
    if (line == "---") files.emplace_back();
    else files.back() += line + "\n";
  }
  return files;
}

Files FilesFor(const Example& example) {
  Files files;
  std::string parent;
  if (!example.context.empty()) {
    std::string context = example.context;
    while (!context.empty() && (context.front() == ' ' || context.front() == '\n')) {
      context.erase(0, 1);
    }
    if (StartsWith(context, "revision")) {
      std::vector<std::string> revisions = SplitFiles(context);
      for (std::size_t i = 0; i < revisions.size(); ++i) {
        files.push_back({"m/context_" + std::to_string(i) + ".mig", revisions[i]});
      }
    } else {
      files.push_back({"m/context.mig",
                       "revision doc_context message \"context\"\n" + context});
      parent = " parent doc_context";
    }
  }
  std::string body = example.body;
  if (!StartsWith(body, "revision")) {
    body = "revision doc_example" + parent + " " + std::string(testing::kAllowAllLints) +
           " message \"example\"\n" + body;
  }
  files.push_back({"m/example.mig", body});
  if (!example.settings.empty()) files.push_back({"m/retort.toml", example.settings});
  return files;
}

TEST_CASE("every example in docs/dsl.md compiles") {
  std::vector<Example> examples = Examples(ReadFile(RETORT_SOURCE_DIR "/docs/dsl.md"));
  std::size_t compiled = 0;
  for (const Example& example : examples) {
    INFO("docs/dsl.md:" << example.line << ": ```" << example.tag << "\n" << example.body);
    CHECK((example.tag == "mig" || example.tag == "toml" || example.tag == "text"));
    Files files;
    if (example.tag == "mig") {
      files = FilesFor(example);
    } else if (example.tag == "toml") {
      files = {{"m/retort.toml", example.body}, {"m/a.mig", "revision a message \"m\"\n"}};
    } else {
      continue;
    }
    auto result = CompileFiles(files);
    INFO(result.Text());
    CHECK(result.engine.error_count() == 0);
    CHECK(result.history.has_value());
    ++compiled;
  }
  // The reader found the examples (21 mig blocks and one toml when written).
  CHECK(compiled >= 22);
}

}  // namespace
}  // namespace retort
