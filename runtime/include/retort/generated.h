/// The migration table that retortc generates for an application. The
/// generated .cpp defines it; `migrate_entry.cpp` hands it to the executor.
#pragma once

#include "retort/table.h"

namespace retort::generated {

extern const table::MigrationTable kTable;

}  // namespace retort::generated
