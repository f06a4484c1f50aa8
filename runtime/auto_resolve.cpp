#include "auto_resolve.h"

#include <algorithm>

#include "check/op_codec.h"
#include "schema_check.h"

namespace retort::runtime {
namespace {

std::size_t Size(const diff::SchemaDiff& diff) { return diff.ops.size() + diff.notes.size(); }

// The statements that take the schema from `ops_in_effect` operations to
// the end of the interrupted run: the rest of the ups, or the downs of the
// operations still in effect (downs run last operation first).
std::vector<const table::Statement*> Remaining(const table::Revision& rev, int slot, bool up,
                                               std::uint32_t ops_in_effect) {
  std::vector<const table::Statement*> out;
  const table::StatementList& list = up ? rev.up[slot] : rev.down[slot];
  for (std::uint32_t i = 0; i < list.count; ++i) {
    const table::Statement& s = list.items[i];
    if (up ? s.op >= ops_in_effect : s.op < ops_in_effect) out.push_back(&s);
  }
  return out;
}

}  // namespace

AutoResolution ResolveAuto(driver::Connection& connection, VersionStore& store, Runner& runner,
                           const graph::GraphView& graph, std::uint32_t revision) {
  const table::MigrationTable& table = graph.table();
  const table::Revision& rev = graph.revision(revision);
  std::vector<HistoryEntry> open = store.Unresolved();
  auto entry = std::find_if(open.begin(), open.end(),
                            [&](const HistoryEntry& e) { return e.revision == rev.id; });
  if (entry == open.end()) throw NothingToResolveError(rev.id);
  const int slot = table::SlotFor(table, connection.dialect());
  if (slot < 0) throw NotTargetedError(connection.dialect(), table.dialects);

  // The schema the revision starts from: what is applied, without it.
  graph::RevisionSet applied = graph.Closure(ResolveRecordedHeads(graph, store.ReadHeads()));
  applied[revision] = false;
  const std::vector<std::uint32_t> base = graph.MaximalOf(applied);

  AutoResolution result;
  result.direction = entry->direction;
  result.op_count = OperationCount(table, revision);
  const check::SchemaState live = ReadLive(connection, store.version_table());
  std::vector<std::uint32_t> matches;
  NoMatchingStateError nearest{rev.id, 0, result.op_count, {}, ""};
  std::size_t nearest_size = SIZE_MAX;
  for (std::uint32_t j = 0; j <= result.op_count; ++j) {
    diff::SchemaDiff d = Compare(table, connection.dialect(),
                                 ExpectedSchema(table, base, revision, j), live);
    if (d.empty()) matches.push_back(j);
    if (Size(d) < nearest_size) {
      nearest_size = Size(d);
      nearest.nearest_ops = j;
      nearest.nearest = std::move(d);
    }
  }
  if (matches.empty()) throw nearest;
  const bool up = entry->direction == "up";
  // Several states alike: the operations between them cancel out in the
  // schema (a trigger made and dropped again). Finishing from the furthest
  // along is then the same schema, unless raw SQL lies between: whether it
  // ran, the schema cannot show.
  std::vector<ast::Op> ops = check::DecodeOps({rev.schema_ops, rev.schema_ops_size});
  for (std::uint32_t k = matches.front(); k < matches.back(); ++k) {
    if (std::holds_alternative<ast::RawSql>(ops[k].kind)) throw AmbiguousStateError{rev.id, matches};
  }
  const std::uint32_t j = result.ops_in_effect = up ? matches.back() : matches.front();
  // Nothing of the run took effect: the revision stays as it was before it.
  const bool untouched = up ? j == 0 : j == result.op_count;
  result.applied = untouched ? !up : up;
  if (!untouched) {
    std::vector<const table::Statement*> remaining = Remaining(rev, slot, up, j);
    for (const table::Statement* s : remaining) {
      try {
        connection.Execute(s->sql);
      } catch (const driver::DbError& e) {
        throw FinishFailedError{rev.id, result.statements_run,
                                static_cast<std::uint32_t>(remaining.size()), s->sql, e};
      }
      ++result.statements_run;
    }
    const std::uint32_t target = up ? result.op_count : 0;
    diff::SchemaDiff d = Compare(table, connection.dialect(),
                                 ExpectedSchema(table, base, revision, target),
                                 ReadLive(connection, store.version_table()));
    if (!d.empty()) {
      throw NoMatchingStateError{rev.id, target, result.op_count, std::move(d),
                                 "after running " + std::to_string(result.statements_run) +
                                     " statements to finish the " + entry->direction};
    }
  }
  std::string note = "resolve --auto: " + std::to_string(j) + " of " +
                     std::to_string(result.op_count) + " operations were in effect after the " +
                     entry->outcome + " " + entry->direction + " (recorded at statement " +
                     std::to_string(entry->statement) + "); ran " +
                     std::to_string(result.statements_run) + " statements to finish it";
  result.heads = runner.Resolve(revision, result.applied, note);
  return result;
}

}  // namespace retort::runtime
