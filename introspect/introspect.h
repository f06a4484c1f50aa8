/// Reading a live database's schema into the compiler's model
/// (check::SchemaState), so that it can be compared with the schema the
/// migrations build, or written out as a revision (`retortc baseline`).
/// One place for retortc and, later, `migrate`. Issue 10.
#pragma once

#include <stdexcept>
#include <string>

#include "check/schema_state.h"
#include "driver/connection.h"

namespace retort::introspect {

/// A construct the database holds that the language cannot say (an unknown
/// column type, an index kind), named with its table and column: never
/// guessed, never dropped.
class UnsupportedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The application schema of the connected MySQL/MariaDB database: its
/// tables (every column attribute, keys, indexes, foreign keys with actions,
/// checks, options), views, triggers and events. Retort's and Alembic's
/// version tables are left out, and `version_table` when given. InnoDB's own foreign-key indexes are left
/// out too (recreating the key recreates them), and MariaDB's json_valid
/// check is read back as a `json` column. Throws UnsupportedError,
/// driver::DbError.
check::SchemaState ReadMysql(driver::Connection& connection,
                             const std::string& version_table = {});

/// The same for SQLite, from sqlite_master, the pragmas and the stored
/// CREATE text: the column checks the SQLite dialect writes for what
/// affinity loses (unsigned, enum, bit, set, uuid) are read back as the
/// type. Throws UnsupportedError, driver::DbError.
check::SchemaState ReadSqlite(driver::Connection& connection,
                              const std::string& version_table = {});

/// `schema` as an SQLite database built by the compiler's statements holds
/// it, which is what ReadSqlite gives back: types by what SQLite keeps
/// (json and the text types are text, binary types and geometry blob, year
/// smallint, no fractional seconds or SRIDs), no charsets, comments,
/// options, events, spatial or fulltext indexes or prefixes. Compare a
/// read SQLite database with this, never with the simulated schema.
check::SchemaState AsSqliteStores(const check::SchemaState& schema);

/// For a baseline from SQLite: an `INTEGER PRIMARY KEY AUTOINCREMENT` key
/// takes the type of the columns whose foreign keys reference it, when they
/// all have one (SQLite keeps `bigint unsigned` keys as INTEGER; the language
/// wants a key and its references of one type).
check::SchemaState AlignRowidKeys(const check::SchemaState& schema);

}  // namespace retort::introspect
