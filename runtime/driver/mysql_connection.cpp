#include "driver/mysql_connection.h"

#include <mysql.h>

#include <cctype>
#include <memory>
#include <string>
#include <utility>

#include "url.h"

namespace retort::driver {
namespace {

std::string Scrub(std::string message, const std::string& secret) {
  if (secret.empty()) return message;
  for (std::size_t at = message.find(secret); at != std::string::npos;
       at = message.find(secret, at)) {
    message.replace(at, secret.size(), "***");
  }
  return message;
}

struct ResultDeleter {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};
using ResultPtr = std::unique_ptr<MYSQL_RES, ResultDeleter>;

void SetTls(MYSQL* db, const runtime::DatabaseUrl& url,
            const std::string& mode) {
  const my_bool on = 1;
  if (mode.empty() || mode == "disabled" || mode == "preferred") return;
  if (mode == "required" || mode == "verify_ca" || mode == "verify_identity") {
    mysql_optionsv(db, MYSQL_OPT_SSL_ENFORCE, &on);
    if (mode != "required") {
      mysql_optionsv(db, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &on);
    }
    return;
  }
  throw runtime::UrlError(runtime::UrlError::Kind::kMalformed, url.scheme,
                          "ssl_mode must be disabled, preferred, required, "
                          "verify_ca or verify_identity");
}

}  // namespace

ErrorClass ClassifyMysqlError(unsigned int code) {
  switch (code) {
    case 2002:  // can't connect through socket
    case 2003:  // can't connect to server (refused, timed out)
    case 2005:  // unknown host
    case 2006:  // server has gone away
    case 2013:  // lost connection during query
    case 1040:  // too many connections
    case 1205:  // lock wait timeout
    case 1213:  // deadlock
      return ErrorClass::kTransient;
    case 1044:  // access denied to database
    case 1045:  // access denied (wrong user or password)
    case 1698:  // access denied (auth plugin, e.g. unix_socket)
      return ErrorClass::kAuth;
    case 2059:  // CR_AUTH_PLUGIN_CANNOT_LOAD: a client plugin missing or broken
      return ErrorClass::kAuthPlugin;
    case 1049:  // unknown database
      return ErrorClass::kUnknownDatabase;
    default:
      return ErrorClass::kSql;
  }
}

MysqlConnection::MysqlConnection(const runtime::DatabaseUrl& url)
    : password_(url.password) {
  std::string socket, charset = "utf8mb4", ssl_mode, ssl_ca, ssl_cert, ssl_key;
  for (const auto& [name, value] : url.query) {
    std::string* slot = name == "unix_socket" ? &socket
                        : name == "charset"   ? &charset
                        : name == "ssl_mode"  ? &ssl_mode
                        : name == "ssl_ca"    ? &ssl_ca
                        : name == "ssl_cert"  ? &ssl_cert
                        : name == "ssl_key"   ? &ssl_key
                                              : nullptr;
    if (slot == nullptr) {
      throw runtime::UrlError(runtime::UrlError::Kind::kMalformed, url.scheme,
                              "unknown option '" + name +
                                  "' (accepted: unix_socket, charset, "
                                  "ssl_mode, ssl_ca, ssl_cert, ssl_key)");
    }
    *slot = value;
  }
  for (char& c : ssl_mode)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  db_ = mysql_init(nullptr);
  if (db_ == nullptr)
    throw DbError(ErrorClass::kUnavailable, 0, "out of memory");
  const unsigned int connect_timeout = 10;
  mysql_optionsv(db_, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  mysql_optionsv(db_, MYSQL_SET_CHARSET_NAME, charset.c_str());
  try {
    SetTls(db_, url, ssl_mode);
  } catch (...) {
    mysql_close(db_);
    throw;
  }
  if (!ssl_ca.empty()) mysql_optionsv(db_, MYSQL_OPT_SSL_CA, ssl_ca.c_str());
  if (!ssl_cert.empty())
    mysql_optionsv(db_, MYSQL_OPT_SSL_CERT, ssl_cert.c_str());
  if (!ssl_key.empty()) mysql_optionsv(db_, MYSQL_OPT_SSL_KEY, ssl_key.c_str());
  if (!socket.empty()) {
    const unsigned int protocol = MYSQL_PROTOCOL_SOCKET;
    mysql_optionsv(db_, MYSQL_OPT_PROTOCOL, &protocol);
  }
  std::string host =
      url.host == "localhost" && socket.empty() ? "127.0.0.1" : url.host;
  if (!socket.empty()) host = "localhost";
  const unsigned int port =
      url.port != 0 ? static_cast<unsigned int>(url.port) : 3306u;
  if (mysql_real_connect(db_, host.c_str(),
                         url.user.empty() ? nullptr : url.user.c_str(),
                         url.password.empty() ? nullptr : url.password.c_str(),
                         url.database.empty() ? nullptr : url.database.c_str(),
                         port, socket.empty() ? nullptr : socket.c_str(),
                         CLIENT_MULTI_STATEMENTS) == nullptr) {
    const unsigned int code = mysql_errno(db_);
    std::string message = Scrub(mysql_error(db_), password_);
    mysql_close(db_);
    db_ = nullptr;
    // Connector/C reports a client plugin it cannot load ("Plugin
    // client_ed25519 could not be loaded: ...") under 1045 as well as 2059:
    // not a password problem, whatever the code.
    ErrorClass klass = ClassifyMysqlError(code);
    if (message.find("could not be loaded") != std::string::npos &&
        message.rfind("Plugin ", 0) == 0) {
      klass = ErrorClass::kAuthPlugin;
    }
    throw DbError(klass, static_cast<int>(code), message);
  }
  // Connector/C 3.3 treats MYSQL_OPT_SSL_ENFORCE as a wish unless the
  // certificate is verified too: check that TLS is really in use.
  if (!ssl_mode.empty() && ssl_mode != "disabled" && ssl_mode != "preferred" &&
      mysql_get_ssl_cipher(db_) == nullptr) {
    mysql_close(db_);
    db_ = nullptr;
    throw DbError(ErrorClass::kUnavailable, 2026,
                  "TLS is required (ssl_mode=" + ssl_mode +
                      "), but the server does not support it");
  }
  const char* server = mysql_get_server_info(db_);
  if (server != nullptr && std::string_view(server).find("MariaDB") != std::string_view::npos) {
    dialect_ = table::Dialect::kMariadb;
  }
}

MysqlConnection::~MysqlConnection() {
  if (db_ != nullptr) mysql_close(db_);
}

bool IsConnectionLost(unsigned int code) {
  switch (code) {
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
    case 1053:  // ER_SERVER_SHUTDOWN: the server is going down mid-statement
    case 1927:  // ER_CONNECTION_KILLED (MariaDB)
    case 4031:  // ER_CLIENT_INTERACTION_TIMEOUT (MySQL 8)
      return true;
    default:
      return false;
  }
}

void MysqlConnection::Fail(bool queued) const {
  const unsigned int code = mysql_errno(db_);
  throw DbError(ClassifyMysqlError(code), static_cast<int>(code),
                Scrub(mysql_error(db_), password_), IsConnectionLost(code), queued);
}

void MysqlConnection::Queue(std::string_view sql, const Params& params) {
  queued_ += Bind(sql, params);
  queued_ += ";\n";
  ++queued_count_;
}

void MysqlConnection::Send(std::string_view sql) {
  const int queued = std::exchange(queued_count_, 0);
  std::string text = std::exchange(queued_, std::string());
  if (queued > 0) {
    text += sql;
    sql = text;
    queued_insert_id_ = 0;  // none until a queued statement's answer says so
  }
  if (mysql_real_query(db_, sql.data(), sql.size()) != 0) Fail(queued > 0);
  for (int i = 0; i < queued; ++i) {
    ResultPtr result(mysql_store_result(db_));
    if (result == nullptr && mysql_field_count(db_) != 0) Fail(true);
    if (const std::int64_t id = NoteResult(); id != 0) queued_insert_id_ = id;
    // Statement i + 1 is queued too when i + 1 < queued, else it is `sql`.
    if (mysql_next_result(db_) > 0) Fail(i + 1 < queued);
  }
}

std::int64_t MysqlConnection::NoteResult() {
  const auto id = static_cast<std::int64_t>(mysql_insert_id(db_));
  if (id != 0) last_insert_id_ = id;
  affected_rows_ = static_cast<std::int64_t>(mysql_affected_rows(db_));
  return id;
}

void MysqlConnection::DrainResults() {
  for (;;) {
    ResultPtr result(mysql_store_result(db_));
    if (result == nullptr && mysql_field_count(db_) != 0) Fail();
    NoteResult();
    const int next = mysql_next_result(db_);
    if (next > 0) Fail();
    if (next < 0) break;
  }
}

void MysqlConnection::Execute(std::string_view sql) {
  Send(sql);
  DrainResults();
}

std::string MysqlConnection::Bind(std::string_view sql,
                                  const Params& params) const {
  std::string out;
  std::size_t next = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"' || c == '`') {
      quote = c;
      out += c;
    } else if (c == '?' && next < params.size()) {
      const Value& value = params[next++];
      if (!value) {
        out += "NULL";
        continue;
      }
      std::string escaped(value->size() * 2 + 1, '\0');
      const unsigned long length = mysql_real_escape_string(
          db_, escaped.data(), value->data(), value->size());
      escaped.resize(length);
      out += '\'' + escaped + '\'';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<Row> MysqlConnection::Query(std::string_view sql,
                                        const Params& params) {
  Send(Bind(sql, params));
  std::vector<Row> rows;
  ResultPtr result(mysql_store_result(db_));
  if (result == nullptr) {
    if (mysql_field_count(db_) != 0) Fail();
    NoteResult();
    return rows;
  }
  const unsigned int columns = mysql_num_fields(result.get());
  while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
    const unsigned long* lengths = mysql_fetch_lengths(result.get());
    Row& out = rows.emplace_back();
    for (unsigned int c = 0; c < columns; ++c) {
      out.emplace_back(
          row[c] == nullptr ? Value() : Value(std::string(row[c], lengths[c])));
    }
  }
  return rows;
}

bool MysqlConnection::TableExists(std::string_view name) {
  return !Query(
              "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
              "DATABASE() AND TABLE_NAME = ?",
              {std::string(name)})
              .empty();
}

// Queued: a transaction's first statement brings it along.
void MysqlConnection::Begin() { Queue("START TRANSACTION"); }
// The migration lock is GET_LOCK (lock.h); a transaction only groups DML.
void MysqlConnection::BeginImmediate() { Queue("START TRANSACTION"); }
void MysqlConnection::Commit() { Execute("COMMIT"); }
void MysqlConnection::Rollback() { Execute("ROLLBACK"); }

std::int64_t MysqlConnection::LastInsertId() { return last_insert_id_; }

std::int64_t MysqlConnection::AffectedRows() { return affected_rows_; }

bool MysqlConnection::InTransaction() {
  return (db_->server_status & SERVER_STATUS_IN_TRANS) != 0;
}

}  // namespace retort::driver
