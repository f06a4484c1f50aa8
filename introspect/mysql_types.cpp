// MySQL/MariaDB's spelling of a column (information_schema.COLUMNS) read
// back into the language's types and defaults.
#include "introspect/mysql_types.h"

#include <cctype>
#include <map>

namespace retort::introspect {
namespace {

using ast::TypeKind;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The numbers in "decimal(8,2)" or "varchar(20)"; empty without parentheses.
std::vector<int> Arguments(const std::string& type) {
  std::vector<int> out;
  std::size_t open = type.find('(');
  if (open == std::string::npos) return out;
  int value = 0;
  bool digits = false;
  for (std::size_t i = open + 1; i < type.size() && type[i] != ')'; ++i) {
    if (std::isdigit(static_cast<unsigned char>(type[i]))) {
      value = value * 10 + (type[i] - '0');
      digits = true;
    } else if (type[i] == ',') {
      out.push_back(value);
      value = 0;
      digits = false;
    }
  }
  if (digits) out.push_back(value);
  return out;
}

// 'a','it''s' -> {"a", "it's"}: the values of enum(...) / set(...).
std::vector<std::string> QuotedValues(const std::string& type) {
  std::vector<std::string> values;
  std::size_t i = type.find('(');
  while (i != std::string::npos && i < type.size()) {
    std::size_t open = type.find('\'', i);
    if (open == std::string::npos) break;
    std::string value;
    std::size_t j = open + 1;
    for (; j < type.size(); ++j) {
      if (type[j] == '\'' && j + 1 < type.size() && type[j + 1] == '\'') {
        value += '\'';
        ++j;
      } else if (type[j] == '\\' && j + 1 < type.size()) {
        value += type[++j];
      } else if (type[j] == '\'') {
        break;
      } else {
        value += type[j];
      }
    }
    values.push_back(value);
    i = j + 1;
  }
  return values;
}

// Integer display widths: MariaDB (and MySQL before 8.0.19) show the
// default one; another was chosen by hand and would be lost.
bool DefaultWidth(const ast::ColumnType& type, int width) {
  int plain = 0;
  switch (type.kind) {
    case TypeKind::kTinyint: plain = type.is_unsigned ? 3 : 4; break;
    case TypeKind::kSmallint: plain = type.is_unsigned ? 5 : 6; break;
    case TypeKind::kMediumint: plain = type.is_unsigned ? 8 : 9; break;
    case TypeKind::kInteger: plain = type.is_unsigned ? 10 : 11; break;
    case TypeKind::kBigint: plain = 20; break;
    default: return true;  // a length or precision, not a display width
  }
  return width == plain || (type.kind == TypeKind::kTinyint && width == 1 && !type.is_unsigned);
}

const std::map<std::string, TypeKind>& PlainTypes() {
  static const std::map<std::string, TypeKind> types = {
      {"int", TypeKind::kInteger},        {"bigint", TypeKind::kBigint},
      {"smallint", TypeKind::kSmallint},  {"tinyint", TypeKind::kTinyint},
      {"mediumint", TypeKind::kMediumint}, {"float", TypeKind::kFloat},
      {"double", TypeKind::kDouble},      {"date", TypeKind::kDate},
      {"text", TypeKind::kText},          {"tinytext", TypeKind::kTinytext},
      {"mediumtext", TypeKind::kMediumtext}, {"longtext", TypeKind::kLongtext},
      {"blob", TypeKind::kBlob},          {"tinyblob", TypeKind::kTinyblob},
      {"mediumblob", TypeKind::kMediumblob}, {"longblob", TypeKind::kLongblob},
      {"json", TypeKind::kJson},          {"year", TypeKind::kYear},
      {"point", TypeKind::kPoint},        {"geometry", TypeKind::kGeometry},
      {"uuid", TypeKind::kUuid},          {"varchar", TypeKind::kVarchar},
      {"char", TypeKind::kChar},          {"binary", TypeKind::kBinary},
      {"varbinary", TypeKind::kVarbinary}, {"decimal", TypeKind::kDecimal},
      {"datetime", TypeKind::kDatetime},  {"timestamp", TypeKind::kTimestamp},
      {"time", TypeKind::kTime},          {"bit", TypeKind::kBit},
      {"enum", TypeKind::kEnum},          {"set", TypeKind::kSet},
  };
  return types;
}

}  // namespace

std::optional<ast::ColumnType> ParseMysqlType(const std::string& column_type) {
  std::string type = Lower(column_type);
  std::size_t end = 0;
  while (end < type.size() && std::isalpha(static_cast<unsigned char>(type[end]))) ++end;
  auto known = PlainTypes().find(type.substr(0, end));
  if (known == PlainTypes().end()) return std::nullopt;
  ast::ColumnType out;
  out.kind = known->second;
  out.is_unsigned = type.find(" unsigned") != std::string::npos;
  // What the language cannot say is refused, not rounded away.
  if (type.find("zerofill") != std::string::npos) return std::nullopt;
  std::vector<int> args = Arguments(type);
  if (!args.empty() && (out.kind == TypeKind::kFloat || out.kind == TypeKind::kDouble)) {
    return std::nullopt;  // float(m,d): a deprecated precision the language has not
  }
  if (!args.empty() && !DefaultWidth(out, args[0])) return std::nullopt;
  switch (out.kind) {
    case TypeKind::kTinyint:  // MySQL's boolean
      if (!args.empty() && args[0] == 1 && !out.is_unsigned) out.kind = TypeKind::kBoolean;
      break;
    case TypeKind::kVarchar:
    case TypeKind::kChar:
    case TypeKind::kBinary:
    case TypeKind::kVarbinary:
    case TypeKind::kBit:
      if (args.empty()) return std::nullopt;
      out.length = args[0];
      break;
    case TypeKind::kDecimal:
      out.precision = args.empty() ? 10 : args[0];
      out.scale = args.size() > 1 ? args[1] : 0;
      break;
    case TypeKind::kDatetime:
    case TypeKind::kTimestamp:
    case TypeKind::kTime:
      out.fsp = args.empty() ? 0 : args[0];
      break;
    case TypeKind::kEnum:
    case TypeKind::kSet:
      out.values = QuotedValues(column_type);
      break;
    default:
      break;
  }
  return out;
}

std::optional<ast::DefaultValue> ParseMysqlDefault(const std::optional<std::string>& text,
                                                   const ast::ColumnType& type, bool mysql8,
                                                   bool generated_default) {
  using Kind = ast::DefaultValue::Kind;
  // No default, or MariaDB's NULL for a nullable column without one.
  if (!text || (*text == "NULL" && !mysql8)) return std::nullopt;
  const std::string& value = *text;
  std::string lower = Lower(value);
  if (lower.rfind("current_timestamp", 0) == 0) {
    std::vector<int> args = Arguments(lower);
    return ast::DefaultValue{Kind::kCurrentTimestamp,
                             args.empty() || args[0] == 0 ? "" : std::to_string(args[0]), false};
  }
  if (mysql8) {  // values unquoted; DEFAULT_GENERATED marks an expression
    if (generated_default) return ast::DefaultValue{Kind::kExpression, value, false};
    bool numeric = type.kind != TypeKind::kVarchar && type.kind != TypeKind::kChar &&
                   type.kind != TypeKind::kEnum && type.kind != TypeKind::kSet &&
                   type.kind != TypeKind::kDate && type.kind != TypeKind::kDatetime &&
                   type.kind != TypeKind::kTimestamp && type.kind != TypeKind::kTime;
    return ast::DefaultValue{numeric ? Kind::kNumber : Kind::kString, value, false};
  }
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
    std::string unquoted;
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
      if (value[i] == '\'' && value[i + 1] == '\'') {
        unquoted += '\'';
        ++i;
      } else if (value[i] == '\\' && i + 2 < value.size()) {
        char next = value[++i];
        unquoted += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      } else {
        unquoted += value[i];
      }
    }
    return ast::DefaultValue{Kind::kString, unquoted, false};
  }
  if (lower.size() > 3 && lower.rfind("b'", 0) == 0 && lower.back() == '\'') {  // bit literal
    unsigned long long bits = 0;
    for (std::size_t i = 2; i + 1 < lower.size(); ++i) bits = bits * 2 + (lower[i] == '1');
    return ast::DefaultValue{Kind::kNumber, std::to_string(bits), false};
  }
  bool number = !value.empty();
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || (c == '-' && i == 0))) {
      number = false;
    }
  }
  if (number) return ast::DefaultValue{Kind::kNumber, value, false};
  return ast::DefaultValue{Kind::kExpression, value, false};
}

}  // namespace retort::introspect
