/// Read-only queries over a compiled MigrationTable: lookup by id or unique
/// prefix, heads, ancestor closure and descendants. Revisions are referred to
/// by their uint32_t index in the table; because the table is in topological
/// order (every parent and dependency has a smaller index), each set query is
/// one linear pass over a RevisionSet.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/table.h"

namespace retort::graph {

/// Membership by revision index; size() == table.count.
using RevisionSet = std::vector<bool>;

/// No revision has this id and no id starts with it.
class UnknownRevisionError : public std::runtime_error {
 public:
  UnknownRevisionError(std::string query, std::string suggestion);
  const std::string& query() const { return query_; }
  /// The nearest id by edit distance, or empty when nothing is close.
  const std::string& suggestion() const { return suggestion_; }

 private:
  std::string query_;
  std::string suggestion_;
};

/// More than one id starts with the given prefix.
class AmbiguousRevisionError : public std::runtime_error {
 public:
  AmbiguousRevisionError(std::string prefix,
                         std::vector<std::string> candidates);
  const std::string& prefix() const { return prefix_; }
  /// Every matching id, sorted.
  const std::vector<std::string>& candidates() const { return candidates_; }

 private:
  std::string prefix_;
  std::vector<std::string> candidates_;
};

class GraphView {
 public:
  /// Keeps a reference to `table`, which must outlive the view.
  explicit GraphView(const table::MigrationTable& table);

  std::uint32_t size() const { return table_.count; }
  const table::MigrationTable& table() const { return table_; }
  const table::Revision& revision(std::uint32_t index) const {
    return table::RevisionAt(table_, index);
  }
  std::string_view id(std::uint32_t index) const { return table::RevisionAt(table_, index).id; }

  /// The index of the revision whose id is exactly `id`, or -1.
  std::int64_t FindExact(std::string_view id) const;
  /// Every index whose id starts with `prefix`, in id order.
  std::vector<std::uint32_t> FindPrefix(std::string_view prefix) const;
  /// The revision that declares branch label `label`, or -1.
  std::int64_t FindLabel(std::string_view label) const;
  /// Exact id, else exact branch label (the revision that declares it), else
  /// a unique prefix of an id or a label — only for queries of four
  /// characters or more, as in Alembic. Throws UnknownRevisionError or
  /// AmbiguousRevisionError.
  std::uint32_t Lookup(std::string_view id_or_prefix) const;
  /// The id closest to `query` by edit distance, or "" if none is close.
  std::string NearestId(std::string_view query) const;

  /// Heads of the whole graph: revisions that are no revision's parent
  /// (depends_on does not count), in table order.
  const std::vector<std::uint32_t>& Heads() const { return heads_; }
  /// Revisions that have `index` as a parent (not depends_on), in table order.
  std::vector<std::uint32_t> Children(std::uint32_t index) const;

  /// `revisions` and all their ancestors through parents and depends_on.
  RevisionSet Closure(std::span<const std::uint32_t> revisions) const;
  /// Strict descendants of `index` through parents and depends_on.
  RevisionSet Descendants(std::uint32_t index) const;
  /// `revisions` and all their descendants through parents and depends_on.
  RevisionSet DescendantsOf(std::span<const std::uint32_t> revisions) const;
  /// Members of `set` that no member of `set` has as a parent, in table order
  /// (what `current` and `heads` show: depends_on never hides a head).
  std::vector<std::uint32_t> HeadsOf(const RevisionSet& set) const;
  /// Members of `set` that no member of `set` has as a parent or a
  /// dependency, in table order: the version rows of an applied set (a
  /// revision applied only as another one's dependency has no row, as in
  /// Alembic).
  std::vector<std::uint32_t> MaximalOf(const RevisionSet& set) const;
  /// True when every parent and dependency of `index` is in `set`.
  bool PrerequisitesIn(std::uint32_t index, const RevisionSet& set) const;

 private:
  const table::MigrationTable& table_;
  /// Indices sorted by id, built by the first lookup.
  const std::vector<std::uint32_t>& ById() const;
  mutable std::vector<std::uint32_t> by_id_;
  std::vector<std::pair<std::string_view, std::uint32_t>> labels_;  // sorted
  std::vector<std::uint32_t> heads_;
};

/// Levenshtein distance between two strings.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace retort::graph
