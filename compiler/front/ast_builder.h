/// Turns a syntactically valid parse tree into an ast::Revision, one
/// Build function per grammar rule. Semantic slips that the grammar allows
/// (a header clause twice, out-of-range sizes) are reported, not thrown.
#pragma once

#include "diag/diagnostic.h"
#include "front/antlr.h"
#include "front/ast.h"

namespace retort::front {

class AstBuilder {
 public:
  AstBuilder(source::FileId file, diag::DiagnosticEngine& engine)
      : file_(file), engine_(engine) {}

  ast::Revision BuildMigration(retort_antlr::RetortParser::MigrationContext& ctx);

 private:
  using P = retort_antlr::RetortParser;

  void BuildHeader(P::HeaderContext& ctx, ast::Revision& revision);
  std::vector<ast::Op> BuildStatement(P::StatementContext& ctx);
  ast::Op BuildCreateTable(P::CreateTableContext& ctx);
  /// Inline `references` of the column are appended to `keys`.
  ast::Column BuildColumnDef(P::ColumnDefContext& ctx, const std::string& table,
                             std::vector<ast::ForeignKey>& keys);
  ast::ForeignKey BuildForeignKey(P::ForeignKeyDefContext& ctx,
                                  const std::string& table);
  void BuildReferences(P::ReferencesContext& ctx, ast::ForeignKey& key);
  ast::Index BuildUnique(P::UniqueDefContext& ctx, const std::string& table);
  ast::Check BuildCheck(P::CheckDefContext& ctx, const std::string& table,
                        std::size_t ordinal);
  ast::ColumnType BuildType(P::TypeSpecContext& ctx);
  ast::DefaultValue BuildDefault(P::DefaultValueContext& ctx);
  std::vector<ast::Op> BuildAlterTable(P::AlterTableContext& ctx);
  ast::Op BuildCreateIndex(P::CreateIndexContext& ctx);
  ast::Op BuildDropIndex(P::DropIndexContext& ctx);
  ast::Op BuildSqlBlock(P::SqlBlockContext& ctx);
  /// `whole`: each text is one body (views, triggers, events), not split
  /// into statements.
  ast::SqlVariants BuildSqlVariants(P::SqlVariantsContext& ctx, bool whole = false);
  // Views, triggers, events (ast_builder_objects.cpp).
  ast::Op BuildCreateView(P::CreateViewContext& ctx);
  ast::Op BuildCreateTrigger(P::CreateTriggerContext& ctx);
  ast::Op BuildCreateEvent(P::CreateEventContext& ctx);
  ast::Op BuildDropObject(P::DropObjectContext& ctx);
  ast::Body BuildBody(P::SqlVariantsContext& text, P::UsesClauseContext* uses);
  ast::Op BuildAlterColumn(const std::string& table, source::SourceLoc table_loc,
                           P::AlterColumnActionContext& ctx);

  ast::ColumnPosition BuildPosition(P::ColumnPositionContext& ctx);
  std::string Name(P::NameContext& ctx) const;
  std::vector<std::string> Names(P::NameListContext& ctx) const;
  ast::RevisionRef Ref(P::RevisionIdContext& ctx) const;
  int Number(antlr4::tree::TerminalNode* node, int min, int max,
             const char* what);
  source::SourceLoc Loc(antlr4::Token* token) const;
  source::SourceLoc Loc(antlr4::ParserRuleContext& ctx) const;

  source::FileId file_;
  diag::DiagnosticEngine& engine_;
};

}  // namespace retort::front
