// Views, triggers and events: named objects whose body is opaque SQL.
#include "front/ast_builder.h"
#include "front/sql_text.h"

namespace retort::front {

ast::Body AstBuilder::BuildBody(P::SqlVariantsContext& text, P::UsesClauseContext* uses) {
  ast::Body body;
  body.text = BuildSqlVariants(text, /*whole=*/true);
  if (uses != nullptr) {
    for (P::NameContext* name : uses->name()) {
      body.uses.push_back(Name(*name));
      body.use_locs.push_back(Loc(*name));
    }
  }
  return body;
}

ast::Op AstBuilder::BuildCreateView(P::CreateViewContext& ctx) {
  ast::View view;
  view.name = Name(*ctx.name());
  view.loc = Loc(*ctx.name());
  view.body = BuildBody(*ctx.body, ctx.usesClause());
  return ast::Op{ast::CreateView{std::move(view)}, Loc(ctx), {Loc(*ctx.name())}};
}

ast::Op AstBuilder::BuildCreateTrigger(P::CreateTriggerContext& ctx) {
  ast::Trigger trigger;
  trigger.name = Name(*ctx.name(0));
  trigger.table = Name(*ctx.name(1));
  trigger.loc = Loc(*ctx.name(0));
  trigger.timing = ctx.timing->getType() == P::BEFORE ? ast::TriggerTiming::kBefore
                                                       : ast::TriggerTiming::kAfter;
  switch (ctx.event->getType()) {
    case P::INSERT: trigger.event = ast::TriggerEvent::kInsert; break;
    case P::UPDATE: trigger.event = ast::TriggerEvent::kUpdate; break;
    default: trigger.event = ast::TriggerEvent::kDelete; break;
  }
  trigger.body = BuildBody(*ctx.body, ctx.usesClause());
  return ast::Op{ast::CreateTrigger{std::move(trigger)}, Loc(ctx),
                 {Loc(*ctx.name(1)), Loc(*ctx.name(0))}};
}

ast::Op AstBuilder::BuildCreateEvent(P::CreateEventContext& ctx) {
  ast::Event event;
  event.name = Name(*ctx.name());
  event.loc = Loc(*ctx.name());
  std::string schedule = ctx.schedule->getText();
  event.schedule = TrimBody(std::string_view(schedule).substr(3, schedule.size() - 6));
  for (P::EventOptionContext* option : ctx.eventOption()) {
    if (auto* completion = dynamic_cast<P::CompletionOptionContext*>(option)) {
      event.preserve = completion->NOT() == nullptr;
    } else if (dynamic_cast<P::DisableOptionContext*>(option) != nullptr) {
      event.enabled = false;
    } else if (dynamic_cast<P::EnableOptionContext*>(option) != nullptr) {
      event.enabled = true;
    } else if (auto* comment = dynamic_cast<P::EventCommentOptionContext*>(option)) {
      event.comment = Unquote(comment->STRING()->getText());
    }
  }
  event.body = BuildBody(*ctx.body, ctx.usesClause());
  return ast::Op{ast::CreateEvent{std::move(event)}, Loc(ctx), {Loc(*ctx.name())}};
}

ast::Op AstBuilder::BuildDropObject(P::DropObjectContext& ctx) {
  ast::DropObject drop;
  switch (ctx.kind->getType()) {
    case P::VIEW: drop.kind = ast::DropObject::Kind::kView; break;
    case P::TRIGGER: drop.kind = ast::DropObject::Kind::kTrigger; break;
    default: drop.kind = ast::DropObject::Kind::kEvent; break;
  }
  drop.name = Name(*ctx.name());
  return ast::Op{std::move(drop), Loc(ctx), {Loc(*ctx.name())}};
}

}  // namespace retort::front
