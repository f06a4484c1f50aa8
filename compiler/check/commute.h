/// Where lines of history meet, and the proof that concurrent revisions
/// commute.
///
/// Two revisions are concurrent when neither is an ancestor of the other
/// (through parents and depends_on). Every pair of concurrent revisions
/// meets for the first time where some revision (a merge, a revision with
/// depends_on, or the final union of all heads) folds one line of history
/// into another: one of them is then an ancestor of only the side already
/// folded, the other of only the side coming in. `HistorySplitter` finds
/// those two sides; `CommuteChecker` compares their footprints and reports
/// every pair that does not commute.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "check/access.h"
#include "check/revision_graph.h"
#include "diag/diagnostic.h"

namespace retort::check {

/// The ancestors (inclusive) of one side of a fold that are not ancestors
/// of the other, each in topological order.
struct Split {
  std::vector<std::uint32_t> only_folded;    ///< reached only from `folded`
  std::vector<std::uint32_t> only_incoming;  ///< reached only from `incoming`
};

class HistorySplitter {
 public:
  explicit HistorySplitter(const RevisionGraph& graph);

  /// Walks down from both sides at once, highest topological position
  /// first, until every open path has reached a common ancestor (git's
  /// merge-base walk): the cost is the region between the fold and where
  /// the lines diverged, not the length of history.
  Split Divide(const std::vector<std::uint32_t>& folded, std::uint32_t incoming);

  /// Position of `revision` in the topological order.
  std::uint32_t position(std::uint32_t revision) const { return position_[revision]; }

 private:
  const RevisionGraph& graph_;
  std::vector<std::uint32_t> position_;
  std::vector<std::uint8_t> flags_;  // scratch, all zero between calls
};

class CommuteChecker {
 public:
  CommuteChecker(const RevisionGraph& graph, const HistorySplitter& splitter,
                 const std::vector<Footprint>& footprints, diag::DiagnosticEngine& engine)
      : graph_(graph), splitter_(splitter), footprints_(footprints), engine_(engine) {}

  /// Reports each pair (one revision from each side) whose footprints
  /// conflict, at the later one's operation; returns the number reported.
  std::size_t Check(const std::vector<std::uint32_t>& side_a,
                    const std::vector<std::uint32_t>& side_b);

 private:
  struct Hit {
    std::uint32_t revision;
    std::size_t access;  // index into that revision's footprint
  };
  bool CheckOpaque(const std::vector<std::uint32_t>& opaque_side,
                   const std::vector<std::uint32_t>& other_side);
  void Report(std::uint32_t a, const Access& access_a, std::uint32_t b,
              const Access& access_b);
  void ReportOpaque(std::uint32_t opaque, std::uint32_t other);
  bool Claim(std::uint32_t a, std::uint32_t b);

  const RevisionGraph& graph_;
  const HistorySplitter& splitter_;
  const std::vector<Footprint>& footprints_;
  diag::DiagnosticEngine& engine_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> reported_;
  std::size_t count_ = 0;
};

}  // namespace retort::check
