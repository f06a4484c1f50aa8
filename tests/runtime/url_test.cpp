#include "url.h"

#include <catch2/catch.hpp>

namespace retort::runtime {
namespace {

TEST_CASE("sqlite URLs: relative, absolute and in-memory", "[url]") {
  DatabaseUrl relative = ParseDatabaseUrl("sqlite:///relative.db");
  CHECK(relative.backend == Backend::kSqlite);
  CHECK(relative.path == "relative.db");
  CHECK_FALSE(relative.in_memory);
  CHECK(relative.Redacted() == "sqlite:///relative.db");

  DatabaseUrl absolute = ParseDatabaseUrl("sqlite:////var/lib/app/absolute.db");
  CHECK(absolute.path == "/var/lib/app/absolute.db");
  CHECK(absolute.Redacted() == "sqlite:////var/lib/app/absolute.db");

  for (const char* text :
       {"sqlite::memory:", "sqlite:///:memory:", "sqlite://"}) {
    DatabaseUrl memory = ParseDatabaseUrl(text);
    INFO(text);
    CHECK(memory.in_memory);
    CHECK(memory.path == ":memory:");
    CHECK(memory.Redacted() == "sqlite::memory:");
  }

  DatabaseUrl fallback = ParseDatabaseUrl(kDefaultDatabaseUrl);
  CHECK(fallback.path == "retort.db");
}

TEST_CASE("mysql URLs are parsed into fields", "[url]") {
  DatabaseUrl url = ParseDatabaseUrl(
      "mysql+pymysql://app:s3cr%40t@db.example:3307/dives?charset=utf8mb4");
  CHECK(url.backend == Backend::kMysql);
  CHECK(url.scheme == "mysql+pymysql");
  CHECK(url.user == "app");
  CHECK(url.password == "s3cr@t");
  CHECK(url.host == "db.example");
  CHECK(url.port == 3307);
  CHECK(url.database == "dives");
  REQUIRE(url.query.size() == 1);
  CHECK(url.query[0] ==
        std::pair<std::string, std::string>{"charset", "utf8mb4"});

  DatabaseUrl maria = ParseDatabaseUrl("mariadb://root@localhost/app");
  CHECK(maria.backend == Backend::kMysql);
  CHECK(maria.user == "root");
  CHECK(maria.password.empty());
  CHECK(maria.port == 0);
  CHECK(maria.Redacted() == "mariadb://root@localhost/app");
}

TEST_CASE("Redacted never shows a password", "[url]") {
  DatabaseUrl url = ParseDatabaseUrl("mysql://app:hunter2@db:3306/dives");
  CHECK(url.Redacted() == "mysql://app:***@db:3306/dives");
  CHECK(url.Redacted().find("hunter2") == std::string::npos);
}

TEST_CASE("unknown schemes and malformed URLs are typed errors", "[url]") {
  try {
    ParseDatabaseUrl("postgresql://u:pw@host/db");
    FAIL("expected UrlError");
  } catch (const UrlError& e) {
    CHECK(e.kind() == UrlError::Kind::kUnknownScheme);
    CHECK(e.scheme() == "postgresql");
    CHECK(std::string(e.what()).find("pw") == std::string::npos);
  }
  auto kind_of = [](const char* text) {
    try {
      ParseDatabaseUrl(text);
    } catch (const UrlError& e) {
      return e.kind();
    }
    FAIL("no error for " << text);
    return UrlError::Kind::kUnknownScheme;
  };
  CHECK(kind_of("retort.db") == UrlError::Kind::kMalformed);
  CHECK(kind_of("sqlite:relative.db") == UrlError::Kind::kMalformed);
  CHECK(kind_of("sqlite://host/file.db") == UrlError::Kind::kMalformed);
  CHECK(kind_of("mysql://u:pw@db:99999/x") == UrlError::Kind::kMalformed);
  CHECK(kind_of("mysql:///x") == UrlError::Kind::kMalformed);
  CHECK(kind_of("mysql://u:p%zz@db/x") == UrlError::Kind::kMalformed);
}

}  // namespace
}  // namespace retort::runtime
