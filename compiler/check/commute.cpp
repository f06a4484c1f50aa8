#include "check/commute.h"

#include <algorithm>
#include <array>
#include <queue>
#include <unordered_map>

namespace retort::check {
namespace {

constexpr std::uint8_t kFolded = 1;
constexpr std::uint8_t kIncoming = 2;
constexpr std::uint8_t kBoth = kFolded | kIncoming;

}  // namespace

HistorySplitter::HistorySplitter(const RevisionGraph& graph)
    : graph_(graph),
      position_(graph.revisions().size(), 0),
      flags_(graph.revisions().size(), 0) {
  for (std::uint32_t i = 0; i < graph.order().size(); ++i) position_[graph.order()[i]] = i;
}

Split HistorySplitter::Divide(const std::vector<std::uint32_t>& folded,
                              std::uint32_t incoming) {
  // Max-heap of topological positions: a revision is popped only after
  // every revision above it, so its flags are final when it is popped.
  std::priority_queue<std::uint32_t> queue;
  std::vector<std::uint32_t> touched;
  std::size_t open = 0;  // queued revisions not yet known to be common
  auto reach = [&](std::uint32_t revision, std::uint8_t flag) {
    std::uint8_t& f = flags_[revision];
    if (f == 0) {
      touched.push_back(revision);
      queue.push(position_[revision]);
      if (flag != kBoth) ++open;
    } else if (f != kBoth && (f | flag) == kBoth) {
      --open;
    }
    f |= flag;
  };
  for (std::uint32_t revision : folded) reach(revision, kFolded);
  reach(incoming, kIncoming);
  Split split;
  while (open > 0) {
    std::uint32_t revision = graph_.order()[queue.top()];
    queue.pop();
    std::uint8_t f = flags_[revision];
    if (f != kBoth) {
      --open;
      (f == kFolded ? split.only_folded : split.only_incoming).push_back(revision);
    }
    // A common revision still passes "common" on: one of its ancestors may
    // also be queued from one side only.
    for (const auto* edges : {&graph_.parents(revision), &graph_.depends_on(revision)}) {
      for (std::uint32_t up : *edges) reach(up, f);
    }
  }
  for (std::uint32_t revision : touched) flags_[revision] = 0;
  std::reverse(split.only_folded.begin(), split.only_folded.end());
  std::reverse(split.only_incoming.begin(), split.only_incoming.end());
  return split;
}

std::size_t CommuteChecker::Check(const std::vector<std::uint32_t>& side_a,
                                  const std::vector<std::uint32_t>& side_b) {
  std::size_t before = count_;
  if (CheckOpaque(side_a, side_b) || CheckOpaque(side_b, side_a)) return count_ - before;
  // For each object side B touches, the first access of each mode.
  std::unordered_map<Object, std::array<std::optional<Hit>, 4>, ObjectHash> touched;
  for (std::uint32_t revision : side_b) {
    const std::vector<Access>& accesses = footprints_[revision].accesses;
    for (std::size_t i = 0; i < accesses.size(); ++i) {
      auto& slot = touched[accesses[i].object][static_cast<std::size_t>(accesses[i].mode)];
      if (!slot) slot = Hit{revision, i};
    }
  }
  for (std::uint32_t revision : side_a) {
    for (const Access& access : footprints_[revision].accesses) {
      auto it = touched.find(access.object);
      if (it == touched.end()) continue;
      for (const std::optional<Hit>& hit : it->second) {
        if (!hit) continue;
        const Access& other = footprints_[hit->revision].accesses[hit->access];
        if (Conflicts(access.mode, other.mode) && Claim(revision, hit->revision)) {
          Report(revision, access, hit->revision, other);
        }
      }
    }
  }
  return count_ - before;
}

// A raw sql block that declares no tables commutes with no revision that
// does anything.
bool CommuteChecker::CheckOpaque(const std::vector<std::uint32_t>& opaque_side,
                                 const std::vector<std::uint32_t>& other_side) {
  auto opaque = std::find_if(opaque_side.begin(), opaque_side.end(),
                             [&](std::uint32_t r) { return footprints_[r].opaque; });
  if (opaque == opaque_side.end()) return false;
  auto other = std::find_if(other_side.begin(), other_side.end(),
                            [&](std::uint32_t r) { return !graph_.revision(r).ops.empty(); });
  if (other == other_side.end()) return false;
  if (Claim(*opaque, *other)) ReportOpaque(*opaque, *other);
  return true;
}

bool CommuteChecker::Claim(std::uint32_t a, std::uint32_t b) {
  return reported_.insert({std::min(a, b), std::max(a, b)}).second;
}

void CommuteChecker::Report(std::uint32_t a, const Access& access_a, std::uint32_t b,
                            const Access& access_b) {
  ++count_;
  // The error goes to the later revision's operation, the note to the other.
  if (splitter_.position(a) < splitter_.position(b)) {
    Report(b, access_b, a, access_a);
    --count_;
    return;
  }
  const ast::Revision& later = graph_.revision(a);
  const ast::Revision& earlier = graph_.revision(b);
  auto how = [](const Access& access) {
    return Phrase(access.object, access.mode) +
           (access.why.empty() ? "" : " (" + access.why + ")");
  };
  std::string what = "'" + later.id + "' " + how(access_a) + " and " +
                     (access_a.mode == access_b.mode
                          ? "so does '" + earlier.id + "'"
                          : "'" + earlier.id + "' " + Phrase(access_b.object, access_b.mode));
  diag::Diagnostic& d = engine_.Report(diag::Kind::kNonCommuting, later.ops[access_a.op].loc,
                                       {later.id, earlier.id, what});
  d.notes.push_back(
      {diag::Kind::kConflictingOpHere, earlier.ops[access_b.op].loc, {earlier.id, how(access_b)}});
  d.notes.push_back(
      {diag::Kind::kCommuteFix, later.ops[access_a.op].loc, {later.id, earlier.id}});
}

void CommuteChecker::ReportOpaque(std::uint32_t opaque, std::uint32_t other) {
  ++count_;
  const ast::Revision& raw = graph_.revision(opaque);
  const ast::Revision& rev = graph_.revision(other);
  bool raw_later = splitter_.position(opaque) > splitter_.position(other);
  const ast::Revision& later = raw_later ? raw : rev;
  const ast::Revision& earlier = raw_later ? rev : raw;
  source::SourceLoc raw_loc = raw.ops[footprints_[opaque].opaque_op].loc;
  source::SourceLoc rev_loc = rev.ops.front().loc;
  std::string what = "'" + raw.id +
                     "' runs a sql block that declares no tables (`sql on TABLE, ...`), so "
                     "nothing proves it commutes with '" + rev.id + "'";
  diag::Diagnostic& d = engine_.Report(diag::Kind::kNonCommuting, raw_later ? raw_loc : rev_loc,
                                       {later.id, earlier.id, what});
  d.notes.push_back({diag::Kind::kConflictingOpHere, raw_later ? rev_loc : raw_loc,
                     {earlier.id, raw_later ? "changes the schema" : "runs raw sql"}});
  d.notes.push_back(
      {diag::Kind::kCommuteFix, raw_later ? raw_loc : rev_loc, {later.id, earlier.id}});
}

}  // namespace retort::check
