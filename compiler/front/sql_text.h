/// Helpers for the raw SQL of `sql """..."""` blocks: splitting a block into
/// statements at top-level semicolons (outside quotes and comments).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::front {

/// Splits `text` into trimmed, non-empty statements without their final ';'.
std::vector<std::string> SplitSqlStatements(std::string_view text);

}  // namespace retort::front
