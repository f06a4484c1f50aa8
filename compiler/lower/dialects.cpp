#include "lower/dialect.h"

namespace retort::lower {

std::vector<std::unique_ptr<Dialect>> MakeDialects(const project::Settings& settings) {
  std::vector<std::unique_ptr<Dialect>> dialects;
  if (settings.Targets(table::Dialect::kSqlite)) dialects.push_back(MakeSqliteDialect());
  bool limits_reported = false;
  for (table::Dialect id : {table::Dialect::kMysql, table::Dialect::kMariadb}) {
    if (!settings.Targets(id)) continue;
    dialects.push_back(MakeMysqlDialect(
        {id, settings.mysql_defaults,
         id == table::Dialect::kMysql ? settings.mysql_version : settings.mariadb_version,
         !limits_reported}));
    limits_reported = true;
  }
  return dialects;
}

}  // namespace retort::lower
