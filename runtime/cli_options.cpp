#include "cli_options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "cli_support.h"
#include "url.h"

namespace retort::cli {
namespace {

// The options that take a value (the next argument, even one like "-5").
const std::vector<std::string> kTakeValue = {"--url",     "--version-table", "--wait",
                                             "--lock-timeout", "--timeout", "--interval",
                                             "--dialect", "-r", "--rev-range"};

bool TakesValue(const std::string& arg) {
  return std::find(kTakeValue.begin(), kTakeValue.end(), arg) != kTakeValue.end();
}

// Moves "-N" arguments behind a "--" so CLI11 reads them as positionals
// (`migrate downgrade -1 --url x` works as well as `downgrade -1`); a "-N"
// right after an option that takes a value stays that option's value, so
// `--lock-timeout -5` is refused as a bad value of --lock-timeout.
std::vector<std::string> ProtectNegativeCounts(std::vector<std::string> args) {
  if (std::find(args.begin(), args.end(), "--") != args.end()) return args;
  std::vector<std::string> kept;
  std::vector<std::string> counts;
  for (std::string& arg : args) {
    bool negative_count = arg.size() > 1 && arg[0] == '-' &&
                          std::all_of(arg.begin() + 1, arg.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          }) && (kept.empty() || !TakesValue(kept.back()));
    (negative_count ? counts : kept).push_back(std::move(arg));
  }
  if (!counts.empty()) {
    kept.emplace_back("--");
    kept.insert(kept.end(), counts.begin(), counts.end());
  }
  return kept;
}

std::string CommandNames(CLI::App& app) {
  std::string names;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    names += (names.empty() ? "" : ", ") + sub->get_name();
  }
  return names;
}

// The first word that is neither an option nor an option's value, when it
// names no command ("" otherwise).
std::string UnknownCommand(CLI::App& app, const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return "";
    if (!arg.empty() && arg[0] == '-') {
      if (TakesValue(arg)) ++i;
      continue;
    }
    for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
      if (sub->get_name() == arg) return "";
    }
    return arg;
  }
  return "";
}

// A number of seconds: CLI11's own range check would name the subcommand's
// argument and print the double's whole range; this names the option (CLI11
// puts it first: "--lock-timeout: '-5' is not ...").
CLI::Validator Seconds(bool positive) {
  return CLI::Validator(
      [positive](std::string& value) -> std::string {
        char* end = nullptr;
        const double seconds = std::strtod(value.c_str(), &end);
        const bool ok = !value.empty() && end == value.c_str() + value.size() &&
                        std::isfinite(seconds) && (positive ? seconds > 0 : seconds >= 0);
        if (ok) return "";
        return "'" + value + "' is not a number of seconds" +
               (positive ? " above 0" : " (0 or more)");
      },
      "SECONDS");
}

}  // namespace

std::optional<int> ParseArgs(std::vector<std::string> args, std::ostream& out, std::ostream& err,
                             Options& options, std::string& command) {
  CLI::App app{"Apply compiled database migrations.", "migrate"};
  app.fallthrough();
  app.require_subcommand(0, 1);
  app.add_flag("--version", options.version,
               "print this executor's version and its table's, then exit");
  app.add_option(
      "--url", options.url,
      "database URL (default: $DATABASE_URL, $DATABASE_URL_FILE, then " +
          std::string(runtime::kDefaultDatabaseUrl) + ")");
  app.add_flag("--ignore-checksums", options.ignore_checksums,
               "run even if applied revisions changed since they ran");
  app.add_option("--version-table", options.version_table,
                 "table holding the current heads (e.g. alembic_version)");
  app.add_option("--wait", options.wait_s,
                 "retry an unreachable database for up to SECONDS (every 2 s)")
      ->check(Seconds(false));
  app.add_option("--lock-timeout", options.lock_timeout_s,
                 "seconds to wait for another migrator's lock (default 300)")
      ->check(Seconds(false));
  app.add_flag("--json", options.json,
               "machine-readable output: one JSON object per line");

  auto* upgrade = app.add_subcommand("upgrade", "apply pending revisions");
  upgrade->add_option("target", options.target,
                      "head (default), heads, REV, +N, REV+N");
  upgrade->add_flag("-v,--verbose", options.trace,
                    "print each statement as it runs, with its time");
  upgrade->add_flag("!--no-fast-path", options.fast_path,
                    "SQLite: always read the version tables, even when the file's header says "
                    "the database is at the heads already");
  auto* downgrade = app.add_subcommand("downgrade", "unapply revisions");
  downgrade->add_option("target", options.target, "-N, REV, REV-N or base")
      ->required();
  downgrade->add_flag("-v,--verbose", options.trace,
                      "print each statement as it runs, with its time");
  for (CLI::App* run : {upgrade, downgrade}) {
    run->add_flag("--sql", options.sql,
                  "print the script of the run ([FROM:]TO; FROM:TO for downgrade) without "
                  "connecting");
    run->add_option("--dialect", options.dialect, "with --sql: sqlite, mysql or mariadb")
        ->check(CLI::IsMember({"sqlite", "mysql", "mariadb"}));
    run->add_flag("--single-transaction", options.single_transaction,
                  "the whole run in one transaction: all of it or nothing (SQLite; refused "
                  "where DDL commits by itself, as on MySQL)");
    run->add_flag("--dry-run", options.dry_run,
                  "connect and print the plan (revisions, statements, irreversible steps); "
                  "change nothing");
  }
  auto* wait =
      app.add_subcommand("wait", "wait until the database accepts connections");
  wait->add_option("--timeout", options.wait_s, "seconds (default 60)")
      ->check(Seconds(false));
  wait->add_option("--interval", options.interval_s,
                   "seconds between attempts (default 2)")
      ->check(Seconds(true));
  auto* resolve = app.add_subcommand(
      "resolve", "record what an operator found after a failed revision");
  resolve->add_option("revision", options.target, "id or unique prefix")
      ->required();
  auto* applied_flag = resolve->add_flag("--applied", options.resolve_applied,
                                         "its changes are all there");
  auto* rolled_back_flag = resolve
      ->add_flag("--rolled-back", options.resolve_rolled_back,
                 "none of its changes are there")
      ->excludes(applied_flag);
  resolve
      ->add_flag("--auto", options.resolve_auto,
                 "find which of its operations took effect by reading the schema, finish "
                 "the interrupted run and record it (MySQL/MariaDB)")
      ->excludes(applied_flag)
      ->excludes(rolled_back_flag);
  auto* current = app.add_subcommand("current", "show the database's current heads");
  current->add_flag("-v,--verbose", options.verbose, "show every field");
  auto* history = app.add_subcommand("history", "list revisions, newest first");
  history->add_flag("-v,--verbose", options.verbose, "show every field");
  history->add_option("-r,--rev-range", options.range,
                      "A:B, the revisions from A to B (either side may be empty, base, "
                      "heads or current)");
  history->add_flag("-i,--indicate-current", options.indicate_current,
                    "mark the database's current heads");
  history->add_flag("--log", options.log,
                    "show the database's audit log instead");
  auto* heads = app.add_subcommand("heads", "show the heads of the migration graph");
  heads->add_flag("-v,--verbose", options.verbose, "show every field");
  heads->add_flag("--resolve-dependencies", options.resolve_dependencies,
                  "treat depends_on as a parent: hide a head another one depends on");
  app.add_subcommand("branches", "show branch points");
  auto* show = app.add_subcommand("show", "show one revision");
  show->add_option("revision", options.target,
                   "id, unique prefix, label, head, heads or LABEL@head")
      ->required();
  auto* stamp = app.add_subcommand("stamp", "record heads without running SQL");
  stamp->add_option("target", options.target, "REV, head, heads or base")
      ->required();
  stamp->add_flag("--purge", options.purge,
                  "replace every version row (default: move only the rows on T's lines)");
  stamp->add_flag("--force", options.force,
                  "record the heads without checking that the database has their schema");
  app.add_subcommand("check",
                     "compare the database's schema with the one expected at its heads "
                     "(exit 3 on drift)");

  std::vector<std::string> reversed = ProtectNegativeCounts(args);
  std::reverse(reversed.begin(), reversed.end());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    std::string unknown = UnknownCommand(app, args);
    if (!unknown.empty()) {
      return Fail(err, ExitCode::kUsage, "unknown command '" + unknown + "'",
                  "the commands are " + CommandNames(app) + "; run 'migrate --help'");
    }
    return Fail(err, ExitCode::kUsage, e.what(), "run 'migrate --help' for usage");
  }
  options.url_given = app.count("--url") > 0;
  options.version_table_given = app.count("--version-table") > 0;
  if (app.get_subcommands().empty()) {
    if (options.version) {
      command = "version";
      return std::nullopt;
    }
    return Fail(err, ExitCode::kUsage, "a command is required",
                "the commands are " + CommandNames(app) + "; run 'migrate --help'");
  }
  command = app.get_subcommands().front()->get_name();
  if (command == "wait" && wait->count("--timeout") == 0) options.wait_s = 60;
  return std::nullopt;
}


}  // namespace retort::cli
