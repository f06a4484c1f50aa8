// A `migrate` executable for the tests: like migrate_entry.cpp, but the first
// argument picks a hand-written table ("dive", "linear", "many", "mysql" or
// "mysql_raw").
#include <cstdio>
#include <string>
#include <vector>

#include "migrate_cli.h"
#include "mysql_tables.h"
#include "test_tables.h"

namespace {

// "many": a chain of kManyCount revisions, each creating and filling a table,
// slow enough that two concurrent migrators really overlap.
constexpr std::uint32_t kManyCount = 16;

int RunMany(int argc, char** argv) {
  using retort::table::Revision;
  using retort::table::Statement;
  std::vector<std::string> ids, up_sql, down_sql;
  for (std::uint32_t i = 0; i < kManyCount; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%04u_t%u", i + 1, i);
    ids.emplace_back(id);
    std::string table = "t" + std::to_string(i);
    up_sql.push_back("CREATE TABLE " + table + " (x INTEGER); INSERT INTO " +
                     table +
                     " WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                     "FROM c WHERE x < 20000) SELECT x FROM c");
    down_sql.push_back("DROP TABLE " + table);
  }
  std::vector<std::uint32_t> indices(kManyCount);
  std::vector<Statement> ups(kManyCount), downs(kManyCount);
  std::vector<Revision> revisions(kManyCount);
  for (std::uint32_t i = 0; i < kManyCount; ++i) {
    indices[i] = i;
    ups[i] = {up_sql[i].c_str(), 3, 0};
    downs[i] = {down_sql[i].c_str(), 3, 0};
    revisions[i] = retort::testing::MakeRevision(
        ids[i].c_str(), "fill a table", "many.mig", "m",
        i == 0 ? nullptr : &indices[i - 1], i == 0 ? 0 : 1, {&ups[i], 1},
        {&downs[i], 1});
  }
  const retort::table::MigrationTable table{retort::table::kAbiVersion, "test",
                                            revisions.data(), kManyCount, 3u};
  return retort::cli::MigrateMain(argc, argv, table);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s dive|linear|many|mysql|mysql_raw <migrate arguments>\n",
                 argv[0]);
    return 2;
  }
  const std::string which = argv[1];
  if (which == "many") return RunMany(argc - 1, argv + 1);
  const auto& table = which == "linear"      ? retort::testing::kLinearTable
                      : which == "mysql"     ? retort::testing::kMysqlTable
                      : which == "mysql_raw" ? retort::testing::kMysqlRawTable
                                             : retort::testing::kDiveTable;
  return retort::cli::MigrateMain(argc - 1, argv + 1, table);
}
