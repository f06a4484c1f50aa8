/// SQL for views, triggers and events, shared by the dialects: the bodies
/// are opaque text per dialect, so only the frame around them differs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "front/ast.h"

namespace retort::lower {

/// The statements of a CreateView, CreateTrigger, CreateEvent or DropObject
/// for `dialect` ("sqlite", "mysql", "mariadb"); nullopt for any other
/// operation. SQLite has no events: they render as nothing there (the
/// SQLite dialect reports them at build time).
std::optional<std::vector<std::string>> RenderObjectOp(const ast::Op& op,
                                                       std::string_view dialect);

/// CREATE TRIGGER for `dialect`.
std::string CreateTriggerSql(const ast::Trigger& trigger, std::string_view dialect);

/// The body text `body` gives `dialect`, or "" when it has none (reported at
/// build time as a missing variant).
std::string BodyFor(const ast::Body& body, std::string_view dialect);

}  // namespace retort::lower
