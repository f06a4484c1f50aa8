/// Helpers for the raw SQL of `sql """..."""` blocks: splitting a block into
/// statements at top-level semicolons (outside quotes and comments).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::front {

/// Splits `text` into trimmed, non-empty statements without their final ';'.
std::vector<std::string> SplitSqlStatements(std::string_view text);

/// A string literal's contents: the quotes removed, `\n` `\t` `\"` and
/// `''` resolved.
std::string Unquote(const std::string& text);

/// A view, trigger or event body: `text` without surrounding whitespace and
/// trailing semicolons, kept whole.
std::string TrimBody(std::string_view text);

}  // namespace retort::front
