#include "auto_resolve.h"

#include <algorithm>
#include <set>

#include "check/op_codec.h"
#include "schema_check.h"

namespace retort::runtime {
namespace {

std::size_t Size(const diff::SchemaDiff& diff) { return diff.ops.size() + diff.notes.size(); }

using Statements = std::vector<const table::Statement*>;

// What one resolve works with.
struct Context {
  driver::Connection& connection;
  VersionStore& store;
  const table::MigrationTable& table;
  const table::Revision& rev;
  std::uint32_t revision;
  std::vector<std::uint32_t> base;  // applied, without the revision
  std::vector<ast::Op> ops;
  const table::StatementList& list;  // of the interrupted direction
  bool up;

  check::SchemaState After(std::uint32_t ops_in_effect) const {
    return ExpectedSchema(table, base, revision, ops_in_effect);
  }
  diff::SchemaDiff Against(std::uint32_t ops_in_effect, const check::SchemaState& live) const {
    return Compare(table, connection.dialect(), After(ops_in_effect), live);
  }
};

// The statements that take the schema from `ops_in_effect` operations to
// the end of the interrupted run: the rest of the ups, or the downs of the
// operations still in effect (downs run last operation first).
Statements Remaining(const Context& c, std::uint32_t ops_in_effect) {
  Statements out;
  for (std::uint32_t i = 0; i < c.list.count; ++i) {
    const table::Statement& s = c.list.items[i];
    if (c.up ? s.op >= ops_in_effect : s.op < ops_in_effect) out.push_back(&s);
  }
  return out;
}

std::uint32_t Run(const Context& c, const Statements& statements) {
  std::uint32_t ran = 0;
  for (const table::Statement* s : statements) {
    try {
      c.connection.Execute(s->sql);
    } catch (const driver::DbError& e) {
      throw FinishFailedError{c.rev.id, ran, static_cast<std::uint32_t>(statements.size()), s->sql, e};
    }
    ++ran;
  }
  return ran;
}

// The tables a diff's operations name.
std::set<std::string> TablesOf(const diff::SchemaDiff& diff, const check::SchemaState& live) {
  std::set<std::string> tables;
  for (const ast::Op& op : diff.ops) {
    for (std::string& t : live.TablesTouchedBy(op)) tables.insert(std::move(t));
  }
  return tables;
}

// A migrator stopped between two statements of one operation (InnoDB's
// drop and re-add of a foreign key around its index): no operation's end
// matches. The history row brackets the truth: a running row's count k says
// k statements are done, and the statements up to the end of its progress
// span (runner.h ProgressPoint) may have run; a statement inside an
// operation is always a progress point, so the count is k or that end. A
// failed row names the statement that was running (k - 1 or k done). Where
// that falls
// inside an operation, and the schema differs from the operation's start
// only on the operation's tables, the rest is run from there; a first
// statement that fails changed nothing, and the other count is tried.
// Returns {statements run, operations wholly in effect before}, or nullopt
// when no count applies.
std::optional<std::pair<std::uint32_t, std::uint32_t>> FinishInsideOperation(const Context& c, const HistoryEntry& entry,
                                                   const check::SchemaState& live) {
  // A running row counts the statements done; one failed after a lost
  // connection names the statement that was running (or would run next).
  std::int64_t done = entry.statement, most = done + 1;
  if (entry.outcome == "failed" && IsLostConnectionMessage(entry.message)) {
    most = done--;
  } else if (entry.outcome != "running") {
    return std::nullopt;  // a failure was compensated
  } else if (done >= 0 && done < static_cast<std::int64_t>(c.list.count)) {
    most = ProgressSpanEnd(c.list, static_cast<std::uint32_t>(done)) + 1;
  }
  for (std::int64_t p : {done, most}) {
    if (p <= 0 || p >= static_cast<std::int64_t>(c.list.count)) continue;
    const auto at = static_cast<std::uint32_t>(p);
    const std::uint32_t op = c.list.items[at].op;
    if (c.list.items[at - 1].op != op) continue;  // an operation boundary: matched above
    const std::uint32_t start = c.up ? op : op + 1;
    check::SchemaState before = c.After(start);
    diff::SchemaDiff d = Compare(c.table, c.connection.dialect(), before, live);
    std::vector<std::string> own = before.TablesTouchedBy(c.ops[op]);
    std::set<std::string> touched = TablesOf(d, live);
    if (!d.notes.empty() || std::any_of(touched.begin(), touched.end(), [&](const std::string& t) {
          return std::find(own.begin(), own.end(), t) == own.end();
        })) {
      continue;
    }
    Statements rest(c.list.count - at);
    for (std::uint32_t i = at; i < c.list.count; ++i) rest[i - at] = &c.list.items[i];
    try {
      return std::make_pair(Run(c, rest), start);
    } catch (const FinishFailedError& e) {
      if (e.ran > 0) throw;  // statements ran: stop here, truthfully
    }
  }
  return std::nullopt;
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
  const bool up = entry->direction == "up";

  // The schema the revision starts from: what is applied, without it.
  graph::RevisionSet applied = graph.Closure(ResolveRecordedHeads(graph, store.ReadHeads()));
  applied[revision] = false;
  const Context c{connection, store, table, rev, revision, graph.MaximalOf(applied),
                  check::DecodeOps({rev.schema_ops, rev.schema_ops_size}),
                  up ? rev.up[slot] : rev.down[slot], up};

  AutoResolution result;
  result.direction = entry->direction;
  result.op_count = static_cast<std::uint32_t>(c.ops.size());
  const check::SchemaState live = ReadLive(connection, store.version_table());
  std::vector<std::uint32_t> matches;
  NoMatchingStateError nearest{rev.id, 0, result.op_count, {}, ""};
  std::size_t nearest_size = SIZE_MAX;
  for (std::uint32_t j = 0; j <= result.op_count; ++j) {
    diff::SchemaDiff d = c.Against(j, live);
    if (d.empty()) matches.push_back(j);
    if (Size(d) < nearest_size) {
      nearest_size = Size(d);
      nearest.nearest_ops = j;
      nearest.nearest = std::move(d);
    }
  }
  std::uint32_t j = 0;
  if (matches.empty()) {
    auto finished = FinishInsideOperation(c, *entry, live);
    if (!finished) throw nearest;
    result.statements_run = finished->first;
    j = result.ops_in_effect = finished->second;
    result.inside_operation = true;
  } else {
    // Several states alike: the operations between them cancel out in the
    // schema (a trigger made and dropped again). Finishing from the furthest
    // along is then the same schema, unless raw SQL lies between: whether
    // it ran, the schema cannot show.
    for (std::uint32_t k = matches.front(); k < matches.back(); ++k) {
      if (std::holds_alternative<ast::RawSql>(c.ops[k].kind)) throw AmbiguousStateError{rev.id, matches};
    }
    j = result.ops_in_effect = up ? matches.back() : matches.front();
  }
  // Nothing of the run took effect: the revision stays as it was before it.
  const bool untouched = result.statements_run == 0 && (up ? j == 0 : j == result.op_count);
  result.applied = untouched ? !up : up;
  if (!untouched) {
    if (!matches.empty()) result.statements_run = Run(c, Remaining(c, j));
    const std::uint32_t target = up ? result.op_count : 0;
    diff::SchemaDiff d = c.Against(target, ReadLive(connection, store.version_table()));
    if (!d.empty()) {
      throw NoMatchingStateError{rev.id, target, result.op_count, std::move(d),
                                 "after running " + std::to_string(result.statements_run) +
                                     " statements to finish the " + entry->direction};
    }
  }
  std::string note = "resolve --auto: " + std::to_string(j) + " of " +
                     std::to_string(result.op_count) + " operations were in effect" +
                     (result.inside_operation ? ", and part of the next," : "") + " after the " +
                     entry->outcome + " " + entry->direction + " (recorded at statement " +
                     std::to_string(entry->statement) + "); ran " +
                     std::to_string(result.statements_run) + " statements to finish it";
  result.heads = runner.Resolve(revision, result.applied, note);
  return result;
}

}  // namespace retort::runtime
