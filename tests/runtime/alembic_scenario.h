/// One scenario over the kDive table (branches, a merge, a labelled root
/// whose child depends_on a revision of the main line) run through the
/// `migrate` command line with `--version-table alembic_version`, for SQLite
/// and MariaDB alike: after each command, the rows Alembic would hold.
#pragma once

#include <string>
#include <vector>

namespace retort::testing {

struct AlembicStep {
  std::vector<std::string> args;  ///< migrate arguments (without the table)
  std::string rows;               ///< alembic_version rows, sorted, space-separated
  std::string current;            ///< `migrate current` output
};

inline const std::vector<AlembicStep> kAlembicScenario = {
    // A label's head: 0003_tags comes in only as audit_0002's dependency,
    // so it has no row; `current` still shows it.
    {{"upgrade", "audit@head"}, "audit_0002", "0003_tags\naudit_0002 (head)\n"},
    {{"upgrade", "0005_notes"}, "0005_notes audit_0002",
     "0005_notes (head)\naudit_0002 (head)\n"},
    // downgrade REV keeps what depends on REV itself.
    {{"downgrade", "0003_tags"}, "0003_centers audit_0002",
     "0003_tags\n0003_centers\naudit_0002 (head)\n"},
    // LABEL@base: the labelled line goes, what it depended on stays.
    {{"downgrade", "audit@base"}, "0003_centers 0003_tags", "0003_tags\n0003_centers\n"},
    {{"upgrade", "audit"}, "0003_centers 0003_tags audit_root",
     "0003_tags\n0003_centers\naudit_root\n"},
    {{"downgrade", "base"}, "", ""},
};

}  // namespace retort::testing
