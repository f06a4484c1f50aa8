#include "source/source_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace retort::source {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Line(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::size_t begin = line_starts_[line - 1];
  std::size_t end =
      line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

FileId SourceSet::Add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<FileId>(files_.size() - 1);
}

bool LoadMigrationDirectory(const std::string& dir, SourceSet& set,
                            std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().extension() == ".mig" && it->is_regular_file()) {
      names.push_back(it->path().filename().string());
    }
  }
  if (ec) {
    error = "cannot read directory '" + dir + "': " + ec.message();
    return false;
  }
  std::sort(names.begin(), names.end());
  std::string prefix = dir;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  for (const std::string& name : names) {
    std::string path = prefix + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      error = "cannot read '" + path + "'";
      return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    set.Add(path, text.str());
  }
  return true;
}

}  // namespace retort::source
