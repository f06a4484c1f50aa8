/// The difference between two schemas as operations of the language:
/// what turns the schema the migrations build (`from`) into another one
/// (`to`: a live database, read by introspect/). Issue 10, item 2.
#pragma once

#include <string>
#include <vector>

#include "check/schema_state.h"
#include "front/ast.h"

namespace retort::diff {

struct SchemaDiff {
  /// In an order that applies: objects and keys that go are dropped before
  /// what they stand on, tables are created before the keys that need them.
  std::vector<ast::Op> ops;
  /// What the operations do not say, one line each: a difference the
  /// language cannot express (a primary key, a table option), or a dropped
  /// and an added column of one type that may be a rename. Never silent.
  std::vector<std::string> notes;

  bool empty() const { return ops.empty() && notes.empty(); }
};

/// `defaults`: the project's MySQL table options, which a table of `from`
/// without its own has ("" compares as the server's, so not at all).
/// Compared as MySQL/MariaDB store them: tinyint(1) is boolean, a unique
/// column is its unique index, RESTRICT is the default action, defaults and
/// check expressions up to spelling. Views are compared by name only (the
/// server rewrites their text).
SchemaDiff Diff(const check::SchemaState& from, const check::SchemaState& to,
                const ast::TableOptions& defaults);

}  // namespace retort::diff
