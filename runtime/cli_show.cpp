// Cli methods: history, heads, branches and show (runtime/cli.h).
#include <algorithm>
#include <sstream>

#include "cli.h"
#include "cli_json.h"
#include "cli_support.h"
#include "json.h"
#include "offline.h"

namespace retort::cli {

std::vector<std::uint32_t> Cli::ChildCounts() const {
  std::vector<std::uint32_t> counts(graph_.size(), 0);
  for (std::uint32_t i = 0; i < graph_.size(); ++i) {
    const table::Revision& rev = graph_.revision(i);
    for (std::uint32_t p = 0; p < rev.parent_count; ++p)
      ++counts[rev.parents[p]];
  }
  return counts;
}

std::string Cli::Tags(std::uint32_t index,
                      const std::vector<std::uint32_t>& child_counts,
                      const graph::RevisionSet* current) const {
  const table::Revision& rev = graph_.revision(index);
  std::string tags;
  for (std::uint32_t l = 0; l < rev.label_count; ++l) {
    tags += std::string(" (") + rev.labels[l] + ")";
  }
  if (child_counts[index] == 0) tags += " (head)";
  if (child_counts[index] > 1) tags += " (branchpoint)";
  if (rev.parent_count > 1) tags += " (mergepoint)";
  if (current != nullptr && (*current)[index]) tags += " (current)";
  return tags;
}

void Cli::PrintBlock(std::uint32_t index,
                     const std::vector<std::uint32_t>& child_counts,
                     const graph::RevisionSet* current) {
  const table::Revision& rev = graph_.revision(index);
  auto ids = [&](const std::uint32_t* items, std::uint32_t count) {
    std::vector<std::string> names;
    for (std::uint32_t i = 0; i < count; ++i)
      names.emplace_back(graph_.id(items[i]));
    return names;
  };
  out_ << "Rev: " << rev.id << Tags(index, child_counts, current) << "\n";
  out_ << "Parent: "
       << (rev.parent_count == 0 ? "<base>"
                                 : Join(ids(rev.parents, rev.parent_count)))
       << "\n";
  if (rev.depends_on_count > 0) {
    out_ << "Depends on: " << Join(ids(rev.depends_on, rev.depends_on_count))
         << "\n";
  }
  if (rev.label_count > 0) {
    std::vector<std::string> labels(rev.labels, rev.labels + rev.label_count);
    out_ << "Branch labels: " << Join(labels) << "\n";
  }
  out_ << "Path: " << rev.source << "\n";
  for (int d = 0; d < table::kDialectCount; ++d) {
    if (((graph_.table().dialects >> d) & 1u) == 0) continue;
    out_ << "Checksum (" << table::DialectName(static_cast<table::Dialect>(d))
         << "): " << rev.checksum[d] << "\n";
  }
  if (!table::IsReversible(rev)) out_ << "Irreversible: yes\n";
  out_ << "\n    " << rev.message << "\n";
}

int Cli::History() {
  if (options_.log) {
    runtime::DatabaseUrl url = Url();
    auto connection = Connect(url);
    runtime::VersionStore store(*connection, options_.version_table);
    for (const runtime::HistoryEntry& e : store.ReadHistory()) {
      if (options_.json) {
        out_ << "{\"id\":" << e.id
             << ",\"revision\":" << runtime::JsonString(e.revision)
             << ",\"direction\":" << runtime::JsonString(e.direction)
             << ",\"outcome\":" << runtime::JsonString(e.outcome)
             << ",\"statement\":" << e.statement
             << ",\"started\":" << runtime::JsonString(e.started)
             << ",\"duration_ms\":" << e.duration_ms
             << ",\"checksum\":" << runtime::JsonString(e.checksum)
             << ",\"executor_version\":"
             << runtime::JsonString(e.executor_version)
             << ",\"message\":" << runtime::JsonString(e.message) << "}\n";
        continue;
      }
      out_ << e.started << " " << e.direction << " " << e.revision << " "
           << e.outcome;
      if (e.outcome != "ok" && e.statement > 0) {
        out_ << " at statement " << e.statement;
      }
      out_ << " (" << e.duration_ms << " ms, migrate " << e.executor_version
           << ")";
      if (!e.message.empty()) out_ << ": " << e.message;
      out_ << "\n";
    }
    return static_cast<int>(ExitCode::kOk);
  }
  graph::RevisionSet current;
  if (options_.indicate_current) {
    runtime::DatabaseUrl url = Url();
    auto connection = Connect(url);
    runtime::VersionStore store(*connection, options_.version_table);
    current.assign(graph_.size(), false);
    for (std::uint32_t h : EffectiveHeads(store)) current[h] = true;
  }
  const graph::RevisionSet* marks =
      options_.indicate_current ? &current : nullptr;
  std::vector<std::uint32_t> child_counts = ChildCounts();
  graph::RevisionSet in_range = HistoryRange();
  for (std::uint32_t i = graph_.size(); i-- > 0;) {
    if (!in_range[i]) continue;
    const table::Revision& rev = graph_.revision(i);
    if (options_.json) {
      out_ << "{" << RevisionFields(graph_, i, child_counts[i] == 0);
      if (marks != nullptr) {
        out_ << ",\"current\":" << ((*marks)[i] ? "true" : "false");
      }
      out_ << "}\n";
      continue;
    }
    if (options_.verbose) {
      PrintBlock(i, child_counts, marks);
      if (i > 0) out_ << "\n";
      continue;
    }
    std::vector<std::string> parents;
    for (std::uint32_t p = 0; p < rev.parent_count; ++p) {
      parents.emplace_back(graph_.id(rev.parents[p]));
    }
    if (parents.empty()) {
      out_ << "<base>";
    } else if (parents.size() == 1) {
      out_ << parents[0];
    } else {
      out_ << "(" << Join(parents) << ")";
    }
    out_ << " -> " << rev.id << Tags(i, child_counts, marks) << ", "
         << rev.message << "\n";
  }
  return static_cast<int>(ExitCode::kOk);
}

// `history -r A:B`: the revisions that descend from A (or are A) and lead
// to B (or are B). An empty side, `base` (A) or `head`/`heads` (B) is open;
// `current` is the database's heads.
graph::RevisionSet Cli::HistoryRange() {
  graph::RevisionSet all(graph_.size(), true);
  if (options_.range.empty()) return all;
  std::size_t colon = options_.range.find(':');
  if (colon == std::string::npos) {
    throw runtime::InvalidTargetError(options_.range,
                                      "a range is A:B; either side may be empty");
  }
  auto side = [&](std::string_view text, bool from_side) -> graph::RevisionSet {
    bool open = text.empty() || (from_side ? text == "base" : text == "head" || text == "heads");
    if (open) return all;
    std::vector<std::uint32_t> revisions;
    if (text == "current") {
      auto connection = Connect(Url());
      runtime::VersionStore store(*connection, options_.version_table);
      revisions = EffectiveHeads(store);
    } else {
      revisions = runtime::ResolveRevisions(graph_, text);
    }
    return from_side ? graph_.DescendantsOf(revisions) : graph_.Closure(revisions);
  };
  std::string_view range = options_.range;
  graph::RevisionSet from = side(range.substr(0, colon), true);
  graph::RevisionSet to = side(range.substr(colon + 1), false);
  for (std::uint32_t i = 0; i < graph_.size(); ++i) from[i] = from[i] && to[i];
  return from;
}

int Cli::Heads() {
  std::vector<std::uint32_t> child_counts = ChildCounts();
  std::vector<std::uint32_t> heads = graph_.Heads();
  if (options_.resolve_dependencies) {
    heads = graph_.MaximalOf(graph::RevisionSet(graph_.size(), true));
  }
  if (options_.json) {
    for (std::uint32_t h : heads) out_ << "{" << RevisionFields(graph_, h, true) << "}\n";
    return static_cast<int>(ExitCode::kOk);
  }
  PrintList(heads, child_counts, nullptr);
  return static_cast<int>(ExitCode::kOk);
}

// One line per revision, or with --verbose a block each.
void Cli::PrintList(const std::vector<std::uint32_t>& revisions,
                    const std::vector<std::uint32_t>& child_counts,
                    const graph::RevisionSet* marks) {
  for (std::size_t k = 0; k < revisions.size(); ++k) {
    if (!options_.verbose) {
      out_ << graph_.id(revisions[k]) << Tags(revisions[k], child_counts, marks) << "\n";
      continue;
    }
    if (k > 0) out_ << "\n";
    PrintBlock(revisions[k], child_counts, marks);
  }
}

int Cli::Branches() {
  std::vector<std::uint32_t> child_counts = ChildCounts();
  for (std::uint32_t i = 0; i < graph_.size(); ++i) {
    if (child_counts[i] < 2) continue;
    if (options_.json) {
      out_ << "{\"branch_point\":" << runtime::JsonString(graph_.id(i))
           << ",\"children\":" << JsonIds(graph_, graph_.Children(i)) << "}\n";
      continue;
    }
    out_ << graph_.id(i) << Tags(i, child_counts, nullptr) << "\n";
    for (std::uint32_t c : graph_.Children(i)) {
      out_ << "  -> " << graph_.id(c) << Tags(c, child_counts, nullptr) << ", "
           << graph_.revision(c).message << "\n";
    }
  }
  return static_cast<int>(ExitCode::kOk);
}

int Cli::Show() {
  std::vector<std::uint32_t> revisions = runtime::ResolveRevisions(graph_, options_.target);
  for (std::size_t k = 0; k < revisions.size(); ++k) {
    if (options_.json) {
      ShowJson(revisions[k]);
      continue;
    }
    if (k > 0) out_ << "\n";
    ShowOne(revisions[k]);
  }
  return static_cast<int>(ExitCode::kOk);
}

void Cli::ShowJson(std::uint32_t index) {
  const auto family = Url().backend == runtime::Backend::kMysql ? table::Dialect::kMysql
                                                                 : table::Dialect::kSqlite;
  const int slot = table::SlotFor(graph_.table(), family);
  const table::Revision& rev = graph_.revision(index);
  auto list = [&](const table::StatementList& l) {
    std::string out = "[";
    for (std::uint32_t k = 0; k < l.count; ++k) {
      out += std::string(k ? "," : "") + "{\"line\":" + std::to_string(l.items[k].line) +
             ",\"sql\":" + runtime::JsonString(l.items[k].sql) + "}";
    }
    return out + "]";
  };
  out_ << "{" << RevisionFields(graph_, index, graph_.Children(index).empty()) << ",\"checksum\":"
       << (slot < 0 ? "null" : runtime::JsonString(rev.checksum[slot])) << ",\"dialect\":"
       << (slot < 0 ? "null"
                    : runtime::JsonString(table::DialectName(static_cast<table::Dialect>(slot))))
       << ",\"up\":" << (slot < 0 ? "[]" : list(rev.up[slot])) << ",\"down\":"
       << (slot < 0 ? "[]" : table::IsReversible(rev) ? list(rev.down[slot]) : "null") << "}\n";
}

void Cli::ShowOne(std::uint32_t index) {
  const auto family = Url().backend == runtime::Backend::kMysql ? table::Dialect::kMysql
                                                                 : table::Dialect::kSqlite;
  const int dialect = table::SlotFor(graph_.table(), family);
  std::vector<std::uint32_t> child_counts = ChildCounts();
  PrintBlock(index, child_counts, nullptr);
  const table::Revision& rev = graph_.revision(index);
  if (dialect < 0) {
    out_ << "\n(no statements: the project does not target " << table::DialectName(family)
         << ")\n";
    return;
  }
  const char* dialect_name = table::DialectName(static_cast<table::Dialect>(dialect));
  auto print = [&](const char* title, const table::StatementList& list) {
    out_ << "\n" << title << " (" << dialect_name << "):\n";
    if (list.count == 0) out_ << "  (no statements)\n";
    for (std::uint32_t k = 0; k < list.count; ++k) {
      out_ << "  " << (k + 1) << ". [line " << list.items[k].line << "] "
           << list.items[k].sql << "\n";
    }
  };
  print("Upgrade", rev.up[dialect]);
  if (table::IsReversible(rev)) {
    print("Downgrade", rev.down[dialect]);
  } else {
    out_ << "\nDowngrade: irreversible\n";
  }
}

}  // namespace retort::cli
