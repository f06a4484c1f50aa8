// When a derived downgrade fails, the message says it was the undo of an
// operation (not the operation as written) and what to do (issue 9).
#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "compiled_table.h"
#include "driver/sqlite_connection.h"
#include "migrate_cli.h"
#include "pipeline.h"
#include "test_util.h"

namespace retort::testing {
namespace {

TEST_CASE("a failing derived downgrade names the undo, not the operation") {
  source::SourceSet sources;
  sources.Add("m/r1.mig", "revision r1 message \"t\"\n"
                          "create table t { id integer primary key; name varchar(20) not null; }\n");
  sources.Add("m/r2.mig", "revision r2 parent r1 message \"optional names\"\n"
                          "alter table t { alter column name drop not null; }\n");
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> history = Compile(sources, "m", engine);
  REQUIRE(history.has_value());
  CompiledTable table(std::move(*history));
  ScopedTempDir dir;
  const std::string url = dir.SqliteUrl("app.db");
  auto migrate = [&](std::vector<std::string> args, std::string& err) {
    args.insert(args.begin(), {"--url", url});
    std::ostringstream out, errors;
    int code = cli::MigrateMain(std::move(args), table.table(), out, errors, {});
    err = errors.str();
    return code;
  };
  std::string err;
  REQUIRE(migrate({"upgrade", "head"}, err) == 0);
  {
    driver::SqliteConnection db(dir.File("app.db"));
    db.Execute("INSERT INTO t (id, name) VALUES (1, NULL)");
  }
  CHECK(migrate({"downgrade", "-1"}, err) == 1);
  CHECK(err.find("migrate: error: downgrade of revision r2: the undo of the operation at "
                 "m/r2.mig:2 failed at statement ") != std::string::npos);
  CHECK(err.find("migrate: note: rolled back; database is still at r2. The undo of a "
                 "declarative operation is derived from the schema") != std::string::npos);
  CHECK(err.find("Fix the migration") == std::string::npos);
}

}  // namespace
}  // namespace retort::testing
