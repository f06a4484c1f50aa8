// introspect/mysql_types: information_schema's spellings read back into the
// language, and refused where the language would lose something.
#include <catch2/catch.hpp>

#include "introspect/mysql_types.h"

namespace retort {
namespace {

using introspect::ParseMysqlDefault;
using introspect::ParseMysqlType;

std::string Spelled(const std::string& column_type) {
  auto type = ParseMysqlType(column_type);
  return type ? ast::TypeName(*type) : "(refused)";
}

TEST_CASE("column types read back as the language spells them") {
  CHECK(Spelled("int(11)") == "integer");
  CHECK(Spelled("int(10) unsigned") == "integer unsigned");
  CHECK(Spelled("int") == "integer");  // MySQL 8.0.19+ shows no width
  CHECK(Spelled("tinyint(1)") == "boolean");
  CHECK(Spelled("tinyint(3) unsigned") == "tinyint unsigned");
  CHECK(Spelled("bigint(20) unsigned") == "bigint unsigned");
  CHECK(Spelled("varchar(191)") == "varchar(191)");
  CHECK(Spelled("decimal(8,2) unsigned") == "decimal(8,2) unsigned");
  CHECK(Spelled("datetime(6)") == "datetime(6)");
  CHECK(Spelled("time(3)") == "time(3)");
  CHECK(Spelled("enum('a','it''s')") == "enum('a', 'it's')");
  CHECK(Spelled("set('x','y')") == "set('x', 'y')");
  CHECK(Spelled("bit(8)") == "bit(8)");
  CHECK(Spelled("uuid") == "uuid");
  CHECK(Spelled("year(4)") == "year");
}

TEST_CASE("what the language would lose is refused") {
  CHECK(Spelled("int(5)") == "(refused)");
  CHECK(Spelled("int(10) unsigned zerofill") == "(refused)");
  CHECK(Spelled("double(10,2)") == "(refused)");
  CHECK(Spelled("linestring") == "(refused)");
  CHECK(Spelled("varchar") == "(refused)");
}

TEST_CASE("MariaDB's defaults read back") {
  ast::ColumnType text{};
  text.kind = ast::TypeKind::kVarchar;
  using Kind = ast::DefaultValue::Kind;
  auto read = [&](const char* value) { return ParseMysqlDefault(std::string(value), text, false, false); };
  CHECK_FALSE(read("NULL").has_value());
  CHECK(read("'a\\\\b''c'")->text == "a\\b'c");
  CHECK(read("'a\\\\b''c'")->kind == Kind::kString);
  CHECK(read("1.50")->kind == Kind::kNumber);
  CHECK(read("current_timestamp(6)")->text == "6");
  CHECK(read("b'101'")->text == "5");
  CHECK(read("concat('x','y')")->kind == Kind::kExpression);
  CHECK_FALSE(ParseMysqlDefault(std::nullopt, text, false, false).has_value());
}

}  // namespace
}  // namespace retort
