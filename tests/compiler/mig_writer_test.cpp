// Tests for emit/mig_writer.cpp: revision ids, the rendered .mig text (which
// must parse back to the same header), and the `retortc revision` / `merge`
// commands run as a user would, in a temporary directory.
#include "emit/mig_writer.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "diag/text_printer.h"
#include "front/parse.h"

namespace retort {
namespace {

namespace fs = std::filesystem;
using emit::NewRevision;
using emit::NextRevisionId;

// ------------------------------------------------------------------ ids

TEST_CASE("NextRevisionId numbers from one above the largest prefix") {
  CHECK(NextRevisionId({}, "Initial schema") == "0001_initial_schema");
  CHECK(NextRevisionId({"0001_initial"}, "Add tags") == "0002_add_tags");
  CHECK(NextRevisionId({"0001_a", "0007_b", "0003_c"}, "next") == "0008_next");
  // Ids without a numeric prefix do not count.
  CHECK(NextRevisionId({"base", "feature_x"}, "next") == "0001_next");
  CHECK(NextRevisionId({"12345_big"}, "next") == "12346_next");
}

TEST_CASE("NextRevisionId slugs the message") {
  CHECK(NextRevisionId({}, "Add user preferences table") ==
        "0001_add_user_preferences_table");
  CHECK(NextRevisionId({}, "  Hello,  World -- v2! ") == "0001_hello_world_v2");
  CHECK(NextRevisionId({}, "caf\xc3\xa9 menu") == "0001_caf_menu");
  // At most 40 characters of slug.
  std::string long_message(60, 'x');
  // 32 characters at most: Alembic's version_num is VARCHAR(32).
  CHECK(NextRevisionId({}, long_message) == "0001_" + std::string(27, 'x'));
  CHECK(NextRevisionId({}, "Add the user preferences table for newsletters") ==
        "0001_add_the_user_preferences");
  CHECK(NextRevisionId({"0001_" + std::string(27, 'x')}, long_message) ==
        "0002_" + std::string(27, 'x'));
}

TEST_CASE("NextRevisionId with an empty or symbol-only message") {
  CHECK(NextRevisionId({}, "") == "0001_revision");
  CHECK(NextRevisionId({"0001_a"}, "!!! ---") == "0002_revision");
}

TEST_CASE("NextRevisionId adds a suffix when the id is taken") {
  // Only a prefix of more than nine digits can collide: it is read as its
  // first nine digits.
  CHECK(NextRevisionId({"999999999_a", "1000000000_a"}, "a") == "1000000000_a_2");
  CHECK(NextRevisionId({"999999999_a", "1000000000_a", "1000000000_a_2"}, "a") ==
        "1000000000_a_3");
}

// ------------------------------------------------------------------ rendering

struct ParsedBack {
  std::optional<ast::Revision> revision;
  std::string diagnostics;
};

ParsedBack ParseBack(const std::string& text) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  source::FileId id = sources.Add("m/new.mig", text);
  ParsedBack result;
  result.revision = front::ParseFile(id, sources, engine);
  std::ostringstream out;
  diag::PrintAll(engine, sources, out);
  result.diagnostics = out.str();
  return result;
}

std::vector<std::string> Ids(const std::vector<ast::RevisionRef>& refs) {
  std::vector<std::string> ids;
  for (const ast::RevisionRef& ref : refs) ids.push_back(ref.id);
  return ids;
}

void CheckRoundTrip(const NewRevision& revision) {
  std::string text = emit::RenderNewRevision(revision);
  INFO(text);
  ParsedBack parsed = ParseBack(text);
  CHECK(parsed.diagnostics.empty());
  REQUIRE(parsed.revision.has_value());
  CHECK(parsed.revision->id == revision.id);
  CHECK(Ids(parsed.revision->parents) == revision.parents);
  CHECK(parsed.revision->message == revision.message);
  std::vector<std::string> labels;
  if (!revision.branch_label.empty()) labels.push_back(revision.branch_label);
  CHECK(Ids(parsed.revision->labels) == labels);
  CHECK(parsed.revision->ops.empty());
  CHECK(parsed.revision->depends_on.empty());
}

TEST_CASE("RenderNewRevision of a root revision parses back") {
  NewRevision revision{"0001_initial", {}, "Initial schema", "", false, ""};
  CheckRoundTrip(revision);
  std::string text = emit::RenderNewRevision(revision);
  CHECK(text.rfind("revision 0001_initial\n  message \"Initial schema\"\n\n// ", 0) == 0);
  CHECK(text.find("parent") == std::string::npos);
}

TEST_CASE("RenderNewRevision with a parent and a branch label parses back") {
  CheckRoundTrip({"0002_tags", {"0001_initial"}, "Add tags", "tags", false, ""});
  CHECK(emit::RenderNewRevision({"0002_tags", {"0001_initial"}, "Add tags", "tags", false, ""})
            .rfind("revision 0002_tags\n"
                   "  parent 0001_initial\n"
                   "  branch tags\n"
                   "  message \"Add tags\"\n",
                   0) == 0);
}

TEST_CASE("RenderNewRevision of a merge is only a header") {
  NewRevision merge{"0005_merge", {"0003_a", "0004_b"}, "merge heads", "", true, ""};
  CheckRoundTrip(merge);
  CHECK(emit::RenderNewRevision(merge) ==
        "revision 0005_merge\n"
        "  parent 0003_a, 0004_b\n"
        "  message \"merge heads\"\n");
}

TEST_CASE("RenderNewRevision escapes the message") {
  CheckRoundTrip({"0003_q", {"0002"}, "say \"hi\" to C:\\dir", "", false, ""});
  CheckRoundTrip({"0003_q", {"0002"}, "it's -- not /* a comment */ # really", "", false, ""});
  CheckRoundTrip({"0003_q", {"0002"}, "two\nlines\tand a tab", "", false, ""});
  CheckRoundTrip({"0003_q", {"0002"}, "", "", false, ""});
}

// ------------------------------------------------------------------ retortc

/// A fresh directory under /tmp, removed with everything in it.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    char pattern[] = "/tmp/retort_mig_XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    path_ = pattern;
  }
  ~ScopedTempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs retortc with `args` (already shell-quoted) from `cwd`.
RunResult Retortc(const std::string& cwd, const std::string& args) {
  std::string out = cwd + "/.out", err = cwd + "/.err";
  std::string command = "cd '" + cwd + "' && '" + std::string(RETORTC_PATH) +
                        "' " + args + " > '" + out + "' 2> '" + err + "'";
  int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  RunResult result{WEXITSTATUS(status), ReadFile(out), ReadFile(err)};
  fs::remove(out);
  fs::remove(err);
  return result;
}

ast::Revision ParseMig(const std::string& path) {
  REQUIRE(fs::exists(path));
  ParsedBack parsed = ParseBack(ReadFile(path));
  INFO(parsed.diagnostics);
  REQUIRE(parsed.revision.has_value());
  return *parsed.revision;
}

TEST_CASE("retortc revision: a root, then a child of the head") {
  ScopedTempDir tmp;
  fs::create_directory(tmp.path() + "/migrations");

  RunResult first = Retortc(tmp.path(), "revision --dir migrations -m 'Initial schema'");
  CHECK(first.exit_code == 0);
  CHECK(first.out == "created migrations/0001_initial_schema.mig\n");
  CHECK(first.err.empty());
  ast::Revision root = ParseMig(tmp.path() + "/migrations/0001_initial_schema.mig");
  CHECK(root.id == "0001_initial_schema");
  CHECK(root.parents.empty());
  CHECK(root.message == "Initial schema");

  RunResult second = Retortc(tmp.path(), "revision --dir migrations/ -m 'Add tags'");
  CHECK(second.exit_code == 0);
  CHECK(second.out == "created migrations/0002_add_tags.mig\n");
  ast::Revision child = ParseMig(tmp.path() + "/migrations/0002_add_tags.mig");
  CHECK(Ids(child.parents) == std::vector<std::string>{"0001_initial_schema"});

  CHECK(Retortc(tmp.path(), "check --dir migrations").exit_code == 0);
}

TEST_CASE("retortc revision with two heads fails and merge joins them") {
  ScopedTempDir tmp;
  const std::string dir = tmp.path() + "/m";
  fs::create_directory(dir);
  REQUIRE(Retortc(tmp.path(), "revision --dir m -m base").exit_code == 0);
  REQUIRE(Retortc(tmp.path(), "revision --dir m -m left").exit_code == 0);
  RunResult right =
      Retortc(tmp.path(), "revision --dir m -m right --head 0001_base");
  REQUIRE(right.exit_code == 0);
  CHECK(right.out == "created m/0003_right.mig\n");
  CHECK(Ids(ParseMig(dir + "/0003_right.mig").parents) ==
        std::vector<std::string>{"0001_base"});

  // Two heads: check fails, revision refuses and says how to merge.
  CHECK(Retortc(tmp.path(), "check --dir m").exit_code == 1);
  RunResult refused = Retortc(tmp.path(), "revision --dir m -m more");
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.empty());
  CHECK(refused.err ==
        "retortc: error: the history has several heads (0002_left, 0003_right)\n"
        "retortc: note: run 'retortc merge -m \"merge heads\" --dir m' first, or "
        "pick a parent with --head REV\n");
  CHECK_FALSE(fs::exists(dir + "/0004_more.mig"));

  RunResult merged = Retortc(tmp.path(), "merge --dir m -m 'merge heads'");
  CHECK(merged.exit_code == 0);
  CHECK(merged.err.empty());
  CHECK(merged.out == "created m/0004_merge_heads.mig\n");
  ast::Revision merge = ParseMig(dir + "/0004_merge_heads.mig");
  CHECK(Ids(merge.parents) == std::vector<std::string>{"0002_left", "0003_right"});
  CHECK(merge.message == "merge heads");

  RunResult check = Retortc(tmp.path(), "check --dir m");
  CHECK(check.exit_code == 0);
  CHECK(check.err.empty());

  // And the next revision follows the merge.
  REQUIRE(Retortc(tmp.path(), "revision --dir m -m after").exit_code == 0);
  CHECK(Ids(ParseMig(dir + "/0005_after.mig").parents) ==
        std::vector<std::string>{"0004_merge_heads"});
}

TEST_CASE("retortc merge with a single head fails") {
  ScopedTempDir tmp;
  fs::create_directory(tmp.path() + "/m");
  REQUIRE(Retortc(tmp.path(), "revision --dir m -m base").exit_code == 0);
  RunResult merge = Retortc(tmp.path(), "merge --dir m -m 'merge heads'");
  CHECK(merge.exit_code == 1);
  CHECK(merge.out.empty());
  CHECK(merge.err == "retortc: error: nothing to merge: the history has a single head\n");
  CHECK_FALSE(fs::exists(tmp.path() + "/m/0002_merge_heads.mig"));
}

TEST_CASE("retortc revision refuses to build on a broken history") {
  ScopedTempDir tmp;
  fs::create_directory(tmp.path() + "/m");
  {
    std::ofstream out(tmp.path() + "/m/0001_a.mig");
    out << "revision 0001_a\n  parent 0000_gone\n  message \"a\"\n";
  }
  RunResult result = Retortc(tmp.path(), "revision --dir m -m next");
  CHECK(result.exit_code == 1);
  CHECK(result.err ==
        "m/0001_a.mig:2:10: error: unknown parent revision '0000_gone'\n"
        "  parent 0000_gone\n"
        "         ^~~~~~~~~\n"
        "1 error generated.\n"
        "retortc: note: fix the history above before adding a revision\n");
}

TEST_CASE("a model: the build fails until the head has its schema; autogenerate writes the revision") {
  ScopedTempDir dir;
  fs::create_directories(dir.path() + "/m");
  fs::create_directories(dir.path() + "/model");
  std::ofstream(dir.path() + "/m/0001_users.mig")
      << "revision 0001_users message \"users\"\n"
         "create table users { id integer primary key; name varchar(40) not null; }\n";
  std::ofstream(dir.path() + "/model/users.mig")
      << "create table users { id integer primary key; name varchar(40) not null;\n"
         "  email varchar(100) null; }\n"
         "create index ix_users_email on users (email);\n";
  RunResult differs = Retortc(dir.path(), "check --dir m --model model");
  CHECK(differs.exit_code == 1);
  CHECK(differs.err ==
        "retortc: error: the model in 'model' differs from the migrations' head; the revision "
        "it needs:\n\n"
        "alter table users {\n"
        "  add column email varchar(100) null;\n"
        "}\n"
        "create index ix_users_email on users (email);\n"
        "\nretortc: note: write it with 'retortc revision --autogenerate --model model --dir m "
        "-m \"...\"', review it, and build again\n");
  RunResult generated = Retortc(dir.path(), "revision --autogenerate --model model --dir m -m 'add email'");
  INFO(generated.err);
  CHECK(generated.exit_code == 0);
  CHECK(generated.out == "created m/0002_add_email.mig\n");
  CHECK(ReadFile(dir.path() + "/m/0002_add_email.mig") ==
        "revision 0002_add_email\n  parent 0001_users\n  message \"add email\"\n\n"
        "alter table users {\n  add column email varchar(100) null;\n}\n"
        "create index ix_users_email on users (email);\n");
  CHECK(Retortc(dir.path(), "check --dir m --model model").exit_code == 0);
  RunResult nothing = Retortc(dir.path(), "revision --autogenerate --model model --dir m -m again");
  CHECK(nothing.exit_code == 0);
  CHECK(nothing.out == "nothing to generate: the model has the schema of the migrations' head\n");
  // A mistake in the model is reported at its own file and line.
  std::ofstream(dir.path() + "/model/users.mig", std::ios::app) << "create index ix on nowhere (x);\n";
  RunResult broken = Retortc(dir.path(), "check --dir m --model model");
  CHECK(broken.exit_code == 1);
  CHECK(broken.err.find("model/users.mig:4:20: error: table 'nowhere' does not exist") !=
        std::string::npos);
}

}  // namespace
}  // namespace retort
