// Tests for front/sql_text.cpp (splitting raw SQL blocks into statements)
// and lower/sql_text.cpp (quoting identifiers and strings).
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "front/sql_text.h"
#include "lower/sql_text.h"

namespace retort {
namespace {

using front::SplitSqlStatements;
using Statements = std::vector<std::string>;

TEST_CASE("SplitSqlStatements: top-level semicolons, trimmed") {
  CHECK(SplitSqlStatements("SELECT 1; SELECT 2;") == Statements{"SELECT 1", "SELECT 2"});
  CHECK(SplitSqlStatements("\n  INSERT INTO t VALUES (1);\n\tUPDATE t SET a = 2\n") ==
        Statements{"INSERT INTO t VALUES (1)", "UPDATE t SET a = 2"});
  CHECK(SplitSqlStatements("SELECT 1") == Statements{"SELECT 1"});
}

TEST_CASE("SplitSqlStatements: empty input and empty pieces") {
  CHECK(SplitSqlStatements("").empty());
  CHECK(SplitSqlStatements("   \n\t ").empty());
  CHECK(SplitSqlStatements(";;  ;\n").empty());
  CHECK(SplitSqlStatements("a;;b") == Statements{"a", "b"});
}

TEST_CASE("SplitSqlStatements: semicolons inside quotes") {
  CHECK(SplitSqlStatements("INSERT INTO t VALUES ('a;b'); SELECT 2") ==
        Statements{"INSERT INTO t VALUES ('a;b')", "SELECT 2"});
  CHECK(SplitSqlStatements("SELECT \"odd;name\" FROM t; x") ==
        Statements{"SELECT \"odd;name\" FROM t", "x"});
  CHECK(SplitSqlStatements("SELECT `a;b` FROM t; x") ==
        Statements{"SELECT `a;b` FROM t", "x"});
}

TEST_CASE("SplitSqlStatements: doubled quotes stay inside the string") {
  CHECK(SplitSqlStatements("SELECT 'it''s; fine'; x") ==
        Statements{"SELECT 'it''s; fine'", "x"});
  CHECK(SplitSqlStatements("SELECT \"a\"\";b\"; x") ==
        Statements{"SELECT \"a\"\";b\"", "x"});
  CHECK(SplitSqlStatements("SELECT ''; x") == Statements{"SELECT ''", "x"});
}

TEST_CASE("SplitSqlStatements: backslash escapes in quoted strings") {
  CHECK(SplitSqlStatements("SELECT 'a\\'; b'; c") ==
        Statements{"SELECT 'a\\'; b'", "c"});
  CHECK(SplitSqlStatements("SELECT 'a\\\\'; c") == Statements{"SELECT 'a\\\\'", "c"});
  // Not in backquoted identifiers.
  CHECK(SplitSqlStatements("SELECT `a\\`; c") == Statements{"SELECT `a\\`", "c"});
}

TEST_CASE("SplitSqlStatements: semicolons inside comments") {
  CHECK(SplitSqlStatements("SELECT 1 -- first; really\n; SELECT 2") ==
        Statements{"SELECT 1 -- first; really", "SELECT 2"});
  CHECK(SplitSqlStatements("SELECT /* ; */ 1; SELECT 2") ==
        Statements{"SELECT /* ; */ 1", "SELECT 2"});
  CHECK(SplitSqlStatements("SELECT 1 # mysql; comment\n;x") ==
        Statements{"SELECT 1 # mysql; comment", "x"});
  // A comment before a statement stays with it.
  CHECK(SplitSqlStatements("SELECT 1; -- next\nSELECT 2;") ==
        Statements{"SELECT 1", "-- next\nSELECT 2"});
  // Comment markers inside strings are text.
  CHECK(SplitSqlStatements("SELECT '--'; SELECT '/*'; SELECT 3") ==
        Statements{"SELECT '--'", "SELECT '/*'", "SELECT 3"});
}

TEST_CASE("SplitSqlStatements: trailing comment-only pieces are dropped") {
  CHECK(SplitSqlStatements("SELECT 1; -- done") == Statements{"SELECT 1"});
  CHECK(SplitSqlStatements("SELECT 1;\n/* end;\n */\n# bye\n") == Statements{"SELECT 1"});
  CHECK(SplitSqlStatements("-- only a comment").empty());
  CHECK(SplitSqlStatements("/* unterminated ; comment").empty());
}

TEST_CASE("SplitSqlStatements: unterminated quote swallows the rest") {
  CHECK(SplitSqlStatements("SELECT 'abc; def; ghi") ==
        Statements{"SELECT 'abc; def; ghi"});
}

TEST_CASE("QuoteIdentifier doubles the quote character") {
  CHECK(lower::QuoteIdentifier("users", '"') == "\"users\"");
  CHECK(lower::QuoteIdentifier("we\"ird", '"') == "\"we\"\"ird\"");
  CHECK(lower::QuoteIdentifier("a`b", '`') == "`a``b`");
  CHECK(lower::QuoteIdentifier("a\"b", '`') == "`a\"b`");
  CHECK(lower::QuoteIdentifier("order", '`') == "`order`");
  CHECK(lower::QuoteIdentifier("", '"') == "\"\"");
}

TEST_CASE("QuoteString doubles single quotes") {
  CHECK(lower::QuoteString("plain") == "'plain'");
  CHECK(lower::QuoteString("it's") == "'it''s'");
  CHECK(lower::QuoteString("''") == "''''''");
  CHECK(lower::QuoteString("") == "''");
  CHECK(lower::QuoteString("back\\slash") == "'back\\slash'");
}

TEST_CASE("JoinQuoted") {
  CHECK(lower::JoinQuoted({}, '"').empty());
  CHECK(lower::JoinQuoted({"a"}, '"') == "\"a\"");
  CHECK(lower::JoinQuoted({"a", "b`c", "d"}, '`') == "`a`, `b``c`, `d`");
}

}  // namespace
}  // namespace retort
