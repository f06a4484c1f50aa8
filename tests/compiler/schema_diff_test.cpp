// diff::Diff between two simulated schemas, written back as the language:
// the operations in an order that applies, and notes for what they cannot say.
#include <catch2/catch.hpp>
#include <string>

#include "check/simulator.h"
#include "diff/schema_diff.h"
#include "emit/op_writer.h"
#include "test_support.h"

namespace retort {
namespace {

check::SchemaState Schema(const std::string& body) {
  auto built = testing::BuildGraph({{"m/1.mig", testing::Header("r1") + body}});
  REQUIRE(built.Text() == "");
  diag::DiagnosticEngine engine;
  check::SchemaState state = check::StateAfter(*built.graph, 0, engine);
  std::string messages;
  for (const diag::Diagnostic& d : engine.diagnostics()) messages += d.message() + "\n";
  INFO(messages);
  REQUIRE(engine.error_count() == 0);
  return state;
}

const ast::TableOptions kDefaults{"InnoDB", "utf8mb4", "utf8mb4_unicode_ci", ""};

TEST_CASE("diff: keys and indexes that go are dropped first, new tables before their keys") {
  check::SchemaState from = Schema(
      "create table users { id integer primary key; email varchar(80) not null unique; }\n"
      "create table posts { id integer primary key; user_id integer not null;\n"
      "  body text null; old_title varchar(50) null;\n"
      "  constraint fk_posts_user foreign key (user_id) references users (id); }\n"
      "create index ix_posts_user on posts (user_id);\n");
  check::SchemaState to = Schema(
      "create table users { id integer primary key; email varchar(80) not null unique; }\n"
      "create table posts { id integer primary key; user_id integer not null;\n"
      "  title varchar(50) null; body text not null;\n"
      "  constraint fk_posts_user foreign key (user_id) references users (id) on delete cascade; }\n"
      "create table tags { id integer primary key; post_id integer null;\n"
      "  constraint fk_tags_post foreign key (post_id) references posts (id); }\n");
  diff::SchemaDiff diff = diff::Diff(from, to, kDefaults);
  CHECK(emit::RenderOpsDsl(diff.ops) ==
        "alter table posts {\n"
        "  drop constraint fk_posts_user;\n"
        "}\n"
        "drop index ix_posts_user on posts;\n"
        "alter table posts {\n"
        "  drop column old_title;\n"
        "  alter column body set not null;\n"
        "  add column title varchar(50) null after user_id;\n"
        "}\n"
        "create table tags {\n"
        "  id integer not null;\n"
        "  post_id integer null;\n"
        "  primary key (id);\n"
        "  constraint fk_tags_post foreign key (post_id) references posts (id);\n"
        "}\n"
        "alter table posts {\n"
        "  add constraint fk_posts_user foreign key (user_id) references users (id) on delete cascade;\n"
        "}\n");
  REQUIRE(diff.notes.size() == 1);
  CHECK(diff.notes[0] ==
        "column posts.old_title is dropped and title added with the same type: if it is a rename, "
        "write `rename column old_title to title` instead (the drop loses its data)");
}

TEST_CASE("diff: equal schemas give nothing; what the language cannot change is a note") {
  const std::string body =
      "create table t { id integer primary key; flag boolean not null default false;\n"
      "  at datetime(6) not null default current_timestamp; }\n";
  CHECK(diff::Diff(Schema(body), Schema(body), kDefaults).empty());
  check::SchemaState other_key = Schema(
      "create table t { id integer not null; flag boolean not null default 0;\n"
      "  at datetime(6) not null default current_timestamp(6); primary key (id, flag); }\n");
  diff::SchemaDiff diff = diff::Diff(Schema(body), other_key, kDefaults);
  CHECK(diff.ops.empty());
  REQUIRE(diff.notes.size() == 1);
  CHECK(diff.notes[0].find("table t has another primary key there") == 0);
}

}  // namespace
}  // namespace retort
