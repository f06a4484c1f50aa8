#include "introspect/baseline.h"

#include <filesystem>
#include <fstream>

#include "diag/text_printer.h"
#include "driver/connection.h"
#include "emit/schema_writer.h"
#include "introspect/introspect.h"
#include "introspect/report.h"
#include "pipeline.h"
#include "project/settings.h"
#include "url.h"

namespace retort::introspect {
namespace {

bool HasMigrations(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return false;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".mig") return true;
  }
  return false;
}

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// "10.11.6-MariaDB-0+deb12u1" -> "10.11".
std::string ShortVersion(const std::string& version) {
  std::size_t first = version.find('.');
  std::size_t second = first == std::string::npos ? first : version.find_first_not_of("0123456789", first + 1);
  return version.substr(0, second);
}

bool WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

int RunBaseline(const BaselineOptions& options, std::ostream& out, std::ostream& err) {
  runtime::DatabaseUrl url;
  try {
    url = runtime::ParseDatabaseUrl(options.url);
  } catch (const std::exception& e) {
    return Fail(err, e.what());
  }
  if (HasMigrations(options.dir)) {
    return Fail(err, "'" + options.dir + "' already has revisions",
                "a baseline is the first revision of a project: give it an empty directory");
  }
  check::SchemaState schema;
  std::string dialect, version;
  try {
    std::unique_ptr<driver::Connection> db = driver::OpenConnection(url);
    if (db->dialect() == table::Dialect::kSqlite) {
      schema = AlignRowidKeys(ReadSqlite(*db));
    } else {
      schema = ReadMysql(*db);
      version = ShortVersion(db->Query("SELECT VERSION()").at(0).at(0).value_or(""));
    }
    dialect = table::DialectName(db->dialect());
  } catch (const UnsupportedError& e) {
    return Fail(err, e.what(), "nothing was written; the language cannot say this yet");
  } catch (const std::exception& e) {
    return Fail(err, "cannot read " + url.Redacted() + ": " + e.what());
  }
  std::filesystem::create_directories(options.dir);
  std::string id = options.id.empty() ? "0001_baseline" : options.id;
  std::string path = options.dir + "/" + id + ".mig";
  std::string text = "revision " + id + "\n  message \"" + Escape(options.message) + "\"\n\n" +
                     emit::RenderSchemaDsl(schema);
  if (!WriteFile(path, text)) return Fail(err, "cannot write '" + path + "'");
  std::string settings = options.dir + "/" + std::string(project::kSettingsFileName);
  if (!std::filesystem::exists(settings)) {
    // Every table carries its own options, so no project default is needed.
    std::string toml = "# Written by retortc baseline from " + url.Redacted() + "\ndialects = [\"" +
                       dialect + "\"]\n\n[mysql]\ncharset = \"\"\ncollate = \"\"\n";
    if (!version.empty()) toml += "\n[versions]\n" + dialect + " = \"" + version + "\"\n";
    if (dialect == "sqlite") toml = "dialects = [\"sqlite\"]\n";
    if (!WriteFile(settings, toml)) return Fail(err, "cannot write '" + settings + "'");
  }
  // The baseline must build: prove it before the user relies on it.
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  if (!LoadSources(options.dir, sources, engine) || !Compile(sources, options.dir, engine)) {
    diag::PrintAll(engine, sources, err);
    return Fail(err, "the baseline written to '" + path + "' does not build",
                "this is a gap in the baseline; edit the revision, or report it");
  }
  out << "created " << path << " (" << schema.tables().size() << " tables, "
      << schema.views().size() << " views, " << schema.triggers().size() << " triggers, "
      << schema.events().size() << " events)\n"
      << "next: 'migrate stamp " << id << "' on that database, so it counts as migrated\n";
  return 0;
}

}  // namespace retort::introspect
