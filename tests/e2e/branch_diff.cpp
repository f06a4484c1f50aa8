#include "branch_diff.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>

#include "check/simulator.h"
#include "compiled_table.h"
#include "diag/text_printer.h"
#include "emit/schema_writer.h"
#include "lower/dialect.h"
#include "migrate_cli.h"
#include "mysql_test_util.h"
#include "pipeline.h"

namespace retort::testing {

std::string BranchStats::Summary(const std::string& dialect, const std::string& source,
                                 double seconds) const {
  std::ostringstream out;
  out << "branch diff (" << dialect << "): " << source << ", " << histories
      << " histories: " << accepted << " accepted, " << rejected << " rejected (" << follow_on
      << " with follow-on errors after a conflict), " << orders << " orders run, "
      << failures.size() << " failures";
  if (!failed_seeds.empty()) {
    out << " (seeds";
    for (std::size_t i = 0; i < failed_seeds.size() && i < 20; ++i) out << " " << failed_seeds[i];
    out << (failed_seeds.size() > 20 ? " ...)" : ")");
  }
  out << ", " << static_cast<int>(seconds) << " s";
  return out.str();
}

namespace {

constexpr const char* kDir = "branch";

source::SourceSet Sources(const gen::History& history) {
  source::SourceSet sources;
  for (const gen::MigFile& file : history.Files()) {
    sources.Add(std::string(kDir) + "/" + file.name, file.text);
  }
  return sources;
}

std::string Printed(const diag::DiagnosticEngine& engine, const source::SourceSet& sources) {
  std::ostringstream out;
  diag::PrintAll(engine, sources, out);
  return out.str();
}

// "- line" for every line only `expected` has, "+ line" for every line only
// `actual` has.
std::string LineDiff(const std::string& expected, const std::string& actual) {
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> e = lines(expected), a = lines(actual), only_e, only_a;
  std::set_difference(e.begin(), e.end(), a.begin(), a.end(), std::back_inserter(only_e));
  std::set_difference(a.begin(), a.end(), e.begin(), e.end(), std::back_inserter(only_a));
  std::string out;
  for (const std::string& line : only_e) out += "- " + line + "\n";
  for (const std::string& line : only_a) out += "+ " + line + "\n";
  return out;
}

/// What `retortc schema --dialect D` prints (the same calls as its RunSchema):
/// the state after the single head, or the union of all heads.
std::optional<std::string> ExpectedSchemaSql(const gen::History& history,
                                             const std::string& dialect) {
  source::SourceSet sources = Sources(history);
  diag::DiagnosticEngine engine;
  std::optional<check::RevisionGraph> graph = ParseAndBuildGraph(sources, kDir, engine);
  if (!graph || graph->heads().empty()) return std::nullopt;
  check::SchemaState schema = graph->heads().size() > 1
                                  ? check::StateAfterAll(*graph, engine)
                                  : check::StateAfter(*graph, graph->heads()[0], engine);
  if (engine.error_count() > 0) return std::nullopt;
  for (const auto& d : lower::MakeDialects(graph->settings())) {
    if (d->name() == dialect) return emit::RenderSchemaSql(schema, *d);
  }
  return std::nullopt;
}

void ExecuteScript(driver::Connection& db, const std::string& text) {
  for (std::size_t start = 0, end; (end = text.find(";\n", start)) != std::string::npos;
       start = end + 2) {
    db.Execute(text.substr(start, end - start));
  }
}

std::vector<std::string> TableNames(driver::Connection& db, const std::string& tables_sql) {
  std::vector<std::string> names;
  for (const driver::Row& row : db.Query(tables_sql)) names.push_back(*row[0]);
  std::sort(names.begin(), names.end());
  return names;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A value every column type of the generator accepts, NULL for `ref_*`
// columns (they may gain a foreign key to a table without rows).
driver::Value ValueFor(const std::string& column, std::string type) {
  if (column.rfind("ref_", 0) == 0) return std::nullopt;
  std::transform(type.begin(), type.end(), type.begin(), ::tolower);
  if (type.find("char") != std::string::npos || type.find("text") != std::string::npos) {
    return std::string("v");
  }
  return std::string("1");
}

// The value the test inserts into a column of the model: one per column
// (from its identity), valid for its type; NULL in `ref_*` columns.
driver::Value RowValue(const gen::Column& column) {
  if (column.ref) return std::nullopt;
  if (column.primary_key) return std::string("1");
  switch (column.type.base) {
    case gen::BaseType::kVarchar:
    case gen::BaseType::kText:
      return "u" + std::to_string(column.uid);
    case gen::BaseType::kBoolean:
      return std::string("1");
    default:
      return std::to_string(10 + column.uid % 90);
  }
}

// What a row holds in a column added with default `fill` (DSL spelling).
driver::Value FillValue(const std::optional<std::string>& fill) {
  if (!fill) return std::nullopt;
  if (*fill == "true" || *fill == "false") return std::string(*fill == "true" ? "1" : "0");
  if (fill->front() == '\'') return fill->substr(1, fill->size() - 2);
  return *fill;
}

// Equal values, numbers compared as numbers ("3" and "3.00").
bool SameValue(const driver::Value& a, const driver::Value& b) {
  if (!a || !b) return !a && !b;
  if (*a == *b) return true;
  char* end_a = nullptr;
  char* end_b = nullptr;
  double x = std::strtod(a->c_str(), &end_a), y = std::strtod(b->c_str(), &end_b);
  return !a->empty() && !b->empty() && *end_a == '\0' && *end_b == '\0' && x == y;
}

/// One order: `steps` are upgrade targets before the rows go in; then
/// `upgrade heads`.
struct Order {
  std::vector<int> steps;
};

std::vector<Order> ChooseOrders(const gen::History& history, int count) {
  gen::Rng rng(history.seed ^ 0x6f72646572ull);
  int n = static_cast<int>(history.revisions.size());
  std::vector<int> branched;  // revisions with a concurrent revision
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (history.Concurrent(i, j)) {
        branched.push_back(i);
        break;
      }
    }
  }
  std::vector<int> pool = branched;
  if (pool.empty()) {  // a line: any revision but the head, or the only one
    for (int i = 0; i + 1 < n; ++i) pool.push_back(i);
    if (pool.empty() && n > 0) pool.push_back(n - 1);
  }
  std::vector<Order> orders;
  std::vector<int> unused = pool;
  for (int k = 0; k < count && !pool.empty(); ++k) {
    if (unused.empty()) unused = pool;
    std::size_t at = rng.Below(static_cast<std::uint32_t>(unused.size()));
    int first = unused[at];
    unused.erase(unused.begin() + static_cast<std::ptrdiff_t>(at));
    Order order{{first}};
    std::vector<int> concurrent;
    for (int j = 0; j < n; ++j) {
      if (history.Concurrent(first, j)) concurrent.push_back(j);
    }
    if (!concurrent.empty() && rng.Percent(50)) order.steps.push_back(rng.Pick(concurrent));
    orders.push_back(order);
  }
  return orders;
}

class CaseRunner {
 public:
  CaseRunner(const gen::History& history, const BranchDatabase& database, BranchStats& stats)
      : history_(history), database_(database), stats_(stats) {}

  /// Returns false after recording a failure. Errors other than the two
  /// branch kinds are tolerated in a revision that sees both sides of a
  /// reported conflict (follow-on errors in a state that folded it); they are
  /// counted in `follow_on`.
  bool CheckRejection(const diag::DiagnosticEngine& engine, const source::SourceSet& sources,
                      int& follow_on) {
    std::vector<std::vector<int>> conflicts;  // revisions whose fold is ill-defined
    bool branch_error = false;
    for (const diag::Diagnostic& d : engine.diagnostics()) {
      if (d.severity() != diag::Severity::kError) continue;
      if (d.kind != diag::Kind::kNonCommuting && d.kind != diag::Kind::kMergeOpFails) continue;
      branch_error = true;
      std::string problem = ProblemWith(d);
      if (!problem.empty()) {
        return Fail("retortc rejected the history: " + problem, Printed(engine, sources));
      }
      if (d.kind == diag::Kind::kNonCommuting) {
        conflicts.push_back({history_.Find(d.args[0]), history_.Find(d.args[1])});
      } else {
        conflicts.push_back({history_.Find(d.args[0])});
      }
    }
    if (!branch_error) {
      return Fail("retortc rejected the history without naming a branch conflict",
                  Printed(engine, sources));
    }
    for (const diag::Diagnostic& d : engine.diagnostics()) {
      if (d.severity() != diag::Severity::kError || d.kind == diag::Kind::kNonCommuting ||
          d.kind == diag::Kind::kMergeOpFails) {
        continue;
      }
      int at = d.loc.valid() ? RevisionOfFile(sources.file(d.loc.file).path()) : -1;
      std::vector<bool> seen =
          at >= 0 ? history_.Closure(at) : std::vector<bool>(history_.revisions.size(), false);
      bool downstream = std::any_of(conflicts.begin(), conflicts.end(), [&](const auto& pair) {
        return std::all_of(pair.begin(), pair.end(),
                           [&](int r) { return seen[static_cast<std::size_t>(r)]; });
      });
      if (!downstream) {
        return Fail(
            "retortc rejected the history with an error that is not a branch conflict "
            "nor after one: " +
                d.message(),
            Printed(engine, sources));
      }
      ++follow_on;
    }
    return true;
  }

  void RunOrder(const table::MigrationTable& table, const Order& order,
                const std::string& expected) {
    std::string url = database_.fresh("order");
    std::string what = "order: upgrade";
    for (int step : order.steps) what += " " + Id(step) + ",";
    what += " rows, upgrade heads";  // then, without rows, downgrade base
    std::vector<bool> applied(history_.revisions.size(), false);
    for (int step : order.steps) {
      if (!Migrate(table, url, {"upgrade", Id(step)}, what)) return;
      std::vector<bool> closure = history_.Closure(step);
      for (std::size_t i = 0; i < closure.size(); ++i) applied[i] = applied[i] || closure[i];
    }
    std::unique_ptr<driver::Connection> db = Open(url);
    gen::Schema middle = history_.StateOf(applied);
    std::vector<std::string> model_names;
    for (const gen::Table& t : middle.tables) model_names.push_back(t.name);
    std::sort(model_names.begin(), model_names.end());
    std::vector<std::string> names = TableNames(*db, database_.tables_sql);
    if (history_.modeled && names != model_names) {
      Fail(what + ": after the intermediate steps the database has tables [" + JoinNames(names) +
               "], the generator's model [" + JoinNames(model_names) + "]",
           "");
      return;
    }
    // The executor's expected schema at these (often several) heads,
    // replayed from the table, is what the database holds.
    if (!Migrate(table, url, {"check"}, what + ", after the intermediate steps")) return;
    for (const std::string& name : names) InsertRow(*db, name, middle);
    if (!Migrate(table, url, {"upgrade", "heads"}, what)) return;
    if (!Migrate(table, url, {"check"}, what + ", at heads")) return;

    std::string actual = database_.snapshot(*db);
    if (actual != expected) {
      Fail(what + ": the catalog differs from `retortc schema --dialect " + database_.dialect +
               "` (- expected only, + migrated only)",
           LineDiff(expected, actual));
      return;
    }
    if (history_.modeled) CheckRows(*db, middle, what);

    // The derived downgrades run in reverse table order, whatever order the
    // upgrades ran in. Without rows: a restored `not null` column without
    // a default cannot be put back on a table with rows, in any order.
    for (const std::string& name : TableNames(*db, database_.tables_sql)) {
      db->Execute("DELETE FROM " + name);
    }
    if (!Migrate(table, url, {"downgrade", "base"}, what + ", downgrade base")) return;
    std::vector<std::string> left = TableNames(*db, database_.tables_sql);
    if (!left.empty()) {
      Fail(what + ", downgrade base: tables left [" + JoinNames(left) + "]", "");
    }
  }

  bool Fail(const std::string& what, const std::string& details) {
    std::string text = "[" + database_.dialect + "] " + what + "\n";
    if (!details.empty()) text += details + (details.back() == '\n' ? "" : "\n");
    if (failed_) {  // the history was printed with the first failure
      stats_.failures.back() += text;
    } else {
      stats_.failures.push_back(text + history_.Describe());
      stats_.failed_seeds.push_back(history_.seed);
    }
    failed_ = true;
    return false;
  }

  bool failed() const { return failed_; }

 private:
  int RevisionOfFile(const std::string& path) const {
    std::string name = path.substr(path.rfind('/') + 1);
    return history_.Find(name.substr(0, name.size() - std::string(".mig").size()));
  }

  std::string Id(int index) const { return history_.revisions[static_cast<std::size_t>(index)].id; }

  // Why `d` is not an acceptable reason to reject a generated history, or "".
  std::string ProblemWith(const diag::Diagnostic& d) const {
    auto arg = [&](std::size_t i) { return i < d.args.size() ? d.args[i] : std::string(); };
    if (d.kind == diag::Kind::kNonCommuting) {
      int a = history_.Find(arg(0)), b = history_.Find(arg(1));
      if (a < 0 || b < 0) return "non-commuting names an unknown revision: " + d.message();
      if (!history_.Concurrent(a, b)) {
        return "non-commuting names revisions that are not concurrent: " + d.message();
      }
      return "";
    }
    // kMergeOpFails: args[0] is where lines of history meet.
    int merge = history_.Find(arg(0)), revision = history_.Find(arg(1));
    if (merge < 0 || revision < 0) {
      return "merge-op-fails names an unknown revision: " + d.message();
    }
    const gen::Revision& m = history_.revisions[static_cast<std::size_t>(merge)];
    if (m.parents.size() + m.depends_on.size() < 2) {
      return "merge-op-fails names '" + arg(0) + "', which joins no branches: " + d.message();
    }
    return "";
  }

  bool Migrate(const table::MigrationTable& table, const std::string& url,
               const std::vector<std::string>& command, const std::string& what) {
    std::vector<std::string> args{"--url", url};
    args.insert(args.end(), command.begin(), command.end());
    std::ostringstream out, err;
    int code = cli::MigrateMain(args, table, out, err, {});
    if (code == 0) return true;
    std::string name = command[0] + (command.size() > 1 ? " " + command[1] : "");
    return Fail(what + ": `migrate " + name + "` exited " + std::to_string(code),
                err.str() + out.str());
  }

  // One row: for a modeled history the values the model says (RowValue),
  // for a loaded one a value per catalog type.
  void InsertRow(driver::Connection& db, const std::string& table, const gen::Schema& middle) {
    std::vector<std::string> columns;
    driver::Params values;
    if (const gen::Table* model = history_.modeled ? middle.FindTable(table) : nullptr) {
      for (const gen::Column& c : model->columns) {
        columns.push_back(c.name);
        values.push_back(RowValue(c));
      }
    } else {
      for (const driver::Row& row : db.Query(database_.columns_sql, {table})) {
        columns.push_back(*row[0]);
        values.push_back(ValueFor(*row[0], row[1].value_or("")));
      }
    }
    std::string marks;
    for (std::size_t i = 0; i < columns.size(); ++i) marks += i ? ", ?" : "?";
    db.Query("INSERT INTO " + table + " (" + JoinNames(columns) + ") VALUES (" + marks + ")",
             values);
  }

  // Every table of the final schema holds its row when the table (followed
  // through renames) had one inserted at the intermediate point, and nothing
  // otherwise; in that row, a column that existed then (followed through
  // renames and type changes) holds the value inserted, a column added since
  // the default it was added with.
  void CheckRows(driver::Connection& db, const gen::Schema& middle, const std::string& what) {
    gen::Schema end = history_.StateOf(std::vector<bool>(history_.revisions.size(), true));
    std::string expected, actual;
    bool same = true;
    for (const gen::Table& t : end.tables) {
      const gen::Table* before = middle.FindUid(t.uid);
      std::vector<std::string> names;
      for (const gen::Column& c : t.columns) names.push_back(c.name);
      std::string select = "SELECT " + JoinNames(names);
      std::vector<driver::Row> rows = db.Query(select + " FROM " + t.name + " ORDER BY id");
      actual += t.name + ": " + (rows.empty() ? "\n" : Join(rows));
      expected += t.name + ": ";
      if (before == nullptr) {
        expected += "\n";
        same = same && rows.empty();
        continue;
      }
      driver::Row row;
      for (const gen::Column& c : t.columns) {
        const gen::Column* then = nullptr;
        for (const gen::Column& old : before->columns) {
          if (old.uid == c.uid) then = &old;
        }
        row.push_back(then != nullptr ? RowValue(*then) : FillValue(c.fill));
      }
      expected += Join({row});
      same = same && rows.size() == 1 && rows[0].size() == row.size() &&
             std::equal(row.begin(), row.end(), rows[0].begin(), SameValue);
    }
    if (!same) Fail(what + ": rows differ (expected, then found)", expected + "--\n" + actual);
  }

  const gen::History& history_;
  const BranchDatabase& database_;
  BranchStats& stats_;
  bool failed_ = false;
};

void Save(const gen::History& history, const std::string& save_dir) {
  std::filesystem::path dir =
      std::filesystem::path(save_dir) /
      (history.modeled ? "seed_" + std::to_string(history.seed)
                       : std::filesystem::path(history.origin).filename().string());
  std::filesystem::create_directories(dir);
  for (const gen::MigFile& file : history.Files()) {
    std::ofstream(dir / file.name) << file.text;
  }
}

// An accepted history: the expected catalog, then every order.
void CheckAccepted(const gen::History& history, const BranchDatabase& database, int orders,
                   lower::CompiledHistory compiled, CaseRunner& runner, BranchStats& stats) {
  std::optional<std::string> schema_sql = ExpectedSchemaSql(history, database.dialect);
  if (!schema_sql) {
    runner.Fail("no schema from retortc for the heads", "");
    return;
  }
  std::string expected;
  try {
    std::unique_ptr<driver::Connection> empty = Open(database.fresh("expected"));
    if (!database.schema_prelude.empty()) empty->Execute(database.schema_prelude);
    ExecuteScript(*empty, *schema_sql);
    expected = database.snapshot(*empty);
  } catch (const driver::DbError& e) {
    runner.Fail("`retortc schema --dialect " + database.dialect +
                    "` does not run on an empty database: " + e.message(),
                *schema_sql);
    return;
  }
  CompiledTable table(std::move(compiled));
  for (const Order& order : ChooseOrders(history, orders)) {
    ++stats.orders;
    try {
      runner.RunOrder(table.table(), order, expected);
    } catch (const driver::DbError& e) {
      runner.Fail("database error in the test's own queries: " + e.message(), "");
    }
    if (runner.failed()) break;
  }
  int skipped = 0;
  history.StateOf(std::vector<bool>(history.revisions.size(), true), &skipped);
  if (runner.failed() && history.modeled && skipped > 0) {
    stats.failures.back() +=
        "note: replayed in table order, " + std::to_string(skipped) +
        " operation(s) of this history do not apply (a conflict retortc accepted)\n";
  }
}

}  // namespace

void RunBranchCase(const gen::History& history, const BranchDatabase& database, int orders,
                   BranchStats& stats, const std::string& save_dir) {
  ++stats.histories;
  CaseRunner runner(history, database, stats);
  source::SourceSet sources = Sources(history);
  diag::DiagnosticEngine engine;
  std::optional<lower::CompiledHistory> compiled = Compile(sources, kDir, engine);
  if (compiled) {
    ++stats.accepted;
    CheckAccepted(history, database, orders, std::move(*compiled), runner, stats);
  } else {
    ++stats.rejected;
    int follow_on = 0;
    runner.CheckRejection(engine, sources, follow_on);
    if (follow_on > 0) ++stats.follow_on;
  }
  if (runner.failed() && !save_dir.empty()) Save(history, save_dir);
}

}  // namespace retort::testing
