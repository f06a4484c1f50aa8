/// Project settings: `retort.toml` in the migrations directory, read by
/// retortc (and so by retort_add_migrations(), which runs it), the one
/// source of truth for which databases a project targets and the defaults
/// its MySQL/MariaDB tables get. Without the file a project targets every
/// dialect with the defaults below. docs/dsl.md, "Project settings".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "front/ast.h"
#include "retort/table.h"
#include "source/source_file.h"

namespace retort::project {

inline constexpr std::string_view kSettingsFileName = "retort.toml";

/// A server version, "10.11" or "8.0.32"; compared component-wise.
struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;

  auto operator<=>(const Version&) const = default;
  std::string ToString() const;
};

struct Settings {
  /// Targeted dialects, as table slots, in table::Dialect order.
  std::vector<table::Dialect> dialects = {table::Dialect::kSqlite, table::Dialect::kMysql,
                                          table::Dialect::kMariadb};
  /// Table options a MySQL/MariaDB table gets when it names none; an empty
  /// member is left to the server's default.
  ast::TableOptions mysql_defaults{"InnoDB", "utf8mb4", "utf8mb4_unicode_ci", ""};
  /// The table migrate records the heads in (`version_table`): compiled
  /// into the executor as its default.
  std::string version_table = "retort_version";
  Version mysql_version{8, 0, 0};
  Version mariadb_version{10, 11, 0};

  bool Targets(table::Dialect dialect) const;
  /// MySQL names indexes per table; SQLite per database. The stricter rule
  /// of the targeted dialects applies.
  bool IndexNamesPerTable() const { return !Targets(table::Dialect::kSqlite); }
  /// The longest revision id the version table holds: Alembic's
  /// alembic_version is VARCHAR(32), Retort's own VARCHAR(255).
  std::size_t MaxRevisionIdLength() const { return version_table == "alembic_version" ? 32 : 255; }
  bool TargetsMysqlFamily() const {
    return Targets(table::Dialect::kMysql) || Targets(table::Dialect::kMariadb);
  }
};

/// Parses the settings file `file` of `sources` (a small TOML subset:
/// comments, `[section]`, `key = "string"` and `key = ["a", "b"]`); every
/// problem is a diagnostic at its line and column, and the defaults stand
/// for what could not be read.
Settings ParseSettings(source::FileId file, const source::SourceSet& sources,
                       diag::DiagnosticEngine& engine);

/// True for the settings file's path (by its name).
bool IsSettingsFile(std::string_view path);

}  // namespace retort::project
