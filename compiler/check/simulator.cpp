#include "check/simulator.h"

#include <algorithm>
#include <optional>
#include <set>

#include "check/commute.h"
#include "check/lints.h"
#include "check/validate.h"

namespace retort::check {
namespace {

// Walks the topological order once. A revision's schema is its base's (the
// deepest of its parents and dependencies; moved along a chain, copied only
// where history branches) with every other line of history it names folded
// in: the revisions only that line has are replayed onto it, after the
// proof that they commute with the revisions only the base side has.
class Walker {
 public:
  Walker(const RevisionGraph& graph, diag::DiagnosticEngine& engine, const OpVisitor& visit,
         bool strict, const MergeVisitor& merged)
      : graph_(graph),
        engine_(engine),
        visit_(visit),
        merged_(merged),
        strict_(strict),
        splitter_(graph),
        footprints_(graph.revisions().size()),
        checker_(graph, splitter_, footprints_, engine),
        after_(graph.revisions().size()),
        readers_(graph.revisions().size(), 0),
        sources_(graph.revisions().size()),
        failed_(graph.revisions().size(), false) {}

  void Run() {
    OrderSources();
    for (std::uint32_t index : graph_.order()) {
      const std::vector<std::uint32_t>& sources = sources_[index];
      SchemaState state(graph_.settings().IndexNamesPerTable());
      if (!sources.empty()) {
        state = TakeState(sources[0]);
        std::vector<std::uint32_t> folded{sources[0]};
        for (std::size_t i = 1; i < sources.size(); ++i) {
          Fold(state, index, folded, sources[i]);
          folded.push_back(sources[i]);
        }
      }
      RunOwnOps(index, state);
      if (readers_[index] > 0) after_[index] = std::move(state);
    }
    // Heads nobody merged (each with its own branch label) can all be
    // applied to one database, in any order: they must commute too.
    const std::vector<std::uint32_t>& heads = graph_.heads();
    for (std::size_t i = 1; i < heads.size(); ++i) {
      std::vector<std::uint32_t> folded(heads.begin(), heads.begin() + i);
      Split split = splitter_.Divide(folded, heads[i]);
      checker_.Check(split.only_incoming, split.only_folded);
    }
  }

 private:
  // Parents and dependencies, the deepest first: it is the base whose state
  // is taken over, so the fewest revisions are replayed.
  void OrderSources() {
    std::vector<std::uint32_t> depth(graph_.revisions().size(), 0);
    for (std::uint32_t index : graph_.order()) {
      std::vector<std::uint32_t>& sources = sources_[index];
      sources = graph_.parents(index);
      for (std::uint32_t dep : graph_.depends_on(index)) {
        if (std::find(sources.begin(), sources.end(), dep) == sources.end()) {
          sources.push_back(dep);
        }
      }
      for (std::uint32_t source : sources) depth[index] = std::max(depth[index], depth[source] + 1);
      auto deepest = std::max_element(sources.begin(), sources.end(), [&](auto a, auto b) {
        return depth[a] < depth[b];
      });
      if (deepest != sources.end()) {
        std::rotate(sources.begin(), deepest, deepest + 1);
        ++readers_[sources[0]];
      }
    }
  }

  // The last reader of a state takes it over: along a chain the state
  // moves, it is never copied.
  SchemaState TakeState(std::uint32_t base) {
    if (!after_[base]) return SchemaState(graph_.settings().IndexNamesPerTable());  // the base's own walk was cut short
    if (--readers_[base] > 0) return *after_[base];
    SchemaState state = std::move(*after_[base]);
    after_[base].reset();
    return state;
  }

  void Fold(SchemaState& state, std::uint32_t index, const std::vector<std::uint32_t>& folded,
            std::uint32_t incoming) {
    Split split = splitter_.Divide(folded, incoming);
    std::size_t conflicts = checker_.Check(split.only_incoming, split.only_folded);
    std::set<std::string> appended;
    for (std::uint32_t revision : split.only_incoming) {
      const auto& ops = graph_.revision(revision).ops;
      for (std::uint32_t i = 0; i < ops.size(); ++i) {
        if (!Validate(ops[i], state, nullptr)) {
          // Concurrent revisions that commute cannot make this happen, so a
          // conflict was reported; otherwise say so here, never skip it.
          if (conflicts == 0 && !failed_[revision]) {
            engine_.Report(diag::Kind::kMergeOpFails, ops[i].loc,
                           {graph_.revision(index).id, graph_.revision(revision).id});
          }
          continue;
        }
        if (const auto* add = std::get_if<ast::AddColumn>(&ops[i].kind)) {
          appended.insert(add->table);
        }
        state.Apply(ops[i], OrderKey(splitter_.position(revision), i));
      }
    }
    // Both sides may have appended to one table: canonical column order.
    std::vector<std::string> grown;
    for (const std::string& table : appended) {
      if (state.FindTable(table) == nullptr) continue;
      state.SortAppendedColumns(table);
      grown.push_back(table);
    }
    if (merged_ && !grown.empty() && conflicts == 0) merged_(index, state, grown);
  }

  void RunOwnOps(std::uint32_t index, SchemaState& state) {
    const ast::Revision& revision = graph_.revision(index);
    Footprint& footprint = footprints_[index];
    std::set<std::string> created;  // tables this revision creates
    for (std::uint32_t i = 0; i < revision.ops.size(); ++i) {
      const ast::Op& op = revision.ops[i];
      if (!Validate(op, state, &engine_)) {
        failed_[index] = true;  // reported; the build fails
        continue;
      }
      Lint(revision, op, created, state, strict_, engine_);
      if (const auto* create = std::get_if<ast::CreateTable>(&op.kind)) {
        created.insert(create->name);
      }
      AddAccesses(op, i, state, footprint);
      // The visitor sees only the tables the op touches, so the cost of an
      // operation does not grow with the size of the schema.
      std::vector<std::string> touched = state.TablesTouchedBy(op);
      SchemaState before = state.Subset(touched);
      state.Apply(op, OrderKey(splitter_.position(index), i));
      visit_(index, i, op, before, state.Subset(touched), footprint);
    }
  }

  const RevisionGraph& graph_;
  diag::DiagnosticEngine& engine_;
  const OpVisitor& visit_;
  const MergeVisitor& merged_;
  bool strict_;
  HistorySplitter splitter_;
  std::vector<Footprint> footprints_;
  CommuteChecker checker_;
  std::vector<std::optional<SchemaState>> after_;  // kept until the last reader
  std::vector<std::size_t> readers_;
  std::vector<std::vector<std::uint32_t>> sources_;
  std::vector<bool> failed_;  // revisions with an operation that was invalid
};

// Replays `wanted` revisions in topological order. In a history that
// compiled without errors every operation applies (concurrent revisions
// commute, so topological order gives the canonical schema); one that does
// not is reported, never skipped silently.
SchemaState Replay(const RevisionGraph& graph, const std::vector<bool>& wanted,
                   diag::DiagnosticEngine& engine) {
  SchemaState state(graph.settings().IndexNamesPerTable());
  for (std::uint32_t position = 0; position < graph.order().size(); ++position) {
    std::uint32_t index = graph.order()[position];
    if (!wanted[index]) continue;
    const auto& ops = graph.revision(index).ops;
    for (std::uint32_t i = 0; i < ops.size(); ++i) {
      if (Validate(ops[i], state, &engine)) state.Apply(ops[i], OrderKey(position, i));
    }
  }
  return state;
}

}  // namespace

SchemaState StateAfter(const RevisionGraph& graph, std::uint32_t revision,
                       diag::DiagnosticEngine& engine) {
  return StateAfter(graph, std::vector<std::uint32_t>{revision}, engine);
}

SchemaState StateAfter(const RevisionGraph& graph, const std::vector<std::uint32_t>& revisions,
                       diag::DiagnosticEngine& engine) {
  std::vector<bool> wanted(graph.revisions().size(), false);
  std::vector<std::uint32_t> stack = revisions;
  for (std::uint32_t revision : revisions) wanted[revision] = true;
  while (!stack.empty()) {
    std::uint32_t at = stack.back();
    stack.pop_back();
    for (const auto* edges : {&graph.parents(at), &graph.depends_on(at)}) {
      for (std::uint32_t p : *edges) {
        if (!wanted[p]) {
          wanted[p] = true;
          stack.push_back(p);
        }
      }
    }
  }
  return Replay(graph, wanted, engine);
}

SchemaState StateAfterAll(const RevisionGraph& graph, diag::DiagnosticEngine& engine) {
  return Replay(graph, std::vector<bool>(graph.revisions().size(), true), engine);
}

void Simulate(const RevisionGraph& graph, diag::DiagnosticEngine& engine,
              const OpVisitor& visit, bool strict, const MergeVisitor& merged) {
  Walker(graph, engine, visit, strict, merged).Run();
}

}  // namespace retort::check
