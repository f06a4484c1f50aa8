// The op codec that carries each revision's operations to the executor:
// for every revision of the repository's histories (the demo, every
// operation of the language, the MariaDB project), decoding the encoding
// gives operations that encode to the same bytes and, replayed in table
// order, the schema the compiler simulates; damaged bytes are a CodecError,
// never a crash or a silent wrong answer.
#include <catch2/catch.hpp>

#include "check/op_codec.h"
#include "check/simulator.h"
#include "emit/schema_writer.h"
#include "pipeline.h"

namespace retort::testing {
namespace {

struct Loaded {
  source::SourceSet sources;
  diag::DiagnosticEngine engine;
  std::optional<check::RevisionGraph> graph;
};

void Load(const std::string& dir, Loaded& out) {
  const std::string path = std::string(RETORT_SOURCE_DIR) + "/" + dir;
  REQUIRE(LoadSources(path, out.sources, out.engine));
  out.graph = ParseAndBuildGraph(out.sources, path, out.engine);
  REQUIRE(out.graph.has_value());
  REQUIRE(out.engine.error_count() == 0);
}

const char* const kHistories[] = {"migrations", "tests/e2e/ops_migrations",
                                  "tests/e2e/mariadb_migrations"};

TEST_CASE("op codec: every revision round-trips and replays to the simulated schema") {
  for (const char* dir : kHistories) {
    INFO(dir);
    Loaded loaded;
    Load(dir, loaded);
    const check::RevisionGraph& graph = *loaded.graph;
    check::SchemaState replayed(graph.settings().IndexNamesPerTable());
    for (std::uint32_t position = 0; position < graph.order().size(); ++position) {
      const ast::Revision& revision = graph.revision(graph.order()[position]);
      INFO(revision.id);
      std::string bytes = check::EncodeOps(revision.ops);
      std::vector<ast::Op> decoded = check::DecodeOps(bytes);
      REQUIRE(decoded.size() == revision.ops.size());
      CHECK(check::EncodeOps(decoded) == bytes);
      for (std::uint32_t i = 0; i < decoded.size(); ++i) {
        CHECK(decoded[i].kind.index() == revision.ops[i].kind.index());
        replayed.Apply(decoded[i], check::OrderKey(position, i));
      }
    }
    diag::DiagnosticEngine engine;
    check::SchemaState simulated = check::StateAfterAll(graph, engine);
    CHECK(emit::RenderSchemaDsl(replayed) == emit::RenderSchemaDsl(simulated));
  }
}

TEST_CASE("op codec: every truncation and every changed byte is an error or a valid decode") {
  Loaded loaded;
  Load("tests/e2e/ops_migrations", loaded);
  std::string bytes = check::EncodeOps(loaded.graph->revision(loaded.graph->order()[0]).ops);
  REQUIRE(bytes.size() > 100);
  std::size_t errors = 0;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    try {
      check::DecodeOps(std::string_view(bytes).substr(0, cut));
    } catch (const check::CodecError&) {
      ++errors;
    }
  }
  CHECK(errors == bytes.size());  // a prefix is never a whole encoding
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (char c : {'0', '9', ':', ';', 'x', '\xff'}) {
      std::string damaged = bytes;
      damaged[at] = c;
      try {
        std::vector<ast::Op> ops = check::DecodeOps(damaged);
        CHECK(check::EncodeOps(ops).size() > 0);
      } catch (const check::CodecError&) {
      }
    }
  }
  CHECK_THROWS_AS(check::DecodeOps("99999999999999999999;"), check::CodecError);
  CHECK_THROWS_AS(check::DecodeOps("1;99;"), check::CodecError);  // no such operation kind
  CHECK(check::DecodeOps("0;").empty());
}

}  // namespace
}  // namespace retort::testing
