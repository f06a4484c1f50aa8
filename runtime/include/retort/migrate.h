/// The entry point of a `migrate` executable: retort_add_migrations()
/// compiles share/retort/migrate_entry.cpp, which calls this with the
/// generated table (retort/generated.h).
#pragma once

#include "retort/table.h"

namespace retort::cli {

/// Reads argv and the environment (DATABASE_URL, DATABASE_URL_FILE), runs
/// the command, writes to stdout/stderr; returns the exit code
/// (retort/exit_code.h).
int MigrateMain(int argc, char** argv, const table::MigrationTable& table);

}  // namespace retort::cli
