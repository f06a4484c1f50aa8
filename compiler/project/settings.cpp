#include "project/settings.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "check/spelling.h"

namespace retort::project {
namespace {

using source::SourceLoc;

struct Value {
  std::vector<std::string> items;  ///< one for a string
  std::vector<SourceLoc> locs;
  bool is_array = false;
};

// One settings file being read: a cursor over one line at a time.
class Reader {
 public:
  Reader(source::FileId file, const source::SourceSet& sources, diag::DiagnosticEngine& engine)
      : file_(file), text_(sources.file(file)), engine_(engine) {}

  Settings Read();

 private:
  SourceLoc Loc(std::uint32_t line, std::size_t col, std::size_t length = 1) const {
    return {file_, line, static_cast<std::uint32_t>(col + 1), static_cast<std::uint32_t>(length)};
  }
  void Error(SourceLoc loc, std::string message) {
    engine_.Report(diag::Kind::kSettingsSyntax, loc, {std::move(message)});
  }
  void SkipSpace(std::string_view line, std::size_t& i) const {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  bool AtEnd(std::string_view line, std::size_t i) const {
    return i >= line.size() || line[i] == '#' || line[i] == '\r';
  }
  std::optional<std::string> String(std::uint32_t n, std::string_view line, std::size_t& i);
  std::optional<Value> ParseValue(std::uint32_t n, std::string_view line, std::size_t& i);
  void Line(std::uint32_t n, std::string_view line);
  void Assign(const std::string& key, SourceLoc key_loc, const Value& value);
  void SetName(std::string& field, const std::string& key, const Value& value);
  void SetVersion(Version& field, const Value& value);
  void SetDialects(const Value& value, SourceLoc key_loc);

  source::FileId file_;
  const source::SourceFile& text_;
  diag::DiagnosticEngine& engine_;
  std::string section_;
  std::map<std::string, bool> seen_;
  Settings settings_;
};

const std::map<std::string, std::vector<std::string>>& KnownKeys() {
  static const std::map<std::string, std::vector<std::string>> keys = {
      {"", {"dialects", "version_table"}},
      {"mysql", {"engine", "charset", "collate"}},
      {"versions", {"mysql", "mariadb"}},
  };
  return keys;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool IsName(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::optional<Version> ParseVersion(std::string_view text) {
  Version v;
  int* parts[] = {&v.major, &v.minor, &v.patch};
  std::size_t part = 0, i = 0;
  while (part < 3) {
    std::size_t start = i;
    int value = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 6) {
      value = value * 10 + (text[i++] - '0');
    }
    if (i == start) return std::nullopt;
    *parts[part++] = value;
    if (i == text.size()) break;
    if (text[i++] != '.') return std::nullopt;
  }
  if (part < 2 || i != text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::string> Reader::String(std::uint32_t n, std::string_view line, std::size_t& i) {
  if (i >= line.size() || line[i] != '"') {
    Error(Loc(n, i), "expected a string in double quotes");
    return std::nullopt;
  }
  std::size_t start = i++;
  std::string out;
  while (i < line.size() && line[i] != '"') {
    if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == '\\')) ++i;
    out += line[i++];
  }
  if (i >= line.size()) {
    Error(Loc(n, start), "unterminated string; close it with '\"' on the same line");
    return std::nullopt;
  }
  ++i;
  return out;
}

std::optional<Value> Reader::ParseValue(std::uint32_t n, std::string_view line, std::size_t& i) {
  Value value;
  // One string at `i` into `value`, with its location.
  auto item = [&] {
    SourceLoc loc = Loc(n, i);
    auto s = String(n, line, i);
    if (!s) return false;
    loc.length = static_cast<std::uint32_t>(i + 1 - loc.col);
    value.items.push_back(*s);
    value.locs.push_back(loc);
    return true;
  };
  if (i < line.size() && line[i] != '[') {
    if (!item()) return std::nullopt;
    return value;
  }
  value.is_array = true;
  ++i;
  for (SkipSpace(line, i); i < line.size() && line[i] != ']'; SkipSpace(line, i)) {
    if (!item()) return std::nullopt;
    SkipSpace(line, i);
    if (i < line.size() && line[i] == ',') ++i;
    else if (i < line.size() && line[i] != ']') {
      Error(Loc(n, i), "expected ',' or ']' in the list");
      return std::nullopt;
    }
  }
  if (i >= line.size()) {
    Error(Loc(n, i), "unterminated list; close it with ']' on the same line");
    return std::nullopt;
  }
  ++i;
  return value;
}

void Reader::Line(std::uint32_t n, std::string_view line) {
  std::size_t i = 0;
  SkipSpace(line, i);
  if (AtEnd(line, i)) return;
  if (line[i] == '[') {
    std::size_t close = line.find(']', i);
    if (close == std::string_view::npos) return Error(Loc(n, i), "expected ']' after the section name");
    std::string name(line.substr(i + 1, close - i - 1));
    std::size_t rest = close + 1;
    SkipSpace(line, rest);
    if (!AtEnd(line, rest)) return Error(Loc(n, rest), "unexpected text after the section name");
    if (!KnownKeys().contains(name) || name.empty()) {
      engine_.Report(diag::Kind::kUnknownSetting, Loc(n, i, close + 1 - i),
                     {"section '[" + name + "]'", "[mysql] or [versions]"});
      section_ = "?";
      return;
    }
    section_ = name;
    return;
  }
  std::size_t start = i;
  while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_')) ++i;
  if (i == start) return Error(Loc(n, i), "expected a setting name, a [section] or a # comment");
  std::string key(line.substr(start, i - start));
  SourceLoc key_loc = Loc(n, start, i - start);
  SkipSpace(line, i);
  if (i >= line.size() || line[i] != '=') return Error(Loc(n, i), "expected '=' after '" + key + "'");
  ++i;
  SkipSpace(line, i);
  std::optional<Value> value = ParseValue(n, line, i);
  if (!value) return;
  SkipSpace(line, i);
  if (!AtEnd(line, i)) return Error(Loc(n, i), "unexpected text after the value; one setting per line");
  Assign(key, key_loc, *value);
}

void Reader::Assign(const std::string& key, SourceLoc key_loc, const Value& value) {
  if (section_ == "?") return;  // under an unknown section, already reported
  const std::vector<std::string>& known = KnownKeys().at(section_);
  std::string where = section_.empty() ? "at the top level" : "in [" + section_ + "]";
  if (std::find(known.begin(), known.end(), key) == known.end()) {
    diag::Diagnostic& d = engine_.Report(diag::Kind::kUnknownSetting, key_loc,
                                         {"setting '" + key + "' " + where, Join(known)});
    if (auto near = check::ClosestMatch(key, known)) d.notes.push_back({diag::Kind::kDidYouMean, key_loc, {*near}});
    return;
  }
  std::string full = section_.empty() ? key : section_ + "." + key;
  if (seen_[full]) {
    engine_.Report(diag::Kind::kSettingsSyntax, key_loc, {"'" + full + "' is set twice"});
    return;
  }
  seen_[full] = true;
  if (value.is_array != (full == "dialects")) {
    engine_.Report(diag::Kind::kSettingsSyntax, value.locs.empty() ? key_loc : value.locs[0],
                   {full == "dialects" ? "dialects is a list: dialects = [\"sqlite\", \"mariadb\"]"
                                       : "'" + full + "' is a string in double quotes"});
    return;
  }
  if (full == "dialects") return SetDialects(value, key_loc);
  if (full == "version_table") {
    SetName(settings_.version_table, full, value);
    if (settings_.version_table.empty()) {
      engine_.Report(diag::Kind::kSettingsSyntax, value.locs[0],
                     {"'version_table' names a table: \"retort_version\" or \"alembic_version\""});
      settings_.version_table = "retort_version";
    }
    return;
  }
  if (section_ == "mysql") {
    std::string& field = key == "engine"    ? settings_.mysql_defaults.engine
                         : key == "charset" ? settings_.mysql_defaults.charset
                                            : settings_.mysql_defaults.collation;
    return SetName(field, full, value);
  }
  SetVersion(key == "mysql" ? settings_.mysql_version : settings_.mariadb_version, value);
}

void Reader::SetName(std::string& field, const std::string& key, const Value& value) {
  if (!IsName(value.items[0])) {
    engine_.Report(diag::Kind::kSettingsSyntax, value.locs[0],
                   {"'" + key + "' must be a name of letters, digits and '_' (or \"\" for the server's default)"});
    return;
  }
  field = value.items[0];
}

void Reader::SetVersion(Version& field, const Value& value) {
  if (auto v = ParseVersion(value.items[0])) {
    field = *v;
  } else {
    engine_.Report(diag::Kind::kSettingsSyntax, value.locs[0],
                   {"'" + value.items[0] + "' is not a version; write it as \"10.11\" or \"8.0.32\""});
  }
}

void Reader::SetDialects(const Value& value, SourceLoc key_loc) {
  std::vector<table::Dialect> dialects;
  for (std::size_t k = 0; k < value.items.size(); ++k) {
    const std::string& name = value.items[k];
    std::optional<table::Dialect> d;
    for (int slot = 0; slot < table::kDialectCount; ++slot) {
      if (table::DialectName(static_cast<table::Dialect>(slot)) == name) d = static_cast<table::Dialect>(slot);
    }
    if (!d) {
      engine_.Report(diag::Kind::kSettingsSyntax, value.locs[k],
                     {"unknown dialect '" + name + "'; expected sqlite, mysql or mariadb"});
      return;
    }
    if (std::find(dialects.begin(), dialects.end(), *d) == dialects.end()) dialects.push_back(*d);
  }
  if (dialects.empty()) {
    engine_.Report(diag::Kind::kSettingsSyntax, key_loc,
                   {"dialects is empty; name at least one of sqlite, mysql, mariadb"});
    return;
  }
  std::sort(dialects.begin(), dialects.end());
  settings_.dialects = std::move(dialects);
}

Settings Reader::Read() {
  for (std::uint32_t n = 1; n <= text_.line_count(); ++n) Line(n, text_.Line(n));
  return settings_;
}

std::string Version::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) +
         (patch ? "." + std::to_string(patch) : "");
}

bool Settings::Targets(table::Dialect dialect) const {
  return std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

Settings ParseSettings(source::FileId file, const source::SourceSet& sources,
                       diag::DiagnosticEngine& engine) {
  return Reader(file, sources, engine).Read();
}

bool IsSettingsFile(std::string_view path) {
  return path.size() >= kSettingsFileName.size() &&
         path.substr(path.size() - kSettingsFileName.size()) == kSettingsFileName &&
         (path.size() == kSettingsFileName.size() ||
          path[path.size() - kSettingsFileName.size() - 1] == '/');
}

}  // namespace retort::project
