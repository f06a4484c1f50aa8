// Index checks: names in their scope, columns, kinds (spatial, fulltext),
// prefix lengths; the index a drop or rename names.
#include <set>

#include "check/report.h"
#include "check/validate_parts.h"

namespace retort::check {

using diag::Kind;

bool CheckCreateIndex(const ast::CreateIndex& create, const ast::Op& op,
                      const SchemaState& state, diag::DiagnosticEngine* engine) {
  const TableDef* table = RequireTable(create.index.table, op, state, engine);
  if (table == nullptr) {
    CheckIndexColumns(create.index, TableDef{}, state, engine);  // name clash
    return false;
  }
  return CheckIndexColumns(create.index, *table, state, engine);
}

namespace {

bool TakesPrefix(ast::TypeKind kind) {
  using K = ast::TypeKind;
  return IsCharacter(kind) || kind == K::kBinary || kind == K::kVarbinary || kind == K::kBlob ||
         kind == K::kTinyblob || kind == K::kMediumblob || kind == K::kLongblob;
}

// Prefix lengths fit their columns; a fulltext index is over character
// columns; spatial and fulltext indexes take whole, ascending columns.
bool CheckIndexKind(const ast::Index& index, const TableDef& table,
                    diag::DiagnosticEngine* engine) {
  bool ok = true;
  if ((index.spatial || index.fulltext) &&
      (index.HasPrefix() || !index.descending.empty())) {
    Report(engine, Kind::kIndexKindOptions, index.loc,
           {index.spatial ? "spatial" : "fulltext", index.name});
    ok = false;
  }
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    const ast::Column* column = table.FindColumn(index.columns[i]);
    if (column == nullptr) continue;
    source::SourceLoc loc = i < index.column_locs.size() ? index.column_locs[i] : index.loc;
    if (index.fulltext && !IsCharacter(column->type.kind)) {
      Report(engine, Kind::kFulltextIndexColumn, loc,
             {index.name, column->name, ast::TypeName(column->type)});
      ok = false;
    }
    int prefix = index.Prefix(i);
    if (prefix == 0) continue;
    if (!TakesPrefix(column->type.kind)) {
      Report(engine, Kind::kIndexPrefixType, loc,
             {column->name, index.name, ast::TypeName(column->type)});
      ok = false;
    } else if (column->type.length > 0 && prefix >= column->type.length) {
      Report(engine, Kind::kIndexPrefixTooLong, loc,
             {std::to_string(prefix), column->name, index.name, ast::TypeName(column->type)});
      ok = false;
    }
  }
  return ok;
}

}  // namespace

// The index name is free and its columns exist in `table` (which may be a
// table being created).
bool CheckIndexColumns(const ast::Index& index, const TableDef& table,
                       const SchemaState& state, diag::DiagnosticEngine* engine) {
  bool ok = true;
  if (const ast::Index* existing = state.ClashingIndex(index.name, table.name)) {
    if (auto* d = Report(engine, Kind::kIndexExists, index.loc,
                         {index.name, existing->table})) {
      d->notes.push_back({Kind::kCreatedHere, existing->loc, {index.name}});
    }
    ok = false;
  }
  if (table.name.empty()) return false;
  if (index.spatial) {
    const ast::Column* column =
        index.columns.size() == 1 ? table.FindColumn(index.columns[0]) : nullptr;
    bool geometric = column != nullptr && (column->type.kind == ast::TypeKind::kPoint ||
                                           column->type.kind == ast::TypeKind::kGeometry);
    if (column != nullptr && (!geometric || column->nullable)) {
      Report(engine, Kind::kSpatialIndexColumn, index.loc,
             {index.name, column->name,
              (column->nullable ? "nullable " : "") + ast::TypeName(column->type)});
      ok = false;
    } else if (index.columns.size() != 1) {
      Report(engine, Kind::kSpatialIndexColumn, index.loc,
             {index.name, index.columns.empty() ? "" : index.columns[0],
              std::to_string(index.columns.size()) + " columns"});
      ok = false;
    }
  }
  ok = CheckIndexKind(index, table, engine) && ok;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < index.columns.size(); ++i) {
    const std::string& column = index.columns[i];
    source::SourceLoc loc =
        i < index.column_locs.size() ? index.column_locs[i] : index.loc;
    if (table.FindColumn(column) == nullptr) {
      Report(engine, Kind::kUnknownColumn, loc, {column, table.name});
      ok = false;
    }
    if (!seen.insert(column).second) {
      Report(engine, Kind::kDuplicateIndexColumn, loc, {column, index.name});
      ok = false;
    }
  }
  return ok;
}

// The index `name` (on `table` when the file says) that a drop or rename
// names: it exists, on that table, and is the only one of its name when
// the file does not say which table.
const ast::Index* RequireIndex(const std::string& name, const std::string& table,
                               const ast::Op& op, std::size_t table_loc,
                               const SchemaState& state, diag::DiagnosticEngine* engine) {
  const std::vector<std::string>& tables = state.TablesWithIndex(name);
  if (tables.empty()) {
    Report(engine, Kind::kUnknownIndex, NameLoc(op, 0), {name});
    return nullptr;
  }
  if (table.empty()) {
    if (tables.size() == 1) return state.FindIndex(name);
    std::string list;
    for (const std::string& t : tables) list += (list.empty() ? "'" : ", '") + t + "'";
    Report(engine, Kind::kAmbiguousIndex, NameLoc(op, 0), {name, list});
    return nullptr;
  }
  const ast::Index* index = state.FindIndex(name, table);
  if (index == nullptr) {
    Report(engine, Kind::kIndexOnOtherTable, NameLoc(op, table_loc), {name, tables[0], table});
  }
  return index;
}

bool CheckDropIndex(const ast::DropIndex& drop, const ast::Op& op,
                    const SchemaState& state, diag::DiagnosticEngine* engine) {
  return RequireIndex(drop.name, drop.table, op, 1, state, engine) != nullptr;
}

}  // namespace retort::check
