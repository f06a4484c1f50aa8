#include "migrate_cli.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "alembic_scenario.h"
#include "driver/sqlite_connection.h"
#include "test_tables.h"
#include "test_util.h"
#include "version_store.h"

namespace retort::testing {
namespace {

struct CliResult {
  int code;
  std::string out;  ///< with durations replaced by "N ms"
  std::string err;  ///< without the line announcing the target (below)
  std::string announced;  ///< "migrate: upgrading URL (...), N pending", if any
};

// Splits off the line a writing command starts with (tested on its own in
// "cli: a writing command first names its database").
std::string TakeAnnouncement(std::string& err) {
  static const std::regex kLine("^migrate: (upgrading|downgrading|stamping|resolving) [^\n]*\n");
  std::smatch m;
  if (!std::regex_search(err, m, kLine)) return "";
  std::string line = m.str();
  err.erase(static_cast<std::size_t>(m.position()), line.size());
  return line;
}

std::string MaskDurations(const std::string& text) {
  static const std::regex kMillis("\\(\\d+ ms\\)");
  return std::regex_replace(text, kMillis, "(N ms)");
}

/// Runs MigrateMain in-process with `--url <url>` prepended.
CliResult Migrate(const table::MigrationTable& table, const std::string& url,
                  std::vector<std::string> args, cli::Environment env = {}) {
  if (!url.empty()) args.insert(args.begin(), {"--url", url});
  std::ostringstream out, err;
  int code = cli::MigrateMain(std::move(args), table, out, err, env);
  std::string text = err.str();
  std::string announced = TakeAnnouncement(text);
  return {code, MaskDurations(out.str()), text, announced};
}

TEST_CASE("cli: upgrade prints one line per revision", "[cli]") {
  ScopedTempDir dir;
  CliResult r =
      Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"upgrade", "0003_tags"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "upgrade 0001_initial -> applied (N ms)\n"
        "upgrade 0002_add_depth -> applied (N ms)\n"
        "upgrade 0003_tags -> applied (N ms)\n");

  r = Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"upgrade", "0003_tags"});
  CHECK(r.code == 0);
  CHECK(r.out == "nothing to upgrade; database is at 0003_tags\n");

  r = Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"current"});
  CHECK(r.code == 0);
  CHECK(r.out == "0003_tags\n");

  r = Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"upgrade", "heads"});
  CHECK(r.out ==
        "upgrade 0003_centers -> applied (N ms)\n"
        "upgrade 0004_merge -> applied (N ms)\n"
        "upgrade 0005_notes -> applied (N ms)\n"
        "upgrade audit_root -> applied (N ms)\n"
        "upgrade audit_0002 -> applied (N ms)\n");
  r = Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"current"});
  CHECK(r.out == "0005_notes (head)\naudit_0002 (head)\n");
}

TEST_CASE("cli: +N walks from the version row and says where it ends", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  REQUIRE(Migrate(kDiveTable, url, {"upgrade", "0003_tags"}).code == 0);
  CliResult r = Migrate(kDiveTable, url, {"upgrade", "+4"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: cannot upgrade +4: the walk along single children from where the "
        "database is ends after 2 steps\n"
        "migrate: note: run 'migrate heads' to see where the lines of history end, or "
        "'migrate upgrade heads' to apply everything pending\n");
  r = Migrate(kDiveTable, url, {"upgrade", "+2"});
  CHECK(r.code == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "upgrade 0003_centers -> applied (N ms)\n"
        "upgrade 0004_merge -> applied (N ms)\n"
        "upgrade 0005_notes -> applied (N ms)\n");
  r = Migrate(kDiveTable, url, {"upgrade", "abc"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: unknown revision 'abc'\n"
        "migrate: note: a partial id needs at least four characters; run 'migrate history' "
        "to list the revisions\n");
}

TEST_CASE("cli: show and history take targets and ranges; -v on current and heads",
          "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r = Migrate(kDiveTable, url, {"show", "audit@head"});
  CHECK(r.code == 0);
  CHECK(r.out.starts_with("Rev: audit_0002 (head)\n"));
  // A walk counts from a database; show has none.
  r = Migrate(kDiveTable, url, {"show", "audit@+1"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: invalid target 'audit@+1'"));
  r = Migrate(kDiveTable, url, {"show", "head"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: the migration graph has 2 heads"));

  r = Migrate(kDiveTable, url, {"history", "-r", "0003_tags:0005_notes"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "0004_merge -> 0005_notes (head), Add notes\n"
        "(0003_tags, 0003_centers) -> 0004_merge (mergepoint), Merge tags and centers\n"
        "0002_add_depth -> 0003_tags, Add tags\n");
  r = Migrate(kDiveTable, url, {"history", "-r", ":0002"});
  CHECK(r.out ==
        "0001_initial -> 0002_add_depth (branchpoint), Add dive sites\n"
        "<base> -> 0001_initial, Initial schema\n");
  r = Migrate(kDiveTable, url, {"history", "-r", "audit:heads"});
  CHECK(r.out ==
        "audit_root -> audit_0002 (head), Audit tags\n"
        "<base> -> audit_root (audit), Audit log\n");
  r = Migrate(kDiveTable, url, {"history", "-r", "0002"});
  CHECK(r.code == 2);

  REQUIRE(Migrate(kDiveTable, url, {"upgrade", "0002_add_depth"}).code == 0);
  r = Migrate(kDiveTable, url, {"current", "-v"});
  CHECK(r.out.starts_with("Rev: 0002_add_depth (branchpoint)\nParent: 0001_initial\n"));
  r = Migrate(kDiveTable, url, {"history", "-r", "current:"});
  CHECK(r.out.find("0001_initial,") == std::string::npos);
  CHECK(r.out.find("-> 0002_add_depth") != std::string::npos);
  CHECK(r.out.find("-> 0005_notes") != std::string::npos);
  // audit_0002 depends on 0003_tags, so it descends from 0002; its root not.
  CHECK(r.out.find("-> audit_0002") != std::string::npos);
  CHECK(r.out.find("-> audit_root") == std::string::npos);
  r = Migrate(kDiveTable, url, {"heads", "-v"});
  CHECK(r.out.starts_with("Rev: 0005_notes (head)\n"));
  CHECK(r.out.find("\n\nRev: audit_0002 (head)\n") != std::string::npos);
  r = Migrate(kDiveTable, url, {"heads", "--resolve-dependencies"});
  CHECK(r.out == "0005_notes (head)\naudit_0002 (head)\n");
}

TEST_CASE("cli: downgrade -1 and downgrade base", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  REQUIRE(Migrate(kDiveTable, url, {"upgrade", "heads"}).code == 0);
  // Two version rows: Alembic's walk is ambiguous; the chosen answer is said.
  CliResult r = Migrate(kDiveTable, url, {"downgrade", "-1"});
  CHECK(r.code == 0);
  CHECK(r.err ==
        "migrate: note: '-1' has no single answer (the database has 2 version rows); "
        "taking the last 1 revision(s) in table order\n");
  CHECK(r.out == "downgrade audit_0002 -> unapplied (N ms)\n");
  // Options may follow the count.
  r = Migrate(kDiveTable, "", {"downgrade", "-2", "--url", url});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "downgrade audit_root -> unapplied (N ms)\n"
        "downgrade 0005_notes -> unapplied (N ms)\n");
  r = Migrate(kDiveTable, url, {"downgrade", "base"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "downgrade 0004_merge -> unapplied (N ms)\n"
        "downgrade 0003_centers -> unapplied (N ms)\n"
        "downgrade 0003_tags -> unapplied (N ms)\n"
        "downgrade 0002_add_depth -> unapplied (N ms)\n"
        "downgrade 0001_initial -> unapplied (N ms)\n");
  r = Migrate(kDiveTable, url, {"current"});
  CHECK(r.code == 0);
  CHECK(r.out == "");
}

TEST_CASE("cli: usage errors exit 2 with a note", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r = Migrate(kDiveTable, url, {"upgrade", "0002_add_depht"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: unknown revision '0002_add_depht'\n"
        "migrate: note: did you mean '0002_add_depth'?\n");

  r = Migrate(kDiveTable, url, {"upgrade", "0003"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: revision prefix '0003' is ambiguous\n"
        "migrate: note: it matches 0003_centers, 0003_tags; give more "
        "characters\n");

  r = Migrate(kDiveTable, url, {"upgrade"});
  CHECK(r.code == 2);
  CHECK(
      r.err ==
      "migrate: error: the migration graph has 2 heads: 0005_notes, "
      "audit_0002\n"
      "migrate: note: use 'heads' to target all of them, or name a revision\n");

  r = Migrate(kDiveTable, url, {"upgrade", "+9"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: cannot upgrade +9: only 8 revisions are pending\n"
        "migrate: note: run 'migrate upgrade heads' to apply all of them\n");

  r = Migrate(kDiveTable, url, {"downgrade", "0003_tags"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: cannot downgrade to '0003_tags': it is not applied\n"
        "migrate: note: run 'migrate current' to see where the database is\n");

  r = Migrate(kDiveTable, url, {"upgrade", "-1"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: invalid target '-1' for upgrade\n"
        "migrate: note: upgrade takes +N; use 'downgrade -1'\n");

  r = Migrate(kDiveTable, url, {"downgrade"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: "));
  CHECK(r.err.ends_with("migrate: note: run 'migrate --help' for usage\n"));

  r = Migrate(kDiveTable, url, {});
  CHECK(r.code == 2);

  r = Migrate(kDiveTable, url, {"--version-table", "a;b", "current"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: invalid version table name 'a;b'\n"
        "migrate: note: use letters, digits and '_', starting with a letter\n");

  // A bad value names its option, whatever the command around it; "-5"
  // after an option is its value, not a downgrade count.
  const std::pair<std::vector<std::string>, std::string> kBadValues[] = {
      {{"--lock-timeout", "-5", "upgrade"}, "--lock-timeout: '-5' is not a number of seconds (0 or more)"},
      {{"upgrade", "--lock-timeout", "soon"}, "--lock-timeout: 'soon' is not a number of seconds (0 or more)"},
      {{"--wait", "-1", "current"}, "--wait: '-1' is not a number of seconds (0 or more)"},
      {{"wait", "--interval", "0"}, "--interval: '0' is not a number of seconds above 0"},
      {{"wait", "--timeout", "inf"}, "--timeout: 'inf' is not a number of seconds (0 or more)"}};
  for (const auto& [args, error] : kBadValues) {
    r = Migrate(kDiveTable, url, args);
    CHECK(r.code == 2);
    CHECK(r.err == "migrate: error: " + error + "\nmigrate: note: run 'migrate --help' for usage\n");
  }
  r = Migrate(kDiveTable, url, {"--lock-timeout", "0.5", "downgrade", "-1"});
  CHECK(r.err.find("cannot downgrade -1") != std::string::npos);

  r = Migrate(kDiveTable, "", {"--help"});
  CHECK(r.code == 0);
  CHECK(r.out.find("downgrade") != std::string::npos);
}

TEST_CASE("cli: URL errors never print a password", "[cli]") {
  CliResult r =
      Migrate(kDiveTable, "postgresql://app:hunter2@db/x", {"current"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "migrate: error: unsupported database URL scheme 'postgresql'\n"
        "migrate: note: accepted schemes: sqlite, mysql, mariadb, "
        "mysql+<driver>, "
        "mariadb+<driver>; e.g. sqlite:///retort.db\n");

  // Nothing listens on port 1: a transient failure, exit 1, no password.
  r = Migrate(kDiveTable, "mysql+pymysql://app:hunter2@127.0.0.1:1/x",
              {"upgrade", "heads"});
  CHECK(r.code == 1);
  CHECK(r.err.starts_with(
      "migrate: error: cannot connect to "
      "mysql+pymysql://app:***@127.0.0.1:1/x: [2002] "));
  CHECK(r.err.find("pass --wait SECONDS") != std::string::npos);
  CHECK(r.out.find("hunter2") == std::string::npos);
  CHECK(r.err.find("hunter2") == std::string::npos);

  r = Migrate(kDiveTable, "mysql://app:hunter2@db:0/x", {"current"});
  CHECK(r.code == 2);
  CHECK(r.err.find("hunter2") == std::string::npos);
  CHECK(r.err.starts_with(
      "migrate: error: malformed database URL: port must be"));
}

TEST_CASE("cli: the URL comes from --url, DATABASE_URL, DATABASE_URL_FILE",
          "[cli]") {
  ScopedTempDir dir;
  cli::Environment env;
  env.database_url = dir.SqliteUrl("from_env.db");
  CHECK(Migrate(kLinearOkTable, "", {"upgrade", "+1"}, env).code == 0);
  driver::SqliteConnection from_env(dir.File("from_env.db"));
  CHECK(runtime::VersionStore(from_env).ReadHeads() ==
        std::vector<std::string>{"0001_initial"});

  // --url wins over the environment.
  CHECK(Migrate(kLinearOkTable, dir.SqliteUrl("from_flag.db"),
                {"upgrade", "+1"}, env)
            .code == 0);
  driver::SqliteConnection from_flag(dir.File("from_flag.db"));
  CHECK(from_flag.TableExists("users"));

  cli::Environment file_env;
  file_env.database_url_file = dir.File("url.txt");
  {
    std::ofstream(dir.File("url.txt")) << dir.SqliteUrl("from_file.db") << "\n";
  }
  CHECK(Migrate(kLinearOkTable, "", {"upgrade", "head"}, file_env).code == 0);
  driver::SqliteConnection from_file(dir.File("from_file.db"));
  CHECK(runtime::VersionStore(from_file).ReadHeads() ==
        std::vector<std::string>{"0003_raw"});

  file_env.database_url_file = dir.File("missing.txt");
  CliResult r = Migrate(kLinearOkTable, "", {"current"}, file_env);
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: cannot read DATABASE_URL_FILE"));
}

TEST_CASE("cli: an empty or in-memory URL is a usage error, never a migration of nothing",
          "[cli]") {
  cli::Environment empty;
  empty.database_url = "";
  CliResult r = Migrate(kLinearOkTable, "", {"upgrade", "head"}, empty);
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: DATABASE_URL is set but empty\n"));
  r = Migrate(kLinearOkTable, "", {"--url", "", "current"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: --url is empty\n"));
  for (const char* url : {"sqlite://", "sqlite:///", "sqlite:///:memory:"}) {
    r = Migrate(kLinearOkTable, url, {"upgrade", "head"});
    CHECK(r.code == 2);
    CHECK(r.err.find("names an in-memory SQLite database") != std::string::npos);
    CHECK(r.out.empty());
  }
}

TEST_CASE("cli: the version table: --version-table, RETORT_VERSION_TABLE, the project's, then "
          "retort_version", "[cli]") {
  ScopedTempDir dir;
  table::MigrationTable project = kLinearOkTable;
  project.version_table = "app_versions";
  auto heads_in = [&](const std::string& db, const std::string& name) {
    driver::SqliteConnection c(dir.File(db));
    return c.TableExists(name);
  };
  CHECK(Migrate(project, dir.SqliteUrl("a.db"), {"upgrade", "+1"}).code == 0);
  CHECK(heads_in("a.db", "app_versions"));
  CHECK_FALSE(heads_in("a.db", "retort_version"));
  cli::Environment env;
  env.version_table = "env_versions";
  CHECK(Migrate(project, dir.SqliteUrl("b.db"), {"upgrade", "+1"}, env).code == 0);
  CHECK(heads_in("b.db", "env_versions"));
  CHECK(Migrate(project, dir.SqliteUrl("c.db"), {"--version-table", "flag_versions", "upgrade", "+1"},
                env).code == 0);
  CHECK(heads_in("c.db", "flag_versions"));
  CHECK(Migrate(kLinearOkTable, dir.SqliteUrl("d.db"), {"upgrade", "+1"}).code == 0);
  CHECK(heads_in("d.db", "retort_version"));
}

TEST_CASE("cli: on a terminal each revision shows [k/N], elapsed and an estimate", "[cli]") {
  ScopedTempDir dir;
  cli::Environment terminal;
  terminal.terminal = true;
  CliResult r = Migrate(kLinearOkTable, dir.SqliteUrl("app.db"), {"upgrade", "head"}, terminal);
  CHECK(r.code == 0);
  CHECK(std::regex_search(r.out, std::regex("^\\[1/3, 0 s, ~0 s left\\] upgrade 0001_initial -> ")));
  CHECK(std::regex_search(r.out, std::regex("\\n\\[3/3, [0-9]+ s, ~0 s left\\] upgrade 0003_raw -> ")));
}

TEST_CASE("cli: a writing command first names its database", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r = Migrate(kLinearOkTable, url, {"upgrade", "+2"});
  CHECK(r.code == 0);
  CHECK(std::regex_match(r.announced, std::regex("migrate: upgrading " + url +
                                                 " \\(SQLite 3\\.[0-9.]+\\), 2 revisions pending\n")));
  r = Migrate(kLinearOkTable, url, {"downgrade", "-1"});
  CHECK(r.announced.find(", 1 revision to undo\n") != std::string::npos);
  r = Migrate(kLinearOkTable, url, {"stamp", "base", "--force"});
  CHECK(r.announced.rfind("migrate: stamping " + url + " (SQLite ", 0) == 0);
  // The implicit default says it is one.
  std::filesystem::path here = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  r = Migrate(kLinearOkTable, "", {"upgrade", "+1"});
  std::filesystem::current_path(here);
  CHECK(r.code == 0);
  CHECK(r.announced.find("migrate: upgrading sqlite:///retort.db (SQLite ") == 0);
  CHECK(r.announced.find("; the default: no --url, DATABASE_URL or DATABASE_URL_FILE)") !=
        std::string::npos);
  // Reading commands do not announce.
  CHECK(Migrate(kLinearOkTable, url, {"current"}).announced.empty());
}

TEST_CASE("cli: --version, a missing command and an unknown one", "[cli]") {
  CliResult r = Migrate(kLinearOkTable, "", {"--version"});
  CHECK(r.code == 0);
  CHECK(r.out.starts_with("migrate "));
  CHECK(r.out.find("(table ABI " + std::to_string(table::kAbiVersion) + ", 3 revisions") !=
        std::string::npos);
  r = Migrate(kLinearOkTable, "", {});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: a command is required\n"
                          "migrate: note: the commands are upgrade, downgrade,"));
  r = Migrate(kLinearOkTable, "", {"--url", "sqlite:///x.db", "--wait", "1", "upgrdae"});
  CHECK(r.code == 2);
  CHECK(r.err.starts_with("migrate: error: unknown command 'upgrdae'\n"));
  CHECK(r.err.find("check; run 'migrate --help'") != std::string::npos);
}

TEST_CASE("cli: a failing revision reports where and what next", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r = Migrate(kLinearTable, url, {"upgrade", "head"});
  CHECK(r.code == 1);
  CHECK(r.out ==
        "upgrade 0001_initial -> applied (N ms)\n"
        "upgrade 0002_add_depth -> applied (N ms)\n"
        "upgrade 0003_raw -> applied (N ms)\n");
  CHECK(
      r.err ==
      "migrate: error: revision 0004_fk (migrations/0004_fk.mig:12) failed at "
      "statement 2 of 3: no such table: dive_site\n"
      "migrate: note: rolled back; database is still at 0003_raw. Fix the "
      "migration, rebuild, run 'migrate upgrade head'.\n");
  r = Migrate(kLinearTable, url, {"history", "--log"});
  CHECK(r.code == 0);
  CHECK(r.out.find(" up 0004_fk rolled_back at statement 2 (") != std::string::npos);
  CHECK(r.out.find("): statement 2 of 3: no such table: dive_site\n") !=
        std::string::npos);
}

TEST_CASE("cli: a database the project does not target is refused before anything runs",
          "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  const table::MigrationTable mysql_only{table::kAbiVersion, "test", linear::kRevisions, 3,
                                         1u << static_cast<int>(table::Dialect::kMysql)};
  CliResult r = Migrate(mysql_only, url, {"upgrade", "head"});
  CHECK(r.code == 1);
  CHECK(r.err ==
        "migrate: error: this migrate carries no statements for sqlite: the project "
        "targets mysql\n"
        "migrate: note: nothing was run; add \"sqlite\" to dialects in retort.toml in the "
        "migrations directory and rebuild\n");
  CHECK(Migrate(kLinearOkTable, url, {"current"}).out == "");
  // MySQL and MariaDB share statements when the project targets one of them.
  CHECK(table::SlotFor(mysql_only, table::Dialect::kMariadb) ==
        static_cast<int>(table::Dialect::kMysql));
  CHECK(table::SlotFor(mysql_only, table::Dialect::kSqlite) == -1);
}

TEST_CASE("cli: irreversible revisions and checksum mismatches", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  REQUIRE(Migrate(kLinearOkTable, url, {"upgrade", "head"}).code == 0);
  CliResult r = Migrate(kLinearOkTable, url, {"downgrade", "base"});
  CHECK(r.code == 2);
  CHECK(r.out == "");
  CHECK(r.err ==
        "migrate: error: cannot downgrade: revision 0003_raw "
        "(migrations/0003_raw.mig) is irreversible\n"
        "migrate: note: nothing was run; downgrade to a later revision, or "
        "restore a backup\n");

  std::vector<table::Revision> revisions(linear::kRevisions,
                                         linear::kRevisions + 3);
  revisions[1].checksum[0] = "edited";
  const table::MigrationTable edited{table::kAbiVersion, "test",
                                     revisions.data(), 3, 3u};
  r = Migrate(edited, url, {"upgrade", "head"});
  CHECK(r.code == 1);
  CHECK(r.err ==
        "migrate: error: applied revision 0002_add_depth "
        "(migrations/0002_add_depth.mig) has changed since applied (checksum "
        "mismatch)\n"
        "migrate: note: restore the original migration, or pass "
        "--ignore-checksums if the change is intended\n");
  r = Migrate(edited, url, {"--ignore-checksums", "upgrade", "head"});
  CHECK(r.code == 0);
  CHECK(r.out == "nothing to upgrade; database is at 0003_raw\n");
}

TEST_CASE("cli: stamp, heads, branches, history, show", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r = Migrate(kDiveTable, url, {"stamp", "audit_0002"});
  CHECK(r.code == 0);
  // One version row (0003_tags is applied only as audit_0002's dependency);
  // `current` shows the applied set's heads, as Alembic does.
  CHECK(r.out == "stamp -> audit_0002 (schema verified)\n");
  r = Migrate(kDiveTable, url, {"current"});
  CHECK(r.out == "0003_tags\naudit_0002 (head)\n");

  r = Migrate(kDiveTable, url, {"heads"});
  CHECK(r.out == "0005_notes (head)\naudit_0002 (head)\n");

  r = Migrate(kDiveTable, url, {"branches"});
  CHECK(r.out ==
        "0002_add_depth (branchpoint)\n"
        "  -> 0003_tags, Add tags\n"
        "  -> 0003_centers, Add diving centers\n");

  r = Migrate(kDiveTable, url, {"history", "-i"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "audit_root -> audit_0002 (head) (current), Audit tags\n"
        "<base> -> audit_root (audit), Audit log\n"
        "0004_merge -> 0005_notes (head), Add notes\n"
        "(0003_tags, 0003_centers) -> 0004_merge (mergepoint), Merge tags and "
        "centers\n"
        "0002_add_depth -> 0003_centers, Add diving centers\n"
        "0002_add_depth -> 0003_tags (current), Add tags\n"
        "0001_initial -> 0002_add_depth (branchpoint), Add dive sites\n"
        "<base> -> 0001_initial, Initial schema\n");

  r = Migrate(kDiveTable, url, {"show", "audit_00"});
  CHECK(r.code == 0);
  CHECK(r.out ==
        "Rev: audit_0002 (head)\n"
        "Parent: audit_root\n"
        "Depends on: 0003_tags\n"
        "Path: audit/audit_0002.mig\n"
        "Checksum (sqlite): c7\n"
        "Checksum (mysql): c7\n"
        "\n"
        "    Audit tags\n"
        "\n"
        "Upgrade (sqlite):\n"
        "  1. [line 6] CREATE TABLE audit_tags (tag_id INTEGER REFERENCES tags "
        "(id))\n"
        "\n"
        "Downgrade (sqlite):\n"
        "  1. [line 6] DROP TABLE audit_tags\n");

  r = Migrate(kDiveTable, url, {"history", "-v"});
  CHECK(r.out.starts_with("Rev: audit_0002 (head)\nParent: audit_root\n"));
  CHECK(
      r.out.find(
          "Rev: audit_root (audit)\nParent: <base>\nBranch labels: audit\n") !=
      std::string::npos);

  r = Migrate(kDiveTable, url, {"stamp", "base"});
  CHECK(r.out == "stamp -> base (schema verified)\n");
  r = Migrate(kDiveTable, url, {"current"});
  CHECK(r.out == "");
}

TEST_CASE("cli: --version-table adopts another table name", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  CliResult r =
      Migrate(kLinearOkTable, url,
              {"upgrade", "head", "--version-table", "alembic_version"});
  CHECK(r.code == 0);
  driver::SqliteConnection db(dir.File("app.db"));
  CHECK(db.Query("SELECT version_num FROM alembic_version")[0][0] ==
        "0003_raw");
  CHECK_FALSE(db.TableExists("retort_version"));
}

TEST_CASE("cli: alembic_version holds Alembic's rows through labels and depends_on", "[cli]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  for (const AlembicStep& step : kAlembicScenario) {
    std::vector<std::string> args = step.args;
    args.insert(args.end(), {"--version-table", "alembic_version"});
    INFO(args[0] << " " << args[1]);
    CliResult r = Migrate(kDiveTable, url, args);
    CHECK(r.code == 0);
    driver::SqliteConnection db(dir.File("app.db"));
    std::string rows;
    for (const auto& row : db.Query("SELECT version_num FROM alembic_version ORDER BY 1")) {
      rows += (rows.empty() ? "" : " ") + row[0].value_or("");
    }
    CHECK(rows == step.rows);
    CHECK(Migrate(kDiveTable, url, {"current", "--version-table", "alembic_version"}).out ==
          step.current);
  }
}

TEST_CASE("cli: a recorded revision this build does not know", "[cli]") {
  ScopedTempDir dir;
  {
    driver::SqliteConnection db(dir.File("app.db"));
    runtime::VersionStore store(db);
    store.EnsureTables();
    store.WriteHeads({"9999_newer"});
  }
  CliResult r =
      Migrate(kDiveTable, dir.SqliteUrl("app.db"), {"upgrade", "heads"});
  CHECK(r.code == 1);
  CHECK(r.err ==
        "migrate: error: the database is at revision '9999_newer', which this "
        "migrate does not know\n"
        "migrate: note: it was migrated by another build; run that build's "
        "migrate, or 'migrate stamp REV' if you are sure of the schema\n");
}

// ---------------------------------------------------------------------------
// Process-level tests with the retort_test_migrate executable.

TEST_CASE("process: argv, DATABASE_URL and exit codes", "[cli][process]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  ProcessResult r =
      RunProcess({RETORT_TEST_MIGRATE, "dive", "upgrade", "heads"}, dir.path(),
                 {"DATABASE_URL=" + url});
  CHECK(r.exit_code == 0);
  CHECK(r.err == "migrate: upgrading " + url + " (SQLite " +
                     driver::SqliteConnection(dir.File("app.db"))
                         .Query("SELECT sqlite_version()")[0][0]
                         .value_or("") +
                     "), 8 revisions pending\n");
  r = RunProcess({RETORT_TEST_MIGRATE, "dive", "downgrade", "-1", "--url", url},
                 dir.path());
  CHECK(r.exit_code == 0);
  CHECK(MaskDurations(r.out) == "downgrade audit_0002 -> unapplied (N ms)\n");
  r = RunProcess(
      {RETORT_TEST_MIGRATE, "dive", "--url", url, "upgrade", "0002_add_depht"},
      dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "migrate: error: unknown revision '0002_add_depht'\n"
        "migrate: note: did you mean '0002_add_depth'?\n");
  r = RunProcess({RETORT_TEST_MIGRATE, "linear", "--url", dir.SqliteUrl("l.db"),
                  "upgrade", "head"},
                 dir.path());
  CHECK(r.exit_code == 1);
}

TEST_CASE("process: two migrators at once apply each revision once",
          "[cli][process]") {
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("shared.db");
  for (int round = 0; round < 2; ++round) {
    // Round 0 starts from a missing file; round 1 from base with tables.
    if (round == 1) {
      REQUIRE(RunProcess({RETORT_TEST_MIGRATE, "many", "--url", url,
                          "downgrade", "base"},
                         dir.path())
                  .exit_code == 0);
    }
    Process a({RETORT_TEST_MIGRATE, "many", "--url", url, "upgrade", "head"},
              dir.path());
    Process b({RETORT_TEST_MIGRATE, "many", "--url", url, "upgrade", "head"},
              dir.path());
    ProcessResult ra = a.Wait();
    ProcessResult rb = b.Wait();
    INFO("a: " << ra.out << ra.err << "b: " << rb.out << rb.err);
    CHECK(ra.exit_code == 0);
    CHECK(rb.exit_code == 0);

    driver::SqliteConnection db(dir.File("shared.db"));
    runtime::VersionStore store(db);
    CHECK(store.ReadHeads() == std::vector<std::string>{"0016_t15"});
    std::map<std::string, int> ups;
    for (const auto& e : store.ReadHistory()) {
      if (e.direction == "up") ++ups[e.revision + " " + e.outcome];
    }
    REQUIRE(ups.size() == 16);
    for (const auto& [key, count] : ups) {
      INFO(key);
      CHECK(key.ends_with(" ok"));
      CHECK(count == round + 1);
    }
    // Between them the two printed exactly one "applied" line per revision.
    std::string both = ra.out + rb.out;
    std::size_t applied = 0;
    for (std::size_t pos = 0;
         (pos = both.find("-> applied", pos)) != std::string::npos; ++pos) {
      ++applied;
    }
    CHECK(applied == 16);
    CHECK(db.Query("SELECT count(*) FROM t15")[0][0] == "20000");
  }
}

// ---------------------------------------------------------------------------
// Startup cost at 10,000 revisions.

TEST_CASE("cli: current, heads and a no-op upgrade at 10,000 revisions",
          "[cli][scale]") {
  constexpr std::uint32_t kCount = 10000;
  std::vector<std::string> ids, checksums;
  std::vector<std::uint32_t> indices(kCount);
  std::vector<table::Revision> revisions(kCount);
  static constexpr table::Statement kNoop[] = {{"SELECT 1", 1, 0}};
  for (std::uint32_t i = 0; i < kCount; ++i) {
    ids.push_back("r" + std::to_string(100000 + i));
    checksums.push_back("sum" + std::to_string(i));
    indices[i] = i;
  }
  for (std::uint32_t i = 0; i < kCount; ++i) {
    revisions[i] =
        MakeRevision(ids[i].c_str(), "m", "x.mig", checksums[i].c_str(),
                     i == 0 ? nullptr : &indices[i - 1], i == 0 ? 0 : 1,
                     List(kNoop), List(kNoop));
  }
  const table::MigrationTable big{table::kAbiVersion, "test", revisions.data(),
                                  kCount, 3u};

  ScopedTempDir dir;
  {
    // Fully applied, with one history row per revision (as after upgrades).
    driver::SqliteConnection db(dir.File("big.db"));
    runtime::VersionStore store(db);
    driver::Transaction tx(db);
    store.EnsureTables();
    store.WriteHeads({ids.back()});
    for (std::uint32_t i = 0; i < kCount; ++i) {
      store.AppendHistory({0, ids[i], "up", checksums[i],
                           "2024-01-01T00:00:00.000Z", 1, "test", "ok", ""});
    }
    tx.Commit();
  }
  const std::string url = dir.SqliteUrl("big.db");
  // Speed is measured by the benchmark, not here (timing asserts are flaky
  // on shared machines); this checks the answers at that size.
  auto run = [&](std::vector<std::string> args, std::string expected_out) {
    CliResult r = Migrate(big, url, std::move(args));
    CHECK(r.code == 0);
    CHECK(r.out == expected_out);
  };
  run({"current"}, ids.back() + " (head)\n");
  run({"upgrade", "head"}, "nothing to upgrade; database is at " + ids.back() + "\n");
  run({"heads"}, ids.back() + " (head)\n");
}

}  // namespace
}  // namespace retort::testing
