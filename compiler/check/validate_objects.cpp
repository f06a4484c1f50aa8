#include "check/validate_objects.h"

#include <type_traits>

#include "check/report.h"

namespace retort::check {
namespace {

using diag::Kind;
using ObjectKind = ast::DropObject::Kind;

// The tables a body says it uses exist.
bool CheckUses(const ast::Body& body, const SchemaState& state, diag::DiagnosticEngine* engine) {
  bool ok = true;
  for (std::size_t i = 0; i < body.uses.size(); ++i) {
    if (state.FindTable(body.uses[i]) == nullptr) {
      Report(engine, Kind::kUnknownTable, body.use_locs[i], {body.uses[i]});
      ok = false;
    }
  }
  return ok;
}

bool CheckFree(ObjectKind kind, const std::string& name, source::SourceLoc loc,
               const SchemaState& state, diag::DiagnosticEngine* engine) {
  if (state.HasObject(kind, name)) {
    Report(engine, Kind::kObjectExists, loc, {std::string(ast::ObjectKindName(kind)), name});
    return false;
  }
  return true;
}

bool CheckCreateView(const ast::CreateView& create, const ast::Op& op, const SchemaState& state,
                     diag::DiagnosticEngine* engine) {
  bool ok = CheckFree(ObjectKind::kView, create.view.name, NameLoc(op, 0), state, engine);
  if (state.FindTable(create.view.name) != nullptr) {
    Report(engine, Kind::kTableExists, NameLoc(op, 0), {create.view.name});
    ok = false;
  }
  return CheckUses(create.view.body, state, engine) && ok;
}

bool CheckCreateTrigger(const ast::CreateTrigger& create, const ast::Op& op,
                        const SchemaState& state, diag::DiagnosticEngine* engine) {
  const ast::Trigger& trigger = create.trigger;
  bool ok = CheckFree(ObjectKind::kTrigger, trigger.name, NameLoc(op, 1), state, engine);
  if (state.FindTable(trigger.table) == nullptr) {
    Report(engine, Kind::kUnknownTable, NameLoc(op, 0), {trigger.table});
    ok = false;
  }
  return CheckUses(trigger.body, state, engine) && ok;
}

bool CheckCreateEvent(const ast::CreateEvent& create, const ast::Op& op,
                      const SchemaState& state, diag::DiagnosticEngine* engine) {
  bool ok = CheckFree(ObjectKind::kEvent, create.event.name, NameLoc(op, 0), state, engine);
  return CheckUses(create.event.body, state, engine) && ok;
}

// Who uses `table`: the kind and name of the first view, trigger or event
// whose body declares it (and, with `own`, a trigger on it).
std::pair<std::string, std::string> UserOf(const std::string& table, bool own,
                                           const SchemaState& state) {
  auto uses = [&](const ast::Body& body) {
    for (const std::string& used : body.uses) {
      if (used == table) return true;
    }
    return false;
  };
  for (const ast::View& view : state.views()) {
    if (uses(view.body)) return {"view", view.name};
  }
  for (const ast::Trigger& trigger : state.triggers()) {
    if ((own && trigger.table == table) || (trigger.table != table && uses(trigger.body))) {
      return {"trigger", trigger.name};
    }
  }
  for (const ast::Event& event : state.events()) {
    if (uses(event.body)) return {"event", event.name};
  }
  return {};
}

}  // namespace

bool ValidateObjectOp(const ast::Op& op, const SchemaState& state,
                      diag::DiagnosticEngine* engine) {
  return std::visit(
      [&](const auto& o) -> bool {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, ast::CreateView>) {
          return CheckCreateView(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::CreateTrigger>) {
          return CheckCreateTrigger(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::CreateEvent>) {
          return CheckCreateEvent(o, op, state, engine);
        } else if constexpr (std::is_same_v<T, ast::DropObject>) {
          if (state.HasObject(o.kind, o.name)) return true;
          Report(engine, Kind::kUnknownObject, NameLoc(op, 0),
                 {std::string(ast::ObjectKindName(o.kind)), o.name});
          return false;
        } else {
          return true;
        }
      },
      op.kind);
}

bool CheckTableNotUsed(const std::string& table, std::string_view verb, source::SourceLoc loc,
                       const SchemaState& state, diag::DiagnosticEngine* engine) {
  // A trigger follows its table through a rename, and goes with it on a drop.
  auto [kind, name] = UserOf(table, verb == "drop", state);
  if (kind.empty()) return true;
  Report(engine, Kind::kTableUsedByObject, loc, {std::string(verb), table, kind, name});
  return false;
}

bool CheckNotView(const std::string& name, source::SourceLoc loc, const SchemaState& state,
                  diag::DiagnosticEngine* engine) {
  if (state.FindView(name) == nullptr) return true;
  Report(engine, Kind::kObjectExists, loc, {"view", name});
  return false;
}

}  // namespace retort::check
