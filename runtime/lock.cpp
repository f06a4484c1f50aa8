#include "lock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

namespace retort::runtime {
namespace {

constexpr std::size_t kMaxLockName = 64;

std::uint64_t Fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

LockTimeoutError::LockTimeoutError(LockWait last)
    : std::runtime_error("timed out waiting for migration lock '" + last.name +
                         "'"),
      last_(std::move(last)) {}

std::string LockName(const std::string& database,
                     const std::string& version_table) {
  std::string name = "retort:" + database + "." + version_table;
  if (name.size() <= kMaxLockName) return name;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(Fnv1a(name)));
  return "retort:" + std::string(hex);
}

MigrationLock::MigrationLock(driver::Connection& connection, std::string name,
                             double timeout_s, const WaitCallback& on_wait,
                             double poll_s)
    : connection_(connection), name_(std::move(name)) {
  if (connection_.lock_style() != driver::LockStyle::kSessionLock) return;
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  // The first try does not wait, so a waiter says at once who holds it.
  for (bool first = true;; first = false) {
    const double waited =
        std::chrono::duration<double>(Clock::now() - start).count();
    const double slice =
        first ? 0 : std::max(0.0, std::min(poll_s, timeout_s - waited));
    // GET_LOCK's timeout is in seconds; fractional values are accepted.
    std::vector<driver::Row> rows = connection_.Query(
        "SELECT GET_LOCK(?, ?)", {name_, std::to_string(slice)});
    if (!rows.empty() && rows[0][0] == "1") {
      held_ = true;
      return;
    }
    const double now =
        std::chrono::duration<double>(Clock::now() - start).count();
    LockWait wait = Holder(now);
    if (now >= timeout_s && !first) throw LockTimeoutError(std::move(wait));
    if (on_wait && wait.holder_id != 0) on_wait(wait);
  }
}

LockWait MigrationLock::Holder(double waited_s) {
  LockWait wait{name_, 0, "", waited_s};
  std::vector<driver::Row> rows =
      connection_.Query("SELECT IS_USED_LOCK(?)", {name_});
  if (rows.empty() || !rows[0][0]) return wait;
  wait.holder_id = std::stoll(*rows[0][0]);
  rows = connection_.Query(
      "SELECT HOST FROM information_schema.PROCESSLIST WHERE ID = ?",
      {*rows[0][0]});
  if (!rows.empty() && rows[0][0]) wait.holder_host = *rows[0][0];
  return wait;
}

MigrationLock::~MigrationLock() {
  if (!held_) return;
  try {
    connection_.Query("SELECT RELEASE_LOCK(?)", {name_});
  } catch (const driver::DbError&) {
    // The server frees the lock when the session ends.
  }
}

}  // namespace retort::runtime
