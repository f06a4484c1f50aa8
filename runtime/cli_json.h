/// `migrate --json`: one JSON object per line on stdout, for every command
/// and every failure (docs/migrate.md, "--json", has the schema). The
/// shapes that several commands share are built here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retort/graph_view.h"

namespace retort::cli {

/// ["a","b"]
std::string JsonList(const std::vector<std::string>& items);
/// The ids of `revisions` as a JSON list.
std::string JsonIds(const graph::GraphView& graph, const std::vector<std::uint32_t>& revisions);

/// "revision":…,"parents":[…],"depends_on":[…],"labels":[…],"message":…,
/// "source":…,"head":true|false — the fields of one revision, without braces.
std::string RevisionFields(const graph::GraphView& graph, std::uint32_t index, bool head);

/// A failure as JSON: the text `migrate` printed on stderr
/// ("migrate: error: …" / "migrate: note: …" lines, and any others as
/// details) with its exit code:
/// {"event":"error","exit_code":N,"error":"…","notes":[…],"details":[…]}
std::string ErrorJson(int exit_code, const std::string& text);

}  // namespace retort::cli
