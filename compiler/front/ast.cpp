#include "front/ast.h"

namespace retort::ast {

std::string TypeName(const ColumnType& type) {
  std::string name = BaseTypeName(type);
  return type.is_unsigned ? name + " unsigned" : name;
}

std::string BaseTypeName(const ColumnType& type) {
  auto sized = [&](const char* name) {
    return std::string(name) + "(" + std::to_string(type.length) + ")";
  };
  auto timed = [&](const char* name) {
    return type.fsp ? std::string(name) + "(" + std::to_string(type.fsp) + ")" : std::string(name);
  };
  switch (type.kind) {
    case TypeKind::kInteger:
      return "integer";
    case TypeKind::kBigint:
      return "bigint";
    case TypeKind::kSmallint:
      return "smallint";
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kVarchar:
      return sized("varchar");
    case TypeKind::kChar:
      return sized("char");
    case TypeKind::kBinary:
      return sized("binary");
    case TypeKind::kVarbinary:
      return sized("varbinary");
    case TypeKind::kTinyint:
      return "tinyint";
    case TypeKind::kMediumint:
      return "mediumint";
    case TypeKind::kYear:
      return "year";
    case TypeKind::kTime:
      return timed("time");
    case TypeKind::kTinytext:
      return "tinytext";
    case TypeKind::kMediumtext:
      return "mediumtext";
    case TypeKind::kLongtext:
      return "longtext";
    case TypeKind::kTinyblob:
      return "tinyblob";
    case TypeKind::kMediumblob:
      return "mediumblob";
    case TypeKind::kLongblob:
      return "longblob";
    case TypeKind::kText:
      return "text";
    case TypeKind::kDecimal:
      return "decimal(" + std::to_string(type.precision) + "," +
             std::to_string(type.scale) + ")";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kDatetime:
      return timed("datetime");
    case TypeKind::kTimestamp:
      return timed("timestamp");
    case TypeKind::kJson:
      return "json";
    case TypeKind::kBlob:
      return "blob";
    case TypeKind::kPoint:
    case TypeKind::kGeometry: {
      std::string name = type.kind == TypeKind::kPoint ? "point" : "geometry";
      return type.srid ? name + " srid " + std::to_string(type.srid) : name;
    }
    case TypeKind::kEnum:
    case TypeKind::kSet: {
      std::string out = type.kind == TypeKind::kEnum ? "enum(" : "set(";
      for (std::size_t i = 0; i < type.values.size(); ++i) {
        out += (i ? ", '" : "'") + type.values[i] + "'";
      }
      return out + ")";
    }
    case TypeKind::kBit:
      return "bit(" + std::to_string(type.length) + ")";
    case TypeKind::kUuid:
      return "uuid";
  }
  return "?";
}

const std::vector<std::string>* SqlVariants::For(std::string_view dialect) const {
  auto it = by_dialect.find(std::string(dialect));
  if (it != by_dialect.end()) return &it->second;
  // MySQL and MariaDB share their text unless the block gives each its own.
  std::string_view sibling = dialect == "mysql" ? "mariadb" : dialect == "mariadb" ? "mysql" : "";
  if (!sibling.empty()) {
    it = by_dialect.find(std::string(sibling));
    if (it != by_dialect.end()) return &it->second;
  }
  return any ? &*any : nullptr;
}

std::string_view TriggerTimingName(TriggerTiming timing) {
  return timing == TriggerTiming::kBefore ? "before" : "after";
}

std::string_view TriggerEventName(TriggerEvent event) {
  switch (event) {
    case TriggerEvent::kInsert: return "insert";
    case TriggerEvent::kUpdate: return "update";
    case TriggerEvent::kDelete: return "delete";
  }
  return "?";
}

std::string_view ObjectKindName(DropObject::Kind kind) {
  switch (kind) {
    case DropObject::Kind::kView: return "view";
    case DropObject::Kind::kTrigger: return "trigger";
    case DropObject::Kind::kEvent: return "event";
  }
  return "?";
}

std::string_view RefActionName(RefAction action) {
  switch (action) {
    case RefAction::kDefault:
    case RefAction::kNoAction:
      return "no action";
    case RefAction::kCascade:
      return "cascade";
    case RefAction::kSetNull:
      return "set null";
    case RefAction::kRestrict:
      return "restrict";
  }
  return "no action";
}

std::string DefaultSpelling(const DefaultValue& value) {
  switch (value.kind) {
    case DefaultValue::Kind::kNull:
      return "null";
    case DefaultValue::Kind::kString: {
      std::string out = "'";
      for (char c : value.text) {
        if (c == '\'') out += '\'';
        out += c;
      }
      return out + "'";
    }
    case DefaultValue::Kind::kNumber:
      return value.text;
    case DefaultValue::Kind::kBool:
      return value.flag ? "true" : "false";
    case DefaultValue::Kind::kCurrentTimestamp:
      return value.text.empty() ? "current_timestamp" : "current_timestamp(" + value.text + ")";
    case DefaultValue::Kind::kExpression:
      return "(" + value.text + ")";
  }
  return "null";
}

}  // namespace retort::ast
