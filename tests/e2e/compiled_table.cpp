#include "compiled_table.h"

namespace retort::testing {
namespace {

std::vector<table::Statement> Statements(const std::vector<lower::CompiledStatement>& from) {
  std::vector<table::Statement> out;
  for (const lower::CompiledStatement& s : from) out.push_back({s.sql.c_str(), s.line, s.op});
  return out;
}

table::StatementList List(const std::vector<table::Statement>& statements) {
  return {statements.empty() ? nullptr : statements.data(),
          static_cast<std::uint32_t>(statements.size())};
}

template <typename T>
const T* DataOrNull(const std::vector<T>& items) {
  return items.empty() ? nullptr : items.data();
}

}  // namespace

CompiledTable::CompiledTable(lower::CompiledHistory history) : history_(std::move(history)) {
  storage_.resize(history_.revisions.size());
  for (std::size_t i = 0; i < history_.revisions.size(); ++i) {
    const lower::CompiledRevision& r = history_.revisions[i];
    RevisionStorage& s = storage_[i];
    for (const std::string& label : r.labels) s.labels.push_back(label.c_str());
    for (std::size_t d = 0; d < table::kDialectCount; ++d) {
      s.up[d] = Statements(r.up[d]);
      s.down[d] = Statements(r.down[d]);
    }
    table::Revision out{};
    out.id = r.id.c_str();
    out.message = r.message.c_str();
    out.source = r.source.c_str();
    for (std::size_t d = 0; d < table::kDialectCount; ++d) out.checksum[d] = r.checksums[d].c_str();
    out.parents = DataOrNull(r.parents);
    out.parent_count = static_cast<std::uint32_t>(r.parents.size());
    out.depends_on = DataOrNull(r.depends_on);
    out.depends_on_count = static_cast<std::uint32_t>(r.depends_on.size());
    out.labels = DataOrNull(s.labels);
    out.label_count = static_cast<std::uint32_t>(s.labels.size());
    out.irreversible_ops = DataOrNull(r.irreversible_ops);
    out.irreversible_op_count = static_cast<std::uint32_t>(r.irreversible_ops.size());
    for (std::size_t d = 0; d < table::kDialectCount; ++d) {
      out.up[d] = List(s.up[d]);
      out.down[d] = List(s.down[d]);
    }
    out.schema_ops = r.schema_ops.c_str();
    out.schema_ops_size = static_cast<std::uint32_t>(r.schema_ops.size());
    revisions_.push_back(out);
  }
  table_ = {table::kAbiVersion, "test", DataOrNull(revisions_),
            static_cast<std::uint32_t>(revisions_.size()), history_.dialects,
            {history_.mysql_engine.c_str(), history_.mysql_charset.c_str(),
             history_.mysql_collation.c_str(), history_.index_names_per_table},
            history_.version_table.c_str()};
}

}  // namespace retort::testing
