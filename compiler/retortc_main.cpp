// retortc: the Retort migration compiler.
//   retortc compile  --dir migrations --out table.cpp
//   retortc check    --dir migrations
//   retortc revision --dir migrations -m "Add user preferences table"
//   retortc merge    --dir migrations -m "merge heads"
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

#include "diag/text_printer.h"
#include "check/simulator.h"
#include "emit/mig_writer.h"
#include "emit/schema_writer.h"
#include "lower/dialect.h"
#include "emit/table_emitter.h"
#include "pipeline.h"
#include "retort/exit_code.h"

#ifndef RETORT_VERSION
#define RETORT_VERSION "0.0.0"
#endif

namespace retort {
namespace {

int Code(ExitCode code) { return static_cast<int>(code); }

int Fail(const std::string& message, const std::string& note = "") {
  std::cerr << "retortc: error: " << message << "\n";
  if (!note.empty()) std::cerr << "retortc: note: " << note << "\n";
  return Code(ExitCode::kFailure);
}

std::string TrimSlash(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

int RunCompile(const std::string& dir, const std::string& out_path, bool strict) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> history;
  if (LoadSources(dir, sources, engine)) history = Compile(sources, dir, engine, strict);
  diag::PrintAll(engine, sources, std::cerr);
  if (!history) return Code(ExitCode::kFailure);
  if (out_path.empty()) return Code(ExitCode::kOk);
  std::string error;
  if (!emit::WriteIfChanged(out_path, emit::EmitTable(*history, dir, RETORT_VERSION),
                            error)) {
    return Fail(error);
  }
  return Code(ExitCode::kOk);
}

// The graph of `dir` for commands that write new revisions. Several heads
// are what `merge` is for, so that error alone does not stop them.
std::optional<check::RevisionGraph> GraphForWriting(const std::string& dir,
                                                    source::SourceSet& sources) {
  diag::DiagnosticEngine engine;
  if (!LoadSources(dir, sources, engine)) {
    diag::PrintAll(engine, sources, std::cerr);
    return std::nullopt;
  }
  std::optional<check::RevisionGraph> graph = ParseAndBuildGraph(sources, dir, engine);
  diag::DiagnosticEngine blocking;
  for (const diag::Diagnostic& d : engine.diagnostics()) {
    if (d.kind != diag::Kind::kMultipleHeads && d.kind != diag::Kind::kNoMigrations) {
      blocking.Report(d.kind, d.loc, d.args).notes = d.notes;
    }
  }
  diag::PrintAll(blocking, sources, std::cerr);
  if (!graph || blocking.error_count() > 0) {
    std::cerr << "retortc: note: fix the history above before adding a revision\n";
    return std::nullopt;
  }
  return graph;
}

int WriteRevision(const std::string& dir, const emit::NewRevision& revision) {
  std::string path = dir + "/" + revision.id + ".mig";
  if (std::filesystem::exists(path)) return Fail("'" + path + "' already exists");
  std::string error;
  if (!emit::WriteIfChanged(path, emit::RenderNewRevision(revision), error)) {
    return Fail(error);
  }
  std::cout << "created " << path << "\n";
  return Code(ExitCode::kOk);
}

std::vector<std::string> AllIds(const check::RevisionGraph& graph) {
  std::vector<std::string> ids;
  for (const ast::Revision& r : graph.revisions()) ids.push_back(r.id);
  return ids;
}

int RunRevision(const std::string& dir, const std::string& message,
                const std::string& head, const std::string& label,
                const std::string& id) {
  source::SourceSet sources;
  std::optional<check::RevisionGraph> graph = GraphForWriting(dir, sources);
  if (!graph) return Code(ExitCode::kFailure);
  emit::NewRevision revision;
  revision.message = message;
  revision.branch_label = label;
  revision.id = id.empty() ? emit::NextRevisionId(AllIds(*graph), message) : id;
  if (graph->Find(revision.id) >= 0) {
    return Fail("revision '" + revision.id + "' already exists");
  }
  if (!head.empty()) {
    if (graph->Find(head) < 0) return Fail("unknown revision '" + head + "'");
    revision.parents.push_back(head);
  } else if (graph->heads().size() == 1) {
    revision.parents.push_back(graph->revision(graph->heads()[0]).id);
  } else if (graph->heads().size() > 1) {
    std::string list;
    for (std::uint32_t h : graph->heads()) {
      list += (list.empty() ? "" : ", ") + graph->revision(h).id;
    }
    return Fail("the history has several heads (" + list + ")",
                "run 'retortc merge -m \"merge heads\" --dir " + dir +
                    "' first, or pick a parent with --head REV");
  }
  return WriteRevision(dir, revision);
}

int RunSchema(const std::string& dir, const std::string& at, const std::string& format) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> history;
  if (LoadSources(dir, sources, engine)) history = Compile(sources, dir, engine);
  std::optional<check::RevisionGraph> graph;
  if (history) graph = ParseAndBuildGraph(sources, dir, engine);
  if (!history || !graph) {
    diag::PrintAll(engine, sources, std::cerr);
    return Code(ExitCode::kFailure);
  }
  std::int64_t revision = -1;
  bool all_heads = at == "heads" || (at.empty() && graph->heads().size() > 1);
  if (!at.empty() && !all_heads) {
    revision = graph->Find(at);
    for (std::uint32_t i = 0; revision < 0 && i < graph->revisions().size(); ++i) {
      if (graph->revision(i).id.rfind(at, 0) != 0) continue;  // a unique prefix
      for (std::uint32_t j = i + 1; j < graph->revisions().size(); ++j) {
        if (graph->revision(j).id.rfind(at, 0) == 0) {
          return Fail("revision prefix '" + at + "' is ambiguous");
        }
      }
      revision = i;
    }
    if (revision < 0) return Fail("unknown revision '" + at + "'");
  } else if (graph->heads().size() == 1) {
    revision = graph->heads()[0];
  }
  check::SchemaState schema;
  if (all_heads) {
    schema = check::StateAfterAll(*graph, engine);  // every head applied: their union
  } else if (revision >= 0) {
    schema = check::StateAfter(*graph, static_cast<std::uint32_t>(revision), engine);
  }
  if (engine.error_count() > 0) {
    diag::PrintAll(engine, sources, std::cerr);
    return Code(ExitCode::kFailure);
  }
  if (format == "dsl") {
    std::cout << emit::RenderSchemaDsl(schema);
    return Code(ExitCode::kOk);
  }
  for (const auto& dialect : lower::MakeDialects()) {
    if (dialect->name() == format) {
      std::cout << emit::RenderSchemaSql(schema, *dialect);
      return Code(ExitCode::kOk);
    }
  }
  std::cerr << "retortc: error: unknown format '" << format << "'; expected dsl, sqlite or mysql\n";
  return Code(ExitCode::kUsage);
}

int RunMerge(const std::string& dir, const std::string& message) {
  source::SourceSet sources;
  std::optional<check::RevisionGraph> graph = GraphForWriting(dir, sources);
  if (!graph) return Code(ExitCode::kFailure);
  if (graph->heads().size() < 2) {
    return Fail("nothing to merge: the history has a single head");
  }
  emit::NewRevision revision;
  revision.message = message;
  revision.merge = true;
  revision.id = emit::NextRevisionId(AllIds(*graph), message);
  for (std::uint32_t h : graph->heads()) {
    revision.parents.push_back(graph->revision(h).id);
  }
  return WriteRevision(dir, revision);
}

}  // namespace
}  // namespace retort

int main(int argc, char** argv) {
  using retort::ExitCode;
  CLI::App app{"retortc: compiles .mig migrations into a C++ migration table"};
  app.set_version_flag("--version", RETORT_VERSION);
  app.require_subcommand(1);

  std::string dir = "migrations";
  std::string out;
  CLI::App* compile = app.add_subcommand("compile", "check every revision and emit the C++ table");
  compile->add_option("--dir", dir, "migrations directory")->capture_default_str();
  compile->add_option("--out,-o", out, "generated .cpp to write")->required();
  bool strict = false;
  compile->add_flag("--strict", strict, "safety lints not acknowledged with 'allow' are errors");

  CLI::App* check = app.add_subcommand("check", "check every revision; write nothing");
  check->add_option("--dir", dir, "migrations directory")->capture_default_str();
  check->add_flag("--strict", strict, "safety lints not acknowledged with 'allow' are errors");

  std::string message, head, label, id;
  CLI::App* revision = app.add_subcommand("revision", "write a new revision after the current head");
  revision->add_option("--dir", dir, "migrations directory")->capture_default_str();
  revision->add_option("-m,--message", message, "what the revision does")->required();
  revision->add_option("--head", head, "parent revision (default: the single head)");
  revision->add_option("--branch-label", label, "start a labelled line of history");
  revision->add_option("--rev-id", id, "revision id (default: next number + message)");

  std::string at, format = "dsl";
  CLI::App* schema = app.add_subcommand("schema", "print the simulated schema at a revision");
  schema->add_option("--dir", dir, "migrations directory")->capture_default_str();
  schema->add_option("--at", at, "revision, or 'heads' for the union of all heads (the default)");
  schema->add_option("--dialect", format, "dsl, sqlite or mysql")->capture_default_str();

  CLI::App* merge = app.add_subcommand("merge", "write a revision merging all current heads");
  merge->add_option("--dir", dir, "migrations directory")->capture_default_str();
  merge->add_option("-m,--message", message, "what the merge is")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::kUsage);
  }
  dir = retort::TrimSlash(dir);
  if (*compile) return retort::RunCompile(dir, out, strict);
  if (*check) return retort::RunCompile(dir, "", strict);
  if (*revision) return retort::RunRevision(dir, message, head, label, id);
  if (*merge) return retort::RunMerge(dir, message);
  if (*schema) return retort::RunSchema(dir, at, format);
  return static_cast<int>(ExitCode::kUsage);
}
