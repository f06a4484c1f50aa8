#include "schema_check.h"

#include <algorithm>

#include "check/op_codec.h"
#include "emit/op_writer.h"
#include "introspect/introspect.h"
#include "json.h"
#include "runner.h"

namespace retort::runtime {
namespace {

std::vector<ast::Op> Ops(const table::Revision& revision) {
  if (revision.schema_ops == nullptr) return {};
  return check::DecodeOps({revision.schema_ops, revision.schema_ops_size});
}

void ApplyAll(check::SchemaState& state, const std::vector<ast::Op>& ops, std::uint32_t position,
              std::size_t count) {
  for (std::uint32_t i = 0; i < count && i < ops.size(); ++i) {
    state.Apply(ops[i], check::OrderKey(position, i));
  }
}

}  // namespace

check::SchemaState ExpectedSchema(const table::MigrationTable& table,
                                  const std::vector<std::uint32_t>& revisions,
                                  std::int64_t partial, std::uint32_t extra_ops) {
  std::vector<bool> wanted(table.count, false);
  std::vector<std::uint32_t> stack = revisions;
  for (std::uint32_t r : revisions) wanted[r] = true;
  while (!stack.empty()) {
    const table::Revision& at = table::RevisionAt(table, stack.back());
    stack.pop_back();
    auto visit = [&](const std::uint32_t* edges, std::uint32_t count) {
      for (std::uint32_t k = 0; k < count; ++k) {
        if (!wanted[edges[k]]) stack.push_back(edges[k]), wanted[edges[k]] = true;
      }
    };
    visit(at.parents, at.parent_count);
    visit(at.depends_on, at.depends_on_count);
  }
  check::SchemaState state(table.schema.index_names_per_table);
  for (std::uint32_t i = 0; i < table.count; ++i) {
    if (wanted[i]) {
      std::vector<ast::Op> ops = Ops(table::RevisionAt(table, i));
      ApplyAll(state, ops, i, ops.size());
    }
  }
  if (partial >= 0) {
    auto index = static_cast<std::uint32_t>(partial);
    ApplyAll(state, Ops(table::RevisionAt(table, index)), index, extra_ops);
  }
  return state;
}

std::uint32_t OperationCount(const table::MigrationTable& table, std::uint32_t revision) {
  return static_cast<std::uint32_t>(Ops(table::RevisionAt(table, revision)).size());
}

check::SchemaState ReadLive(driver::Connection& connection, const std::string& version_table) {
  return connection.dialect() == table::Dialect::kSqlite
             ? introspect::ReadSqlite(connection, version_table)
             : introspect::ReadMysql(connection, version_table);
}

diff::SchemaDiff Compare(const table::MigrationTable& table, table::Dialect dialect,
                         const check::SchemaState& expected, const check::SchemaState& live) {
  const table::SchemaSettings& s = table.schema;
  ast::TableOptions defaults{s.mysql_engine ? s.mysql_engine : "",
                             s.mysql_charset ? s.mysql_charset : "",
                             s.mysql_collation ? s.mysql_collation : "", ""};
  if (dialect == table::Dialect::kSqlite) {
    return diff::Diff(introspect::AsSqliteStores(expected), live, defaults);
  }
  return diff::Diff(expected, live, defaults);
}

diff::SchemaDiff CompareWithDatabase(driver::Connection& connection,
                                     const table::MigrationTable& table,
                                     const check::SchemaState& expected,
                                     const std::string& version_table) {
  // A database the project does not target has no expected schema.
  if (table::SlotFor(table, connection.dialect()) < 0) {
    throw NotTargetedError(connection.dialect(), table.dialects);
  }
  return Compare(table, connection.dialect(), expected, ReadLive(connection, version_table));
}

std::vector<std::string> MissingTables(const diff::SchemaDiff& diff) {
  std::vector<std::string> tables;
  for (const ast::Op& op : diff.ops) {
    if (const auto* drop = std::get_if<ast::DropTable>(&op.kind)) tables.push_back(drop->name);
  }
  std::sort(tables.begin(), tables.end());
  return tables;
}

std::string DescribeDiff(const diff::SchemaDiff& diff) {
  std::string out = emit::RenderOpsDsl(diff.ops);
  for (const std::string& note : diff.notes) out += "-- note: " + note + "\n";
  return out;
}

std::string DiffJson(const diff::SchemaDiff& diff) {
  auto list = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& item : items) out += (out.size() > 1 ? "," : "") + JsonString(item);
    return out + "]";
  };
  std::vector<std::string> ops;
  for (const ast::Op& op : diff.ops) {
    std::string text = emit::RenderOpsDsl({op});
    while (!text.empty() && text.back() == '\n') text.pop_back();
    ops.push_back(text);
  }
  return "{\"ops\":" + list(ops) + ",\"notes\":" + list(diff.notes) +
         ",\"missing_tables\":" + list(MissingTables(diff)) + "}";
}

}  // namespace retort::runtime
