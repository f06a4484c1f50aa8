#include "retort/graph_view.h"

#include <algorithm>
#include <utility>

namespace retort::graph {

UnknownRevisionError::UnknownRevisionError(std::string query,
                                           std::string suggestion)
    : std::runtime_error("unknown revision '" + query + "'"),
      query_(std::move(query)),
      suggestion_(std::move(suggestion)) {}

AmbiguousRevisionError::AmbiguousRevisionError(
    std::string prefix, std::vector<std::string> candidates)
    : std::runtime_error("revision prefix '" + prefix + "' is ambiguous"),
      prefix_(std::move(prefix)),
      candidates_(std::move(candidates)) {}

GraphView::GraphView(const table::MigrationTable& table) : table_(table) {
  // The id index waits until a lookup needs it (a deploy's `upgrade head`
  // never does); a generated table carries its heads and labels.
  if (table.heads != nullptr) {
    heads_.assign(table.heads, table.heads + table.head_count);
    for (std::uint32_t l = 0; l < table.label_count; ++l) {
      labels_.emplace_back(table.labels[l].name, table.labels[l].revision);
    }
    return;
  }
  std::vector<bool> is_parent(table.count, false);
  for (std::uint32_t i = 0; i < table.count; ++i) {
    const table::Revision& rev = table::RevisionAt(table, i);
    for (std::uint32_t l = 0; l < rev.label_count; ++l) labels_.emplace_back(rev.labels[l], i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) is_parent[rev.parents[p]] = true;
  }
  std::sort(labels_.begin(), labels_.end());
  for (std::uint32_t i = 0; i < table.count; ++i) {
    if (!is_parent[i]) heads_.push_back(i);
  }
}

const std::vector<std::uint32_t>& GraphView::ById() const {
  if (by_id_.size() != table_.count) {
    std::vector<std::string_view> ids(table_.count);
    by_id_.resize(table_.count);
    for (std::uint32_t i = 0; i < table_.count; ++i) {
      ids[i] = id(i);
      by_id_[i] = i;
    }
    std::sort(by_id_.begin(), by_id_.end(),
              [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
  }
  return by_id_;
}

std::int64_t GraphView::FindExact(std::string_view id) const {
  const std::vector<std::uint32_t>& by_id = ById();
  auto it = std::lower_bound(
      by_id.begin(), by_id.end(), id,
      [&](std::uint32_t a, std::string_view key) { return this->id(a) < key; });
  if (it != by_id.end() && this->id(*it) == id) return *it;
  return -1;
}

std::vector<std::uint32_t> GraphView::FindPrefix(
    std::string_view prefix) const {
  std::vector<std::uint32_t> result;
  const std::vector<std::uint32_t>& by_id = ById();
  auto it = std::lower_bound(
      by_id.begin(), by_id.end(), prefix,
      [&](std::uint32_t a, std::string_view key) { return this->id(a) < key; });
  for (; it != by_id.end() && id(*it).starts_with(prefix); ++it) {
    result.push_back(*it);
  }
  return result;
}

std::int64_t GraphView::FindLabel(std::string_view label) const {
  auto it = std::lower_bound(labels_.begin(), labels_.end(), label,
                             [](const auto& entry, std::string_view key) {
                               return entry.first < key;
                             });
  if (it != labels_.end() && it->first == label) return it->second;
  return -1;
}

std::uint32_t GraphView::Lookup(std::string_view id_or_prefix) const {
  std::int64_t exact = FindExact(id_or_prefix);
  if (exact < 0) exact = FindLabel(id_or_prefix);
  if (exact >= 0) return static_cast<std::uint32_t>(exact);
  // Alembic matches a partial identifier only from four characters on.
  constexpr std::size_t kMinPrefix = 4;
  std::vector<std::uint32_t> matches;
  std::vector<std::string> candidates;
  if (id_or_prefix.size() >= kMinPrefix) {
    matches = FindPrefix(id_or_prefix);
    for (std::uint32_t m : matches) candidates.emplace_back(id(m));
    for (const auto& [label, declarer] : labels_) {
      if (!label.starts_with(id_or_prefix)) continue;
      candidates.push_back(std::string(label) + "@");
      if (std::find(matches.begin(), matches.end(), declarer) == matches.end()) {
        matches.push_back(declarer);
      } else {
        candidates.pop_back();  // the label names a revision already matched
      }
    }
  }
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) {
    throw UnknownRevisionError(std::string(id_or_prefix),
                               NearestId(id_or_prefix));
  }
  for (std::string& c : candidates) {
    if (c.ends_with("@")) c = "branch " + c.substr(0, c.size() - 1);
  }
  throw AmbiguousRevisionError(std::string(id_or_prefix),
                               std::move(candidates));
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string GraphView::NearestId(std::string_view query) const {
  // Compare with each whole id and with the id cut to the query's length, so
  // a mistyped prefix finds its revision too. Ties go to table order.
  const std::size_t max_distance =
      std::max<std::size_t>(1, std::min<std::size_t>(3, query.size() / 3));
  std::size_t best = max_distance + 1;
  std::string_view best_id;
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    std::string_view candidate = id(i);
    std::size_t d = EditDistance(query, candidate);
    if (candidate.size() > query.size()) {
      d = std::min(d, EditDistance(query, candidate.substr(0, query.size())));
    }
    if (d < best) {
      best = d;
      best_id = candidate;
    }
  }
  return std::string(best_id);
}

std::vector<std::uint32_t> GraphView::Children(std::uint32_t index) const {
  std::vector<std::uint32_t> children;
  for (std::uint32_t i = index + 1; i < table_.count; ++i) {
    const table::Revision& rev = table::RevisionAt(table_, i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
      if (rev.parents[p] == index) {
        children.push_back(i);
        break;
      }
    }
  }
  return children;
}

RevisionSet GraphView::Closure(std::span<const std::uint32_t> revisions) const {
  RevisionSet set(table_.count, false);
  for (std::uint32_t r : revisions) set[r] = true;
  // Walk downwards: a member's prerequisites all have smaller indices, so
  // they are visited after it.
  for (std::uint32_t i = table_.count; i-- > 0;) {
    if (!set[i]) continue;
    const table::Revision& rev = table::RevisionAt(table_, i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p)
      set[rev.parents[p]] = true;
    for (std::uint32_t d = 0; d < rev.depends_on_count; ++d) {
      set[rev.depends_on[d]] = true;
    }
  }
  return set;
}

RevisionSet GraphView::Descendants(std::uint32_t index) const {
  RevisionSet set(table_.count, false);
  set[index] = true;
  for (std::uint32_t i = index + 1; i < table_.count; ++i) {
    const table::Revision& rev = table::RevisionAt(table_, i);
    bool reached = false;
    for (std::uint32_t p = 0; p < rev.parent_count && !reached; ++p) {
      reached = set[rev.parents[p]];
    }
    for (std::uint32_t d = 0; d < rev.depends_on_count && !reached; ++d) {
      reached = set[rev.depends_on[d]];
    }
    set[i] = reached;
  }
  set[index] = false;
  return set;
}

RevisionSet GraphView::DescendantsOf(std::span<const std::uint32_t> revisions) const {
  RevisionSet set(table_.count, false);
  for (std::uint32_t r : revisions) set[r] = true;
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    if (set[i]) continue;
    const table::Revision& rev = table::RevisionAt(table_, i);
    for (std::uint32_t p = 0; p < rev.parent_count && !set[i]; ++p) set[i] = set[rev.parents[p]];
    for (std::uint32_t d = 0; d < rev.depends_on_count && !set[i]; ++d) {
      set[i] = set[rev.depends_on[d]];
    }
  }
  return set;
}

std::vector<std::uint32_t> GraphView::MaximalOf(const RevisionSet& set) const {
  std::vector<bool> below(table_.count, false);
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    if (!set[i]) continue;
    const table::Revision& rev = table::RevisionAt(table_, i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) below[rev.parents[p]] = true;
    for (std::uint32_t d = 0; d < rev.depends_on_count; ++d) below[rev.depends_on[d]] = true;
  }
  std::vector<std::uint32_t> rows;
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    if (set[i] && !below[i]) rows.push_back(i);
  }
  return rows;
}

std::vector<std::uint32_t> GraphView::HeadsOf(const RevisionSet& set) const {
  std::vector<bool> is_parent(table_.count, false);
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    if (!set[i]) continue;
    const table::Revision& rev = table::RevisionAt(table_, i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
      is_parent[rev.parents[p]] = true;
    }
  }
  std::vector<std::uint32_t> heads;
  for (std::uint32_t i = 0; i < table_.count; ++i) {
    if (set[i] && !is_parent[i]) heads.push_back(i);
  }
  return heads;
}

bool GraphView::PrerequisitesIn(std::uint32_t index,
                                const RevisionSet& set) const {
  const table::Revision& rev = table::RevisionAt(table_, index);
  for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
    if (!set[rev.parents[p]]) return false;
  }
  for (std::uint32_t d = 0; d < rev.depends_on_count; ++d) {
    if (!set[rev.depends_on[d]]) return false;
  }
  return true;
}

}  // namespace retort::graph
