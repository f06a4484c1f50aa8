#include "lower/mysql_types.h"

#include <cctype>

#include "lower/sql_text.h"

namespace retort::lower {

using ast::TypeKind;

bool IsLob(TypeKind kind) {
  switch (kind) {
    case TypeKind::kText:
    case TypeKind::kTinytext:
    case TypeKind::kMediumtext:
    case TypeKind::kLongtext:
    case TypeKind::kBlob:
    case TypeKind::kTinyblob:
    case TypeKind::kMediumblob:
    case TypeKind::kLongblob:
    case TypeKind::kJson:
    case TypeKind::kPoint:
    case TypeKind::kGeometry:
      return true;
    default:
      return false;
  }
}

// Binary strings: a prefix length counts bytes.
bool IsBinary(TypeKind kind) {
  switch (kind) {
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
    case TypeKind::kBlob:
    case TypeKind::kTinyblob:
    case TypeKind::kMediumblob:
    case TypeKind::kLongblob:
      return true;
    default:
      return false;
  }
}

namespace {
std::string CoreTypeSql(const ast::ColumnType& type, bool mariadb);
}  // namespace

// MySQL spells the wider types as the DSL does, in capitals.
std::string TypeSql(const ast::ColumnType& type, bool mariadb) {
  std::string sql;
  switch (type.kind) {
    case TypeKind::kTinyint:
    case TypeKind::kMediumint:
    case TypeKind::kChar:
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
    case TypeKind::kTime:
    case TypeKind::kYear:
    case TypeKind::kTinytext:
    case TypeKind::kMediumtext:
    case TypeKind::kLongtext:
    case TypeKind::kTinyblob:
    case TypeKind::kMediumblob:
    case TypeKind::kLongblob:
    case TypeKind::kDatetime:
    case TypeKind::kTimestamp: {
      sql = ast::BaseTypeName(type);
      for (char& c : sql) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      break;
    }
    default:
      sql = CoreTypeSql(type, mariadb);
  }
  return type.is_unsigned ? sql + " UNSIGNED" : sql;
}

namespace {

std::string CoreTypeSql(const ast::ColumnType& type, bool mariadb) {
  switch (type.kind) {
    case TypeKind::kInteger:
      return "INT";
    case TypeKind::kBigint:
      return "BIGINT";
    case TypeKind::kSmallint:
      return "SMALLINT";
    case TypeKind::kBoolean:
      return "TINYINT(1)";
    case TypeKind::kVarchar:
      return "VARCHAR(" + std::to_string(type.length) + ")";
    case TypeKind::kText:
      return "TEXT";
    case TypeKind::kDecimal:
      return "DECIMAL(" + std::to_string(type.precision) + ", " +
             std::to_string(type.scale) + ")";
    case TypeKind::kFloat:
      return "FLOAT";
    case TypeKind::kDouble:
      return "DOUBLE";
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kDatetime:
      return "DATETIME";
    case TypeKind::kTimestamp:
      return "TIMESTAMP";
    case TypeKind::kJson:
      return "JSON";
    case TypeKind::kBlob:
      return "BLOB";
    case TypeKind::kPoint:
    case TypeKind::kGeometry: {
      std::string sql = type.kind == TypeKind::kPoint ? "POINT" : "GEOMETRY";
      if (type.srid) {
        sql += (mariadb ? " REF_SYSTEM_ID=" : " SRID ") + std::to_string(type.srid);
      }
      return sql;
    }
    case TypeKind::kEnum:
    case TypeKind::kSet: {
      std::string values;
      for (const std::string& value : type.values) {
        values += (values.empty() ? "" : ", ") + QuoteString(value);
      }
      return (type.kind == TypeKind::kEnum ? "ENUM(" : "SET(") + values + ")";
    }
    case TypeKind::kBit:
      return "BIT(" + std::to_string(type.length) + ")";
    case TypeKind::kUuid:
      return "UUID";  // MariaDB 10.7+; MySQL is refused by the dialect's Check
    default:
      return "BLOB";
  }
}

}  // namespace

// The largest number of bytes a value takes in a row (LOBs: their pointer).
std::size_t RowBytes(const ast::Column& column, std::size_t per_char) {
  const ast::ColumnType& t = column.type;
  switch (t.kind) {
    case TypeKind::kInteger:
    case TypeKind::kFloat:
    case TypeKind::kTimestamp:
      return 4;
    case TypeKind::kBigint:
    case TypeKind::kDouble:
    case TypeKind::kDatetime:
      return 8;
    case TypeKind::kSmallint:
      return 2;
    case TypeKind::kBoolean:
      return 1;
    case TypeKind::kEnum:
      return 2;
    case TypeKind::kBit:
      return static_cast<std::size_t>(t.length + 7) / 8;
    case TypeKind::kSet: {
      std::size_t bytes = (t.values.size() + 7) / 8;
      return bytes > 4 ? 8 : bytes == 0 ? 1 : bytes;
    }
    case TypeKind::kUuid:
      return 16;
    case TypeKind::kDate:
      return 3;
    case TypeKind::kDecimal:
      return static_cast<std::size_t>(t.precision) / 2 + 1;
    case TypeKind::kVarchar: {
      std::size_t bytes = static_cast<std::size_t>(t.length) * per_char;
      return bytes + (bytes > 255 ? 2 : 1);
    }
    case TypeKind::kTinyint:
    case TypeKind::kYear:
      return 1;
    case TypeKind::kMediumint:
      return 3;
    case TypeKind::kTime:
      return 3 + static_cast<std::size_t>(t.fsp + 1) / 2;
    case TypeKind::kChar:
      return static_cast<std::size_t>(t.length) * per_char;
    case TypeKind::kBinary:
      return static_cast<std::size_t>(t.length);
    case TypeKind::kVarbinary:
      return static_cast<std::size_t>(t.length) + (t.length > 255 ? 2 : 1);
    default:  // LOBs: the pointer kept in the row
      return 12;
  }
}

// Bytes a column takes in an index key.
std::size_t KeyBytes(const ast::Column& column, std::size_t per_char) {
  if (column.type.kind == TypeKind::kVarchar) {
    return static_cast<std::size_t>(column.type.length) * per_char;
  }
  if (column.type.kind == TypeKind::kVarbinary) return static_cast<std::size_t>(column.type.length);
  return RowBytes(column, per_char);
}

}  // namespace retort::lower
