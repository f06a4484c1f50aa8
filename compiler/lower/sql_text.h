/// Quoting helpers shared by the dialects.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "front/ast.h"

namespace retort::lower {

/// `name` between `quote` characters, with embedded quotes doubled. Every
/// identifier is quoted, so names that are SQL keywords always work.
std::string QuoteIdentifier(std::string_view name, char quote);
/// 'text' with embedded single quotes doubled.
std::string QuoteString(std::string_view text);
/// "a", "b", "c"
std::string JoinQuoted(const std::vector<std::string>& names, char quote);

/// CONSTRAINT "fk" FOREIGN KEY ("a") REFERENCES "t" ("id") ON DELETE CASCADE
/// (actions left out when they are the default, no action).
std::string ForeignKeySql(const ast::ForeignKey& key, char quote);

/// A column default as SQL: 'text', 42, 1/0 for booleans, NULL,
/// CURRENT_TIMESTAMP, (expression). With `backslash_escapes` (MySQL's
/// default mode) a backslash in text is doubled too, and CURRENT_TIMESTAMP
/// keeps its fractional digits (SQLite has no such form).
std::string DefaultLiteral(const ast::DefaultValue& value, bool backslash_escapes);

}  // namespace retort::lower
