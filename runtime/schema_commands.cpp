#include "schema_commands.h"

#include "cli_json.h"
#include "cli_support.h"
#include "json.h"
#include "runner.h"
#include "schema_check.h"

namespace retort::cli {
namespace {

// The recorded heads, refusing a database left in the middle of a revision.
std::vector<std::uint32_t> RecordedHeads(runtime::VersionStore& store, const graph::GraphView& graph) {
  std::vector<runtime::HistoryEntry> open = store.Unresolved();
  if (!open.empty()) throw InterruptedRevisionError{open.front().revision};
  return runtime::ResolveRecordedHeads(graph, store.ReadHeads());
}

}  // namespace

int RunCheck(driver::Connection& connection, runtime::VersionStore& store,
             const graph::GraphView& graph, const std::string& where, bool json,
             std::ostream& out) {
  std::vector<std::uint32_t> heads = RecordedHeads(store, graph);
  check::SchemaState expected = runtime::ExpectedSchema(graph.table(), heads);
  diff::SchemaDiff diff =
      runtime::CompareWithDatabase(connection, graph.table(), expected, store.version_table());
  const std::string at = HeadList(graph, heads);
  if (json) {
    std::string body = runtime::DiffJson(diff);
    out << "{\"drift\":" << (diff.empty() ? "false" : "true") << ",\"heads\":" << JsonIds(graph, heads)
        << "," << body.substr(1) << "\n";
  } else if (diff.empty()) {
    out << "no drift: " << where << " has the schema of " << at << "\n";
  } else {
    out << "drift: " << where << " differs from the schema of " << at
        << "; what was done to it, as operations:\n\n"
        << runtime::DescribeDiff(diff);
    std::vector<std::string> missing = runtime::MissingTables(diff);
    if (!missing.empty()) out << "-- missing tables: " << Join(missing) << "\n";
  }
  return static_cast<int>(diff.empty() ? ExitCode::kOk : ExitCode::kPending);
}

void VerifySchemaAt(driver::Connection& connection, runtime::VersionStore& store,
                    const graph::GraphView& graph, const std::vector<std::uint32_t>& heads) {
  check::SchemaState expected = runtime::ExpectedSchema(graph.table(), heads);
  diff::SchemaDiff diff =
      runtime::CompareWithDatabase(connection, graph.table(), expected, store.version_table());
  if (!diff.empty()) throw SchemaMismatchError{HeadList(graph, heads), std::move(diff)};
}

std::string DescribeMismatch(const SchemaMismatchError& error) {
  std::string out;
  std::vector<std::string> missing = runtime::MissingTables(error.diff);
  if (!missing.empty()) out += "missing tables: " + Join(missing) + "\n";
  out += "what turns the schema of " + error.heads + " into the database's, as operations:\n";
  return out + runtime::DescribeDiff(error.diff);
}

}  // namespace retort::cli
