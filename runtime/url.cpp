#include "url.h"

#include <cctype>
#include <charconv>

namespace retort::runtime {
namespace {

bool IsSchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' ||
         c == '.';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text, const std::string& scheme) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    bool complete = i + 2 < text.size();
    int hi = complete ? HexValue(text[i + 1]) : -1;
    int lo = complete ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      throw UrlError(UrlError::Kind::kMalformed, scheme,
                     "bad percent-escape in URL");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(
    std::string_view text, const std::string& scheme) {
  std::vector<std::pair<std::string, std::string>> query;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view item = text.substr(0, amp);
    std::size_t eq = item.find('=');
    query.emplace_back(PercentDecode(item.substr(0, eq), scheme),
                       eq == std::string_view::npos
                           ? std::string()
                           : PercentDecode(item.substr(eq + 1), scheme));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return query;
}

void ParseSqlite(std::string_view rest, DatabaseUrl& url) {
  // rest follows "sqlite://": "" or "/" is in-memory (as in SQLAlchemy),
  // "/x.db" is relative, "//abs/x.db" absolute.
  std::size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    url.query = ParseQuery(rest.substr(question + 1), url.scheme);
    rest = rest.substr(0, question);
  }
  if (rest.empty() || rest == "/" || rest == "/:memory:") {
    url.in_memory = true;
    url.path = ":memory:";
    return;
  }
  if (rest.front() != '/') {
    throw UrlError(UrlError::Kind::kMalformed, url.scheme,
                   "a sqlite URL has no host; write sqlite:///relative.db or "
                   "sqlite:////absolute.db");
  }
  url.path = std::string(rest.substr(1));
}

void ParseServer(std::string_view rest, DatabaseUrl& url) {
  std::size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    url.query = ParseQuery(rest.substr(question + 1), url.scheme);
    rest = rest.substr(0, question);
  }
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    url.database = PercentDecode(rest.substr(slash + 1), url.scheme);
  }
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
    std::size_t colon = userinfo.find(':');
    url.user = PercentDecode(userinfo.substr(0, colon), url.scheme);
    if (colon != std::string_view::npos) {
      url.password = PercentDecode(userinfo.substr(colon + 1), url.scheme);
    }
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {  // [ipv6]:port
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      throw UrlError(UrlError::Kind::kMalformed, url.scheme,
                     "unterminated '[' in host");
    }
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') {
        throw UrlError(UrlError::Kind::kMalformed, url.scheme,
                       "unexpected text after ']' in host");
      }
      port = after.substr(1);
    }
  } else {
    std::size_t colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] =
        std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value <= 0 ||
        value > 65535) {
      throw UrlError(UrlError::Kind::kMalformed, url.scheme,
                     "port must be a number from 1 to 65535");
    }
    url.port = value;
  }
  if (url.host.empty()) {
    throw UrlError(UrlError::Kind::kMalformed, url.scheme, "missing host");
  }
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace

UrlError::UrlError(Kind kind, std::string scheme, std::string detail)
    : std::runtime_error(kind == Kind::kUnknownScheme
                             ? "unsupported database URL scheme '" + scheme +
                                   "'"
                             : "malformed database URL: " + detail),
      kind_(kind),
      scheme_(std::move(scheme)),
      detail_(std::move(detail)) {}

DatabaseUrl ParseDatabaseUrl(std::string_view text) {
  DatabaseUrl url;
  std::size_t colon = text.find(':');
  std::string_view scheme = text.substr(0, colon);
  bool scheme_ok = colon != std::string_view::npos && !scheme.empty();
  for (char c : scheme) scheme_ok = scheme_ok && IsSchemeChar(c);
  if (!scheme_ok) {
    throw UrlError(
        UrlError::Kind::kMalformed, "",
        "expected <scheme>://..., e.g. " + std::string(kDefaultDatabaseUrl));
  }
  url.scheme = std::string(scheme);
  for (char& c : url.scheme)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string base = url.scheme.substr(0, url.scheme.find('+'));
  std::string_view after = text.substr(colon + 1);

  if (base == "sqlite") {
    url.backend = Backend::kSqlite;
    if (after == ":memory:") {
      url.in_memory = true;
      url.path = ":memory:";
      return url;
    }
  } else if (base == "mysql" || base == "mariadb") {
    url.backend = Backend::kMysql;
  } else {
    throw UrlError(UrlError::Kind::kUnknownScheme, url.scheme, "");
  }
  if (!after.starts_with("//")) {
    throw UrlError(UrlError::Kind::kMalformed, url.scheme,
                   "expected '//' after '" + url.scheme + ":'");
  }
  after.remove_prefix(2);
  if (url.backend == Backend::kSqlite) {
    ParseSqlite(after, url);
  } else {
    ParseServer(after, url);
  }
  return url;
}

std::string DatabaseUrl::Redacted() const {
  std::string out;
  if (backend == Backend::kSqlite) {
    out = in_memory ? scheme + "::memory:" : scheme + ":///" + path;
  } else {
    out = scheme + "://";
    if (!user.empty() || !password.empty()) {
      out += Encode(user);
      if (!password.empty()) out += ":***";
      out += '@';
    }
    out += host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != 0) out += ":" + std::to_string(port);
    out += "/" + Encode(database);
  }
  for (std::size_t i = 0; i < query.size(); ++i) {
    out += (i == 0 ? "?" : "&") + Encode(query[i].first);
    // Query values may carry secrets (e.g. ssl keys); only names are shown.
    if (!query[i].second.empty()) out += "=***";
  }
  return out;
}

}  // namespace retort::runtime
