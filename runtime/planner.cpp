#include "planner.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

namespace retort::runtime {
namespace {

std::vector<std::string> Ids(const graph::GraphView& graph,
                             const std::vector<std::uint32_t>& revisions) {
  std::vector<std::string> ids;
  for (std::uint32_t r : revisions) ids.emplace_back(graph.id(r));
  return ids;
}

// A resolved target: nothing (base), a set of revisions, or a count
// relative to the database's current state.
struct Target {
  // kLabelBase: the base of the branch whose label `revisions[0]` declares.
  enum class Kind { kBase, kRevisions, kRelative, kLabelBase };
  Kind kind = Kind::kBase;
  std::vector<std::uint32_t> revisions;
  bool forward = true;  // kRelative: "+N" or "-N"
  // Resolved by counting from what the database has applied (LABEL@±N).
  bool from_database = false;
  std::uint32_t count = 0;
};

// Parses all of `digits` as a count >= 1; false when it is not one.
bool ParseCount(std::string_view digits, std::uint32_t& count) {
  if (digits.empty()) return false;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), count);
  return ec == std::errc() && end == digits.data() + digits.size();
}

std::uint32_t SingleHead(const graph::GraphView& graph) {
  const std::vector<std::uint32_t>& heads = graph.Heads();
  if (heads.size() > 1) throw MultipleHeadsError(Ids(graph, heads));
  return heads.front();
}

// Walks `count` steps from `start` along single parents (up the history)
// or single children. Returns no revision for base (one step above a root).
Target Walk(const graph::GraphView& graph, std::string_view text,
            std::uint32_t start, bool forward, std::uint32_t count) {
  std::uint32_t current = start;
  for (std::uint32_t step = 1; step <= count; ++step) {
    std::vector<std::uint32_t> next;
    if (forward) {
      next = graph.Children(current);
    } else {
      const table::Revision& rev = graph.revision(current);
      next.assign(rev.parents, rev.parents + rev.parent_count);
    }
    if (next.size() > 1) {
      throw AmbiguousStepError(
          std::string(text), std::string(graph.id(current)), Ids(graph, next));
    }
    if (next.empty()) {
      if (!forward && step == count) return Target{};  // base
      throw NotEnoughRevisionsError(
          std::string(text), count, forward ? step - 1 : step,
          forward ? Direction::kUp : Direction::kDown);
    }
    current = next.front();
  }
  return Target{Target::Kind::kRevisions, {current}, true, 0};
}

// Revisions reached from `start` through parents only: up (ancestors) or
// down (descendants), `start` included.
graph::RevisionSet ParentLine(const graph::GraphView& graph, std::uint32_t start, bool down) {
  graph::RevisionSet set(graph.size(), false);
  set[start] = true;
  if (down) {
    for (std::uint32_t i = start + 1; i < graph.size(); ++i) {
      const table::Revision& rev = graph.revision(i);
      for (std::uint32_t p = 0; p < rev.parent_count && !set[i]; ++p) set[i] = set[rev.parents[p]];
    }
  } else {
    for (std::uint32_t i = start + 1; i-- > 0;) {
      if (!set[i]) continue;
      const table::Revision& rev = graph.revision(i);
      for (std::uint32_t p = 0; p < rev.parent_count; ++p) set[rev.parents[p]] = true;
    }
  }
  return set;
}

// `LABEL@X`: X is head, heads, base, +N, -N or a revision in the label's
// lineage (the declaring revision, its ancestors and descendants).
Target ResolveLabel(const graph::GraphView& graph, std::string_view text, std::size_t at,
                    const graph::RevisionSet& applied) {
  std::string_view label = text.substr(0, at), rest = text.substr(at + 1);
  std::int64_t found = graph.FindLabel(label);
  if (found < 0) {
    throw InvalidTargetError(std::string(text), "there is no branch label '" +
                                                    std::string(label) +
                                                    "'; 'migrate branches' lists them");
  }
  auto declarer = static_cast<std::uint32_t>(found);
  graph::RevisionSet below = ParentLine(graph, declarer, true);
  std::vector<std::uint32_t> heads;
  for (std::uint32_t h : graph.Heads()) {
    if (below[h]) heads.push_back(h);
  }
  if (rest == "heads") return Target{Target::Kind::kRevisions, heads, true, 0};
  if (rest == "head") {
    if (heads.size() > 1) throw MultipleHeadsError(Ids(graph, heads));
    return Target{Target::Kind::kRevisions, heads, true, 0};
  }
  if (rest == "base") return Target{Target::Kind::kLabelBase, {declarer}, true, 0};
  std::uint32_t count = 0;
  if (!rest.empty() && (rest.front() == '+' || rest.front() == '-') &&
      ParseCount(rest.substr(1), count) && count > 0) {
    bool forward = rest.front() == '+';
    // From the label's applied tip; from base when none of it is applied.
    std::vector<std::uint32_t> tips;
    graph::RevisionSet line = below;
    for (std::uint32_t i = 0; i < graph.size(); ++i) line[i] = below[i] && applied[i];
    tips = graph.HeadsOf(line);
    if (tips.size() > 1) {
      throw AmbiguousStepError(std::string(text), std::string(label), Ids(graph, tips));
    }
    Target walked;
    if (!tips.empty()) {
      walked = Walk(graph, text, tips.front(), forward, count);
    } else if (!forward) {
      throw NotEnoughRevisionsError(std::string(text), count, 0, Direction::kDown);
    } else if (count == 1) {
      walked = Target{Target::Kind::kRevisions, {declarer}, true, 0};
    } else {
      walked = Walk(graph, text, declarer, true, count - 1);
    }
    walked.from_database = true;
    return walked;
  }
  std::uint32_t revision = graph.Lookup(rest);
  if (!below[revision] && !ParentLine(graph, declarer, false)[revision]) {
    throw InvalidTargetError(std::string(text), "revision '" + std::string(graph.id(revision)) +
                                                    "' is not in the lineage of branch '" +
                                                    std::string(label) + "'");
  }
  return Target{Target::Kind::kRevisions, {revision}, true, 0};
}

Target Resolve(const graph::GraphView& graph, std::string_view text,
               const graph::RevisionSet& applied) {
  if (std::size_t at = text.find('@'); at != std::string_view::npos) {
    return ResolveLabel(graph, text, at, applied);
  }
  if (text.empty()) {
    throw InvalidTargetError("", "give a revision, head, heads, base or +N/-N");
  }
  if (text == "base") return Target{};
  if (text == "heads") {
    return Target{Target::Kind::kRevisions, graph.Heads(), true, 0};
  }
  if (text == "head") {
    if (graph.Heads().empty())
      return Target{Target::Kind::kRevisions, {}, true, 0};
    return Target{Target::Kind::kRevisions, {SingleHead(graph)}, true, 0};
  }
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    Target target{Target::Kind::kRelative, {}, text.front() == '+', 0};
    if (!ParseCount(text.substr(1), target.count) || target.count == 0) {
      throw InvalidTargetError(std::string(text),
                               "a relative target is +N or -N with N >= 1");
    }
    return target;
  }
  if (std::int64_t exact = graph.FindExact(text); exact >= 0) {
    return Target{
        Target::Kind::kRevisions, {static_cast<std::uint32_t>(exact)}, true, 0};
  }
  std::vector<std::uint32_t> matches = graph.FindPrefix(text);
  if (matches.empty()) {
    // REV+N / REV-N.
    std::size_t sign = text.find_last_of("+-");
    std::uint32_t count = 0;
    if (sign != std::string_view::npos && sign > 0 &&
        ParseCount(text.substr(sign + 1), count) && count > 0) {
      std::string_view base = text.substr(0, sign);
      std::uint32_t start =
          base == "head" ? SingleHead(graph) : graph.Lookup(base);
      return Walk(graph, text, start, text[sign] == '+', count);
    }
  }
  return Target{Target::Kind::kRevisions, {graph.Lookup(text)}, true, 0};
}

// `+N` / `-N` as Alembic walks it: from the single version row (at base,
// for +N, from the single root) along single children / parents. Returns the
// revisions to unapply (-N) or the one to upgrade to (+N); nullopt, with
// `why` set, where the walk is ambiguous.
std::optional<std::vector<std::uint32_t>> WalkFromRows(
    const graph::GraphView& graph, std::span<const std::uint32_t> rows, const Target& target,
    std::string_view text, std::string& why) {
  std::uint32_t count = target.count;
  std::vector<std::uint32_t> start(rows.begin(), rows.end());
  if (start.empty() && target.forward) {
    for (std::uint32_t i = 0; i < graph.size(); ++i) {
      if (graph.revision(i).parent_count == 0) start.push_back(i);
    }
    if (start.size() == 1) {
      if (count == 1) return start;
      --count;
    } else {
      why = "the history has " + std::to_string(start.size()) + " roots";
      return std::nullopt;
    }
  }
  if (start.size() != 1) {
    if (start.empty()) return std::nullopt;  // -N at base: not enough
    why = "the database has " + std::to_string(start.size()) + " version rows";
    return std::nullopt;
  }
  try {
    if (target.forward) {
      return Walk(graph, text, start.front(), true, count).revisions;
    }
    std::vector<std::uint32_t> path{start.front()};
    for (std::uint32_t step = 1; step < count; ++step) {
      const table::Revision& rev = graph.revision(path.back());
      if (rev.parent_count > 1) throw AmbiguousStepError(std::string(text), rev.id, {});
      if (rev.parent_count == 0) {
        throw NotEnoughRevisionsError(std::string(text), count, step, Direction::kDown);
      }
      path.push_back(rev.parents[0]);
    }
    return path;
  } catch (const NotEnoughRevisionsError& e) {
    throw NotEnoughRevisionsError(e.target(), target.count,
                                  e.available() + (target.count - count), e.direction(), true);
  } catch (const AmbiguousStepError& e) {
    why = "the walk reaches a " + std::string(target.forward ? "branch point" : "merge") +
          " at '" + e.at() + "'";
    return std::nullopt;
  }
}

void RefuseIrreversible(const graph::GraphView& graph,
                        const std::vector<Step>& steps) {
  for (const Step& step : steps) {
    const table::Revision& rev = graph.revision(step.revision);
    if (!table::IsReversible(rev)) throw IrreversibleError(rev.id, rev.source);
  }
}

std::vector<Step> PlanUpgrade(const graph::GraphView& graph,
                              const graph::RevisionSet& applied,
                              const Target& target, std::string_view text) {
  std::vector<Step> steps;
  switch (target.kind) {
    case Target::Kind::kBase:
      // Nothing applied: already there (Alembic: a no-op).
      if (std::find(applied.begin(), applied.end(), true) == applied.end()) return steps;
      throw InvalidTargetError(std::string(text),
                               "cannot upgrade to base; use 'downgrade base'");
    case Target::Kind::kLabelBase:
      throw InvalidTargetError(std::string(text),
                               "cannot upgrade to a branch's base; use 'downgrade " +
                                   std::string(text) + "'");
    case Target::Kind::kRelative: {
      if (!target.forward) {
        throw InvalidTargetError(
            std::string(text),
            "upgrade takes +N; use 'downgrade " + std::string(text) + "'");
      }
      for (std::uint32_t i = 0; i < graph.size(); ++i) {
        if (!applied[i]) steps.push_back({i, Direction::kUp});
      }
      if (steps.size() < target.count) {
        throw NotEnoughRevisionsError(std::string(text), target.count,
                                      static_cast<std::uint32_t>(steps.size()),
                                      Direction::kUp);
      }
      steps.resize(target.count);
      return steps;
    }
    case Target::Kind::kRevisions: {
      graph::RevisionSet wanted = graph.Closure(target.revisions);
      for (std::uint32_t i = 0; i < graph.size(); ++i) {
        if (wanted[i] && !applied[i]) steps.push_back({i, Direction::kUp});
      }
      return steps;
    }
  }
  return steps;
}

std::vector<Step> PlanDowngrade(const graph::GraphView& graph,
                                const graph::RevisionSet& applied,
                                const Target& target, std::string_view text) {
  std::vector<Step> steps;
  switch (target.kind) {
    case Target::Kind::kBase:
      for (std::uint32_t i = graph.size(); i-- > 0;) {
        if (applied[i]) steps.push_back({i, Direction::kDown});
      }
      break;
    case Target::Kind::kRelative: {
      if (target.forward) {
        throw InvalidTargetError(
            std::string(text),
            "downgrade takes -N; use 'upgrade " + std::string(text) + "'");
      }
      for (std::uint32_t i = graph.size(); i-- > 0;) {
        if (applied[i]) steps.push_back({i, Direction::kDown});
      }
      if (steps.size() < target.count) {
        throw NotEnoughRevisionsError(std::string(text), target.count,
                                      static_cast<std::uint32_t>(steps.size()),
                                      Direction::kDown);
      }
      steps.resize(target.count);
      break;
    }
    case Target::Kind::kLabelBase: {
      // The branch from its declaring revision down, and whatever elsewhere
      // depends on any of it.
      graph::RevisionSet removed = graph.DescendantsOf(target.revisions);
      for (std::uint32_t i = graph.size(); i-- > 0;) {
        if (applied[i] && removed[i]) steps.push_back({i, Direction::kDown});
      }
      break;
    }
    case Target::Kind::kRevisions: {
      // Alembic's rule: what goes is the applied descendants of the
      // target's children (parents and depends_on followed down); the
      // target stays, and so does whatever depends on it but on nothing
      // that goes.
      std::uint32_t keep = target.revisions.front();
      if (!applied[keep]) throw NotAppliedError(std::string(graph.id(keep)));
      graph::RevisionSet removed = graph.DescendantsOf(graph.Children(keep));
      for (std::uint32_t i = graph.size(); i-- > keep + 1;) {
        if (applied[i] && removed[i]) steps.push_back({i, Direction::kDown});
      }
      break;
    }
  }
  RefuseIrreversible(graph, steps);
  return steps;
}

}  // namespace

MultipleHeadsError::MultipleHeadsError(std::vector<std::string> heads)
    : std::runtime_error("the migration graph has " +
                         std::to_string(heads.size()) + " heads"),
      heads_(std::move(heads)) {}

InvalidTargetError::InvalidTargetError(std::string target, std::string reason)
    : std::runtime_error("invalid target '" + target + "': " + reason),
      target_(std::move(target)),
      reason_(std::move(reason)) {}

NotEnoughRevisionsError::NotEnoughRevisionsError(std::string target,
                                                 std::uint32_t requested,
                                                 std::uint32_t available,
                                                 Direction direction, bool walked)
    : std::runtime_error("target '" + target + "' asks for " +
                         std::to_string(requested) + " steps but only " +
                         std::to_string(available) + " exist"),
      target_(std::move(target)),
      requested_(requested),
      available_(available),
      direction_(direction),
      walked_(walked) {}

AmbiguousStepError::AmbiguousStepError(std::string target, std::string at,
                                       std::vector<std::string> candidates)
    : std::runtime_error("target '" + target + "' is ambiguous at '" + at +
                         "'"),
      target_(std::move(target)),
      at_(std::move(at)),
      candidates_(std::move(candidates)) {}

NotAppliedError::NotAppliedError(std::string revision)
    : std::runtime_error("revision '" + revision + "' is not applied"),
      revision_(std::move(revision)) {}

IrreversibleError::IrreversibleError(std::string revision, std::string source)
    : std::runtime_error("revision '" + revision + "' is irreversible"),
      revision_(std::move(revision)),
      source_(std::move(source)) {}

// Alembic's stamp: rows on a line of history (through parents) the target
// is on move to it; the others stay.
std::vector<std::uint32_t> StampRows(const graph::GraphView& graph,
                                     std::span<const std::uint32_t> rows,
                                     const std::vector<std::uint32_t>& target, bool purge) {
  std::vector<std::uint32_t> keep = target;
  graph::RevisionSet related(graph.size(), false);
  for (std::uint32_t t : target) {
    graph::RevisionSet up = ParentLine(graph, t, false), down = ParentLine(graph, t, true);
    for (std::uint32_t i = 0; i < graph.size(); ++i) related[i] = related[i] || up[i] || down[i];
  }
  for (std::uint32_t row : rows) {
    if (!purge && !related[row]) keep.push_back(row);
  }
  return graph.MaximalOf(graph.Closure(keep));
}

MigrationPlan Plan(const graph::GraphView& graph,
                   std::span<const std::uint32_t> current_heads,
                   Command command, std::string_view target_text, bool purge) {
  if (command == Command::kDowngrade &&
      (target_text == "head" || target_text == "heads")) {
    throw InvalidTargetError(std::string(target_text),
                             "downgrade takes -N, a revision or base");
  }
  graph::RevisionSet applied = graph.Closure(current_heads);
  Target target = Resolve(graph, target_text, applied);
  MigrationPlan plan;
  if (target.kind == Target::Kind::kRelative && command != Command::kStamp &&
      target.forward == (command == Command::kUpgrade)) {
    std::string why;
    std::optional<std::vector<std::uint32_t>> walked =
        WalkFromRows(graph, current_heads, target, target_text, why);
    if (walked && target.forward) {
      target = Target{Target::Kind::kRevisions, *walked, true, 0};
    } else if (walked) {
      graph::RevisionSet removed = graph.DescendantsOf(*walked);
      for (std::uint32_t i = graph.size(); i-- > 0;) {
        if (applied[i] && removed[i]) plan.steps.push_back({i, Direction::kDown});
      }
      RefuseIrreversible(graph, plan.steps);
      for (const Step& step : plan.steps) applied[step.revision] = false;
      plan.resulting_heads = graph.MaximalOf(applied);
      return plan;
    } else if (!why.empty()) {
      plan.note = "'" + std::string(target_text) + "' has no single answer (" + why +
                  "); taking the " + (target.forward ? "first" : "last") + " " +
                  std::to_string(target.count) + " revision(s) in table order";
    }
  }
  switch (command) {
    case Command::kUpgrade:
      plan.steps = PlanUpgrade(graph, applied, target, target_text);
      break;
    case Command::kDowngrade:
      plan.steps = PlanDowngrade(graph, applied, target, target_text);
      break;
    case Command::kStamp:
      if (target.kind == Target::Kind::kRelative || target.kind == Target::Kind::kLabelBase) {
        throw InvalidTargetError(std::string(target_text),
                                 "stamp takes a revision, head, heads or base");
      }
      if (target.kind != Target::Kind::kBase) {  // base: every row goes
        plan.resulting_heads = StampRows(graph, current_heads, target.revisions, purge);
      }
      return plan;
  }
  for (const Step& step : plan.steps) {
    applied[step.revision] = step.direction == Direction::kUp;
  }
  plan.resulting_heads = graph.MaximalOf(applied);
  return plan;
}

std::vector<std::uint32_t> ResolveRevisions(const graph::GraphView& graph,
                                            std::string_view target_text) {
  graph::RevisionSet none(graph.size(), false);
  Target target = Resolve(graph, target_text, none);
  if (target.kind != Target::Kind::kRevisions || target.revisions.empty() ||
      target.from_database) {
    throw InvalidTargetError(std::string(target_text),
                             "it names no revision; give an id, a label, head or heads");
  }
  return target.revisions;
}

MigrationPlan Plan(const table::MigrationTable& table,
                   std::span<const std::uint32_t> current_heads,
                   Command command, std::string_view target) {
  return Plan(graph::GraphView(table), current_heads, command, target);
}

}  // namespace retort::runtime
