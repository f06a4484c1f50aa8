/// MySQL/MariaDB column spellings read back into the language.
#pragma once

#include <optional>
#include <string>

#include "front/ast.h"

namespace retort::introspect {

/// information_schema's COLUMN_TYPE ("int(11) unsigned", "enum('a','b')",
/// "tinyint(1)" as boolean) as a language type; nullopt for a type the
/// language does not have. MariaDB's json is `longtext` here: the caller
/// knows it by its json_valid check.
std::optional<ast::ColumnType> ParseMysqlType(const std::string& column_type);

/// COLUMN_DEFAULT as a language default: MariaDB quotes strings and writes
/// expressions bare, and shows 'NULL' for a nullable column without one;
/// MySQL 8 (`mysql8`) writes values bare and marks expressions with
/// DEFAULT_GENERATED (`generated_default`). nullopt: no default.
std::optional<ast::DefaultValue> ParseMysqlDefault(const std::optional<std::string>& text,
                                                   const ast::ColumnType& type, bool mysql8,
                                                   bool generated_default);

}  // namespace retort::introspect
