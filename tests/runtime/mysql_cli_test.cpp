// `migrate` processes against a real MariaDB: --wait, the migration lock,
// failed revisions and resolve, Alembic takeover. Every run's output is
// checked for the password (RunMigrate).
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "alembic_scenario.h"
#include "mysql_test_util.h"
#include "version_store.h"

namespace retort::testing {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("mysql cli: --wait rides out a server that starts 10 s late",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  // A port nothing listens on yet; the late server takes it.
  const int port =
      server->port + 1000 > 65000 ? server->port - 1000 : server->port + 1000;
  const std::string password = "late-server-secret-pw";
  const std::string url =
      "mysql://retort:" + password + "@127.0.0.1:" + std::to_string(port) + "/";
  const std::string late_dir = dir.File("late");
  auto started = std::chrono::steady_clock::now();
  Process waiter = StartMigrate(
      {"mysql", "wait", "--timeout", "60", "--url", url}, dir.path());
  std::this_thread::sleep_for(std::chrono::seconds(10));
  ProcessResult start =
      RunProcess({RETORT_SOURCE_DIR "/scripts/mariadb-test-server.sh", "start",
                  late_dir, std::to_string(port)},
                 dir.path(), {"RETORT_TEST_MYSQL_PASSWORD=" + password});
  INFO(start.err);
  REQUIRE(start.exit_code == 0);
  ProcessResult waited = waiter.Wait();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  RunProcess(
      {RETORT_SOURCE_DIR "/scripts/mariadb-test-server.sh", "stop", late_dir},
      dir.path());
  INFO(waited.out << waited.err);
  CHECK(waited.exit_code == 0);
  CHECK(seconds >= 10);
  CHECK(Contains(waited.err,
                 "migrate: waiting for mysql://retort:***@127.0.0.1:" +
                     std::to_string(port) + "/ (attempt 1, 0 s elapsed): "));
  CHECK(Contains(waited.err, "(attempt 5,"));
  CHECK(Contains(waited.out, "is accepting connections"));
  CHECK_FALSE(Contains(waited.out + waited.err, password));
}

TEST_CASE("mysql cli: authentication and unknown database fail at once",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string wrong = "mysql://retort:not-the-password@127.0.0.1:" +
                            std::to_string(server->port) + "/";
  auto started = std::chrono::steady_clock::now();
  ProcessResult r = RunMigrate(
      *server, {"mysql", "upgrade", "head", "--wait", "60", "--url", wrong},
      dir.path());
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err,
                 "migrate: error: cannot connect to "
                 "mysql://retort:***@127.0.0.1:"));
  CHECK(Contains(r.err, "[1045] Access denied"));
  CHECK(Contains(r.err, "authentication failed (not retried)"));
  CHECK_FALSE(Contains(r.err, "not-the-password"));
  CHECK_FALSE(Contains(r.err, "waiting for"));

  r = RunMigrate(*server,
                 {"mysql", "wait", "--url", server->url + "no_such_db_here"},
                 dir.path());
  CHECK(r.exit_code == 2);
  CHECK(Contains(r.err, "[1049] Unknown database"));

  r = RunMigrate(*server,
                 {"mysql", "wait", "--timeout", "3", "--interval", "1", "--url",
                  "mysql://retort:" + server->password + "@127.0.0.1:1/x"},
                 dir.path());
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err, "still unreachable after"));
  // The last attempt is made at the deadline, not an interval before it.
  CHECK(Contains(r.err, " attempts (3 s)"));
}

TEST_CASE("mysql cli: 8 migrators at once apply each revision exactly once",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_lock8");
  std::vector<Process> migrators;
  for (int i = 0; i < 8; ++i) {
    migrators.push_back(
        StartMigrate({"mysql", "upgrade", "head", "--url", url}, dir.path()));
  }
  int waited_lines = 0;
  for (Process& p : migrators) {
    ProcessResult r = p.Wait();
    CheckNoPassword(*server, r);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    if (Contains(r.err,
                 "waiting for the migration lock 'retort:cli_lock8."
                 "retort_version', held by connection ")) {
      ++waited_lines;
    }
  }
  CHECK(waited_lines > 0);  // the run takes ~0.5 s, status every 2 s: some
  auto db = Open(url);
  runtime::VersionStore store(*db);
  CHECK(store.ReadHeads() == std::vector<std::string>{"0004_tags"});
  std::map<std::string, int> ups;
  for (const auto& e : store.ReadHistory()) {
    CHECK(e.outcome == "ok");
    if (e.direction == "up") ++ups[e.revision];
  }
  CHECK(ups == std::map<std::string, int>{{"0001_users", 1},
                                          {"0002_sites", 1},
                                          {"0003_email", 1},
                                          {"0004_tags", 1}});
}

TEST_CASE("mysql cli: a held lock makes --lock-timeout exit 1 naming it",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_lock_held");
  auto holder = Open(url);
  holder->Query("SELECT GET_LOCK('retort:cli_lock_held.retort_version', 0)");
  const std::string holder_id = *holder->Query("SELECT CONNECTION_ID()")[0][0];
  ProcessResult r = RunMigrate(
      *server,
      {"mysql", "upgrade", "head", "--lock-timeout", "2", "--url", url},
      dir.path());
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err,
                 "migrate: error: timed out after 2 s waiting for the "
                 "migration lock 'retort:cli_lock_held.retort_version',"
                 " held by connection " +
                     holder_id + " from 127.0.0.1:"));
  CHECK(Contains(r.err, "--lock-timeout"));
  // Nothing ran.
  CHECK_FALSE(holder->TableExists("users"));
  holder->Query("SELECT RELEASE_LOCK('retort:cli_lock_held.retort_version')");
  r = RunMigrate(*server, {"mysql", "upgrade", "head", "--url", url},
                 dir.path());
  CHECK(r.exit_code == 0);
}

TEST_CASE("mysql cli: an impossible compensation blocks until resolve",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_failed");
  ProcessResult r = RunMigrate(
      *server, {"mysql_raw", "upgrade", "head", "--url", url}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err,
                 "migrate: error: revision 0002_raw (0002_raw.mig:6) "
                 "failed at statement 2 of 2: [1146] Table "
                 "'cli_failed.raw_missing' doesn't exist\n"));
  CHECK(Contains(r.err,
                 "could not compensate: statement 1 of the same "
                 "operation (line 6) had already run; revision "
                 "0002_raw is marked failed at statement 2"));
  CHECK(Contains(r.err,
                 "'migrate resolve 0002_raw --applied' or 'migrate "
                 "resolve 0002_raw --rolled-back'"));
  for (std::vector<std::string> args :
       {std::vector<std::string>{"upgrade", "head"},
        std::vector<std::string>{"downgrade", "base"},
        std::vector<std::string>{"stamp", "head"}}) {
    args.insert(args.begin(), "mysql_raw");
    args.insert(args.end(), {"--url", url});
    r = RunMigrate(*server, args, dir.path());
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.err, "revision 0002_raw was left failed during its up"));
    CHECK(Contains(r.err, "migrate resolve 0002_raw --applied"));
  }
  // Nothing to resolve about an applied revision.
  r = RunMigrate(
      *server,
      {"mysql_raw", "resolve", "0001_users", "--applied", "--url", url},
      dir.path());
  CHECK(r.exit_code == 2);
  // The operator drops the half-made table and resolves.
  Open(url)->Execute("DROP TABLE raw_a");
  r = RunMigrate(
      *server,
      {"mysql_raw", "resolve", "0002_raw", "--rolled-back", "--url", url},
      dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "resolve 0002_raw -> recorded as rolled back; database is "
        "at 0001_users\n");
  r = RunMigrate(*server, {"mysql_raw", "--json", "current", "--url", url},
                 dir.path());
  CHECK(r.out == "{\"heads\":[\"0001_users\"]}\n");
  // --applied records the revision as applied.
  Open(url)->Execute("CREATE TABLE raw_missing (id INT)");
  r = RunMigrate(*server, {"mysql_raw", "upgrade", "head", "--url", url},
                 dir.path());
  CHECK(r.exit_code == 0);
}

TEST_CASE("mysql cli: a crashed migrator's running row blocks later runs",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_running");
  CHECK(RunMigrate(*server, {"mysql", "upgrade", "0001_users", "--url", url},
                   dir.path())
            .exit_code == 0);
  auto db = Open(url);
  runtime::VersionStore store(*db);
  store.StartHistory(
      {0, "0002_sites", "up", "0002_sites", "t", 0, "x", "running", "", 1});
  ProcessResult r = RunMigrate(
      *server, {"mysql", "upgrade", "head", "--url", url}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err,
                 "revision 0002_sites was left running during its up "
                 "(started t, statement 1 done when its migrator "
                 "stopped)"));
  r = RunMigrate(*server,
                 {"mysql", "resolve", "0002", "--applied", "--url", url},
                 dir.path());
  CHECK(r.exit_code == 0);
  CHECK(store.ReadHeads() == std::vector<std::string>{"0002_sites"});
}

TEST_CASE("mysql cli: alembic_version holds Alembic's rows through labels and depends_on",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_alembic_rows");
  auto db = Open(url);
  for (const AlembicStep& step : kAlembicScenario) {
    // The dive table carries no MySQL statements: only the rows move.
    std::vector<std::string> args{"dive"};
    args.insert(args.end(), step.args.begin(), step.args.end());
    args.insert(args.end(), {"--version-table", "alembic_version", "--url", url});
    INFO(step.args[0] << " " << step.args[1]);
    ProcessResult r = RunMigrate(*server, args, dir.path());
    CHECK(r.exit_code == 0);
    std::string rows;
    for (const auto& row : db->Query("SELECT version_num FROM alembic_version ORDER BY 1")) {
      rows += (rows.empty() ? "" : " ") + row[0].value_or("");
    }
    CHECK(rows == step.rows);
    r = RunMigrate(*server,
                   {"dive", "current", "--version-table", "alembic_version", "--url", url},
                   dir.path());
    CHECK(r.out == step.current);
  }
}

TEST_CASE("mysql cli: taking over Alembic's alembic_version table", "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_alembic");
  auto db = Open(url);
  // Exactly as Alembic creates and fills it.
  db->Execute(
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
      "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
  db->Execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
  db->Execute(
      "INSERT INTO alembic_version (version_num) VALUES ('ae1027a6acf')");
  const std::vector<std::string> table{"--version-table", "alembic_version",
                                       "--url", url};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), "mysql");
    args.insert(args.end(), table.begin(), table.end());
    return RunMigrate(*server, args, dir.path());
  };
  ProcessResult r = run({"current"});
  CHECK(r.exit_code == 1);  // an Alembic id this table does not know
  CHECK(Contains(r.err, "'ae1027a6acf'"));
  // The hand-made users table is not the one 0001_users builds: only
  // --force records it (the schema verification is tested in tests/e2e).
  r = run({"stamp", "0001_users"});
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.err, "does not have the schema of 0001_users"));
  r = run({"stamp", "0001_users", "--force"});
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.err, "replacing version rows this migrate does not know: ae1027a6acf"));
  r = run({"current"});
  CHECK(r.out == "0001_users\n");
  r = run({"--json", "upgrade", "head"});
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out,
                 "{\"event\":\"step\",\"revision\":\"0002_sites\","
                 "\"direction\":\"up\",\"outcome\":\"applied\""));
  CHECK(Contains(r.out,
                 "{\"event\":\"done\",\"command\":\"upgrade\","
                 "\"steps\":3,\"heads\":[\"0004_tags\"]}"));
  CHECK(db->Query("SELECT version_num FROM alembic_version")[0][0] ==
        "0004_tags");
  CHECK_FALSE(db->TableExists("retort_version"));
  CHECK(db->TableExists("retort_history"));
  // Created fresh, it has Alembic's shape.
  const std::string fresh = FreshDatabase(*server, "cli_alembic_new");
  CHECK(RunMigrate(*server,
                   {"mysql", "upgrade", "head", "--version-table",
                    "alembic_version", "--url", fresh},
                   dir.path())
            .exit_code == 0);
  auto created = Open(fresh);
  auto rows = created->Query(
      "SELECT COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS WHERE "
      "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "varchar(32)");
  CHECK(rows[0][1] == "NO");
  rows = created->Query(
      "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE "
      "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "PRIMARY");  // MySQL names every primary key PRIMARY
}

TEST_CASE("mysql cli: --verbose and --json show statements, never the password",
          "[mysql]") {
  auto server = RequireMysql();
  if (!server) return;
  ScopedTempDir dir;
  const std::string url = FreshDatabase(*server, "cli_output");
  ProcessResult r = RunMigrate(
      *server, {"mysql", "upgrade", "+1", "-v", "--url", url}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out,
                 "  0001_users up statement 1 of 2 (line 4): CREATE "
                 "TABLE users"));
  CHECK(Contains(r.out, "    done in "));
  r = RunMigrate(*server,
                 {"mysql", "--json", "upgrade", "head", "-v", "--url", url},
                 dir.path());
  CHECK(Contains(r.out,
                 "{\"event\":\"statement\",\"revision\":\"0002_sites\","
                 "\"phase\":\"up\",\"statement\":1,"));
  r = RunMigrate(*server, {"mysql", "--json", "history", "--log", "--url", url},
                 dir.path());
  CHECK(Contains(r.out, "\"outcome\":\"ok\""));
  r = RunMigrate(*server, {"mysql", "--json", "history", "--url", url},
                 dir.path());
  CHECK(Contains(r.out,
                 "{\"revision\":\"0004_tags\",\"parents\":[\"0003_email\"]"));
  r = RunMigrate(*server, {"mysql", "downgrade", "base", "-v", "--url", url},
                 dir.path());
  CHECK(r.exit_code == 0);
  CHECK(Contains(r.out,
                 "0004_tags down statement 1 of 1 (line 4): DROP TABLE tags"));
}

}  // namespace
}  // namespace retort::testing
