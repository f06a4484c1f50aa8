#include <algorithm>
#include <string>

#include "check/op_codec.h"
#include "auto_resolve.h"
#include "cli_support.h"
#include "schema_check.h"
#include "introspect/introspect.h"
#include "lock.h"
#include "planner.h"
#include "runner.h"
#include "schema_commands.h"
#include "url.h"
#include "version_store.h"
#include "wait.h"

namespace retort::cli {

int Fail(std::ostream& err, ExitCode code, const std::string& error,
         const std::string& note) {
  err << "migrate: error: " << error << "\n";
  if (!note.empty()) err << "migrate: note: " << note << "\n";
  return static_cast<int>(code);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string HeadList(const graph::GraphView& graph,
                     const std::vector<std::uint32_t>& heads) {
  if (heads.empty()) return "base";
  std::vector<std::string> ids;
  for (std::uint32_t h : heads) ids.emplace_back(graph.id(h));
  return Join(ids);
}

namespace {

// What is known after the connection broke mid-revision; never more than
// was verified (the history row is re-read after reconnecting).
int ReportConnectionLost(std::ostream& err, const runtime::ConnectionLostError::Details& d,
                         const std::string& again) {
  using Phase = runtime::ConnectionLostError::Phase;
  using Record = runtime::ConnectionLostError::Record;
  const std::string where = d.source + (d.line > 0 ? ":" + std::to_string(d.line) : "");
  const std::string n = std::to_string(d.statement), of = std::to_string(d.statement_count);
  std::string known;
  switch (d.phase) {
    case Phase::kStarting: known = "none of its statements had run"; break;
    case Phase::kStatement:
      known = "statement " + n + " of " + of +
              " was running when the connection was lost; its effect is unknown, so nothing "
              "was compensated";
      break;
    case Phase::kProgress:
      known = d.statement == 0 ? "none of its " + of + " statements had run"
                               : "statements 1 to " + n + " of " + of + " had run; statement " +
                                     std::to_string(d.statement + 1) + " had not started";
      break;
    case Phase::kFinishing: known = "all " + of + " statements had run"; break;
  }
  Fail(err, ExitCode::kFailure,
       "the connection to the database was lost during revision " + d.revision_id + " (" +
           where + ", " + runtime::DirectionName(d.direction) + "): " +
           (d.db_code != 0 ? "[" + std::to_string(d.db_code) + "] " : "") + d.db_message,
       "");
  err << "migrate: error: " << known << "\n";
  const std::string resolve =
      "find out what the database has with 'migrate check', then run 'migrate resolve " +
      d.revision_id + " --auto' to finish it from the schema (or, after looking yourself, "
      "'migrate resolve " + d.revision_id + " --applied' or '--rolled-back'); later runs "
      "refuse to continue until then";
  switch (d.record) {
    case Record::kFailed:
      err << "migrate: note: revision " << d.revision_id << " is recorded as failed: "
          << d.recorded_message << "\n";
      err << "migrate: note: " << resolve << "\n";
      break;
    case Record::kUnrecorded:
      err << "migrate: note: could not reconnect to record this ("
          << (d.record_error.empty() ? "no connection" : d.record_error)
          << "): the history row of revision " << d.revision_id << " still says running\n";
      err << "migrate: note: once the database is back, " << resolve << "\n";
      break;
    case Record::kApplied:
      err << "migrate: note: revision " << d.revision_id
          << " had been recorded as applied before the connection was lost; run " << again
          << " again to continue\n";
      break;
    case Record::kRolledBack:
    case Record::kNone:
      err << "migrate: note: nothing of revision " << d.revision_id
          << " ran and nothing is left to resolve; run " << again
          << " again once the database is back\n";
      break;
  }
  return static_cast<int>(ExitCode::kFailure);
}

// A failed statement: what ran, what was undone, what to do next.
// `rolled_back`: with --single-transaction, the revisions of the run that
// had run before it and were rolled back with it.
int ReportStatementFailed(std::ostream& err, const graph::GraphView& graph,
                        const runtime::StatementFailedError::Details& d, const std::string& again,
                        const std::vector<std::uint32_t>& rolled_back) {
  using runtime::Direction;
  using Recovery = runtime::StatementFailedError::Recovery;
  const bool down = d.direction == Direction::kDown;
  // A downgrade runs what retortc derived (or a sql block's down text),
  // not what the file says: say so, so nobody edits the forward operation.
  const std::string failure =
      (down ? "downgrade of revision " + d.revision_id + ": the undo of the operation at " +
                  d.source + ":" + std::to_string(d.line) + " failed at statement "
            : "revision " + d.revision_id + " (" + d.source + ":" + std::to_string(d.line) +
                  ") failed at statement ") +
      std::to_string(d.statement) + " of " + std::to_string(d.statement_count) + ": " +
      (d.db_code != 0 ? "[" + std::to_string(d.db_code) + "] " : "") + d.db_message;
  const std::string fix =
      down ? "The undo of a declarative operation is derived from the schema; when it fails, "
             "the data usually no longer fits it (values too long for a restored type, rows "
             "that break a restored key or not null). Fix the data (or, for a sql block, its "
             "down text, and rebuild), then run " + again + "."
           : "Fix the migration, rebuild, run " + again + ".";
  int code = 0;
  if (d.recovery == Recovery::kFailed) {
    code = Fail(err, ExitCode::kFailure, failure, "");
    err << "migrate: error: could not compensate: " << d.why_failed
         << "; revision " << d.revision_id
         << " is marked failed at statement " << d.statement
         << " and is partly applied\n";
    err << "migrate: note: run 'migrate resolve " << d.revision_id
        << " --auto' to find out from the schema and finish it; or inspect the "
           "schema, finish or undo the revision by hand, then run 'migrate resolve "
         << d.revision_id << " --applied' or 'migrate resolve "
         << d.revision_id
         << " --rolled-back'; later runs refuse to continue until then\n";
  } else {
    code = Fail(
        err, ExitCode::kFailure, failure,
        std::string(d.recovery == Recovery::kCompensated
                        ? "compensated (" + std::to_string(d.compensated) +
                              " inverse statements ran)"
                        : rolled_back.empty()
                            ? "rolled back"
                            : "rolled back, with the " + std::to_string(rolled_back.size()) +
                                  " revision" + (rolled_back.size() == 1 ? "" : "s") +
                                  " this run had applied before it (--single-transaction)") +
            "; database is still at " + HeadList(graph, d.heads) + ". " + fix);
  }
  if (!d.history_recorded) {
    err << "migrate: note: the failure could not be recorded in the history "
            "table\n";
  }
  return code;
}

}  // namespace

int ReportError(std::ostream& err, const graph::GraphView& graph,
                const ErrorContext& context) {
  using runtime::Direction;
  const std::string& command = context.command;
  const std::string& again = context.again;
  try {
    throw;
  } catch (const ConfigError& e) {
    return Fail(err, ExitCode::kUsage, e.error, e.note);
  } catch (const runtime::UrlError& e) {
    if (e.kind() == runtime::UrlError::Kind::kUnknownScheme) {
      return Fail(
          err, ExitCode::kUsage,
          "unsupported database URL scheme '" + e.scheme() + "'",
          "accepted schemes: " + std::string(runtime::kAcceptedSchemes) +
              "; e.g. " + std::string(runtime::kDefaultDatabaseUrl));
    }
    return Fail(err, ExitCode::kUsage, "malformed database URL: " + e.detail(),
                "e.g. " + std::string(runtime::kDefaultDatabaseUrl) +
                    " or mysql://user:password@host:3306/db");
  } catch (const runtime::InvalidTableNameError& e) {
    return Fail(err, ExitCode::kUsage,
                "invalid version table name '" + e.name() + "'",
                "use letters, digits and '_', starting with a letter");
  } catch (const driver::DriverMissingError& e) {
    return Fail(
        err, ExitCode::kUsage,
        e.backend() + " support is not built yet (" + e.redacted_url() + ")",
        "use a sqlite:/// URL; this migrate supports SQLite only");
  } catch (const OpenError& e) {
    const std::string what =
        "cannot connect to " + e.redacted_url + ": " +
        (e.server ? "[" + std::to_string(e.cause.code()) + "] " : "") +
        e.cause.message();
    switch (e.cause.klass()) {
      case driver::ErrorClass::kAuth:
        return Fail(err, ExitCode::kUsage, what,
                    "authentication failed (not retried): check the user, "
                    "password and grants in the URL");
      case driver::ErrorClass::kAuthPlugin:
        return Fail(err, ExitCode::kUsage, what,
                    "the client library could not load the authentication plugin the server "
                    "asks for (not a password problem): ship Connector/C's plugin directory "
                    "(libmariadb3/plugin) with migrate, or point MARIADB_PLUGIN_DIR at it");
      case driver::ErrorClass::kUnknownDatabase:
        return Fail(err, ExitCode::kUsage, what,
                    "the database does not exist (not retried): create it "
                    "or fix the URL");
      case driver::ErrorClass::kTransient:
        return Fail(err, ExitCode::kFailure, what,
                    "the server is unreachable; pass --wait SECONDS to wait "
                    "for it");
      default:
        break;
    }
    return Fail(
        err, ExitCode::kFailure,
        "cannot open database " + e.redacted_url + ": " + e.cause.message(),
        "check that the path exists and is writable");
  } catch (const runtime::WaitTimeoutError& e) {
    return Fail(err, ExitCode::kFailure,
                "database " + context.redacted_url() + " still unreachable after " +
                    std::to_string(e.last().attempt) + " attempts (" +
                    std::to_string(static_cast<long>(e.last().elapsed_s)) +
                    " s): [" + std::to_string(e.cause().code()) + "] " +
                    e.last().error,
                "is the server running and reachable? raise --wait (or "
                "'wait --timeout') if it starts slowly");
  } catch (const runtime::LockTimeoutError& e) {
    const runtime::LockWait& w = e.last();
    return Fail(err, ExitCode::kFailure,
                "timed out after " +
                    std::to_string(static_cast<long>(w.waited_s)) +
                    " s waiting for the migration lock '" + w.name +
                    "', held by connection " + std::to_string(w.holder_id) +
                    (w.holder_host.empty() ? "" : " from " + w.holder_host),
                "another migrator is running; wait for it, raise "
                "--lock-timeout, or if it hangs end that connection (KILL " +
                    std::to_string(w.holder_id) + ")");
  } catch (const runtime::UnresolvedRevisionError& e) {
    const runtime::HistoryEntry& h = e.entries().front();
    const bool running = h.outcome == "running";
    return Fail(
        err, ExitCode::kFailure,
        "revision " + h.revision + " was left " + h.outcome + " during its " +
            h.direction + " (started " + h.started + ", statement " +
            std::to_string(h.statement) +
            (running ? " done when its migrator stopped" : "") + ")" +
            (h.message.empty() ? "" : ": " + h.message) +
            "; refusing to continue",
        "run 'migrate resolve " + h.revision + " --auto' to find out from the schema and "
            "finish it, or inspect the schema and run 'migrate resolve " + h.revision +
            " --applied' if its changes are all there, or 'migrate resolve " +
            h.revision + " --rolled-back' if none are; nothing was run");
  } catch (const SchemaMismatchError& e) {
    err << "migrate: error: the database does not have the schema of " << e.heads
        << "; refusing to " << command << ", nothing was recorded\n"
        << DescribeMismatch(e);
    err << "migrate: note: "
        << (command == "stamp" ? "upgrade to build the missing schema, stamp the revision whose "
                                 "schema the database has, or pass --force if you know better"
                               : "run 'migrate check' to see the differences")
        << "\n";
    return static_cast<int>(ExitCode::kFailure);
  } catch (const runtime::NoMatchingStateError& e) {
    err << "migrate: error: the database matches no state revision " << e.revision
        << " passes through" << (e.after.empty() ? "" : " " + e.after)
        << "; nothing " << (e.after.empty() ? "was run or " : "more was ") << "recorded\n"
        << "the closest is with " << e.nearest_ops << " of " << e.op_count
        << " operations in effect; what turns it into the database's schema:\n"
        << runtime::DescribeDiff(e.nearest);
    err << "migrate: note: repair the schema by hand, then run 'migrate resolve " << e.revision
        << " --applied' or '--rolled-back'\n";
    return static_cast<int>(ExitCode::kFailure);
  } catch (const runtime::FinishFailedError& e) {
    return Fail(err, ExitCode::kFailure,
                "resolve --auto of " + e.revision + ": statement " + std::to_string(e.ran + 1) +
                    " of the " + std::to_string(e.remaining) +
                    " that finish it failed: [" + std::to_string(e.cause.code()) + "] " +
                    e.cause.message() + " (" + e.sql + "); " + std::to_string(e.ran) +
                    " ran before it and stay; the revision is still left unresolved",
                "fix the cause, then run 'migrate resolve " + e.revision +
                    " --auto' again: it reads the schema afresh");
  } catch (const runtime::AmbiguousStateError& e) {
    std::vector<std::string> positions;
    for (std::uint32_t p : e.positions) positions.push_back(std::to_string(p));
    return Fail(err, ExitCode::kFailure,
                "the schema cannot tell how far revision " + e.revision + " got: it matches " +
                    Join(positions) + " operations in effect (operations such as raw sql "
                    "change nothing the schema shows); nothing was run or recorded",
                "inspect the data, then run 'migrate resolve " + e.revision +
                    " --applied' or '--rolled-back'");
  } catch (const InterruptedRevisionError& e) {
    return Fail(err, ExitCode::kFailure,
                "revision " + e.revision + " was left failed or running; the database is "
                "between two schemas",
                "run 'migrate resolve " + e.revision + " --auto' (MySQL/MariaDB) or resolve it "
                "with --applied/--rolled-back first");
  } catch (const introspect::UnsupportedError& e) {
    return Fail(err, ExitCode::kFailure, std::string("cannot compare schemas: ") + e.what(),
                "the database holds a construct the language cannot say; nothing was changed");
  } catch (const check::CodecError& e) {
    return Fail(err, ExitCode::kFailure, std::string("the compiled table is damaged: ") + e.what(),
                "rebuild this migrate with the retortc that made its table");
  } catch (const runtime::NothingToResolveError& e) {
    return Fail(err, ExitCode::kUsage,
                "revision " + e.revision() +
                    " is not left failed or running; nothing to resolve",
                "run 'migrate history --log' to see what happened");
  } catch (const graph::UnknownRevisionError& e) {
    std::string next = e.suggestion().empty()
                           ? "run 'migrate history' to list the revisions"
                           : "did you mean '" + e.suggestion() + "'?";
    if (e.query().size() < 4) {
      next = "a partial id needs at least four characters; " + next;
    }
    return Fail(err, ExitCode::kUsage, "unknown revision '" + e.query() + "'", next);
  } catch (const graph::AmbiguousRevisionError& e) {
    return Fail(
        err, ExitCode::kUsage,
        "revision prefix '" + e.prefix() + "' is ambiguous",
        "it matches " + Join(e.candidates()) + "; give more characters");
  } catch (const runtime::MultipleHeadsError& e) {
    return Fail(err, ExitCode::kUsage,
                "the migration graph has " + std::to_string(e.heads().size()) +
                    " heads: " + Join(e.heads()),
                "use 'heads' to target all of them, or name a revision");
  } catch (const runtime::InvalidTargetError& e) {
    return Fail(err, ExitCode::kUsage,
                "invalid target '" + e.target() + "' for " + command,
                e.reason());
  } catch (const runtime::NotEnoughRevisionsError& e) {
    const bool up = e.direction() == Direction::kUp;
    const bool from_database = e.target()[0] == '+' || e.target()[0] == '-';
    if (!from_database) {
      return Fail(err, ExitCode::kUsage,
                  "target '" + e.target() + "' goes " +
                      std::to_string(e.requested()) + " steps but only " +
                      std::to_string(e.available()) + " exist",
                  "run 'migrate history' to list the revisions");
    }
    if (e.walked()) {
      return Fail(err, ExitCode::kUsage,
                  "cannot " + command + " " + e.target() + ": the walk along single " +
                      (up ? "children" : "parents") + " from where the database is ends after " +
                      std::to_string(e.available()) + " step" +
                      (e.available() == 1 ? "" : "s"),
                  up ? "run 'migrate heads' to see where the lines of history end, or "
                       "'migrate upgrade heads' to apply everything pending"
                     : "run 'migrate downgrade base' to unapply everything");
    }
    return Fail(err, ExitCode::kUsage,
                "cannot " + command + " " + e.target() + ": only " +
                    std::to_string(e.available()) + " revision" +
                    (e.available() == 1 ? " is " : "s are ") +
                    (up ? "pending" : "applied"),
                up ? "run 'migrate upgrade heads' to apply all of them"
                   : "run 'migrate downgrade base' to unapply all of them");
  } catch (const runtime::AmbiguousStepError& e) {
    return Fail(err, ExitCode::kUsage,
                "target '" + e.target() + "' is ambiguous at '" + e.at() +
                    "', which leads to " + Join(e.candidates()),
                "name the revision instead");
  } catch (const runtime::NotTargetedError& e) {
    std::string carried;
    for (int d = 0; d < table::kDialectCount; ++d) {
      if ((e.carried >> d) & 1u) carried += (carried.empty() ? "" : ", ") + std::string(table::DialectName(static_cast<table::Dialect>(d)));
    }
    std::string name = table::DialectName(e.database);
    return Fail(err, ExitCode::kFailure,
                "this migrate carries no statements for " + name + ": the project targets " +
                    (carried.empty() ? "no database" : carried),
                "nothing was run; add \"" + name + "\" to dialects in retort.toml in the "
                "migrations directory and rebuild");
  } catch (const runtime::NotAppliedError& e) {
    return Fail(err, ExitCode::kUsage,
                "cannot downgrade to '" + e.revision() + "': it is not applied",
                "run 'migrate current' to see where the database is");
  } catch (const runtime::IrreversibleError& e) {
    return Fail(
        err, ExitCode::kUsage,
        "cannot downgrade: revision " + e.revision() + " (" + e.source() +
            ") is irreversible",
        "nothing was run; downgrade to a later revision, or restore a backup");
  } catch (const runtime::UnknownRecordedRevisionError& e) {
    return Fail(
        err, ExitCode::kFailure,
        "the database is at revision '" + Join(e.ids()) +
            "', which this migrate does not know",
        "it was migrated by another build; run that build's migrate, or "
        "'migrate stamp REV' if you are sure of the schema");
  } catch (const runtime::ChecksumMismatchError& e) {
    std::vector<std::string> names;
    for (const auto& m : e.mismatches()) {
      names.push_back(std::string(graph.id(m.revision)) + " (" +
                      graph.revision(m.revision).source + ")");
    }
    return Fail(
        err, ExitCode::kFailure,
        "applied revision" + std::string(names.size() == 1 ? " " : "s ") +
            Join(names) + (names.size() == 1 ? " has" : " have") +
            " changed since applied (checksum mismatch)",
        "restore the original migration, or pass --ignore-checksums if the "
        "change is intended");
  } catch (const runtime::PrerequisiteError& e) {
    return Fail(err, ExitCode::kFailure, e.what(),
                "another migrator changed the database meanwhile; run " +
                    again + " again");
  } catch (const runtime::SingleTransactionError& e) {
    return Fail(err, ExitCode::kUsage,
                "--single-transaction needs a database whose DDL takes part in transactions; "
                "on " + std::string(table::DialectName(e.database)) +
                    " every DDL statement commits by itself",
                "nothing was run; run without --single-transaction (each revision is applied "
                "with progress rows and compensation, docs/migrate.md)");
  } catch (const runtime::RunRolledBackError& e) {
    return ReportStatementFailed(err, graph, e.failure().details(), again, e.rolled_back());
  } catch (const runtime::StatementFailedError& e) {
    return ReportStatementFailed(err, graph, e.details(), again, {});
  } catch (const runtime::ConnectionLostError& e) {
    return ReportConnectionLost(err, e.details(), again);
  } catch (const driver::DbError& e) {
    return Fail(err, ExitCode::kFailure,
                "database error: " +
                    (e.code() != 0 ? "[" + std::to_string(e.code()) + "] "
                                   : std::string()) +
                    e.message(),
                e.klass() == driver::ErrorClass::kTransient
                    ? "the database is busy or unreachable; try again"
                : command == "upgrade" || command == "downgrade"
                    ? "nothing of the failing revision was committed"
                    : "nothing was recorded");
  } catch (const std::exception& e) {
    return Fail(err, ExitCode::kFailure, command + " stopped on an unexpected error: " + e.what(),
                "this is a bug in Retort: please report it with the command line; run "
                "'migrate check' to see the database's schema");
  }
}

}  // namespace retort::cli
