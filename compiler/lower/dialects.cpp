#include "lower/dialect.h"

namespace retort::lower {

std::vector<std::unique_ptr<Dialect>> MakeDialects() {
  std::vector<std::unique_ptr<Dialect>> dialects;
  dialects.push_back(MakeSqliteDialect());
  dialects.push_back(MakeMysqlDialect());
  return dialects;
}

}  // namespace retort::lower
