/// `migrate resolve REV --auto`: after a revision was left failed or running
/// (MySQL/MariaDB run DDL without transactions), find which of its
/// operations are in effect by comparing the live schema with the schema
/// expected after each of them, finish the interrupted run from there, check
/// the result and record what was found. Issue 10, item 7.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "diff/schema_diff.h"
#include "driver/connection.h"
#include "retort/graph_view.h"
#include "runner.h"
#include "version_store.h"

namespace retort::runtime {

struct AutoResolution {
  std::string direction;           ///< of the interrupted run: "up" or "down"
  std::uint32_t ops_in_effect = 0;  ///< operations found in the schema
  bool inside_operation = false;     ///< and part of the next one
  std::uint32_t op_count = 0;
  std::uint32_t statements_run = 0;  ///< to finish the interrupted run
  bool applied = false;              ///< the revision is recorded as applied
  std::vector<std::uint32_t> heads;  ///< recorded afterwards
};

/// The database matches no state the revision passes through: nothing was
/// run or recorded. `nearest` is the diff from the closest one.
struct NoMatchingStateError {
  std::string revision;
  std::uint32_t nearest_ops = 0;  ///< operations in effect in the closest state
  std::uint32_t op_count = 0;
  diff::SchemaDiff nearest;
  std::string after;  ///< "" or what had run before the check: "after running 2 statements"
};

/// Several states match (operations the schema cannot see, such as raw
/// SQL): the operator must decide.
struct AmbiguousStateError {
  std::string revision;
  std::vector<std::uint32_t> positions;  ///< operations in effect, per match
};

/// A statement that finishes the run failed: the revision stays unresolved.
struct FinishFailedError {
  std::string revision;
  std::uint32_t ran = 0;        ///< statements that ran before it
  std::uint32_t remaining = 0;  ///< statements the finish needed
  std::string sql;
  driver::DbError cause;
};

/// Throws NothingToResolveError, NoMatchingStateError, AmbiguousStateError,
/// FinishFailedError, DbError (reading the schema failed).
AutoResolution ResolveAuto(driver::Connection& connection, VersionStore& store, Runner& runner,
                           const graph::GraphView& graph, std::uint32_t revision);

}  // namespace retort::runtime
