#include "introspect/autogenerate.h"

#include "check/simulator.h"
#include "diag/text_printer.h"
#include "model.h"
#include "diff/schema_diff.h"
#include "driver/connection.h"
#include "emit/op_writer.h"
#include "introspect/introspect.h"
#include "introspect/report.h"
#include "url.h"

namespace retort::introspect {
namespace {

// The revision's text for `diff`: notes first, then the operations; empty
// when there are no operations (the notes then go to `err` as warnings).
int Body(const diff::SchemaDiff& diff, std::string& body, std::ostream& err) {
  std::string notes;
  for (const std::string& note : diff.notes) notes += "-- note: " + note + "\n";
  if (diff.ops.empty()) {
    for (const std::string& note : diff.notes) err << "retortc: warning: " << note << "\n";
    body.clear();
    return 0;
  }
  body = "\n" + notes + (notes.empty() ? "" : "\n") + emit::RenderOpsDsl(diff.ops);
  return 0;
}

}  // namespace

int Autogenerate(const std::string& url_text, const std::string& model_dir,
                 const check::RevisionGraph& graph, const std::vector<std::string>& parents,
                 std::string& body, std::ostream& err) {
  auto fail = [&](const std::string& message, const std::string& note = "") {
    return Fail(err, message, note);
  };
  std::vector<std::uint32_t> heads;
  for (const std::string& id : parents) heads.push_back(static_cast<std::uint32_t>(graph.Find(id)));
  diag::DiagnosticEngine engine;
  check::SchemaState head = check::StateAfter(graph, heads, engine);
  if (engine.error_count() > 0) return fail("the history does not build; run 'retortc check' first");
  check::SchemaState live;
  if (url_text.empty()) {
    source::SourceSet sources;
    diag::DiagnosticEngine model_engine;
    std::optional<check::SchemaState> model =
        LoadModel(model_dir, graph.settings(), sources, model_engine);
    diag::PrintAll(model_engine, sources, err);
    if (!model) return fail("the model in '" + model_dir + "' does not build");
    return Body(diff::Diff(head, *model, graph.settings().mysql_defaults), body, err);
  }
  runtime::DatabaseUrl url;
  std::string where = "the database";
  try {
    url = runtime::ParseDatabaseUrl(url_text);
    where = url.Redacted();
    std::unique_ptr<driver::Connection> db = driver::OpenConnection(url);
    if (db->dialect() == table::Dialect::kSqlite) {
      live = ReadSqlite(*db);
      head = AsSqliteStores(head);  // compared as SQLite keeps both
    } else {
      live = ReadMysql(*db);
    }
  } catch (const UnsupportedError& e) {
    return fail(e.what(), "nothing was written");
  } catch (const std::exception& e) {
    return fail("cannot read " + where + ": " + e.what());
  }
  return Body(diff::Diff(head, live, graph.settings().mysql_defaults), body, err);
}

}  // namespace retort::introspect
