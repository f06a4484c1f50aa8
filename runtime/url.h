/// DatabaseUrl: where `migrate` connects, parsed from an SQLAlchemy-style URL
/// (`sqlite:///app.db`, `mysql+pymysql://user:pw@host:3306/db`). The raw text
/// may hold a password, so Redacted() is the only printable form.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort::runtime {

inline constexpr std::string_view kDefaultDatabaseUrl = "sqlite:///retort.db";
/// The schemes ParseDatabaseUrl accepts, for messages.
inline constexpr std::string_view kAcceptedSchemes =
    "sqlite, mysql, mariadb, mysql+<driver>, mariadb+<driver>";

enum class Backend { kSqlite, kMysql };

struct DatabaseUrl {
  Backend backend = Backend::kSqlite;
  std::string scheme;  ///< as written, e.g. "mysql+pymysql"
  // SQLite.
  std::string path;  ///< file path, or ":memory:"
  bool in_memory = false;
  // Server databases (fields are percent-decoded).
  std::string user;
  std::string password;
  std::string host;
  int port = 0;  ///< 0 when not given
  std::string database;
  std::vector<std::pair<std::string, std::string>> query;

  /// The URL with any password replaced by `***`.
  std::string Redacted() const;
};

/// A URL that cannot be parsed. Never carries the raw text (it may hold a
/// password); `scheme` is what stood before "://" or ":".
class UrlError : public std::runtime_error {
 public:
  enum class Kind { kUnknownScheme, kMalformed };
  UrlError(Kind kind, std::string scheme, std::string detail);
  Kind kind() const { return kind_; }
  const std::string& scheme() const { return scheme_; }
  const std::string& detail() const { return detail_; }

 private:
  Kind kind_;
  std::string scheme_;
  std::string detail_;
};

/// Parses `text`; throws UrlError.
DatabaseUrl ParseDatabaseUrl(std::string_view text);

}  // namespace retort::runtime
