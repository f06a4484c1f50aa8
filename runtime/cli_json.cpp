#include "cli_json.h"

#include <sstream>

#include "json.h"

namespace retort::cli {

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) out += (out.size() > 1 ? "," : "") + runtime::JsonString(item);
  return out + "]";
}

std::string JsonIds(const graph::GraphView& graph, const std::vector<std::uint32_t>& revisions) {
  std::vector<std::string> ids;
  for (std::uint32_t r : revisions) ids.emplace_back(graph.id(r));
  return JsonList(ids);
}

std::string RevisionFields(const graph::GraphView& graph, std::uint32_t index, bool head) {
  const table::Revision& rev = graph.revision(index);
  std::vector<std::uint32_t> parents(rev.parents, rev.parents + rev.parent_count);
  std::vector<std::uint32_t> depends(rev.depends_on, rev.depends_on + rev.depends_on_count);
  std::vector<std::string> labels(rev.labels, rev.labels + rev.label_count);
  return "\"revision\":" + runtime::JsonString(rev.id) + ",\"parents\":" + JsonIds(graph, parents) +
         ",\"depends_on\":" + JsonIds(graph, depends) + ",\"labels\":" + JsonList(labels) +
         ",\"message\":" + runtime::JsonString(rev.message) +
         ",\"source\":" + runtime::JsonString(rev.source) + ",\"head\":" + (head ? "true" : "false");
}

std::string ErrorJson(int exit_code, const std::string& text) {
  static const std::string kError = "migrate: error: ", kNote = "migrate: note: ";
  std::string error;
  std::vector<std::string> notes, details;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(kError, 0) == 0) {
      if (error.empty()) {
        error = line.substr(kError.size());
      } else {
        details.push_back(line.substr(kError.size()));
      }
    } else if (line.rfind(kNote, 0) == 0) {
      notes.push_back(line.substr(kNote.size()));
    } else if (!line.empty()) {
      details.push_back(line);
    }
  }
  return "{\"event\":\"error\",\"exit_code\":" + std::to_string(exit_code) +
         ",\"error\":" + runtime::JsonString(error) + ",\"notes\":" + JsonList(notes) +
         ",\"details\":" + JsonList(details) + "}";
}

}  // namespace retort::cli
