// editors/retort.tmLanguage.json against the real lexer: every .mig file of
// the repository and every `mig` example of docs/dsl.md is tokenized with the
// grammar's own patterns (a small TextMate engine: at each position the
// earliest match wins, ties by rule order; begin/end rules span lines), and
// every word the ANTLR lexer of grammar/Retort.g4 reads as a keyword, outside
// comments and strings, must get a keyword, type or constant scope.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>
#include <set>

#include "test_support.h"

namespace retort::testing {
namespace {

std::string Read(const std::filesystem::path& path) { return testing::ReadFile(path.string()); }

std::string Unescape(const std::string& json) {
  std::string out;
  for (std::size_t i = 0; i < json.size(); ++i) {
    if (json[i] == '\\' && i + 1 < json.size()) ++i;
    out += json[i];
  }
  return out;
}

struct Rule {
  std::string name;
  std::regex match, begin, end;
  bool spans = false;  // begin/end
};

std::regex Compile(std::string pattern) {
  for (std::size_t at; (at = pattern.find("(?i:")) != std::string::npos;) pattern.replace(at, 4, "(?:");
  return std::regex(pattern, std::regex::ECMAScript | std::regex::icase);
}

std::vector<Rule> LoadGrammar() {
  std::string text = Read(std::string(RETORT_SOURCE_DIR) + "/editors/retort.tmLanguage.json");
  const std::string s = R"re("((?:[^"\\]|\\.)*)")re";
  std::regex span("\"name\": " + s + ",\\s*\"begin\": " + s + ",\\s*\"end\": " + s);
  std::regex match("\"name\": " + s + ",\\s*\"match\": " + s);
  std::vector<std::pair<std::size_t, Rule>> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), span); it != std::sregex_iterator(); ++it) {
    Rule r{Unescape((*it)[1]), {}, Compile(Unescape((*it)[2])), Compile(Unescape((*it)[3])), true};
    found.emplace_back(static_cast<std::size_t>(it->position()), std::move(r));
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), match); it != std::sregex_iterator(); ++it) {
    Rule r{Unescape((*it)[1]), Compile(Unescape((*it)[2])), {}, {}, false};
    found.emplace_back(static_cast<std::size_t>(it->position()), std::move(r));
  }
  std::sort(found.begin(), found.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<Rule> rules;
  for (auto& [pos, rule] : found) rules.push_back(std::move(rule));
  return rules;
}

// The words grammar/Retort.g4 lexes as keywords: rules spelt letter by
// letter (`DEPENDS_ON : D E P E N D S '_' O N ;`).
std::set<std::string> LexerKeywords() {
  std::string g4 = Read(std::string(RETORT_SOURCE_DIR) + "/grammar/Retort.g4");
  std::regex rule(R"(^[A-Z_]+\s*:\s*((?:(?:[A-Z]|'_')\s+)*(?:[A-Z]|'_'))\s*;)", std::regex::multiline);
  std::set<std::string> words;
  for (auto it = std::sregex_iterator(g4.begin(), g4.end(), rule); it != std::sregex_iterator(); ++it) {
    std::string word;
    for (char c : (*it)[1].str()) {
      if (std::isupper(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(c));
      if (c == '_') word += '_';
    }
    words.insert(word);
  }
  return words;
}

// Scope per byte ("" where no rule matched).
std::vector<std::string> Tokenize(const std::vector<Rule>& rules, const std::string& text) {
  std::vector<std::string> scope(text.size());
  std::size_t line_start = 0;
  const Rule* open = nullptr;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    const std::string line = text.substr(line_start, line_end - line_start);
    std::size_t i = 0;
    while (i <= line.size()) {
      if (open != nullptr) {
        std::smatch m;
        std::string rest = line.substr(i);
        bool closed = std::regex_search(rest, m, open->end);
        std::size_t stop = closed ? i + static_cast<std::size_t>(m.position() + m.length()) : line.size();
        for (std::size_t k = i; k < stop; ++k) scope[line_start + k] = open->name;
        i = stop;
        if (!closed) break;
        open = nullptr;
        continue;
      }
      std::size_t best = std::string::npos, length = 0;
      const Rule* chosen = nullptr;
      for (const Rule& rule : rules) {
        std::smatch m;
        const std::string rest = line.substr(i);
        auto flags = i > 0 ? std::regex_constants::match_prev_avail : std::regex_constants::match_default;
        if (!std::regex_search(line.cbegin() + static_cast<long>(i), line.cend(), m,
                               rule.spans ? rule.begin : rule.match, flags)) {
          continue;
        }
        std::size_t at = i + static_cast<std::size_t>(m.position());
        if (at < best && m.length() > 0) best = at, length = static_cast<std::size_t>(m.length()), chosen = &rule;
      }
      if (chosen == nullptr) break;
      for (std::size_t k = best; k < best + length; ++k) scope[line_start + k] = chosen->name;
      i = best + length;
      if (chosen->spans) open = chosen;
    }
    line_start = line_end + 1;
  }
  return scope;
}

std::vector<std::pair<std::string, std::string>> Examples() {
  std::vector<std::pair<std::string, std::string>> out;
  const std::filesystem::path root(RETORT_SOURCE_DIR);
  for (const char* dir : {"migrations", "tests/e2e/ops_migrations", "tests/e2e/mariadb_migrations",
                          "tests/diag", "tests/build/fixtures"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (entry.path().extension() == ".mig") out.emplace_back(entry.path().string(), Read(entry.path()));
    }
  }
  std::string dsl = Read(root / "docs/dsl.md");
  std::regex block("```mig\\n([\\s\\S]*?)```");
  int n = 0;
  for (auto it = std::sregex_iterator(dsl.begin(), dsl.end(), block); it != std::sregex_iterator(); ++it) {
    out.emplace_back("docs/dsl.md example " + std::to_string(++n), (*it)[1].str());
  }
  return out;
}

TEST_CASE("textmate: every lexer keyword in every example gets a keyword scope") {
  std::vector<Rule> rules = LoadGrammar();
  REQUIRE(rules.size() >= 10);
  std::set<std::string> keywords = LexerKeywords();
  REQUIRE(keywords.count("depends_on") == 1);
  REQUIRE(keywords.count("auto_increment") == 1);
  std::vector<std::pair<std::string, std::string>> examples = Examples();
  REQUIRE(examples.size() > 50);
  std::size_t checked = 0;
  std::set<std::string> missing;
  for (const auto& [name, text] : examples) {
    INFO(name);
    std::vector<std::string> scope = Tokenize(rules, text);
    std::regex word("[A-Za-z_][A-Za-z0-9_]*");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it) {
      const auto at = static_cast<std::size_t>(it->position());
      const std::string& s = scope[at];
      if (s.rfind("comment", 0) == 0 || s.rfind("string", 0) == 0 || s.rfind("variable", 0) == 0) continue;
      std::string lower = it->str();
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      if (!keywords.count(lower)) continue;
      ++checked;
      bool keyword = s.rfind("keyword", 0) == 0 || s.rfind("storage", 0) == 0 || s.rfind("constant", 0) == 0;
      if (!keyword) missing.insert(lower + " (" + name + ")");
    }
  }
  INFO("keywords without a scope: " << missing.size());
  for (const std::string& m : missing) UNSCOPED_INFO(m);
  CHECK(missing.empty());
  CHECK(checked > 1000);
}

}  // namespace
}  // namespace retort::testing
