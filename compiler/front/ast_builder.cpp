#include "front/ast_builder.h"

#include <algorithm>
#include <charconv>

#include "front/sql_text.h"

namespace retort::front {

source::SourceLoc AstBuilder::Loc(antlr4::Token* token) const {
  source::SourceLoc loc;
  loc.file = file_;
  loc.line = static_cast<std::uint32_t>(token->getLine());
  // ANTLR columns are 0-based; ours are 1-based.
  loc.col = static_cast<std::uint32_t>(token->getCharPositionInLine()) + 1;
  loc.length = static_cast<std::uint32_t>(token->getText().size());
  return loc;
}

source::SourceLoc AstBuilder::Loc(antlr4::ParserRuleContext& ctx) const {
  source::SourceLoc loc = Loc(ctx.getStart());
  antlr4::Token* stop = ctx.getStop();
  if (stop != nullptr && stop->getLine() == ctx.getStart()->getLine() &&
      stop->getStopIndex() >= ctx.getStart()->getStartIndex()) {
    loc.length = static_cast<std::uint32_t>(stop->getStopIndex() -
                                            ctx.getStart()->getStartIndex() + 1);
  }
  return loc;
}

std::string AstBuilder::Name(P::NameContext& ctx) const {
  if (ctx.QUOTED_IDENT() != nullptr) {
    std::string text = ctx.QUOTED_IDENT()->getText();
    return text.substr(1, text.size() - 2);
  }
  return ctx.getText();
}

std::vector<std::string> AstBuilder::Names(P::NameListContext& ctx) const {
  std::vector<std::string> names;
  for (P::NameContext* name : ctx.name()) names.push_back(Name(*name));
  return names;
}

ast::RevisionRef AstBuilder::Ref(P::RevisionIdContext& ctx) const {
  return ast::RevisionRef{ctx.getText(), Loc(ctx)};
}

int AstBuilder::Number(antlr4::tree::TerminalNode* node, int min, int max,
                       const char* what) {
  std::string text = node->getText();
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    engine_.Report(diag::Kind::kInvalidNumber, Loc(node->getSymbol()),
                   {text, std::string(what) + " (" + std::to_string(min) +
                              " to " + std::to_string(max) + ")"});
    return min;
  }
  return value;
}

ast::Revision AstBuilder::BuildMigration(P::MigrationContext& ctx) {
  ast::Revision revision;
  revision.file = file_;
  BuildHeader(*ctx.header(), revision);
  for (P::StatementContext* statement : ctx.statement()) {
    for (ast::Op& op : BuildStatement(*statement)) {
      revision.ops.push_back(std::move(op));
    }
  }
  return revision;
}

void AstBuilder::BuildHeader(P::HeaderContext& ctx, ast::Revision& revision) {
  revision.id = ctx.revisionId()->getText();
  revision.id_loc = Loc(*ctx.revisionId());
  bool seen_parent = false, seen_depends = false, seen_message = false;
  auto once = [&](bool& seen, antlr4::ParserRuleContext& clause,
                  const char* what) {
    if (seen) {
      engine_.Report(diag::Kind::kDuplicateHeaderClause, Loc(clause.getStart()),
                     {what});
    }
    seen = true;
  };
  for (P::HeaderClauseContext* clause : ctx.headerClause()) {
    if (auto* parent = clause->parentClause()) {
      once(seen_parent, *parent, "parent");
      for (auto* id : parent->revisionId()) revision.parents.push_back(Ref(*id));
    } else if (auto* depends = clause->dependsOnClause()) {
      once(seen_depends, *depends, "depends_on");
      for (auto* id : depends->revisionId()) {
        revision.depends_on.push_back(Ref(*id));
      }
    } else if (auto* branch = clause->branchClause()) {
      revision.labels.push_back({Name(*branch->name()), Loc(*branch->name())});
    } else if (auto* allow = clause->allowClause()) {
      for (P::NameContext* name : allow->name()) {
        std::string lint = Name(*name);
        if (lint != "data_loss" && lint != "narrowing" && lint != "unsafe_constraint" &&
            lint != "rename") {
          engine_.Report(diag::Kind::kUnknownLint, Loc(*name), {lint});
          continue;
        }
        revision.allowed_lints.push_back({lint, Loc(*name)});
      }
    } else if (auto* message = clause->messageClause()) {
      once(seen_message, *message, "message");
      revision.message = Unquote(message->STRING()->getText());
    }
  }
  if (!seen_message) {
    engine_.Report(diag::Kind::kMissingMessage, revision.id_loc, {revision.id});
  }
}

std::vector<ast::Op> AstBuilder::BuildStatement(P::StatementContext& ctx) {
  if (auto* create = ctx.createTable()) return {BuildCreateTable(*create)};
  if (auto* drop = ctx.dropTable()) {
    ast::Op op{ast::DropTable{Name(*drop->name())}, Loc(*drop),
               {Loc(*drop->name())}};
    return {op};
  }
  if (auto* alter = ctx.alterTable()) return BuildAlterTable(*alter);
  if (auto* index = ctx.createIndex()) return {BuildCreateIndex(*index)};
  if (auto* drop_index = ctx.dropIndex()) return {BuildDropIndex(*drop_index)};
  if (auto* sql = ctx.sqlBlock()) return {BuildSqlBlock(*sql)};
  if (auto* view = ctx.createView()) return {BuildCreateView(*view)};
  if (auto* trigger = ctx.createTrigger()) return {BuildCreateTrigger(*trigger)};
  if (auto* event = ctx.createEvent()) return {BuildCreateEvent(*event)};
  if (auto* drop = ctx.dropObject()) return {BuildDropObject(*drop)};
  if (auto* rename = ctx.renameIndex()) {
    ast::RenameIndex op{Name(*rename->name(0)), Name(*rename->name(1)), {}};
    std::vector<source::SourceLoc> locs{Loc(*rename->name(0)), Loc(*rename->name(1))};
    if (rename->name().size() > 2) {
      op.table = Name(*rename->name(2));
      locs.push_back(Loc(*rename->name(2)));
    }
    return {ast::Op{std::move(op), Loc(*rename), std::move(locs)}};
  }
  if (auto* rename = ctx.renameTable()) {
    return {ast::Op{ast::RenameTable{Name(*rename->name(0)), Name(*rename->name(1))},
                    Loc(*rename), {Loc(*rename->name(0)), Loc(*rename->name(1))}}};
  }
  return {};
}

ast::Op AstBuilder::BuildCreateTable(P::CreateTableContext& ctx) {
  ast::CreateTable table;
  table.name = Name(*ctx.name());
  for (P::TableElementContext* element : ctx.tableElement()) {
    if (auto* column = element->columnDef()) {
      table.columns.push_back(BuildColumnDef(*column, table.name, table.foreign_keys));
    } else if (auto* foreign = element->foreignKeyDef()) {
      table.foreign_keys.push_back(BuildForeignKey(*foreign, table.name));
    } else if (auto* unique = element->uniqueDef()) {
      table.unique_keys.push_back(BuildUnique(*unique, table.name));
    } else if (auto* check = element->checkDef()) {
      table.checks.push_back(BuildCheck(*check, table.name, table.checks.size()));
    } else if (auto* key = element->primaryKeyDef()) {
      if (!table.primary_key.empty()) {
        engine_.Report(diag::Kind::kMultiplePrimaryKeys, Loc(*key), {table.name});
      }
      table.primary_key = Names(*key->nameList());
      table.primary_key_loc = Loc(*key);
    }
  }
  for (P::TableOptionContext* option : ctx.tableOption()) {
    if (auto* engine = dynamic_cast<P::EngineOptionContext*>(option)) {
      table.options.engine = Name(*engine->name());
    } else if (auto* charset = dynamic_cast<P::CharsetOptionContext*>(option)) {
      table.options.charset = Name(*charset->name());
    } else if (auto* collate = dynamic_cast<P::CollateOptionContext*>(option)) {
      table.options.collation = Name(*collate->name());
    } else if (auto* comment = dynamic_cast<P::TableCommentOptionContext*>(option)) {
      table.options.comment = Unquote(comment->STRING()->getText());
    }
  }
  ast::Op op{std::move(table), Loc(ctx), {Loc(*ctx.name())}};
  op.loc.length = static_cast<std::uint32_t>(
      ctx.name()->getStop()->getStopIndex() - ctx.getStart()->getStartIndex() + 1);
  return op;
}

namespace {

std::string DefaultKeyName(const std::string& table,
                           const std::vector<std::string>& columns) {
  std::string name = "fk_" + table;
  for (const std::string& column : columns) name += "_" + column;
  return name;
}

}  // namespace

void AstBuilder::BuildReferences(P::ReferencesContext& ctx, ast::ForeignKey& key) {
  key.ref_table = Name(*ctx.name());
  key.ref_columns = Names(*ctx.nameList());
  for (P::ReferentialActionContext* action : ctx.referentialAction()) {
    ast::RefAction what = ast::RefAction::kNoAction;
    if (action->CASCADE()) what = ast::RefAction::kCascade;
    else if (action->SET()) what = ast::RefAction::kSetNull;
    else if (action->RESTRICT()) what = ast::RefAction::kRestrict;
    (action->DELETE() ? key.on_delete : key.on_update) = what;
  }
}

ast::ForeignKey AstBuilder::BuildForeignKey(P::ForeignKeyDefContext& ctx,
                                            const std::string& table) {
  ast::ForeignKey key;
  key.columns = Names(*ctx.nameList());
  key.name = ctx.name() ? Name(*ctx.name()) : DefaultKeyName(table, key.columns);
  key.loc = Loc(ctx);
  BuildReferences(*ctx.references(), key);
  return key;
}

ast::Index AstBuilder::BuildUnique(P::UniqueDefContext& ctx, const std::string& table) {
  ast::Index index;
  index.table = table;
  index.columns = Names(*ctx.nameList());
  for (P::NameContext* name : ctx.nameList()->name()) {
    index.column_locs.push_back(Loc(*name));
  }
  index.unique = true;
  if (ctx.name() != nullptr) {
    index.name = Name(*ctx.name());
  } else {
    index.name = "uq_" + table;
    for (const std::string& column : index.columns) index.name += "_" + column;
  }
  index.loc = Loc(ctx);
  return index;
}

ast::Check AstBuilder::BuildCheck(P::CheckDefContext& ctx, const std::string& table,
                                  std::size_t ordinal) {
  ast::Check check;
  check.name = ctx.name() != nullptr ? Name(*ctx.name())
                                     : "ck_" + table + "_" + std::to_string(ordinal + 1);
  // The expression exactly as written between the outer parentheses.
  P::BalancedContext* body = ctx.balanced();
  antlr4::misc::Interval inside(body->getStart()->getStartIndex() + 1,
                                body->getStop()->getStopIndex() - 1);
  check.expression = body->getStart()->getInputStream()->getText(inside);
  check.loc = Loc(ctx);
  return check;
}

ast::Column AstBuilder::BuildColumnDef(P::ColumnDefContext& ctx,
                                       const std::string& table,
                                       std::vector<ast::ForeignKey>& keys) {
  ast::Column column;
  column.name = Name(*ctx.name());
  column.loc = Loc(*ctx.name());
  column.type = BuildType(*ctx.typeSpec());
  bool said_null = false;
  for (P::ColumnAttrContext* attr : ctx.columnAttr()) {
    if (dynamic_cast<P::NotNullAttrContext*>(attr) != nullptr) {
      column.nullable = false;
    } else if (dynamic_cast<P::NullAttrContext*>(attr) != nullptr) {
      column.nullable = true;
      said_null = true;
    } else if (auto* def = dynamic_cast<P::DefaultAttrContext*>(attr)) {
      column.default_value = BuildDefault(*def->defaultValue());
    } else if (dynamic_cast<P::PrimaryKeyAttrContext*>(attr) != nullptr) {
      column.primary_key = true;
      column.nullable = false;
    } else if (dynamic_cast<P::InvisibleAttrContext*>(attr) != nullptr) {
      column.invisible = true;
    } else if (dynamic_cast<P::AutoIncrementAttrContext*>(attr) != nullptr) {
      column.auto_increment = true;
    } else if (dynamic_cast<P::UniqueAttrContext*>(attr) != nullptr) {
      column.unique = true;
    } else if (auto* on_update = dynamic_cast<P::OnUpdateAttrContext*>(attr)) {
      column.on_update_current_timestamp = true;
      if (on_update->INT()) {
        column.on_update_fsp = Number(on_update->INT(), 0, 6, "fractional seconds precision");
      }
    } else if (auto* comment = dynamic_cast<P::CommentAttrContext*>(attr)) {
      column.comment = Unquote(comment->STRING()->getText());
    } else if (auto* charset = dynamic_cast<P::CharsetAttrContext*>(attr)) {
      column.charset = Name(*charset->name());
    } else if (auto* collate = dynamic_cast<P::CollateAttrContext*>(attr)) {
      column.collation = Name(*collate->name());
    } else if (auto* generated = dynamic_cast<P::GeneratedAttrContext*>(attr)) {
      P::BalancedContext* body = generated->balanced();
      antlr4::misc::Interval inside(body->getStart()->getStartIndex() + 1,
                                    body->getStop()->getStopIndex() - 1);
      column.generated = body->getStart()->getInputStream()->getText(inside);
      column.stored = generated->STORED() != nullptr;
    } else if (auto* refs = dynamic_cast<P::ReferencesAttrContext*>(attr)) {
      ast::ForeignKey key;
      key.columns = {column.name};
      key.name = DefaultKeyName(table, key.columns);
      key.loc = Loc(*refs);
      BuildReferences(*refs->references(), key);
      keys.push_back(std::move(key));
    }
  }
  if (said_null && column.primary_key) {
    engine_.Report(diag::Kind::kNullPrimaryKey, column.loc, {column.name});
  }
  return column;
}

ast::ColumnType AstBuilder::BuildType(P::TypeSpecContext& ctx) {
  using ast::TypeKind;
  ast::ColumnType type;
  type.is_unsigned = ctx.UNSIGNED() != nullptr;
  if (ctx.INTEGER()) type.kind = TypeKind::kInteger;
  else if (ctx.BIGINT()) type.kind = TypeKind::kBigint;
  else if (ctx.SMALLINT()) type.kind = TypeKind::kSmallint;
  else if (ctx.TINYINT()) type.kind = TypeKind::kTinyint;
  else if (ctx.MEDIUMINT()) type.kind = TypeKind::kMediumint;
  else if (ctx.BOOLEAN()) type.kind = TypeKind::kBoolean;
  else if (ctx.VARCHAR()) {
    type.kind = TypeKind::kVarchar;
    type.length = Number(ctx.INT(0), 1, 65535, "varchar length");
  } else if (ctx.CHAR() || ctx.BINARY()) {
    type.kind = ctx.CHAR() ? TypeKind::kChar : TypeKind::kBinary;
    type.length = Number(ctx.INT(0), 1, 255, ctx.CHAR() ? "char length" : "binary length");
  } else if (ctx.VARBINARY()) {
    type.kind = TypeKind::kVarbinary;
    type.length = Number(ctx.INT(0), 1, 65535, "varbinary length");
  } else if (ctx.TEXT()) type.kind = TypeKind::kText;
  else if (ctx.TINYTEXT()) type.kind = TypeKind::kTinytext;
  else if (ctx.MEDIUMTEXT()) type.kind = TypeKind::kMediumtext;
  else if (ctx.LONGTEXT()) type.kind = TypeKind::kLongtext;
  else if (ctx.TINYBLOB()) type.kind = TypeKind::kTinyblob;
  else if (ctx.MEDIUMBLOB()) type.kind = TypeKind::kMediumblob;
  else if (ctx.LONGBLOB()) type.kind = TypeKind::kLongblob;
  else if (ctx.YEAR()) type.kind = TypeKind::kYear;
  else if (ctx.DATETIME() || ctx.TIMESTAMP() || ctx.TIME()) {
    type.kind = ctx.DATETIME()    ? TypeKind::kDatetime
                : ctx.TIMESTAMP() ? TypeKind::kTimestamp
                                  : TypeKind::kTime;
    if (!ctx.INT().empty()) type.fsp = Number(ctx.INT(0), 0, 6, "fractional seconds precision");
  }
  else if (ctx.DECIMAL()) {
    type.kind = TypeKind::kDecimal;
    std::size_t errors = engine_.error_count();
    type.precision = Number(ctx.INT(0), 1, 65, "decimal precision");
    // After a bad precision, judge the scale against the largest precision
    // rather than the fallback, so one mistake gives one error.
    int max_scale = engine_.error_count() > errors ? 65 : type.precision;
    type.scale = Number(ctx.INT(1), 0, max_scale, "decimal scale");
  } else if (ctx.FLOAT()) type.kind = TypeKind::kFloat;
  else if (ctx.DOUBLE()) type.kind = TypeKind::kDouble;
  else if (ctx.DATE()) type.kind = TypeKind::kDate;
  else if (ctx.JSON()) type.kind = TypeKind::kJson;
  else if (ctx.BLOB()) type.kind = TypeKind::kBlob;
  else if (ctx.POINT() || ctx.GEOMETRY()) {
    type.kind = ctx.POINT() ? TypeKind::kPoint : TypeKind::kGeometry;
    if (ctx.SRID()) type.srid = Number(ctx.INT(0), 1, 2147483647, "srid");
  } else if (ctx.BIT()) {
    type.kind = TypeKind::kBit;
    type.length = ctx.INT().empty() ? 1 : Number(ctx.INT(0), 1, 64, "bit width");
  } else if (ctx.UUID()) {
    type.kind = TypeKind::kUuid;
  } else if (ctx.ENUM() || ctx.SET()) {
    type.kind = ctx.ENUM() ? TypeKind::kEnum : TypeKind::kSet;
    for (antlr4::tree::TerminalNode* value : ctx.STRING()) {
      std::string text = Unquote(value->getText());
      if (std::find(type.values.begin(), type.values.end(), text) != type.values.end()) {
        engine_.Report(diag::Kind::kDuplicateEnumValue, Loc(value->getSymbol()), {text});
        continue;
      }
      if (type.kind == TypeKind::kSet && text.find(',') != std::string::npos) {
        engine_.Report(diag::Kind::kSetValueComma, Loc(value->getSymbol()), {text});
      }
      type.values.push_back(std::move(text));
    }
    if (type.kind == TypeKind::kSet && type.values.size() > 64) {
      engine_.Report(diag::Kind::kTooManySetValues, Loc(ctx), {std::to_string(type.values.size())});
    }
  }
  return type;
}

ast::DefaultValue AstBuilder::BuildDefault(P::DefaultValueContext& ctx) {
  using Kind = ast::DefaultValue::Kind;
  ast::DefaultValue value;
  if (ctx.CURRENT_TIMESTAMP()) {
    value.kind = Kind::kCurrentTimestamp;
    if (ctx.INT()) value.text = std::to_string(Number(ctx.INT(), 0, 6, "fractional seconds precision"));
  } else if (P::BalancedContext* body = ctx.balanced()) {
    value.kind = Kind::kExpression;
    antlr4::misc::Interval inside(body->getStart()->getStartIndex() + 1,
                                  body->getStop()->getStopIndex() - 1);
    value.text = body->getStart()->getInputStream()->getText(inside);
  } else if (ctx.STRING()) {
    value.kind = Kind::kString;
    value.text = Unquote(ctx.STRING()->getText());
  } else if (ctx.INT() || ctx.DECIMAL_LIT()) {
    value.kind = Kind::kNumber;
    value.text = ctx.getText();
  } else if (ctx.TRUE() || ctx.FALSE()) {
    value.kind = Kind::kBool;
    value.flag = ctx.TRUE() != nullptr;
  } else {
    value.kind = Kind::kNull;
  }
  return value;
}

std::vector<ast::Op> AstBuilder::BuildAlterTable(P::AlterTableContext& ctx) {
  std::string table = Name(*ctx.name());
  source::SourceLoc table_loc = Loc(*ctx.name());
  std::vector<ast::Op> ops;
  for (P::AlterActionContext* action : ctx.alterAction()) {
    if (auto* add = dynamic_cast<P::AddColumnActionContext*>(action)) {
      std::vector<ast::ForeignKey> keys;
      ast::Column column = BuildColumnDef(*add->columnDef(), table, keys);
      source::SourceLoc column_loc = column.loc;
      std::optional<ast::ColumnPosition> position;
      if (add->columnPosition() != nullptr) position = BuildPosition(*add->columnPosition());
      ops.push_back(ast::Op{ast::AddColumn{table, std::move(column), std::move(position)},
                            Loc(*action), {table_loc, column_loc}});
      for (ast::ForeignKey& key : keys) {  // inline references: their own op
        source::SourceLoc loc = key.loc;
        ops.push_back(ast::Op{ast::AddForeignKey{table, std::move(key)}, loc,
                              {table_loc, loc}});
      }
    } else if (auto* add_key = dynamic_cast<P::AddForeignKeyActionContext*>(action)) {
      ast::ForeignKey key = BuildForeignKey(*add_key->foreignKeyDef(), table);
      source::SourceLoc loc = key.loc;
      ops.push_back(ast::Op{ast::AddForeignKey{table, std::move(key)}, Loc(*action),
                            {table_loc, loc}});
    } else if (auto* add_unique = dynamic_cast<P::AddUniqueActionContext*>(action)) {
      ast::Index index = BuildUnique(*add_unique->uniqueDef(), table);
      source::SourceLoc loc = index.loc;
      ops.push_back(ast::Op{ast::CreateIndex{std::move(index)}, Loc(*action), {table_loc, loc}});
    } else if (auto* add_check = dynamic_cast<P::AddCheckActionContext*>(action)) {
      ast::Check check = BuildCheck(*add_check->checkDef(), table, 0);
      source::SourceLoc loc = check.loc;
      ops.push_back(ast::Op{ast::AddCheck{table, std::move(check)}, Loc(*action),
                            {table_loc, loc}});
    } else if (auto* drop_c = dynamic_cast<P::DropConstraintActionContext*>(action)) {
      ops.push_back(ast::Op{ast::DropConstraint{table, Name(*drop_c->name())},
                            Loc(*action), {table_loc, Loc(*drop_c->name())}});
    } else if (auto* drop = dynamic_cast<P::DropColumnActionContext*>(action)) {
      ops.push_back(ast::Op{ast::DropColumn{table, Name(*drop->name())},
                            Loc(*action), {table_loc, Loc(*drop->name())}});
    } else if (auto* rename = dynamic_cast<P::RenameColumnActionContext*>(action)) {
      ast::AlterColumn alter{table, Name(*rename->name(0)), {}, {}, {},
                             Name(*rename->name(1)), {}, {}};
      ops.push_back(ast::Op{std::move(alter), Loc(*action),
                            {table_loc, Loc(*rename->name(0)), Loc(*rename->name(1))}});
    } else if (auto* change = dynamic_cast<P::AlterColumnActionContext*>(action)) {
      ops.push_back(BuildAlterColumn(table, table_loc, *change));
    }
  }
  return ops;
}

ast::ColumnPosition AstBuilder::BuildPosition(P::ColumnPositionContext& ctx) {
  ast::ColumnPosition position;
  position.first = ctx.FIRST() != nullptr;
  if (ctx.name() != nullptr) {
    position.after = Name(*ctx.name());
    position.loc = Loc(*ctx.name());
  }
  return position;
}

ast::Op AstBuilder::BuildAlterColumn(const std::string& table,
                                     source::SourceLoc table_loc,
                                     P::AlterColumnActionContext& ctx) {
  ast::AlterColumn alter;
  alter.table = table;
  alter.column = Name(*ctx.name());
  std::vector<source::SourceLoc> locs{table_loc, Loc(*ctx.name())};
  for (P::ColumnChangeContext* change : ctx.columnChange()) {
    if (auto* type = dynamic_cast<P::TypeChangeContext*>(change)) {
      alter.type = BuildType(*type->typeSpec());
    } else if (dynamic_cast<P::SetNotNullChangeContext*>(change) != nullptr) {
      alter.nullable = false;
    } else if (dynamic_cast<P::DropNotNullChangeContext*>(change) != nullptr) {
      alter.nullable = true;
    } else if (auto* def = dynamic_cast<P::SetDefaultChangeContext*>(change)) {
      alter.default_value = BuildDefault(*def->defaultValue());
    } else if (dynamic_cast<P::DropDefaultChangeContext*>(change) != nullptr) {
      alter.default_value = std::optional<ast::DefaultValue>();
    } else if (auto* comment = dynamic_cast<P::SetCommentChangeContext*>(change)) {
      alter.comment = Unquote(comment->STRING()->getText());
    } else if (auto* position = dynamic_cast<P::PositionChangeContext*>(change)) {
      alter.position = BuildPosition(*position->columnPosition());
    } else if (auto* rename = dynamic_cast<P::RenameChangeContext*>(change)) {
      alter.new_name = Name(*rename->name());
      locs.push_back(Loc(*rename->name()));
    }
  }
  return ast::Op{std::move(alter), Loc(ctx), std::move(locs)};
}

ast::Op AstBuilder::BuildCreateIndex(P::CreateIndexContext& ctx) {
  ast::Index index;
  index.name = Name(*ctx.name(0));
  index.table = Name(*ctx.name(1));
  bool any_desc = false, any_prefix = false;
  for (P::IndexColumnContext* column : ctx.indexColumns()->indexColumn()) {
    index.columns.push_back(Name(*column->name()));
    index.column_locs.push_back(Loc(*column->name()));
    index.descending.push_back(column->DESC() != nullptr);
    any_desc = any_desc || column->DESC() != nullptr;
    int length = column->INT() ? Number(column->INT(), 1, 65535, "prefix length") : 0;
    index.prefix.push_back(length);
    any_prefix = any_prefix || length > 0;
  }
  if (!any_desc) index.descending.clear();
  if (!any_prefix) index.prefix.clear();
  if (ctx.COMMENT()) index.comment = Unquote(ctx.STRING()->getText());
  index.unique = ctx.UNIQUE() != nullptr;
  index.spatial = ctx.SPATIAL() != nullptr;
  index.fulltext = ctx.FULLTEXT() != nullptr;
  index.loc = Loc(*ctx.name(0));
  return ast::Op{ast::CreateIndex{std::move(index)}, Loc(ctx),
                 {Loc(*ctx.name(1)), Loc(*ctx.name(0))}};
}

ast::Op AstBuilder::BuildDropIndex(P::DropIndexContext& ctx) {
  ast::DropIndex drop;
  drop.name = Name(*ctx.name(0));
  std::vector<source::SourceLoc> locs{Loc(*ctx.name(0))};
  if (ctx.name().size() > 1) {
    drop.table = Name(*ctx.name(1));
    locs.push_back(Loc(*ctx.name(1)));
  }
  return ast::Op{std::move(drop), Loc(ctx), std::move(locs)};
}

ast::SqlVariants AstBuilder::BuildSqlVariants(P::SqlVariantsContext& ctx, bool whole) {
  ast::SqlVariants variants;
  for (P::SqlVariantContext* variant : ctx.sqlVariant()) {
    std::string text = variant->SQL_TEXT()->getText();
    std::string_view inner = std::string_view(text).substr(3, text.size() - 6);
    std::vector<std::string> statements =
        whole ? std::vector<std::string>{TrimBody(inner)} : SplitSqlStatements(inner);
    if (variant->name() == nullptr) {
      if (variants.any) {
        engine_.Report(diag::Kind::kDuplicateSqlVariant, Loc(*variant), {"every dialect"});
      }
      variants.any = std::move(statements);
      continue;
    }
    std::string dialect = Name(*variant->name());
    if (dialect != "sqlite" && dialect != "mysql" && dialect != "mariadb") {
      engine_.Report(diag::Kind::kUnknownDialect, Loc(*variant->name()), {dialect});
      continue;
    }
    if (!variants.by_dialect.emplace(dialect, std::move(statements)).second) {
      engine_.Report(diag::Kind::kDuplicateSqlVariant, Loc(*variant->name()), {dialect});
    }
  }
  return variants;
}

ast::Op AstBuilder::BuildSqlBlock(P::SqlBlockContext& ctx) {
  ast::RawSql sql;
  sql.up = BuildSqlVariants(*ctx.sqlUp);
  if (ctx.DOWN() != nullptr) sql.down = BuildSqlVariants(*ctx.sqlDown);
  std::vector<source::SourceLoc> locs;
  for (P::NameContext* name : ctx.name()) {
    sql.tables.push_back(Name(*name));
    locs.push_back(Loc(*name));
  }
  return ast::Op{std::move(sql), Loc(ctx.getStart()), std::move(locs)};
}

}  // namespace retort::front
