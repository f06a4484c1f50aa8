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
#include "diff/schema_diff.h"
#include "emit/mig_writer.h"
#include "emit/op_writer.h"
#include "emit/schema_writer.h"
#include "introspect/autogenerate.h"
#include "introspect/baseline.h"
#include "introspect/drift.h"
#include "lower/dialect.h"
#include "emit/build_files.h"
#include "emit/table_emitter.h"
#include "model.h"
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

// With a model: the migrations' head must have the model's schema.
int CheckModel(const std::string& dir, const std::string& model_dir) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<check::RevisionGraph> graph;
  if (LoadSources(dir, sources, engine)) graph = ParseAndBuildGraph(sources, dir, engine);
  if (!graph) return Code(ExitCode::kFailure);
  check::SchemaState head = check::StateAfter(*graph, graph->heads(), engine);
  source::SourceSet model_sources;
  diag::DiagnosticEngine model_engine;
  std::optional<check::SchemaState> model =
      LoadModel(model_dir, graph->settings(), model_sources, model_engine);
  diag::PrintAll(model_engine, model_sources, std::cerr);
  if (!model) return Fail("the model in '" + model_dir + "' does not build");
  diff::SchemaDiff diff = diff::Diff(head, *model, graph->settings().mysql_defaults);
  if (diff.empty()) return Code(ExitCode::kOk);
  std::cerr << "retortc: error: the model in '" << model_dir
            << "' differs from the migrations' head; the revision it needs:\n\n"
            << emit::RenderOpsDsl(diff.ops);
  for (const std::string& note : diff.notes) std::cerr << "-- note: " << note << "\n";
  std::cerr << "\nretortc: note: write it with 'retortc revision --autogenerate --model " << model_dir
            << " --dir " << dir << " -m \"...\"', review it, and build again\n";
  return Code(ExitCode::kFailure);
}

// OUT.cpp -> OUT_chunk<k>.cpp
std::string ChunkPath(const std::string& out_path, std::size_t k) {
  std::string stem = out_path;
  if (stem.size() > 4 && stem.compare(stem.size() - 4, 4, ".cpp") == 0) stem.resize(stem.size() - 4);
  return stem + "_chunk" + std::to_string(k) + ".cpp";
}

// The table as `chunks` + 1 files (retort_add_migrations), each written only
// when its bytes change.
int WriteChunked(const lower::CompiledHistory& history, const std::string& dir,
                 const std::string& out_path, std::size_t chunks) {
  std::vector<std::string> files = emit::EmitTableFiles(history, dir, RETORT_VERSION, chunks);
  std::string error;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string path = i == 0 ? out_path : ChunkPath(out_path, i - 1);
    if (!emit::WriteIfChanged(path, files[i], error)) return Fail(error);
  }
  return Code(ExitCode::kOk);
}

// What the build passes to `retortc compile` besides the directory.
struct BuildFiles {
  std::size_t chunks = 0;   ///< --chunks
  std::string cache;        ///< --cache
  std::string depfile;      ///< --depfile
  std::string chunks_file;  ///< --chunks-file
  std::string stamp;        ///< --stamp
};

// The depfile and chunk count for the build (emit/build_files.h).
bool WriteBuildFiles(const source::SourceSet& sources, const std::string& out_path,
                     const BuildFiles& files, std::string& error) {
  std::vector<std::string> inputs;
  std::size_t revisions = 0;
  for (source::FileId id = 0; id < sources.size(); ++id) {
    inputs.push_back(sources.file(id).path());
    revisions += inputs.back().ends_with(".mig") ? 1 : 0;
  }
  const std::string& target = files.stamp.empty() ? out_path : files.stamp;
  if (!files.depfile.empty() && !emit::WriteDepfile(files.depfile, target, inputs, error)) {
    return false;
  }
  return files.chunks_file.empty() ||
         emit::WriteChunkCount(files.chunks_file, emit::ChunksFor(revisions), error);
}

int RunCompile(const std::string& dir, const std::string& out_path, bool strict,
               const std::string& model_dir = "", const BuildFiles& build = {}) {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> history;
  std::optional<front::ParseCache> cache;
  if (!build.cache.empty()) cache.emplace(build.cache);
  const bool loaded = LoadSources(dir, sources, engine);
  if (loaded) history = Compile(sources, dir, engine, strict, cache ? &*cache : nullptr);
  diag::PrintAll(engine, sources, std::cerr);
  std::string error;
  if (loaded && cache && !cache->Save(error)) {
    std::cerr << "retortc: warning: " << error
              << " (the parse cache; the next build parses every file)\n";
  }
  if (loaded && !WriteBuildFiles(sources, out_path, build, error)) return Fail(error);
  if (!history) return Code(ExitCode::kFailure);
  if (!model_dir.empty()) {
    if (int code = CheckModel(dir, model_dir)) return code;
  }
  if (out_path.empty()) return Code(ExitCode::kOk);
  if (build.chunks > 0) {
    const int code = WriteChunked(*history, dir, out_path, build.chunks);
    if (code == 0 && !build.stamp.empty() && !emit::WriteStamp(build.stamp, error)) {
      return Fail(error);
    }
    return code;
  }
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
                const std::string& id, const std::string& from_db,
                const std::string& model_dir) {
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
  if (from_db.empty() && model_dir.empty()) return WriteRevision(dir, revision);
  // Autogenerate: only from a history that builds, and prove the result does.
  if (RunCompile(dir, "", false) != 0) {
    return Fail("the history does not build", "fix it before generating a revision from a database");
  }
  if (int code = introspect::Autogenerate(from_db, model_dir, *graph, revision.parents,
                                          revision.body, std::cerr)) {
    return code;
  }
  if (revision.body.empty()) {
    std::cout << "nothing to generate: " << (from_db.empty() ? "the model" : "the database")
              << " has the schema of the migrations' head\n";
    return Code(ExitCode::kOk);
  }
  if (int code = WriteRevision(dir, revision)) return code;
  if (RunCompile(dir, "", false) != 0) {
    return Fail("the generated revision does not build",
                "review and edit " + dir + "/" + revision.id + ".mig (the notes in it say what "
                "the language could not express)");
  }
  return Code(ExitCode::kOk);
}

// The revisions `--at` names, as `migrate` reads a target: heads, head, an
// id, a unique prefix of four characters or more, a branch label (the
// revision declaring it), LABEL@head or LABEL@heads.
bool ResolveAt(const check::RevisionGraph& graph, const std::string& at,
               std::vector<std::uint32_t>& out, std::string& error) {
  const auto& all = graph.revisions();
  auto heads_below = [&](std::uint32_t from) {
    std::vector<std::uint32_t> heads;
    for (std::uint32_t head : graph.heads()) {
      if (head == from || graph.IsAncestor(from, head)) heads.push_back(head);
    }
    return heads;
  };
  auto label = [&](const std::string& name) -> std::int64_t {
    for (std::uint32_t i = 0; i < all.size(); ++i) {
      for (const ast::RevisionRef& l : all[i].labels) {
        if (l.id == name) return i;
      }
    }
    return -1;
  };
  std::string name = at, suffix;
  if (std::size_t sign = at.find('@'); sign != std::string::npos) {
    name = at.substr(0, sign);
    suffix = at.substr(sign + 1);
    std::int64_t declarer = label(name);
    if (declarer < 0 || (suffix != "head" && suffix != "heads")) {
      error = declarer < 0 ? "there is no branch label '" + name + "'"
                           : "--at takes LABEL@head or LABEL@heads";
      return false;
    }
    out = heads_below(static_cast<std::uint32_t>(declarer));
  } else if (at == "heads") {
    out = graph.heads();
  } else if (at == "head") {
    out = graph.heads();
  } else if (std::int64_t exact = graph.Find(at); exact >= 0) {
    out = {static_cast<std::uint32_t>(exact)};
  } else if (std::int64_t declarer = label(at); declarer >= 0) {
    out = {static_cast<std::uint32_t>(declarer)};
  } else {
    for (std::uint32_t i = 0; at.size() >= 4 && i < all.size(); ++i) {
      if (all[i].id.rfind(at, 0) == 0) out.push_back(i);
    }
    if (out.size() != 1) {
      error = (out.empty() ? "unknown revision '" : "revision prefix is ambiguous: '") + at + "'";
      return false;
    }
  }
  if (suffix != "heads" && at != "heads" && out.size() > 1) {
    error = "'" + at + "' names several heads; use " +
            (suffix.empty() ? std::string("heads") : name + "@heads") + " or a revision";
    return false;
  }
  return true;
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
  std::vector<std::uint32_t> revisions;
  std::string error;
  if (!ResolveAt(*graph, at.empty() ? "heads" : at, revisions, error)) return Fail(error);
  check::SchemaState schema = check::StateAfter(*graph, revisions, engine);
  if (engine.error_count() > 0) {
    diag::PrintAll(engine, sources, std::cerr);
    return Code(ExitCode::kFailure);
  }
  if (format == "dsl") {
    std::cout << emit::RenderSchemaDsl(schema);
    return Code(ExitCode::kOk);
  }
  for (const auto& dialect : lower::MakeDialects(graph->settings())) {
    if (dialect->name() == format) {
      std::cout << emit::RenderSchemaSql(schema, *dialect);
      return Code(ExitCode::kOk);
    }
  }
  for (int d = 0; d < table::kDialectCount; ++d) {
    if (format == table::DialectName(static_cast<table::Dialect>(d))) {
      return Fail("the project does not target " + format + "; add it to dialects in " +
                  dir + "/" + std::string(project::kSettingsFileName));
    }
  }
  std::cerr << "retortc: error: unknown format '" << format
            << "'; expected dsl, sqlite, mysql or mariadb\n";
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
  retort::BuildFiles build;
  compile->add_option("--chunks", build.chunks,
                      "write the table as OUT plus N files OUT_chunk<k>.cpp of 256 revisions "
                      "each (the build recompiles only the ones that change)");
  bool strict = false;
  compile->add_flag("--strict", strict, "safety lints not acknowledged with 'allow' are errors");
  compile->add_option("--cache", build.cache,
                      "keep every file's parse in this file and reuse it while the file's text "
                      "is unchanged (retort_add_migrations passes one in the build directory)");
  compile->add_option("--depfile", build.depfile,
                      "write a depfile naming every file the compile read (for Ninja and Make)");
  compile->add_option("--stamp", build.stamp,
                      "rewrite this file on every successful run (for Make, which cannot see "
                      "that the table was left alone) and name it in the depfile");
  compile->add_option("--chunks-file", build.chunks_file,
                      "write the number of chunk files the history needs, only when it changes "
                      "(the build configures itself again then)");

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
  bool autogenerate = false;
  std::string from_db;
  revision->add_flag("--autogenerate", autogenerate,
                     "write the operations that turn the head into --from-db's schema");
  revision->add_option("--from-db", from_db, "with --autogenerate: the database to read (a migrate URL: SQLite, MySQL, MariaDB)");
  std::string model_dir;
  revision->add_option("--model", model_dir, "with --autogenerate: a directory of model files");
  compile->add_option("--model", model_dir, "fail when the head's schema is not this model's");
  check->add_option("--model", model_dir, "fail when the head's schema is not this model's");

  std::string at, format = "dsl";
  CLI::App* schema = app.add_subcommand("schema", "print the simulated schema at a revision");
  schema->add_option("--dir", dir, "migrations directory")->capture_default_str();
  schema->add_option("--at", at, "revision, head, heads (the union of all heads; the default), a branch label or LABEL@head");
  schema->add_option("--dialect", format, "dsl, sqlite, mysql or mariadb")->capture_default_str();

  retort::introspect::BaselineOptions baseline_options;
  CLI::App* baseline = app.add_subcommand(
      "baseline", "write one revision that recreates a live database's schema (SQLite, MySQL, MariaDB)");
  baseline->add_option("--from-db", baseline_options.url, "the database to read (a migrate URL)")
      ->required();
  baseline->add_option("--dir", dir, "an empty migrations directory to write into")
      ->capture_default_str();
  baseline->add_option("-m,--message", baseline_options.message, "the revision's message")
      ->capture_default_str();
  baseline->add_option("--id", baseline_options.id, "the revision's id (default 0001_baseline)");

  retort::introspect::DriftOptions drift_options;
  CLI::App* drift = app.add_subcommand(
      "drift", "compare a live database with the schema at its recorded revision (exit 3: differs)");
  drift->add_option("--from-db", drift_options.url, "the database to read (a migrate URL)")->required();
  drift->add_option("--dir", dir, "migrations directory")->capture_default_str();
  drift->add_option("--at", drift_options.at, "compare with this revision instead of the recorded one");
  drift->add_option("--version-table", drift_options.version_table,
                    "the database's version table (default: retort.toml's version_table, else retort_version)");

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
  if (*compile) {
    return retort::RunCompile(dir, out, strict, retort::TrimSlash(model_dir), build);
  }
  if (*check) return retort::RunCompile(dir, "", strict, retort::TrimSlash(model_dir));
  if (*revision) {
    if (autogenerate != (from_db.empty() != model_dir.empty())) {
      std::cerr << "retortc: error: --autogenerate takes one of --from-db and --model\n";
      return static_cast<int>(ExitCode::kUsage);
    }
    return retort::RunRevision(dir, message, head, label, id, from_db, retort::TrimSlash(model_dir));
  }
  if (*merge) return retort::RunMerge(dir, message);
  if (*schema) return retort::RunSchema(dir, at, format);
  if (*drift) {
    drift_options.dir = dir;
    return retort::introspect::RunDrift(drift_options, std::cout, std::cerr);
  }
  if (*baseline) {
    baseline_options.dir = dir;
    return retort::introspect::RunBaseline(baseline_options, std::cout, std::cerr);
  }
  return static_cast<int>(ExitCode::kUsage);
}
