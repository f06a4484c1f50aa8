/// Random revision histories for the branch differential test
/// (branch_diff_test.cpp): linear stretches, branches from one point, merges,
/// `depends_on` across branches and unmerged labelled heads, with random
/// operations over a few tables. Every revision's operations are valid against
/// the schema of its own ancestors (replayed in a model of our own), so the
/// only reason retortc may reject a history is that concurrent revisions do
/// not commute.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "history_model.h"

namespace retort::testing::gen {

/// A small deterministic PRNG (splitmix64): the same seed gives the same
/// history on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  /// Uniform in [0, n); n > 0.
  std::uint32_t Below(std::uint32_t n) { return static_cast<std::uint32_t>(Next() % n); }
  /// Uniform in [lo, hi].
  int Range(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  bool Percent(int p) { return Below(100) < static_cast<std::uint32_t>(p); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<std::uint32_t>(items.size()))];
  }

 private:
  std::uint64_t state_;
};

struct Options {
  int min_revisions = 4;
  int max_revisions = 12;
  bool branches = true;  ///< false: a single line of history
};

struct Revision {
  std::string id;
  std::vector<int> parents;     ///< indices of earlier revisions
  std::vector<int> depends_on;  ///< indices of earlier revisions
  std::string label;            ///< branch label, or empty
  std::vector<Op> ops;
  std::string text;  ///< the whole .mig text of a loaded revision (ops unknown)
};

struct MigFile {
  std::string name;  ///< "<id>.mig"
  std::string text;
};

/// A generated history. Revisions are in creation order, which is a
/// topological order and, since ids sort in creation order, the compiler's.
struct History {
  std::uint64_t seed = 0;
  std::vector<Revision> revisions;
  /// False for a history loaded from files: its operations are not in the
  /// model, so StateOf() knows nothing (and the checks that need it are off).
  bool modeled = true;
  std::string origin;  ///< where a loaded history came from

  int Find(const std::string& id) const;  ///< -1 when unknown
  /// Whether `ancestor` is reachable from `index` through parents and
  /// depends_on (a revision is not its own ancestor).
  bool IsAncestor(int ancestor, int index) const;
  bool Concurrent(int a, int b) const { return a != b && !IsAncestor(a, b) && !IsAncestor(b, a); }
  /// Revisions that are no revision's parent.
  std::vector<int> Heads() const;
  /// `index` and everything upstream of it.
  std::vector<bool> Closure(int index) const;

  /// Replays the revisions marked in `applied` in creation order, skipping
  /// operations that do not apply (counted in `skipped` when given).
  Schema StateOf(const std::vector<bool>& applied, int* skipped = nullptr) const;

  std::vector<MigFile> Files() const;
  /// The seed and every file, for failure messages.
  std::string Describe() const;
};

History GenerateHistory(std::uint64_t seed, const Options& options = {});

/// The `*.mig` files of `dir` (a saved case, tests/e2e/branch_cases/<case>/),
/// with their graph read from the headers; not modeled.
History LoadHistory(const std::string& dir);

}  // namespace retort::testing::gen
