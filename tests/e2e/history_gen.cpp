#include "history_gen.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace retort::testing::gen {

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int History::Find(const std::string& id) const {
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    if (revisions[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<bool> History::Closure(int index) const {
  std::vector<bool> in(revisions.size(), false);
  std::vector<int> stack{index};
  in[static_cast<std::size_t>(index)] = true;
  while (!stack.empty()) {
    const Revision& r = revisions[static_cast<std::size_t>(stack.back())];
    stack.pop_back();
    for (const auto* edges : {&r.parents, &r.depends_on}) {
      for (int p : *edges) {
        if (!in[static_cast<std::size_t>(p)]) {
          in[static_cast<std::size_t>(p)] = true;
          stack.push_back(p);
        }
      }
    }
  }
  return in;
}

bool History::IsAncestor(int ancestor, int index) const {
  return ancestor != index && Closure(index)[static_cast<std::size_t>(ancestor)];
}

std::vector<int> History::Heads() const {
  std::vector<bool> parent(revisions.size(), false);
  for (const Revision& r : revisions) {
    for (int p : r.parents) parent[static_cast<std::size_t>(p)] = true;
  }
  std::vector<int> heads;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    if (!parent[i]) heads.push_back(static_cast<int>(i));
  }
  return heads;
}

Schema History::StateOf(const std::vector<bool>& applied, int* skipped) const {
  Schema schema;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    if (!applied[i]) continue;
    for (const Op& op : revisions[i].ops) {
      if (!Apply(op, schema) && skipped != nullptr) ++*skipped;
    }
  }
  return schema;
}

std::vector<MigFile> History::Files() const {
  std::vector<MigFile> files;
  for (const Revision& r : revisions) {
    if (!r.text.empty()) {
      files.push_back({r.id + ".mig", r.text});
      continue;
    }
    std::string text = "revision " + r.id + "\n";
    auto list = [&](const char* clause, const std::vector<int>& refs) {
      if (refs.empty()) return;
      text += std::string("  ") + clause + " ";
      for (std::size_t k = 0; k < refs.size(); ++k) {
        text += (k ? ", " : "") + revisions[static_cast<std::size_t>(refs[k])].id;
      }
      text += "\n";
    };
    list("parent", r.parents);
    list("depends_on", r.depends_on);
    if (!r.label.empty()) text += "  branch " + r.label + "\n";
    text += "  message \"generated revision " + r.id + "\"\n\n";
    for (const Op& op : r.ops) text += Render(op);
    files.push_back({r.id + ".mig", text});
  }
  return files;
}

std::string History::Describe() const {
  if (!modeled) {
    std::string out = "history " + origin + "\n";
    for (const MigFile& file : Files()) out += "---- " + file.name + "\n" + file.text;
    return out;
  }
  std::string out = "history seed " + std::to_string(seed) +
                    " (reproduce: RETORT_BRANCH_SEED=" + std::to_string(seed) +
                    " RETORT_BRANCH_CASES=1)\n";
  for (const MigFile& file : Files()) out += "---- " + file.name + "\n" + file.text;
  return out;
}

namespace {

const std::vector<std::string> kTableNames = {"alpha", "beta", "gamma", "delta"};
const std::vector<std::string> kRenamedNames = {"alpha", "beta",  "gamma",
                                                "delta", "omega", "sigma"};
const std::vector<std::string> kColumnNames = {"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"};
const std::vector<std::string> kRefNames = {"ref_a", "ref_b", "ref_c"};
const std::vector<std::string> kCheckExpressions = {"id >= 0", "id < 1000000", "id <> -1"};

enum class Kind {
  kCreateTable,
  kDropTable,
  kRenameTable,
  kAddColumn,
  kAddUniqueColumn,
  kDropColumn,
  kAlterColumn,
  kRenameColumn,
  kCreateIndex,
  kDropIndex,
  kRenameIndex,
  kAddUnique,
  kDropUnique,
  kAddCheck,
  kDropCheck,
  kAddKey,
  kDropKey,
};

struct Weighted {
  Kind kind;
  int weight;
};

// Operations that make SQLite rebuild the table (alter column type, null or
// default, unique columns, checks, foreign keys) carry most of the weight:
// concurrent branches that touch one table then rarely commute.
const std::vector<Weighted> kRebuildHeavy = {
    {Kind::kCreateTable, 5},  {Kind::kDropTable, 2},       {Kind::kRenameTable, 3},
    {Kind::kAddColumn, 10},   {Kind::kAddUniqueColumn, 6}, {Kind::kDropColumn, 6},
    {Kind::kAlterColumn, 18}, {Kind::kRenameColumn, 4},    {Kind::kCreateIndex, 7},
    {Kind::kDropIndex, 3},    {Kind::kRenameIndex, 3},     {Kind::kAddUnique, 4},
    {Kind::kDropUnique, 2},   {Kind::kAddCheck, 8},        {Kind::kDropCheck, 5},
    {Kind::kAddKey, 8},       {Kind::kDropKey, 4},
};

// Mostly operations that commute with each other on one table (columns
// appended, indexes; a dropped column's down is a rebuild on SQLite), so that many histories are
// accepted with concurrent branches on the same table, where the allowed difference (column order)
// shows.
const std::vector<Weighted> kGentle = {
    {Kind::kCreateTable, 5}, {Kind::kDropTable, 1},       {Kind::kRenameTable, 1},
    {Kind::kAddColumn, 30},  {Kind::kAddUniqueColumn, 1}, {Kind::kDropColumn, 2},
    {Kind::kAlterColumn, 2}, {Kind::kRenameColumn, 2},    {Kind::kCreateIndex, 16},
    {Kind::kDropIndex, 6},   {Kind::kRenameIndex, 5},     {Kind::kAddUnique, 2},
    {Kind::kDropUnique, 1},  {Kind::kAddCheck, 1},        {Kind::kDropCheck, 1},
    {Kind::kAddKey, 1},      {Kind::kDropKey, 1},
};

bool Indexable(const Column& c) {
  return !c.ref && !c.primary_key && c.type.base != BaseType::kText;
}

bool Uniqueable(const Column& c) { return Indexable(c) && c.type.base != BaseType::kBoolean; }

template <typename T, typename Pred>
std::vector<const T*> Filter(const std::vector<T>& items, Pred pred) {
  std::vector<const T*> out;
  for (const T& item : items) {
    if (pred(item)) out.push_back(&item);
  }
  return out;
}

/// Chooses operations valid against a schema, applying each as it goes.
class OpMaker {
 public:
  OpMaker(Rng& rng, int& counter, const std::vector<Weighted>& kinds)
      : rng_(rng), counter_(counter), kinds_(kinds) {}

  /// Appends up to `count` operations to `ops`, applied to `schema`.
  void Add(int count, Schema& schema, std::vector<Op>& ops) {
    for (int n = 0; n < count; ++n) {
      for (int attempt = 0; attempt < 20; ++attempt) {
        std::vector<Op> made = Make(PickKind(), schema);
        if (made.empty()) continue;
        for (Op& op : made) {
          if (Apply(op, schema)) ops.push_back(std::move(op));
        }
        break;
      }
    }
  }

  /// A new table on a free name, or nullopt when every name is taken.
  std::optional<CreateTable> NewTable(const Schema& schema) {
    std::vector<std::string> free;
    for (const std::string& name : kTableNames) {
      if (schema.FindTable(name) == nullptr) free.push_back(name);
    }
    if (free.empty()) return std::nullopt;
    CreateTable create;
    create.table.name = rng_.Pick(free);
    create.table.uid = ++counter_;
    Column id;
    id.uid = ++counter_;
    id.name = "id";
    id.primary_key = true;
    id.nullable = false;
    create.table.columns.push_back(id);
    std::vector<std::string> names = kColumnNames;
    for (int n = rng_.Range(1, 3); n > 0; --n) {
      std::size_t at = rng_.Below(static_cast<std::uint32_t>(names.size()));
      create.table.columns.push_back(RandomColumn(names[at], false));
      names.erase(names.begin() + static_cast<std::ptrdiff_t>(at));
    }
    if (rng_.Percent(20)) {
      for (Column& c : create.table.columns) {
        if (Uniqueable(c)) {
          c.unique = true;
          break;
        }
      }
    }
    if (rng_.Percent(30)) {
      Column ref = RefColumn();
      create.table.columns.push_back(ref);
      std::vector<const Table*> targets = Filter(schema.tables, [](const Table&) { return true; });
      if (!targets.empty() && rng_.Percent(50)) {
        create.keys.push_back({"fk_" + std::to_string(++counter_), create.table.name, ref.name,
                               rng_.Pick(targets)->name});
      }
    }
    if (rng_.Percent(25)) {
      create.checks.push_back(
          {"ck_" + std::to_string(++counter_), create.table.name, rng_.Pick(kCheckExpressions)});
    }
    return create;
  }

 private:
  Kind PickKind() {
    int total = 0;
    for (const Weighted& w : kinds_) total += w.weight;
    int at = static_cast<int>(rng_.Below(static_cast<std::uint32_t>(total)));
    for (const Weighted& w : kinds_) {
      if (at < w.weight) return w.kind;
      at -= w.weight;
    }
    return Kind::kAlterColumn;
  }

  std::string Name(const char* prefix) { return prefix + std::to_string(++counter_); }

  // The first table created is "hot": many operations go to it, so that
  // concurrent branches often touch the same table.
  const Table* PickTable(const Schema& schema) {
    if (schema.tables.empty()) return nullptr;
    if (rng_.Percent(40)) {
      const Table* hot = &schema.tables.front();
      for (const Table& t : schema.tables) {
        if (t.uid < hot->uid) hot = &t;
      }
      return hot;
    }
    return &rng_.Pick(schema.tables);
  }

  Type RandomType(bool allow_text) {
    int r = static_cast<int>(rng_.Below(allow_text ? 100 : 95));
    if (r < 10) return {BaseType::kSmallint, 0};
    if (r < 30) return {BaseType::kInteger, 0};
    if (r < 40) return {BaseType::kBigint, 0};
    if (r < 70) return {BaseType::kVarchar, 10 * rng_.Range(1, 4)};
    if (r < 85) return {BaseType::kDecimal, rng_.Pick(std::vector<int>{5, 6, 8})};
    if (r < 95) return {BaseType::kBoolean, 0};
    return {BaseType::kText, 0};
  }

  std::optional<std::string> RandomDefault(const Type& type,
                                           const std::optional<std::string>& other) {
    std::vector<std::string> values;
    switch (type.base) {
      case BaseType::kSmallint:
      case BaseType::kInteger:
      case BaseType::kBigint:
        values = {"0", "1", "7", "42"};
        break;
      case BaseType::kVarchar:
        values = {"'a'", "'b'", "'xyz'"};
        break;
      case BaseType::kDecimal:
        values = {"0", "1.5", "2.25"};
        break;
      case BaseType::kBoolean:
        values = {"true", "false"};
        break;
      case BaseType::kText:
        return std::nullopt;
    }
    std::erase(values, other.value_or(""));
    return rng_.Pick(values);
  }

  // A column of a new table (rows hold a value in it) or an added column
  // (rows get its default: mostly there is one).
  Column RandomColumn(const std::string& name, bool added) {
    Column c;
    c.uid = ++counter_;
    c.name = name;
    c.type = RandomType(true);
    if (c.type.base == BaseType::kText) {
      c.maybe_null = added;
      return c;
    }
    int r = static_cast<int>(rng_.Below(100));
    if (!added) {
      c.nullable = r < 50;
      if (rng_.Percent(50)) c.default_value = RandomDefault(c.type, std::nullopt);
    } else if (r < 60) {
      c.nullable = false;
      c.default_value = RandomDefault(c.type, std::nullopt);
    } else if (r < 90) {
      c.default_value = RandomDefault(c.type, std::nullopt);
    } else {
      c.maybe_null = true;
    }
    if (added) c.fill = c.default_value;
    return c;
  }

  Column RefColumn() {
    Column c;
    c.uid = ++counter_;
    c.name = rng_.Pick(kRefNames);
    c.type = {BaseType::kInteger, 0};
    c.ref = true;
    c.maybe_null = true;
    return c;
  }

  std::optional<std::string> FreeColumnName(const Table& table,
                                            const std::vector<std::string>& pool) {
    std::vector<std::string> free;
    for (const std::string& name : pool) {
      if (table.Find(name) == nullptr) free.push_back(name);
    }
    if (free.empty()) return std::nullopt;
    return rng_.Pick(free);
  }

  std::vector<Op> Make(Kind kind, const Schema& schema);
  std::vector<Op> MakeAlter(const Table& table, bool rename);
  std::vector<Op> MakeKey(const Schema& schema, const Table& table);

  Rng& rng_;
  int& counter_;  ///< one counter for every generated name and table identity
  const std::vector<Weighted>& kinds_;
};

std::vector<Op> OpMaker::MakeAlter(const Table& table, bool rename) {
  // A column with `unique` is not renamed: MySQL keeps the key's old name
  // (the column's) after CHANGE COLUMN, while `retortc schema` names it after
  // the new column, a difference that has nothing to do with branches.
  std::vector<const Column*> columns = Filter(table.columns, [&](const Column& c) {
    return !c.ref && !c.primary_key && !(rename && c.unique);
  });
  if (columns.empty()) return {};
  const Column& column = *rng_.Pick(columns);
  AlterColumn alter{table.name, column.name, {}, {}, {}, {}};
  if (rename) {
    std::optional<std::string> name = FreeColumnName(table, kColumnNames);
    if (!name) return {};
    alter.new_name = *name;
    return {alter};
  }
  std::vector<int> changes;  // 0 type, 1 null, 2 set default, 3 drop default
  const Type& type = column.type;
  bool widens = type.base == BaseType::kSmallint || type.base == BaseType::kInteger ||
                (type.base == BaseType::kVarchar && type.size <= 50) ||
                (type.base == BaseType::kDecimal && type.size <= 10);
  if (widens) changes.push_back(0);
  if (!column.nullable || !column.maybe_null) changes.push_back(1);
  if (type.base != BaseType::kText) changes.push_back(2);
  if (column.default_value) changes.push_back(3);
  if (changes.empty()) return {};
  std::vector<int> chosen{rng_.Pick(changes)};
  if (rng_.Percent(35)) {
    int second = rng_.Pick(changes);
    bool clash = second == chosen[0] || (second >= 2 && chosen[0] >= 2);
    if (!clash) chosen.push_back(second);
  }
  for (int change : chosen) {
    if (change == 0) {
      Type wider = type;
      if (type.base == BaseType::kSmallint) {
        wider.base = rng_.Percent(50) ? BaseType::kInteger : BaseType::kBigint;
      } else if (type.base == BaseType::kInteger) {
        wider.base = BaseType::kBigint;
      } else {
        wider.size += type.base == BaseType::kVarchar ? 10 * rng_.Range(1, 2) : 2;
      }
      alter.type = wider;
    } else if (change == 1) {
      alter.nullable = !column.nullable;
    } else if (change == 2) {
      alter.default_value = RandomDefault(type, column.default_value);
    } else {
      alter.default_value = std::optional<std::string>();
    }
  }
  return {alter};
}

std::vector<Op> OpMaker::MakeKey(const Schema& schema, const Table& table) {
  std::vector<const Table*> targets =
      Filter(schema.tables, [&](const Table& t) { return t.name != table.name; });
  if (targets.empty()) return {};
  std::vector<Op> ops;
  std::vector<const Column*> free = Filter(table.columns, [&](const Column& c) {
    return c.ref && !schema.ColumnInUse(table.name, c.name);
  });
  std::string column;
  if (!free.empty()) {
    column = rng_.Pick(free)->name;
  } else {
    std::optional<std::string> name = FreeColumnName(table, kRefNames);
    if (!name) return {};
    Column ref = RefColumn();
    ref.name = *name;
    ops.push_back(AddColumn{table.name, ref});
    column = *name;
  }
  ops.push_back(AddForeignKey{{Name("fk_"), table.name, column, rng_.Pick(targets)->name}});
  return ops;
}

std::vector<Op> OpMaker::Make(Kind kind, const Schema& schema) {
  if (kind == Kind::kCreateTable) {
    std::optional<CreateTable> create = NewTable(schema);
    if (!create) return {};
    return {*create};
  }
  const Table* picked = PickTable(schema);
  if (picked == nullptr) return {};
  const Table& table = *picked;
  auto named = [&](const auto& items, auto pred) {
    return Filter(items, [&](const auto& item) { return item.table == table.name && pred(item); });
  };
  switch (kind) {
    case Kind::kCreateTable:
      return {};
    case Kind::kDropTable:
      if (schema.tables.size() < 3 || schema.Referenced(table.name)) return {};
      return {DropTable{table.name}};
    case Kind::kRenameTable: {
      std::vector<std::string> free;
      for (const std::string& name : kRenamedNames) {
        if (schema.FindTable(name) == nullptr) free.push_back(name);
      }
      if (free.empty()) return {};
      return {RenameTable{table.name, rng_.Pick(free)}};
    }
    case Kind::kAddColumn:
    case Kind::kAddUniqueColumn: {
      std::optional<std::string> name = FreeColumnName(table, kColumnNames);
      if (!name) return {};
      Column column = RandomColumn(*name, true);
      if (kind == Kind::kAddUniqueColumn) {
        if (!Uniqueable(column)) return {};
        column.unique = true;
      }
      return {AddColumn{table.name, column}};
    }
    case Kind::kDropColumn: {
      std::vector<const Column*> droppable = Filter(table.columns, [&](const Column& c) {
        return !c.primary_key && !schema.ColumnInUse(table.name, c.name);
      });
      if (droppable.empty() || table.columns.size() < 3) return {};
      return {DropColumn{table.name, rng_.Pick(droppable)->name}};
    }
    case Kind::kAlterColumn:
    case Kind::kRenameColumn:
      return MakeAlter(table, kind == Kind::kRenameColumn);
    case Kind::kCreateIndex:
    case Kind::kAddUnique: {
      bool constraint = kind == Kind::kAddUnique;
      std::vector<const Column*> columns =
          Filter(table.columns, constraint ? Uniqueable : Indexable);
      if (columns.empty()) return {};
      Index index{Name(constraint ? "uq_" : "ix_"), table.name, {}, constraint, constraint};
      index.columns.push_back(rng_.Pick(columns)->name);
      if (columns.size() > 1 && rng_.Percent(30)) {
        const std::string& second = rng_.Pick(columns)->name;
        if (second != index.columns[0]) index.columns.push_back(second);
      }
      if (!constraint && rng_.Percent(30)) {
        index.unique =
            std::all_of(index.columns.begin(), index.columns.end(),
                        [&](const std::string& c) { return Uniqueable(*table.Find(c)); });
      }
      return {CreateIndex{index}};
    }
    case Kind::kDropIndex:
    case Kind::kRenameIndex: {
      std::vector<const Index*> indexes =
          named(schema.indexes, [](const Index& i) { return !i.constraint; });
      if (indexes.empty()) return {};
      const std::string& name = rng_.Pick(indexes)->name;
      if (kind == Kind::kDropIndex) return {DropIndex{name}};
      return {RenameIndex{name, Name("ix_")}};
    }
    case Kind::kDropUnique: {
      std::vector<const Index*> keys =
          named(schema.indexes, [](const Index& i) { return i.constraint; });
      if (keys.empty()) return {};
      return {DropConstraint{table.name, rng_.Pick(keys)->name}};
    }
    case Kind::kAddCheck:
      return {AddCheck{{Name("ck_"), table.name, rng_.Pick(kCheckExpressions)}}};
    case Kind::kDropCheck: {
      std::vector<const Check*> checks = named(schema.checks, [](const Check&) { return true; });
      if (checks.empty()) return {};
      return {DropConstraint{table.name, rng_.Pick(checks)->name}};
    }
    case Kind::kAddKey:
      return MakeKey(schema, table);
    case Kind::kDropKey: {
      std::vector<const ForeignKey*> keys =
          named(schema.keys, [](const ForeignKey&) { return true; });
      if (keys.empty()) return {};
      return {DropConstraint{table.name, rng_.Pick(keys)->name}};
    }
  }
  return {};
}

std::string RevisionId(std::size_t index) {
  char id[8];
  std::snprintf(id, sizeof id, "r%02zu", index);
  return id;
}

}  // namespace

History GenerateHistory(std::uint64_t seed, const Options& options) {
  History h;
  h.seed = seed;
  Rng rng(seed);
  int counter = 0;
  OpMaker maker(rng, counter, rng.Percent(55) ? kGentle : kRebuildHeavy);
  int target = rng.Range(options.min_revisions, options.max_revisions);

  auto add = [&](std::vector<int> parents, std::vector<int> depends_on, int op_count) {
    Revision r;
    r.id = RevisionId(h.revisions.size());
    r.parents = std::move(parents);
    r.depends_on = std::move(depends_on);
    std::vector<bool> upstream(h.revisions.size(), false);
    for (const auto* edges : {&r.parents, &r.depends_on}) {
      for (int p : *edges) {
        std::vector<bool> closure = h.Closure(p);
        for (std::size_t i = 0; i < closure.size(); ++i) upstream[i] = upstream[i] || closure[i];
      }
    }
    Schema schema = h.StateOf(upstream);
    maker.Add(op_count, schema, r.ops);
    h.revisions.push_back(std::move(r));
  };

  {  // the root creates two or three tables
    Revision root;
    root.id = RevisionId(0);
    Schema schema;
    for (int n = rng.Range(2, 3); n > 0; --n) {
      std::optional<CreateTable> create = maker.NewTable(schema);
      if (create && Apply(*create, schema)) root.ops.push_back(*create);
    }
    maker.Add(rng.Range(0, 1), schema, root.ops);
    h.revisions.push_back(std::move(root));
  }

  while (static_cast<int>(h.revisions.size()) < target - 1) {
    std::vector<int> heads = h.Heads();
    std::vector<int> inner;  // revisions with children: branch points
    for (std::size_t i = 0; i < h.revisions.size(); ++i) {
      if (std::find(heads.begin(), heads.end(), static_cast<int>(i)) == heads.end()) {
        inner.push_back(static_cast<int>(i));
      }
    }
    std::vector<int> parents;
    int op_count = rng.Range(1, 3);
    int shape = static_cast<int>(rng.Below(100));
    if (options.branches && heads.size() >= 2 && shape < 25) {
      std::vector<int> pool = heads;
      std::size_t take = heads.size() >= 3 && rng.Percent(30) ? 3 : 2;
      while (parents.size() < take) {
        std::size_t at = rng.Below(static_cast<std::uint32_t>(pool.size()));
        parents.push_back(pool[at]);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(at));
      }
      std::sort(parents.begin(), parents.end());
      op_count = rng.Percent(60) ? 0 : rng.Range(1, 2);
    } else if (options.branches && heads.size() < 3 && !inner.empty() && shape < 65) {
      parents.push_back(rng.Pick(inner));
    } else {
      parents.push_back(rng.Pick(heads));
    }
    std::vector<int> depends_on;
    if (options.branches && rng.Percent(20)) {
      std::vector<bool> upstream(h.revisions.size(), false);
      for (int p : parents) {
        std::vector<bool> closure = h.Closure(p);
        for (std::size_t i = 0; i < closure.size(); ++i) upstream[i] = upstream[i] || closure[i];
      }
      std::vector<int> candidates;
      for (std::size_t i = 0; i < upstream.size(); ++i) {
        if (!upstream[i]) candidates.push_back(static_cast<int>(i));
      }
      if (!candidates.empty()) depends_on.push_back(rng.Pick(candidates));
    }
    add(parents, depends_on, op_count);
  }

  std::vector<int> heads = h.Heads();
  if (heads.size() == 1) {
    add({heads[0]}, {}, rng.Range(1, 3));
  } else if (rng.Percent(55) || static_cast<int>(h.revisions.size()) < options.min_revisions) {
    add(heads, {}, rng.Percent(60) ? 0 : 1);
  } else {
    for (std::size_t k = 0; k < heads.size(); ++k) {
      h.revisions[static_cast<std::size_t>(heads[k])].label = "line" + std::to_string(k + 1);
    }
  }
  return h;
}

namespace {

// The names after `clause` on a header line "  clause a, b".
std::vector<std::string> HeaderList(const std::string& text, const std::string& clause) {
  std::vector<std::string> names;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (first != clause) continue;
    for (std::string word; words >> word;) {
      if (word.back() == ',') word.pop_back();
      if (!word.empty()) names.push_back(word);
    }
  }
  return names;
}

}  // namespace

History LoadHistory(const std::string& dir) {
  History h;
  h.seed = 0xcbf29ce484222325ull;
  h.modeled = false;
  h.origin = dir;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".mig") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::vector<std::string>> parents, depends_on;
  for (const std::filesystem::path& path : paths) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    Revision r;
    r.text = text.str();
    std::vector<std::string> id = HeaderList(r.text, "revision");
    r.id = id.empty() ? path.stem().string() : id[0];
    parents.push_back(HeaderList(r.text, "parent"));
    depends_on.push_back(HeaderList(r.text, "depends_on"));
    h.revisions.push_back(std::move(r));
    for (char c : h.revisions.back().id) {  // FNV-1a: orders are the same everywhere
      h.seed = (h.seed ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    }
  }
  for (std::size_t i = 0; i < h.revisions.size(); ++i) {
    for (const std::string& p : parents[i]) {
      if (h.Find(p) >= 0) h.revisions[i].parents.push_back(h.Find(p));
    }
    for (const std::string& d : depends_on[i]) {
      if (h.Find(d) >= 0) h.revisions[i].depends_on.push_back(h.Find(d));
    }
  }
  return h;
}

}  // namespace retort::testing::gen
