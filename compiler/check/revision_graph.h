/// The validated revision DAG: revisions by uint32_t index, their parent and
/// dependency edges, the heads, and one deterministic topological order.
/// Build() reports every graph problem (duplicate id, unknown parent or
/// depends_on, duplicate parent, cycle, unmerged heads, redundant merge).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.h"
#include "front/ast.h"
#include "project/settings.h"

namespace retort::check {

class RevisionGraph {
 public:
  /// Takes the parsed revisions; returns the graph (possibly partial when
  /// errors were reported).
  static RevisionGraph Build(std::vector<ast::Revision> revisions,
                             diag::DiagnosticEngine& engine,
                             const std::string& migrations_dir);

  const std::vector<ast::Revision>& revisions() const { return revisions_; }
  const ast::Revision& revision(std::uint32_t index) const {
    return revisions_[index];
  }
  const std::vector<std::uint32_t>& parents(std::uint32_t index) const {
    return parents_[index];
  }
  const std::vector<std::uint32_t>& depends_on(std::uint32_t index) const {
    return depends_on_[index];
  }
  /// Topological order: parents and dependencies first; ties broken by id.
  const std::vector<std::uint32_t>& order() const { return order_; }
  /// Revisions that are no revision's parent, in topological order.
  const std::vector<std::uint32_t>& heads() const { return heads_; }
  /// Index of `id`, or -1.
  std::int64_t Find(const std::string& id) const;
  /// True when `ancestor` is reachable from `index` through parents and
  /// dependencies (a revision is not its own ancestor).
  bool IsAncestor(std::uint32_t ancestor, std::uint32_t index) const;
  bool acyclic() const { return acyclic_; }
  /// The project's settings (retort.toml; the defaults without one).
  const project::Settings& settings() const { return settings_; }
  void set_settings(project::Settings settings) { settings_ = std::move(settings); }

 private:
  void ResolveEdges(diag::DiagnosticEngine& engine);
  void Order(diag::DiagnosticEngine& engine);
  void CheckHeads(diag::DiagnosticEngine& engine, const std::string& dir);
  void CheckMerges(diag::DiagnosticEngine& engine);

  std::vector<ast::Revision> revisions_;
  std::unordered_map<std::string, std::uint32_t> by_id_;
  std::vector<std::vector<std::uint32_t>> parents_;
  std::vector<std::vector<std::uint32_t>> depends_on_;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> heads_;
  bool acyclic_ = true;
  bool edges_resolved_ = true;  ///< every parent and depends_on was found
  project::Settings settings_;
};

}  // namespace retort::check
