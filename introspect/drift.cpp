#include "introspect/drift.h"

#include "check/simulator.h"
#include "diag/text_printer.h"
#include "diff/schema_diff.h"
#include "driver/connection.h"
#include "emit/op_writer.h"
#include "introspect/introspect.h"
#include "introspect/report.h"
#include "pipeline.h"
#include "url.h"
#include "version_store.h"

namespace retort::introspect {
namespace {

std::string Join(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "base" : out;
}

}  // namespace

int RunDrift(const DriftOptions& options, std::ostream& out, std::ostream& err) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<check::RevisionGraph> graph;
  if (LoadSources(options.dir, sources, engine) && Compile(sources, options.dir, engine)) {
    graph = ParseAndBuildGraph(sources, options.dir, engine);
  }
  if (!graph || engine.error_count() > 0) {
    diag::PrintAll(engine, sources, err);
    return Fail(err, "the history does not build; run 'retortc check' first");
  }
  check::SchemaState live;
  std::vector<std::string> at;
  std::vector<std::uint32_t> revisions;
  std::string where = "the database";
  bool sqlite = false;
  try {
    runtime::DatabaseUrl url = runtime::ParseDatabaseUrl(options.url);
    where = url.Redacted();
    std::unique_ptr<driver::Connection> db = driver::OpenConnection(url);
    if (options.at.empty()) {
      runtime::VersionStore store(*db, options.version_table.empty()
                                           ? graph->settings().version_table
                                           : options.version_table);
      at = store.ReadHeads();
    } else {
      at = {options.at};
    }
    // Before the schema is read: a revision the history lacks ends it here.
    for (const std::string& id : at) {
      std::int64_t index = graph->Find(id);
      if (index < 0) {
        return Fail(err, "the database records revision '" + id + "', which " + options.dir +
                             " does not have",
                    "it was migrated from another history; compare with that history");
      }
      revisions.push_back(static_cast<std::uint32_t>(index));
    }
    sqlite = db->dialect() == table::Dialect::kSqlite;
    const std::string& table = options.version_table.empty() ? graph->settings().version_table
                                                             : options.version_table;
    live = sqlite ? ReadSqlite(*db, table) : ReadMysql(*db, table);
  } catch (const UnsupportedError& e) {
    return Fail(err, e.what());
  } catch (const std::exception& e) {
    return Fail(err, "cannot read " + where + ": " + e.what());
  }
  check::SchemaState expected = revisions.empty()
                                    ? check::SchemaState(graph->settings().IndexNamesPerTable())
                                    : check::StateAfter(*graph, revisions, engine);
  if (sqlite) expected = introspect::AsSqliteStores(expected);
  diff::SchemaDiff diff = diff::Diff(expected, live, graph->settings().mysql_defaults);
  if (diff.empty()) {
    out << "no drift: " << where << " has the schema of " << Join(at) << "\n";
    return 0;
  }
  out << "drift: " << where << " differs from the schema of " << Join(at)
      << "; what was done to it, as operations:\n\n"
      << emit::RenderOpsDsl(diff.ops);
  for (const std::string& note : diff.notes) out << "-- note: " << note << "\n";
  return 3;
}

}  // namespace retort::introspect
