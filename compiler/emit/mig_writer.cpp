#include "emit/mig_writer.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace retort::emit {

std::string NextRevisionId(const std::vector<std::string>& existing,
                           const std::string& message) {
  long next = 1;
  for (const std::string& id : existing) {
    std::size_t digits = 0;
    while (digits < id.size() && digits < 9 &&
           std::isdigit(static_cast<unsigned char>(id[digits]))) {
      ++digits;
    }
    if (digits > 0) next = std::max(next, std::stol(id.substr(0, digits)) + 1);
  }
  std::string slug;
  for (char c : message) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  char number[16];
  std::snprintf(number, sizeof number, "%04ld", next);
  std::string id = slug.empty() ? std::string(number) + "_revision"
                                : std::string(number) + "_" + slug;
  // 32 characters at most, so every id fits Alembic's
  // alembic_version.version_num VARCHAR(32): cut at a word where one is near.
  auto fit = [&](std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t cut = text.rfind('_', limit);
    text.resize(cut != std::string::npos && cut >= limit - 8 && cut > 5 ? cut : limit);
    while (text.back() == '_') text.pop_back();
    return text;
  };
  constexpr std::size_t kMaxId = 32;
  std::string unique = fit(id, kMaxId);
  for (int n = 2; std::find(existing.begin(), existing.end(), unique) !=
                  existing.end();
       ++n) {
    std::string suffix = "_" + std::to_string(n);
    unique = fit(id, kMaxId - suffix.size()) + suffix;
  }
  return unique;
}

std::string RenderNewRevision(const NewRevision& revision) {
  std::string text = "revision " + revision.id + "\n";
  if (!revision.parents.empty()) {
    text += "  parent ";
    for (std::size_t i = 0; i < revision.parents.size(); ++i) {
      text += (i ? ", " : "") + revision.parents[i];
    }
    text += "\n";
  }
  if (!revision.branch_label.empty()) {
    text += "  branch " + revision.branch_label + "\n";
  }
  std::string escaped;
  for (char c : revision.message) {
    // A STRING cannot span lines; the parser reads \n and \t back.
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    if (c == '\t') {
      escaped += "\\t";
      continue;
    }
    if (c == '"' || c == '\\') escaped += '\\';
    escaped += c;
  }
  text += "  message \"" + escaped + "\"\n";
  if (revision.merge) return text;
  if (!revision.body.empty()) return text + revision.body;
  text +=
      "\n"
      "// Operations go here; downgrades are derived. See docs/dsl.md. E.g.:\n"
      "// create table example {\n"
      "//   id integer primary key auto_increment;\n"
      "//   name varchar(255) not null;\n"
      "// }\n";
  return text;
}

}  // namespace retort::emit
