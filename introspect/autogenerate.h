/// `retortc revision --autogenerate --from-db URL`: the operations that turn
/// the migrations' head into a live database's schema, as the body of a new
/// revision to review. Issue 10, item 3.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "check/revision_graph.h"

namespace retort::introspect {

/// Reads the database at `url` (MySQL/MariaDB) and diffs the schema after
/// `parents` against it. Fills `body` with the revision's operations, with
/// a `-- note:` line for each difference the language cannot say; leaves it
/// empty when there is nothing to generate (the notes, if any, then go to
/// `err` as warnings). Returns an exit code; errors go to `err`.
/// The desired schema comes from the database at `url`, or, when `url` is
/// empty, from the model directory `model_dir`.
int Autogenerate(const std::string& url, const std::string& model_dir,
                 const check::RevisionGraph& graph, const std::vector<std::string>& parents,
                 std::string& body, std::ostream& err);

}  // namespace retort::introspect
