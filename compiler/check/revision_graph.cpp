#include "check/revision_graph.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <set>

#include "check/spelling.h"

namespace retort::check {

RevisionGraph RevisionGraph::Build(std::vector<ast::Revision> revisions,
                                   diag::DiagnosticEngine& engine,
                                   const std::string& migrations_dir) {
  RevisionGraph graph;
  for (ast::Revision& revision : revisions) {
    auto [it, inserted] = graph.by_id_.emplace(
        revision.id, static_cast<std::uint32_t>(graph.revisions_.size()));
    if (!inserted) {
      diag::Diagnostic& d = engine.Report(diag::Kind::kDuplicateRevision,
                                          revision.id_loc, {revision.id});
      d.notes.push_back({diag::Kind::kFirstDefinedHere,
                         graph.revisions_[it->second].id_loc, {}});
      continue;
    }
    graph.revisions_.push_back(std::move(revision));
  }
  graph.ResolveEdges(engine);
  graph.Order(engine);
  std::vector<bool> is_parent(graph.revisions_.size(), false);
  for (const auto& parents : graph.parents_) {
    for (std::uint32_t p : parents) is_parent[p] = true;
  }
  for (std::uint32_t i : graph.order_) {
    if (!is_parent[i]) graph.heads_.push_back(i);
  }
  // A revision whose parent is missing looks like an extra root and head;
  // the head check would only repeat that error.
  if (graph.acyclic_ && graph.edges_resolved_) {
    graph.CheckHeads(engine, migrations_dir);
    graph.CheckMerges(engine);
  }
  return graph;
}

std::int64_t RevisionGraph::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

void RevisionGraph::ResolveEdges(diag::DiagnosticEngine& engine) {
  std::vector<std::string> ids;
  for (const ast::Revision& revision : revisions_) ids.push_back(revision.id);
  parents_.resize(revisions_.size());
  depends_on_.resize(revisions_.size());
  // In depends_on a branch label names the revision that declares it (as in
  // Alembic); parents are always ids.
  std::unordered_map<std::string, std::uint32_t> labels;
  for (std::uint32_t i = 0; i < revisions_.size(); ++i) {
    for (const ast::RevisionRef& label : revisions_[i].labels) labels.emplace(label.id, i);
  }
  auto resolve = [&](const std::vector<ast::RevisionRef>& refs,
                     diag::Kind unknown, std::vector<std::uint32_t>& out,
                     bool is_parent) {
    for (const ast::RevisionRef& ref : refs) {
      std::int64_t index = Find(ref.id);
      if (index < 0 && !is_parent) {
        if (auto it = labels.find(ref.id); it != labels.end()) index = it->second;
      }
      if (index < 0) {
        edges_resolved_ = false;
        diag::Diagnostic& d = engine.Report(unknown, ref.loc, {ref.id});
        if (auto match = ClosestMatch(ref.id, ids)) {
          d.notes.push_back({diag::Kind::kDidYouMean, ref.loc, {*match}});
        }
        continue;
      }
      auto target = static_cast<std::uint32_t>(index);
      if (std::find(out.begin(), out.end(), target) != out.end()) {
        if (is_parent) {
          engine.Report(diag::Kind::kDuplicateParent, ref.loc, {ref.id});
        }
        continue;
      }
      out.push_back(target);
    }
  };
  for (std::uint32_t i = 0; i < revisions_.size(); ++i) {
    resolve(revisions_[i].parents, diag::Kind::kUnknownParent, parents_[i], true);
    resolve(revisions_[i].depends_on, diag::Kind::kUnknownDependsOn,
            depends_on_[i], false);
  }
}

void RevisionGraph::Order(diag::DiagnosticEngine& engine) {
  std::size_t n = revisions_.size();
  std::vector<std::vector<std::uint32_t>> children(n);
  std::vector<std::size_t> waiting(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (const auto* edges : {&parents_[i], &depends_on_[i]}) {
      for (std::uint32_t p : *edges) {
        children[p].push_back(i);
        ++waiting[i];
      }
    }
  }
  auto later = [&](std::uint32_t a, std::uint32_t b) {
    return revisions_[a].id > revisions_[b].id;
  };
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(later)>
      ready(later);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) ready.push(i);
  }
  while (!ready.empty()) {
    std::uint32_t next = ready.top();
    ready.pop();
    order_.push_back(next);
    for (std::uint32_t child : children[next]) {
      if (--waiting[child] == 0) ready.push(child);
    }
  }
  if (order_.size() == n) return;

  // Every revision left over is on a cycle or downstream of one. Walk
  // parent edges from each unvisited leftover until a revision repeats;
  // report each distinct cycle once, at its smallest id.
  acyclic_ = false;
  std::vector<int> state(n, 0);  // 0 new, 1 on the current path, 2 done
  for (std::uint32_t start = 0; start < n; ++start) {
    if (waiting[start] == 0 || state[start] != 0) continue;
    std::vector<std::uint32_t> path;
    std::uint32_t at = start;
    while (state[at] == 0) {
      state[at] = 1;
      path.push_back(at);
      std::uint32_t next = at;
      for (const auto* edges : {&parents_[at], &depends_on_[at]}) {
        for (std::uint32_t p : *edges) {
          if (waiting[p] != 0) next = p;
        }
      }
      if (next == at && std::find(parents_[at].begin(), parents_[at].end(),
                                  at) == parents_[at].end()) {
        break;
      }
      at = next;
    }
    if (state[at] == 1) {
      auto begin = std::find(path.begin(), path.end(), at);
      std::vector<std::uint32_t> cycle(begin, path.end());
      // Print children first: "a -> b" reads "a has parent b".
      auto smallest = std::min_element(cycle.begin(), cycle.end(),
                                        [&](std::uint32_t a, std::uint32_t b) {
                                          return revisions_[a].id < revisions_[b].id;
                                        });
      std::rotate(cycle.begin(), smallest, cycle.end());
      std::string text;
      for (std::uint32_t r : cycle) text += revisions_[r].id + " -> ";
      text += revisions_[cycle.front()].id;
      engine.Report(diag::Kind::kCycle, revisions_[cycle.front()].id_loc,
                    {text + " (each revision names the next as its parent)"});
    }
    for (std::uint32_t r : path) state[r] = 2;
  }
}

bool RevisionGraph::IsAncestor(std::uint32_t ancestor, std::uint32_t index) const {
  std::vector<bool> seen(revisions_.size(), false);
  std::vector<std::uint32_t> stack{index};
  while (!stack.empty()) {
    std::uint32_t at = stack.back();
    stack.pop_back();
    for (const auto* edges : {&parents_[at], &depends_on_[at]}) {
      for (std::uint32_t p : *edges) {
        if (p == ancestor) return true;
        if (!seen[p]) {
          seen[p] = true;
          stack.push_back(p);
        }
      }
    }
  }
  return false;
}

void RevisionGraph::CheckHeads(diag::DiagnosticEngine& engine,
                               const std::string& dir) {
  std::size_t n = revisions_.size();
  // Branch labels a revision carries or inherits from its ancestors.
  std::vector<std::set<std::string>> labels(n);
  std::unordered_map<std::string, std::uint32_t> label_owner;
  for (std::uint32_t i : order_) {
    for (const ast::RevisionRef& label : revisions_[i].labels) {
      auto [it, inserted] = label_owner.emplace(label.id, i);
      if (!inserted) {
        diag::Diagnostic& d =
            engine.Report(diag::Kind::kDuplicateBranchLabel, label.loc, {label.id});
        for (const ast::RevisionRef& first : revisions_[it->second].labels) {
          if (first.id == label.id) {
            d.notes.push_back({diag::Kind::kFirstDefinedHere, first.loc, {}});
          }
        }
      }
      labels[i].insert(label.id);
    }
    for (std::uint32_t p : parents_[i]) {
      labels[i].insert(labels[p].begin(), labels[p].end());
    }
  }
  if (heads_.size() < 2) return;
  // Several heads are fine when each has a label no other head has.
  bool all_distinct = true;
  for (std::uint32_t head : heads_) {
    bool own = false;
    for (const std::string& label : labels[head]) {
      bool shared = false;
      for (std::uint32_t other : heads_) {
        if (other != head && labels[other].count(label)) shared = true;
      }
      if (!shared) own = true;
    }
    if (!own) all_distinct = false;
  }
  if (all_distinct) return;
  std::string list;
  for (std::uint32_t head : heads_) {
    if (!list.empty()) list += ", ";
    list += "'" + revisions_[head].id + "'";
  }
  diag::Diagnostic& d = engine.Report(diag::Kind::kMultipleHeads,
                                      revisions_[heads_.back()].id_loc, {list, dir});
  for (std::uint32_t head : heads_) {
    if (head == heads_.back()) continue;
    d.notes.push_back({diag::Kind::kHeadDefinedHere, revisions_[head].id_loc,
                       {revisions_[head].id}});
  }
}

void RevisionGraph::CheckMerges(diag::DiagnosticEngine& engine) {
  for (std::uint32_t i = 0; i < revisions_.size(); ++i) {
    const std::vector<std::uint32_t>& ps = parents_[i];
    if (ps.size() < 2) continue;
    for (std::uint32_t a : ps) {
      for (std::uint32_t b : ps) {
        if (a != b && IsAncestor(a, b)) {
          const ast::RevisionRef* ref = nullptr;
          for (const ast::RevisionRef& r : revisions_[i].parents) {
            if (r.id == revisions_[a].id) ref = &r;
          }
          engine.Report(diag::Kind::kRedundantMerge,
                        ref ? ref->loc : revisions_[i].id_loc,
                        {revisions_[a].id, revisions_[b].id});
        }
      }
    }
  }
}

}  // namespace retort::check
