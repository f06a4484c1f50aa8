// `migrate --json`: every command, and every class of failure, writes only
// JSON objects to stdout, one per line, and each parses (a small strict
// parser below, RFC 8259's grammar); a failure's object carries its exit code.
#include <catch2/catch.hpp>

#include <cctype>
#include <sstream>

#include "driver/sqlite_connection.h"
#include "migrate_cli.h"
#include "test_tables.h"
#include "test_util.h"

namespace retort::testing {
namespace {

class JsonParser {
 public:
  explicit JsonParser(const std::string& text) : s_(text) {}
  // True when the whole text is one JSON object.
  bool Object() {
    Space();
    if (!Peek('{') || !Value()) return false;
    Space();
    return i_ == s_.size();
  }

 private:
  bool Peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  void Space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Literal(const char* word) {
    std::string w(word);
    if (s_.compare(i_, w.size(), w) != 0) return false;
    i_ += w.size();
    return true;
  }
  bool String() {
    if (!Peek('"')) return false;
    for (++i_; i_ < s_.size(); ++i_) {
      unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        if (s_[i_] == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (++i_ >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[i_]))) return false;
          }
        } else if (std::string("\"\\/bfnrt").find(s_[i_]) == std::string::npos) {
          return false;
        }
      }
    }
    return false;
  }
  bool Number() {
    std::size_t start = i_;
    if (Peek('-')) ++i_;
    if (!(i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_])))) return false;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) ||
                              s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E' || s_[i_] == '+' ||
                              s_[i_] == '-')) {
      ++i_;
    }
    return i_ > start;
  }
  bool Value() {
    Space();
    if (Peek('{')) return Members('}', true);
    if (Peek('[')) return Members(']', false);
    if (Peek('"')) return String();
    if (Literal("true") || Literal("false") || Literal("null")) return true;
    return Number();
  }
  bool Members(char close, bool object) {
    ++i_;
    Space();
    if (Peek(close)) return ++i_, true;
    while (true) {
      Space();
      if (object) {
        if (!String()) return false;
        Space();
        if (!Peek(':')) return false;
        ++i_;
      }
      if (!Value()) return false;
      Space();
      if (Peek(close)) return ++i_, true;
      if (!Peek(',')) return false;
      ++i_;
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

struct Run {
  int code;
  std::string out, err;
};

Run Json(const table::MigrationTable& table, std::vector<std::string> args, cli::Environment env = {}) {
  args.insert(args.begin(), "--json");
  std::ostringstream out, err;
  int code = cli::MigrateMain(std::move(args), table, out, err, env);
  return {code, out.str(), err.str()};
}

// Every stdout line is a JSON object; at least one line.
void RequireJsonLines(const Run& r, const std::string& what) {
  INFO(what << "\nstdout:\n" << r.out << "stderr:\n" << r.err);
  REQUIRE(!r.out.empty());
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) CHECK(JsonParser(line).Object());
  if (r.code == 1 || r.code == 2) {
    CHECK(r.out.find("{\"event\":\"error\",\"exit_code\":" + std::to_string(r.code)) !=
          std::string::npos);
  }
}

TEST_CASE("json: the parser itself accepts JSON and refuses what is not", "[cli][json]") {
  CHECK(JsonParser(R"({"a":[1,-2.5e3,"x\n\u00e9",true,null,{}],"b":{}})").Object());
  CHECK_FALSE(JsonParser(R"({"a":1,})").Object());
  CHECK_FALSE(JsonParser("{\"a\":\"tab\there\"}").Object());
  CHECK_FALSE(JsonParser("upgrade 0001 -> applied").Object());
  CHECK_FALSE(JsonParser(R"({"a":1} {"b":2})").Object());
}

TEST_CASE("json: every command and every failure class writes parseable JSON lines",
          "[cli][json]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  const std::vector<std::vector<std::string>> ok = {
      {"--version"},
      {"--url", url, "upgrade", "0002"},
      {"--url", url, "upgrade", "--dry-run", "heads"},
      {"--url", url, "upgrade", "--sql", "heads", "--dialect", "sqlite"},
      {"--url", url, "downgrade", "--sql", "heads:base", "--dialect", "sqlite"},
      {"--url", url, "current"},
      {"--url", url, "current", "-v"},
      {"--url", url, "history"},
      {"--url", url, "history", "--log"},
      {"--url", url, "heads"},
      {"--url", url, "branches"},
      {"--url", url, "show", "0002"},
      {"--url", url, "show", "heads"},
      // These hand-written tables carry no schema model (their tables are
      // made by statements alone): stamp is forced, and check is drift below.
      {"--url", url, "stamp", "0002", "--force"},
      {"--url", url, "wait", "--timeout", "1"},
      {"--url", url, "upgrade", "heads"},
      {"--url", url, "downgrade", "base"},
  };
  for (const auto& args : ok) {
    Run r = Json(kDiveTable, args);
    std::string what;
    for (const std::string& a : args) what += a + " ";
    INFO(what << "\n" << r.err);
    CHECK(r.code == 0);
    RequireJsonLines(r, what);
  }
  cli::Environment empty;
  empty.database_url = "";
  struct Failure {
    const table::MigrationTable* table;
    std::vector<std::string> args;
    int code;
    cli::Environment env;
  };
  const std::vector<Failure> failures = {
      {&kDiveTable, {"--url", url, "upgrade", "0002_add_depht"}, 2, {}},  // unknown revision
      {&kDiveTable, {"--url", url, "upgrade", "0003"}, 2, {}},            // ambiguous prefix
      {&kDiveTable, {"--url", url, "upgrade"}, 2, {}},                    // several heads
      {&kDiveTable, {"--url", url, "bogus"}, 2, {}},                      // unknown command
      {&kDiveTable, {"--url", url, "--wait", "-3", "current"}, 2, {}},    // bad option value
      {&kDiveTable, {"upgrade", "head"}, 2, empty},                       // empty DATABASE_URL
      {&kDiveTable, {"--url", "postgres://x/y", "current"}, 2, {}},       // unknown scheme
      {&kDiveTable, {"--url", url, "resolve", "0002", "--auto"}, 2, {}},  // nothing to resolve
      {&kDiveTable, {"--url", "sqlite:///" + dir.path() + "/no/such/dir/x.db", "current"}, 1, {}},
      {&kLinearTable, {"--url", dir.SqliteUrl("fail.db"), "upgrade", "head"}, 1, {}},  // a failing revision
      {&kLinearTable, {"--url", dir.SqliteUrl("fail.db"), "downgrade", "base"}, 2, {}},  // irreversible
  };
  for (const Failure& f : failures) {
    Run r = Json(*f.table, f.args, f.env);
    std::string what;
    for (const std::string& a : f.args) what += a + " ";
    INFO(what << "\n" << r.err);
    CHECK(r.code == f.code);
    RequireJsonLines(r, what);
  }
  // Drift: exit 3 with its own object.
  driver::SqliteConnection(dir.File("app.db")).Execute("CREATE TABLE extra (id INTEGER)");
  Run drift = Json(kDiveTable, {"--url", url, "check"});
  CHECK(drift.code == 3);
  RequireJsonLines(drift, "check with drift");
  CHECK(drift.out.rfind("{\"drift\":true,", 0) == 0);
}

}  // namespace
}  // namespace retort::testing
