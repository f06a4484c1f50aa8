/// `retortc drift --from-db URL`: is the live database's schema the one the
/// migrations build at the revision(s) it records? The check Alembic users
/// run as `alembic check`, against a real database. (The executor's own
/// `migrate check`, without the compiler, is still to come.) Issue 10.
#pragma once

#include <ostream>
#include <string>

namespace retort::introspect {

struct DriftOptions {
  std::string url;
  std::string dir;
  std::string at;             ///< a revision (as `retortc schema --at`); empty: recorded
  std::string version_table;  ///< empty: retort_version
};

/// Exit 0 when the schemas are equal; 3 with the differences on `out`
/// (what was done to the database, as operations of the language, and
/// notes) when not; 1 on an error.
int RunDrift(const DriftOptions& options, std::ostream& out, std::ostream& err);

}  // namespace retort::introspect
