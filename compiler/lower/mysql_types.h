/// How MySQL and MariaDB spell the language's types, and how many bytes a
/// value takes in a row and in an index key (for InnoDB's limits).
#pragma once

#include <cstddef>
#include <string>

#include "front/ast.h"

namespace retort::lower {

/// TEXT/BLOB/JSON/geometry: stored off the row; no literal default, no key
/// without a prefix length.
bool IsLob(ast::TypeKind kind);
/// Binary strings: a prefix length counts bytes.
bool IsBinary(ast::TypeKind kind);
/// "INT UNSIGNED", "VARCHAR(20)", "POINT SRID 4326" (MySQL) or
/// "POINT REF_SYSTEM_ID=4326" (`mariadb`).
std::string TypeSql(const ast::ColumnType& type, bool mariadb);
/// The largest number of bytes a value takes in a row (LOBs: their pointer);
/// `per_char`: bytes per character of the column's charset.
std::size_t RowBytes(const ast::Column& column, std::size_t per_char);
/// Bytes a column takes in an index key.
std::size_t KeyBytes(const ast::Column& column, std::size_t per_char);

}  // namespace retort::lower
