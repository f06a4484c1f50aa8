/// Builds a MigrationTable from a compact text, for table-driven planner
/// tests over many graph shapes: one revision per line, in topological order,
///   "ID [< P1,P2] [dep D1,D2] [label L]"
/// Statements are empty; every revision is reversible.
#pragma once

#include <cstdint>
#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include "retort/table.h"

namespace retort::testing {

class BuiltTable {
 public:
  explicit BuiltTable(const std::string& spec) {
    std::istringstream lines(spec);
    std::string line;
    std::vector<std::string> order;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string id, word;
      if (!(words >> id)) continue;
      Entry& e = entries_.emplace_back();
      e.id = id;
      order.push_back(id);
      while (words >> word) {
        std::string list;
        words >> list;
        std::vector<std::uint32_t>* into = word == "<" ? &e.parents : &e.deps;
        std::istringstream items(list);
        std::string item;
        while (std::getline(items, item, ',')) {
          if (word == "label") {
            e.label_text.push_back(item);
            continue;
          }
          for (std::uint32_t i = 0; i < order.size(); ++i) {
            if (order[i] == item) into->push_back(i);
          }
        }
      }
    }
    for (Entry& e : entries_) {
      for (const std::string& l : e.label_text) e.labels.push_back(l.c_str());
      table::Revision& r = revisions_.emplace_back();
      r.id = e.id.c_str();
      r.message = e.id.c_str();
      r.source = e.id.c_str();
      for (const char*& checksum : r.checksum) checksum = "x";
      r.parents = e.parents.data();
      r.parent_count = static_cast<std::uint32_t>(e.parents.size());
      r.depends_on = e.deps.data();
      r.depends_on_count = static_cast<std::uint32_t>(e.deps.size());
      r.labels = e.labels.data();
      r.label_count = static_cast<std::uint32_t>(e.labels.size());
      r.irreversible_ops = nullptr;
      r.irreversible_op_count = 0;
      for (int d = 0; d < table::kDialectCount; ++d) {
        r.up[d] = {nullptr, 0};
        r.down[d] = {nullptr, 0};
      }
    }
    table_ = {table::kAbiVersion, "test", revisions_.data(),
              static_cast<std::uint32_t>(revisions_.size()), 3u};
  }
  BuiltTable(const BuiltTable&) = delete;
  BuiltTable& operator=(const BuiltTable&) = delete;

  const table::MigrationTable& table() const { return table_; }
  /// Index of `id`.
  std::uint32_t operator[](const std::string& id) const {
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      if (entries_[i].id == id) return i;
    }
    return UINT32_MAX;
  }

 private:
  struct Entry {
    std::string id;
    std::vector<std::uint32_t> parents, deps;
    std::vector<std::string> label_text;
    std::vector<const char*> labels;
  };
  std::deque<Entry> entries_;  // stable addresses
  std::vector<table::Revision> revisions_;
  table::MigrationTable table_{};
};

}  // namespace retort::testing
