#include "lower/lower.h"

#include <memory>
#include <optional>

#include "check/op_codec.h"
#include "check/simulator.h"
#include "lower/dialect.h"
#include "lower/inverse.h"
#include "lower/sha256.h"

namespace retort::lower {
namespace {

// Statements of one revision while its ops are being lowered.
struct Pending {
  StatementsByDialect up;
  // Per op, the statements undoing it; reversed at the end.
  std::vector<StatementsByDialect> down_per_op;
  std::vector<std::uint32_t> irreversible_ops;
};

void CheckSqlVariants(const ast::RawSql& sql, const ast::Op& op,
                      const std::vector<std::unique_ptr<Dialect>>& dialects,
                      diag::DiagnosticEngine& engine) {
  for (const auto& dialect : dialects) {
    std::string name(dialect->name());
    if (sql.up.For(name) == nullptr) {
      engine.Report(diag::Kind::kMissingSqlVariant, op.loc, {name, "up"});
    }
    if (sql.down && sql.down->For(name) == nullptr) {
      engine.Report(diag::Kind::kMissingSqlVariant, op.loc, {name, "down"});
    }
  }
}

// Every dialect that renders a view, trigger or event has a text for its
// body (events: the MySQL family only; SQLite reports events itself).
void CheckBodyVariants(const ast::Op& op, const std::vector<std::unique_ptr<Dialect>>& dialects,
                       diag::DiagnosticEngine& engine) {
  const ast::Body* body = nullptr;
  std::string kind, name;
  source::SourceLoc loc;
  if (const auto* view = std::get_if<ast::CreateView>(&op.kind)) {
    body = &view->view.body, kind = "view", name = view->view.name, loc = view->view.loc;
  } else if (const auto* trigger = std::get_if<ast::CreateTrigger>(&op.kind)) {
    body = &trigger->trigger.body, kind = "trigger", name = trigger->trigger.name,
    loc = trigger->trigger.loc;
  } else if (const auto* event = std::get_if<ast::CreateEvent>(&op.kind)) {
    body = &event->event.body, kind = "event", name = event->event.name, loc = event->event.loc;
  }
  if (body == nullptr) return;
  for (const auto& dialect : dialects) {
    if (kind == "event" && dialect->id() == table::Dialect::kSqlite) continue;
    if (body->text.For(dialect->name()) == nullptr) {
      engine.Report(diag::Kind::kMissingBodyVariant, loc, {std::string(dialect->name()), kind, name});
    }
  }
}

// What rendering `op` reads beyond the operation's own footprint: a table
// the dialect recreates whole (as `after` has it).
void AddRenderReads(const Dialect& dialect, const ast::Op& op, std::uint32_t op_index,
                    const check::SchemaState& before, const check::SchemaState& after,
                    std::string_view part, check::Footprint& footprint) {
  for (const std::string& name : dialect.TablesRenderedWhole(op, before)) {
    const check::TableDef* table = after.FindTable(name);
    if (table == nullptr) continue;
    std::string why = std::string(part.empty() ? "" : "in ") + std::string(part) +
                      (part.empty() ? "" : ", ") + "a table rebuild on " +
                      std::string(dialect.name());
    check::AddWholeTableRead(*table, op_index, why, footprint);
  }
}

}  // namespace

CompiledHistory Lower(const check::RevisionGraph& graph,
                      const source::SourceSet& sources,
                      diag::DiagnosticEngine& engine, bool strict) {
  std::vector<std::unique_ptr<Dialect>> dialects = MakeDialects(graph.settings());
  std::vector<Pending> pending(graph.revisions().size());

  check::Simulate(graph, engine, [&](std::uint32_t index, std::uint32_t op_index,
                                     const ast::Op& op, const check::SchemaState& before,
                                     const check::SchemaState& after,
                                     check::Footprint& footprint) {
    Pending& p = pending[index];
    std::optional<std::vector<ast::Op>> inverse = Invert(op, before);
    if (!inverse) p.irreversible_ops.push_back(op_index);
    StatementsByDialect& down = p.down_per_op.emplace_back();
    if (const auto* sql = std::get_if<ast::RawSql>(&op.kind)) CheckSqlVariants(*sql, op, dialects, engine);
    CheckBodyVariants(op, dialects, engine);
    const bool raw = std::holds_alternative<ast::RawSql>(op.kind);
    for (const auto& dialect : dialects) {
      dialect->Check(op, after, engine);
      auto d = static_cast<std::size_t>(dialect->id());
      AddRenderReads(*dialect, op, op_index, before, after, "", footprint);
      for (std::string& sql : dialect->Render(op, before, after)) {
        p.up[d].push_back({std::move(sql), op.loc.line, op_index, raw});
      }
      if (!inverse) continue;
      check::SchemaState state = after;
      for (const ast::Op& undo : *inverse) {
        check::SchemaState next = state;
        next.Apply(undo);
        AddRenderReads(*dialect, undo, op_index, state, next, "its down", footprint);
        for (std::string& sql : dialect->Render(undo, state, next)) {
          down[d].push_back({std::move(sql), op.loc.line, op_index, raw});
        }
        state = std::move(next);
      }
    }
  }, strict, [&](std::uint32_t index, const check::SchemaState& state,
                 const std::vector<std::string>& grown) {
    for (const auto& dialect : dialects) {
      for (const std::string& name : grown) {
        dialect->CheckMergedTable(*state.FindTable(name), graph.revision(index).id_loc, engine);
      }
    }
  });

  CompiledHistory history;
  for (const auto& dialect : dialects) history.dialects |= 1u << static_cast<int>(dialect->id());
  const ast::TableOptions& defaults = graph.settings().mysql_defaults;
  history.mysql_engine = defaults.engine;
  history.mysql_charset = defaults.charset;
  history.mysql_collation = defaults.collation;
  history.index_names_per_table = graph.settings().IndexNamesPerTable();
  history.version_table = graph.settings().version_table;
  std::vector<std::uint32_t> table_index(graph.revisions().size());
  for (std::uint32_t i = 0; i < graph.order().size(); ++i) {
    table_index[graph.order()[i]] = i;
  }
  for (std::uint32_t index : graph.order()) {
    const ast::Revision& revision = graph.revision(index);
    Pending& p = pending[index];
    CompiledRevision out;
    out.id = revision.id;
    out.message = revision.message;
    out.source = sources.file(revision.file).path();
    for (std::uint32_t parent : graph.parents(index)) {
      out.parents.push_back(table_index[parent]);
    }
    for (std::uint32_t dep : graph.depends_on(index)) {
      out.depends_on.push_back(table_index[dep]);
    }
    for (const ast::RevisionRef& label : revision.labels) out.labels.push_back(label.id);
    out.irreversible_ops = std::move(p.irreversible_ops);
    out.schema_ops = check::EncodeOps(revision.ops);
    out.up = std::move(p.up);
    for (auto it = p.down_per_op.rbegin(); it != p.down_per_op.rend(); ++it) {
      for (std::size_t d = 0; d < it->size(); ++d) {
        for (CompiledStatement& s : (*it)[d]) out.down[d].push_back(std::move(s));
      }
    }
    history.revisions.push_back(std::move(out));
  }
  for (CompiledRevision& revision : history.revisions) {
    for (const auto& dialect : dialects) {
      auto d = static_cast<std::size_t>(dialect->id());
      revision.checksums[d] = Sha256Hex(CanonicalText(revision, history.revisions, d));
    }
  }
  return history;
}

std::string CanonicalText(const CompiledRevision& revision,
                          const std::vector<CompiledRevision>& all, std::size_t d) {
  std::string text = "retort-revision-v1\nid " + revision.id + "\n";
  for (std::uint32_t p : revision.parents) text += "parent " + all[p].id + "\n";
  for (std::uint32_t d : revision.depends_on) text += "depends_on " + all[d].id + "\n";
  for (const std::string& label : revision.labels) text += "branch " + label + "\n";
  for (std::uint32_t op : revision.irreversible_ops) {
    text += "irreversible " + std::to_string(op) + "\n";
  }
  text += "dialect " + std::to_string(d) + "\n";
  for (const CompiledStatement& s : revision.up[d]) {
    text += "up " + std::to_string(s.op) + " " + s.sql + "\n;\n";
  }
  for (const CompiledStatement& s : revision.down[d]) {
    text += "down " + std::to_string(s.op) + " " + s.sql + "\n;\n";
  }
  return text;
}

}  // namespace retort::lower
