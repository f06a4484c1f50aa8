/// A compiler's CompiledHistory as an in-memory table::MigrationTable: what
/// the generated .cpp would hold, built at run time, so a test can compile a
/// history and run `migrate` on it in-process without building a binary.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "lower/compiled.h"
#include "retort/table.h"

namespace retort::testing {

/// Owns the history and every array the table points into; not copyable
/// or movable, so the pointers stay valid for its lifetime.
class CompiledTable {
 public:
  explicit CompiledTable(lower::CompiledHistory history);
  CompiledTable(const CompiledTable&) = delete;
  CompiledTable& operator=(const CompiledTable&) = delete;

  const table::MigrationTable& table() const { return table_; }

 private:
  struct RevisionStorage {
    std::vector<const char*> labels;
    std::array<std::vector<table::Statement>, table::kDialectCount> up;
    std::array<std::vector<table::Statement>, table::kDialectCount> down;
  };

  lower::CompiledHistory history_;
  std::vector<RevisionStorage> storage_;
  std::vector<table::Revision> revisions_;
  table::MigrationTable table_{};
};

}  // namespace retort::testing
