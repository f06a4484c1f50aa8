/// The parts of SQLite's stored CREATE TABLE / CREATE TRIGGER text that its
/// pragmas do not give back: constraint names, CHECK expressions (the
/// column checks that carry a type's meaning, and named table checks),
/// AUTOINCREMENT and generated-column expressions. A tokenizer and a walk
/// over the top-level definitions; everything else comes from pragmas.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::introspect::sqlite {

struct Token {
  enum class Kind { kWord, kQuoted, kString, kNumber, kPunct };
  Kind kind = Kind::kPunct;
  std::string text;  ///< a quoted identifier or string unquoted; words as written
  std::size_t begin = 0, end = 0;  ///< byte range in the statement

  bool Is(std::string_view word) const;  ///< a bare word, case-insensitively
  bool IsName() const { return kind == Kind::kWord || kind == Kind::kQuoted; }
};

std::vector<Token> Tokenize(std::string_view sql);

struct ColumnDdl {
  std::string name;
  bool autoincrement = false;
  std::string generated;            ///< GENERATED ALWAYS AS (expr): expr
  std::vector<std::string> checks;  ///< column CHECK expressions, as written
};

/// A table-level constraint.
struct ConstraintDdl {
  enum class Kind { kPrimaryKey, kUnique, kCheck, kForeignKey };
  Kind kind = Kind::kCheck;
  std::string name;                  ///< CONSTRAINT name; "" when unnamed
  std::string expression;            ///< kCheck
  std::vector<std::string> columns;  ///< kUnique, kForeignKey, kPrimaryKey
  std::string ref_table;             ///< kForeignKey
};

struct TableDdl {
  std::vector<ColumnDdl> columns;
  std::vector<ConstraintDdl> constraints;
  /// Foreign keys written on a column (`REFERENCES t`): unnamed, by column.
  std::vector<std::string> inline_reference_columns;
};

/// Throws std::runtime_error on text that is not a CREATE TABLE statement.
TableDdl ParseCreateTable(std::string_view sql);

struct TriggerDdl {
  std::string timing;  ///< "before", "after" ("instead of" is refused by the caller)
  std::string event;   ///< "insert", "update", "delete"
  std::string body;    ///< between BEGIN and the final END
};
TriggerDdl ParseCreateTrigger(std::string_view sql);

/// The select of `CREATE VIEW name AS select`.
std::string ViewBody(std::string_view sql);

}  // namespace retort::introspect::sqlite
